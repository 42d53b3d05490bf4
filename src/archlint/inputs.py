"""Load any input archlint accepts (spec YAML, Terraform directory or file, plan JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from archlint.engine.config import Config
from archlint.engine.finding import Finding
from archlint.engine.runner import LintResult, run
from archlint.errors import Limits
from archlint.location import Locator, YamlLocator
from archlint.model import Architecture
from archlint.rules.api import Rule


@dataclass
class LoadedInput:
    path: str
    kind: str  # "spec", "hcl" or "plan"
    architecture: Architecture
    locator: Locator
    extra_findings: list[Finding] = field(default_factory=list)
    not_evaluated_types: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. which azurerm schema was used

    def lint(self, rules: Iterable[Rule], config: Config) -> LintResult:
        """Run ``rules`` on this input, its importer's findings and notes included."""
        result = run(self.architecture, self.locator, rules, config, self.extra_findings)
        result.notes.extend(self.notes)
        return result


def input_kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml") or (suffix == "" and Path(path).is_file()):
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
        list(imported.notes),
    )
