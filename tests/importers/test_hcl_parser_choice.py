"""Linting Terraform takes the fast HCL parser and leaves python-hcl2 (and Lark) unloaded;
a file the fast parser declines is still read, by python-hcl2, with the same result."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

SEED_TERRAFORM = ROOT / "tests" / "fixtures" / "terraform" / "seed"

_PROBE = """
import json, sys
from archlint.cli import main
try:
    main(["lint", sys.argv[1], "--format", "json"])
except SystemExit as leaving:
    code = leaving.code
print(json.dumps({"code": code, "hcl2": "hcl2" in sys.modules, "lark": "lark" in sys.modules}),
      file=sys.stderr)
"""


def _lint(directory: Path) -> tuple[dict[str, object], str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(directory)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    return json.loads(done.stderr.strip().splitlines()[-1]), done.stdout


def test_linting_the_seed_terraform_never_loads_python_hcl2() -> None:
    probe, _ = _lint(SEED_TERRAFORM)
    assert probe == {"code": 1, "hcl2": False, "lark": False}


def test_a_declined_file_is_read_by_python_hcl2_with_the_same_findings(tmp_path: Path) -> None:
    _, expected = _lint(SEED_TERRAFORM)
    copy = tmp_path / "seed"
    shutil.copytree(SEED_TERRAFORM, copy)
    # A template directive: the fast parser declines it, python-hcl2 reads it.
    (copy / "declined.tf").write_text('locals {\n  banner = "%{ if true }on%{ endif }"\n}\n')
    probe, findings = _lint(copy)
    assert probe == {"code": 1, "hcl2": True, "lark": True}
    assert _summary(findings) == _summary(expected)
    assert len(_summary(expected)) > 10


def _summary(report: str) -> list[tuple[str, str, str]]:
    """Findings without their file names (the copy lives elsewhere)."""
    return [(f["rule_id"], f["path"], f["message"]) for f in json.loads(report)["findings"]]
