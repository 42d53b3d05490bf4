"""Shared test helpers: run the CLI in-process and reach the repository's files."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from archlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_SPEC = ROOT / "spec" / "architecture.yaml"


# Folders of what an install or a run put beside the project's files (`npm ci` in
# tests/graph/mermaid, caches); dot folders (.venv, .hypothesis, .git) are skipped as well.
NOT_PROJECT_FOLDERS = frozenset({"node_modules", "__pycache__"})


def project_files(folder: Path, *patterns: str) -> list[Path]:
    """The project's own files under ``folder`` that match ``patterns``, sorted.

    Never what the environment added (NOT_PROJECT_FOLDERS, dot folders), so the tests
    parametrised over them are the same tests on every machine.
    """
    found = set()
    for directory, folders, _ in os.walk(folder):
        folders[:] = [f for f in folders if f not in NOT_PROJECT_FOLDERS and f[0] != "."]
        for pattern in patterns:
            found.update(Path(directory).glob(pattern))
    return sorted(path for path in found if path.is_file())


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> CliResult:
    """Run ``archlint ARGS`` in this process and capture what a user would see."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 2)
    return CliResult(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def write_spec(tmp_path):
    """Write YAML text to a temporary spec file and return its path."""

    def write(text: str, name: str = "spec.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


MINIMAL_TERRAFORM = """\
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "eastus2"
}
"""

MINIMAL_SPEC = """\
metadata:
  name: minimal
  primary_region: eastus2
"""


def load_script(path: Path) -> ModuleType:
    """Import one of the repository's ``scripts/*.py`` (not a package) by its path."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
