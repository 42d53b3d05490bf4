"""Load any input archlint accepts (spec YAML, Terraform directory or file, plan JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archlint.engine.finding import Finding
from archlint.errors import Limits
from archlint.location import Locator, YamlLocator
from archlint.model import Architecture


@dataclass
class LoadedInput:
    path: str
    kind: str  # "spec", "hcl" or "plan"
    architecture: Architecture
    locator: Locator
    extra_findings: list[Finding] = field(default_factory=list)
    not_evaluated_types: list[str] = field(default_factory=list)


def input_kind(path: str) -> str:
    """By name for YAML (the common run imports no importer); by content otherwise, so a
    binary plan saved as ``tfplan`` is told apart from a spec without a suffix."""
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        return "spec"
    from archlint.importers import detect_input_kind

    return detect_input_kind(path)


def load_input(path: str, limits: Limits | None = None) -> LoadedInput:
    kind = input_kind(path)
    if kind == "spec":
        from archlint.loader import load_spec

        loaded = load_spec(path, limits)
        return LoadedInput(path, kind, loaded.architecture, YamlLocator(loaded.source_map))
    from archlint.engine.problems import problems_to_findings
    from archlint.importers import load_terraform

    imported = load_terraform(path, limits)
    return LoadedInput(
        path,
        kind,
        imported.architecture,
        imported.locator,
        problems_to_findings(imported.problems),
        list(imported.not_evaluated),
    )
