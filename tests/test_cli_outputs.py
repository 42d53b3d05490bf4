"""Every command that writes a file treats its output path the same way.

A missing folder is created (as ruff's ``--output-file`` does); a path that cannot be
written is one line, ``PATH: cannot write: reason``, and exit 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINIMAL_SPEC, MINIMAL_TERRAFORM

# command line (before the output path), what the path names: a file or a folder
WRITERS = {
    "lint -o": (["lint", "{spec}", "-o"], "file"),
    "lint --write-baseline": (["lint", "{spec}", "--write-baseline"], "file"),
    "drift -o": (["drift", "--spec", "{spec}", "{terraform}", "-o"], "file"),
    "report -o": (["report", "{spec}", "-o"], "folder"),
    "generate terraform -o": (["generate", "terraform", "{spec}", "-o"], "folder"),
    "generate bicep -o": (["generate", "bicep", "{spec}", "-o"], "folder"),
    "generate graph -o": (["generate", "graph", "{spec}", "-o"], "file"),
}


def _command(name: str, tmp_path: Path, output: Path) -> list[str]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(MINIMAL_SPEC, encoding="utf-8")
    terraform = tmp_path / "main.tf"
    terraform.write_text(MINIMAL_TERRAFORM, encoding="utf-8")
    words, _ = WRITERS[name]
    return [w.format(spec=spec, terraform=terraform) for w in words] + [str(output)]


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_output_into_a_missing_folder_creates_it(cli, tmp_path, name) -> None:
    output = tmp_path / "new" / "deeper" / "out"
    result = cli(*_command(name, tmp_path, output))
    assert result.code in (0, 1), result.stderr
    if WRITERS[name][1] == "file":
        assert output.is_file()
    else:
        assert output.is_dir() and any(output.iterdir())


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_output_behind_a_file_is_one_line_and_exit_2(cli, tmp_path, name) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    output = blocker / "out"
    result = cli(*_command(name, tmp_path, output))
    assert result.code == 2
    assert result.stderr == f"{output}: cannot write: {blocker} is a file, not a folder\n"
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder\n"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_output_where_no_file_can_be_made_is_one_line_and_exit_2(cli, tmp_path, name) -> None:
    output = Path("/proc/archlint-out")
    result = cli(*_command(name, tmp_path, output))
    assert result.code == 2
    assert result.stderr.startswith(f"{output}: cannot write: ")
    assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr
