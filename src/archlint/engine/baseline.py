"""Baselines: adopt archlint on an existing design and fail only on new findings."""

from __future__ import annotations

import json

from archlint.engine.runner import LintResult
from archlint.errors import InputError
from archlint.fsutil import write_output

BASELINE_VERSION = 1


def write_baseline_file(path: str, result: LintResult) -> None:
    entries = sorted(
        (
            {
                "rule_id": f.rule_id,
                "fingerprint": f.fingerprint,
                "component": f.component,
                "message": f.message,
            }
            for f in result.active
        ),
        key=lambda e: (e["rule_id"], e["fingerprint"]),
    )
    document = {"archlint_baseline": BASELINE_VERSION, "findings": entries}
    write_output(path, json.dumps(document, indent=2) + "\n")


def read_baseline(path: str) -> frozenset[str]:
    try:
        with open(path, encoding="utf-8") as stream:
            document = json.load(stream)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, None, f"cannot read baseline: {error}") from None
    if not isinstance(document, dict) or document.get("archlint_baseline") != BASELINE_VERSION:
        raise InputError(path, None, "not an archlint baseline file (version 1)")
    try:
        return frozenset(entry["fingerprint"] for entry in document["findings"])
    except (KeyError, TypeError):
        raise InputError(path, None, "baseline entries need a 'fingerprint'") from None
