"""JSON Schema of the spec format, generated from the model (never written by hand)."""

from __future__ import annotations

import json
from typing import Any

from archlint.model.architecture import Architecture

SCHEMA_ID = "https://archlint.dev/schema/architecture.schema.json"


def architecture_schema() -> dict[str, Any]:
    """The spec's JSON Schema in draft-07 form, which yaml-language-server understands."""
    schema = Architecture.model_json_schema(
        by_alias=True, ref_template="#/definitions/{model}", mode="validation"
    )
    definitions = schema.pop("$defs", {})
    out: dict[str, Any] = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "archlint architecture spec",
    }
    out.update(schema)
    out["definitions"] = dict(sorted(definitions.items()))
    return out


def schema_text() -> str:
    return json.dumps(architecture_schema(), indent=2, sort_keys=False) + "\n"
