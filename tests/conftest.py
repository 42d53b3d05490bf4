"""Shared test helpers: run the CLI in-process and reach the repository's files."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

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

MINIMAL_TERRAFORM = """\
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "eastus2"
}
"""
