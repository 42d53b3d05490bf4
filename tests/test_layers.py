"""The layers stay as drawn: the model is the centre, adapters never reach across.

Like import-linter contracts: each package lists the archlint packages it may import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "archlint"

ALLOWED: dict[str, set[str]] = {
    # fsutil: the validator cache is written atomically; azure: the closed sets of Azure names
    "model": {"model", "fsutil", "azure"},
    "azure": {"azure"},
    "analysis": {"model", "azure", "analysis", "graph"},
    "graph": {"model", "azure", "graph"},
    # Failure simulation: the model and shared analyses only (never readers or rules).
    "simulation": {"model", "azure", "analysis", "graph", "errors", "simulation"},
    "loader": {"model", "errors", "inputfile", "gcpause", "loader"},
    "importers": {"model", "azure", "errors", "inputfile", "gcpause", "location", "importers"},
    "generators": {"model", "azure", "errors", "fsutil", "generators"},
    # The rules themselves (api, custom and docs are the catalogue's tooling).
    "rules/*": {"model", "azure", "analysis", "graph", "rules", "severity"},
    "formatters": {"engine", "rules", "severity", "location", "model", "formatters"},
    # An overlay spec and its Terraform as one model: loader and importers, never rules.
    "compose.py": {"model", "errors", "loader", "importers", "location"},
}
# Utilities below every layer (a faster frozen dataclass, SHA-256), like the standard library.
for _allowed in ALLOWED.values():
    _allowed.update({"records", "digest"})


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), str(path))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "archlint" and len(parts) > 1:
                found.add(parts[1])
    return found


def _files(layer: str) -> list[Path]:
    if layer.endswith(".py"):  # a module of its own
        return [PACKAGE / layer]
    if layer == "rules/*":
        return [p for p in (PACKAGE / "rules").rglob("*.py") if p.parent != PACKAGE / "rules"]
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    files = _files(layer)
    assert files, layer
    breaches = {
        str(path.relative_to(PACKAGE)): sorted(_imports(path) - ALLOWED[layer])
        for path in files
        if _imports(path) - ALLOWED[layer]
    }
    assert breaches == {}


def test_nothing_below_the_cli_imports_it() -> None:
    users = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if "cli" in _imports(p)
        and p.parent.name != "commands"
        and p.name not in ("cli.py", "__main__.py")
    ]
    assert users == []
