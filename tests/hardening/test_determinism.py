"""Same input, byte-identical output: across runs and across PYTHONHASHSEED values."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archlint.cli import COMMANDS
from tests.conftest import ROOT, SEED_SPEC

SPEC = str(SEED_SPEC)

# (name, arguments; "{out}" is a fresh output directory or file)
RUNS = [
    ("lint-text", ["lint", SPEC, "--format", "text", "--no-color"]),
    ("lint-json", ["lint", SPEC, "--format", "json"]),
    ("lint-sarif", ["lint", SPEC, "--format", "sarif"]),
    ("lint-junit", ["lint", SPEC, "--format", "junit"]),
    ("lint-github", ["lint", SPEC, "--format", "github"]),
    ("schema", ["schema"]),
    ("rules-json", ["rules", "--format", "json"]),
    ("generate-terraform", ["generate", "terraform", SPEC, "-o", "{out}"]),
    ("generate-bicep", ["generate", "bicep", SPEC, "-o", "{out}"]),
    ("graph-mermaid", ["generate", "graph", SPEC, "--format", "mermaid", "-o", "{out}/g.mmd"]),
    ("graph-dot", ["generate", "graph", SPEC, "--format", "dot", "-o", "{out}/g.dot"]),
    ("report", ["report", SPEC, "-o", "{out}"]),
]


def _snapshot(arguments: list[str], seed: str, out: Path) -> dict[str, bytes]:
    environment = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "archlint", *(a.replace("{out}", str(out)) for a in arguments)]
    completed = subprocess.run(
        command, capture_output=True, env=environment, cwd=ROOT, check=False, timeout=120
    )
    assert completed.returncode in (0, 1), completed.stderr.decode()
    # Commands that write files name the folder they wrote to; that name is the test's.
    files = {"<stdout>": completed.stdout.replace(str(out).encode(), b"<out>")}
    if out.exists():
        files.update(
            {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        )
    return files


@pytest.mark.slow
@pytest.mark.parametrize(("name", "arguments"), RUNS, ids=[name for name, _ in RUNS])
def test_output_does_not_depend_on_hash_seed(name: str, arguments: list[str], tmp_path) -> None:
    command = arguments[0]
    if command not in COMMANDS:
        pytest.skip(f"`archlint {command}` does not exist yet")
    first = _snapshot(arguments, "0", tmp_path / "a")
    second = _snapshot(arguments, "4242", tmp_path / "b")
    assert first.keys() == second.keys()
    for key in first:
        assert first[key] == second[key], f"{name}: {key} differs between hash seeds"
