"""Shared test helpers: run the CLI in-process and reach the repository's files."""

from __future__ import annotations

import contextlib
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from archlint.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED_SPEC = ROOT / "spec" / "architecture.yaml"


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
