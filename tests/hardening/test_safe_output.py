"""Output is written atomically, only where asked, and never carries a secret."""

from __future__ import annotations

import os
import stat

import pytest

from archlint import fsutil
from archlint.cli import COMMANDS
from tests.conftest import SEED_SPEC

SECRET = "Sup3r-Secret-Passw0rd!"


def test_atomic_write_replaces_whole_file(tmp_path) -> None:
    target = tmp_path / "out.txt"
    fsutil.atomic_write(target, "first")
    fsutil.atomic_write(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def test_interrupted_write_leaves_the_old_file_and_no_debris(tmp_path, monkeypatch) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(fsutil.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fsutil.atomic_write(target, "new and longer content")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


@pytest.mark.parametrize("name", ["../escape.tf", "/etc/passwd", "a/../../b", "..", "x/../../y"])
def test_safe_child_refuses_paths_outside_the_directory(tmp_path, name: str) -> None:
    with pytest.raises(ValueError, match="refusing to write outside"):
        fsutil.safe_child(tmp_path / "out", name)


def test_safe_child_accepts_nested_names(tmp_path) -> None:
    assert fsutil.safe_child(tmp_path, "modules/network.tf") == (tmp_path / "modules/network.tf")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@pytest.mark.parametrize("target", ["terraform", "bicep"])
def test_generated_code_never_contains_a_literal_secret(cli, tmp_path, target: str) -> None:
    if "generate" not in COMMANDS:
        pytest.skip("`archlint generate` does not exist yet")
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        SEED_SPEC.read_text().replace(
            "admin_password: {variable: management_vm_admin_password}",
            f"admin_password: '{SECRET}'",
        )
    )
    out = tmp_path / "out"
    result = cli("generate", target, str(spec), "-o", str(out))
    assert result.code in (0, 1), result.stderr
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written
    for path in written:
        assert SECRET not in path.read_text(), f"secret leaked into {path.name}"
    assert SECRET not in result.stdout + result.stderr
