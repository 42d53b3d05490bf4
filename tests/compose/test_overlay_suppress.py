"""An overlay accepts risks on the components it imports: top-level ``suppress:`` entries
name their component by id or by Terraform address."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "overlay"
OVERLAY = (FIXTURE / "overlay.yaml").read_text(encoding="utf-8")
OVERLAY_LINES = len(OVERLAY.splitlines())


@pytest.fixture
def overlay(tmp_path: Path):
    """The fixture overlay (beside a copy of its Terraform) with ``suppress:`` appended."""
    shutil.copytree(FIXTURE / "infra", tmp_path / "infra")

    def write(entries: str) -> Path:
        spec = tmp_path / "overlay.yaml"
        spec.write_text(OVERLAY + "suppress:\n" + entries, encoding="utf-8")
        return spec

    return write


def _lint(spec: Path) -> tuple[int, list[dict], str]:
    result = run_cli("lint", str(spec), "--format", "json")
    findings = json.loads(result.stdout)["findings"] if result.stdout else []
    return result.code, findings, result.stderr


@pytest.mark.parametrize(
    "component", ["azurerm_storage_account.functions", "functions-storage_account"]
)
def test_a_finding_on_an_imported_component_is_suppressed(overlay, component: str) -> None:
    spec = overlay(
        f"  - {{component: {component}, rule: SEC010, reason: the runtime needs it, "
        "approved_by: platform team}\n"
    )
    _, findings, stderr = _lint(spec)
    assert stderr == ""
    (storage,) = [f for f in findings if f["rule_id"] == "SEC010"]
    assert storage["suppressed"] is True
    assert storage["suppression"]["reason"] == "the runtime needs it"
    assert storage["location"]["address"] == "azurerm_storage_account.functions"


def test_a_misspelt_address_is_an_error_with_the_nearest(overlay) -> None:
    spec = overlay(
        "  - {component: azurerm_storage_account.functoins, rule: SEC010, reason: xyz}\n"
    )
    code, _, stderr = _lint(spec)
    assert code == 2
    assert stderr.strip() == (
        f"{spec}:{OVERLAY_LINES + 2}:17: suppress names 'azurerm_storage_account.functoins', "
        "which is neither a component id nor the Terraform address of a component; did you "
        "mean 'azurerm_storage_account.functions'? (suppress[0].component)"
    )


def test_an_unknown_rule_is_an_error_at_the_overlay_line(overlay) -> None:
    spec = overlay("  - {component: functions-storage_account, rule: SEC999, reason: a typo}\n")
    code, _, stderr = _lint(spec)
    assert code == 2
    assert stderr.startswith(f"{spec}:{OVERLAY_LINES + 2}:5: suppress: unknown rule id 'SEC999'")


def test_a_suppression_that_suppresses_nothing_is_reported_in_the_overlay(overlay) -> None:
    spec = overlay(
        "  - {component: functions-storage_account, rule: NET001, reason: not needed here}\n"
    )
    _, findings, _ = _lint(spec)
    (unused,) = [f for f in findings if f["rule_id"] == "META001"]
    assert unused["location"]["file"] == str(spec)
    assert unused["location"]["line"] == OVERLAY_LINES + 2
