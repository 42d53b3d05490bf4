"""Writing generated files (atomic, inside DIR only) and the ``archlint generate`` commands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archlint.generators.output import changed_files, write_files
from tests.conftest import ROOT, SEED_SPEC, run_cli


@pytest.mark.parametrize("name", ["../escape.tf", "a/b.tf", ".hidden", "", "..", "x\\y.tf"])
def test_names_that_are_not_plain_file_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError, match="not a plain file name"):
        write_files(tmp_path / "out", {name: "x"})
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "escape.tf").exists()


def test_files_are_written_and_no_temporary_file_remains(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    write_files(out, {"b.tf": "b\n", "a.tf": "a\n"})
    assert sorted(p.name for p in out.iterdir()) == ["a.tf", "b.tf"]
    assert (out / "a.tf").read_text() == "a\n"


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.tf": "a\n", "b.tf": "b\n"})
    os.utime(tmp_path / "a.tf", (1_000_000, 1_000_000))
    os.utime(tmp_path / "b.tf", (1_000_000, 1_000_000))
    write_files(tmp_path, {"a.tf": "a\n", "b.tf": "changed\n"})
    assert (tmp_path / "a.tf").stat().st_mtime == 1_000_000
    assert (tmp_path / "b.tf").stat().st_mtime != 1_000_000
    assert changed_files(tmp_path, {"a.tf": "a\n", "b.tf": "b\n", "c.tf": ""}) == ["b.tf", "c.tf"]


def test_a_symlink_in_the_directory_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me")
    out = tmp_path / "out"
    out.mkdir()
    (out / "main.tf").symlink_to(outside)
    write_files(out, {"main.tf": "generated\n"})
    assert outside.read_text() == "keep me"
    assert not (out / "main.tf").is_symlink()
    assert (out / "main.tf").read_text() == "generated\n"


# --- the command ---------------------------------------------------------------------------


def test_generate_terraform_writes_every_layer(tmp_path: Path) -> None:
    result = run_cli("generate", "terraform", str(SEED_SPEC), "-o", str(tmp_path))
    assert result.code == 0, result.stderr
    assert "wrote 11 Terraform files" in result.stderr
    assert {p.name for p in tmp_path.iterdir()} >= {"providers.tf", "network.tf", "dr.tf"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_spec_defaults_to_the_repository_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert run_cli("generate", "terraform", "-o", str(tmp_path)).code == 0
    assert (tmp_path / "messaging.tf").is_file()


def test_check_reports_stale_output(tmp_path: Path) -> None:
    assert run_cli("generate", "terraform", str(SEED_SPEC), "-o", str(tmp_path)).code == 0
    clean = run_cli("generate", "terraform", str(SEED_SPEC), "-o", str(tmp_path), "--check")
    assert clean.code == 0, clean.stderr
    (tmp_path / "data.tf").write_text("# edited by hand\n")
    stale = run_cli("generate", "terraform", str(SEED_SPEC), "-o", str(tmp_path), "--check")
    assert stale.code == 1
    assert "data.tf: would change" in stale.stderr
    assert (tmp_path / "data.tf").read_text() == "# edited by hand\n"


def test_invalid_spec_is_an_input_error(tmp_path: Path, write_spec) -> None:
    spec = write_spec("metadata:\n  name: x\n  primary_region: eastus2\nnetwork: {vnetz: []}\n")
    result = run_cli("generate", "terraform", str(spec), "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert f"{spec}:4:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_output_must_be_a_directory(tmp_path: Path) -> None:
    file = tmp_path / "file.txt"
    file.write_text("x")
    assert run_cli("generate", "terraform", str(SEED_SPEC), "-o", str(file)).code == 2
    nested = run_cli("generate", "terraform", str(SEED_SPEC), "-o", str(file / "sub"))
    assert nested.code == 2
    assert "cannot write" in nested.stderr
    assert run_cli("generate", "terraform", str(SEED_SPEC)).code == 2  # -o is required


def test_help_lists_the_targets() -> None:
    result = run_cli("generate", "--help")
    assert result.code == 0
    assert "terraform" in result.stdout and "bicep" in result.stdout
