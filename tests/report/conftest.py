"""Fixtures for the report tests: a spec with known findings and accepted risks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli

FIXTURES = Path(__file__).parent / "fixtures"
FINDINGS_SPEC = FIXTURES / "findings.yaml"
FINDINGS_TERRAFORM = FIXTURES / "terraform" / "main.tf"
EPOCH = "1767225600"  # 2026-01-01T00:00:00Z


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return EPOCH


def make_report(spec: Path | str, out: Path, *extra: str) -> dict[str, Any]:
    """Run ``archlint report`` and return the JSON document it wrote."""
    result = run_cli("report", str(spec), "-o", str(out), *extra)
    assert result.code == 0, result.stderr
    return json.loads((out / "compliance.json").read_text(encoding="utf-8"))


@pytest.fixture
def fixture_report(tmp_path: Path, epoch: str) -> tuple[dict[str, Any], Path]:
    """The report of tests/report/fixtures/findings.yaml and the directory it is in."""
    out = tmp_path / "out"
    return make_report(FINDINGS_SPEC, out), out
