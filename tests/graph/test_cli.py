"""``archlint generate graph``: formats, -o, --flow, --check and its errors."""

from __future__ import annotations

import pytest

from archlint.graph import render
from tests.conftest import SEED_SPEC


def test_mermaid_on_stdout_by_default(cli, seed) -> None:
    result = cli("generate", "graph", str(SEED_SPEC))
    assert result.code == 0, result.stderr
    assert result.stdout == render(seed, "mermaid")


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "svg", "html"])
def test_writes_each_format_to_a_file(cli, seed, tmp_path, fmt, request) -> None:
    if fmt in ("svg", "html"):
        request.getfixturevalue("dot_program")
    target = tmp_path / "out" / f"graph.{fmt}"
    result = cli("generate", "graph", str(SEED_SPEC), "--format", fmt, "-o", str(target))
    assert result.code == 0, result.stderr
    assert target.read_text() == render(seed, fmt)
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp file left


def test_check_reports_a_stale_file(cli, tmp_path) -> None:
    target = tmp_path / "graph.mmd"
    args = ("generate", "graph", str(SEED_SPEC), "-o", str(target))
    assert cli(*args, "--check").code == 1  # missing
    assert cli(*args).code == 0
    assert cli(*args, "--check").code == 0
    target.write_text(target.read_text() + "%% edited\n")
    result = cli(*args, "--check")
    assert result.code == 1 and "would change" in result.stderr


def test_one_flow(cli) -> None:
    result = cli("generate", "graph", str(SEED_SPEC), "--flow", "sync-request", "--format", "dot")
    assert result.code == 0
    assert '"user" -> "afd-main"' in result.stdout
    assert "sbq-file-processing" not in result.stdout


def test_usage_errors_exit_2(cli, write_spec) -> None:
    unknown = cli("generate", "graph", str(SEED_SPEC), "--flow", "nope")
    assert unknown.code == 2 and "no flow 'nope'" in unknown.stderr
    assert cli("generate", "graph", str(SEED_SPEC), "--check").code == 2
    bad = write_spec("metadata: {name: x}\n")
    invalid = cli("generate", "graph", str(bad))
    assert invalid.code == 2 and invalid.stderr.startswith(f"{bad}:")
    assert "Traceback" not in invalid.stderr


def test_missing_graphviz_is_an_error_not_a_traceback(cli, monkeypatch) -> None:
    from archlint.graph import render_dot

    monkeypatch.setattr(render_dot.shutil, "which", lambda _: None)
    result = cli("generate", "graph", str(SEED_SPEC), "--format", "svg")
    assert result.code == 2
    assert "Graphviz 'dot' is not installed" in result.stderr
    assert result.stdout == ""
