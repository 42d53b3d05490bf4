"""The environment is declared, never guessed: production posture rules run only there.

A spec is the whole design and defaults to production; Terraform declares no environment,
so its posture rules are not evaluated (and the run says so) until the configuration, the
command line or an overlay's metadata declares one.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

STORAGE_LRS = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "eastus2"
}
resource "azurerm_storage_account" "st" {
  name                     = "stexample"
  resource_group_name      = azurerm_resource_group.rg.name
  location                 = azurerm_resource_group.rg.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
"""

NOT_DECLARED = (
    "ZR007: it runs when the environment is production, and the input does not declare one "
    '(--environment production, or environment = "production" in archlint.toml or '
    "[tool.archlint])"
)


def _terraform(tmp_path: Path) -> Path:
    root = tmp_path / "infra"
    root.mkdir()
    (root / "main.tf").write_text(STORAGE_LRS, "utf-8")
    return root


STORAGE_SPEC = "data:\n  storage_accounts:\n    - {id: st, replication: LRS}\n"
OVERLAY_ON_INFRA = "sources:\n  - terraform: infra\n"


def _spec(tmp_path: Path, environment: str | None, body: str = STORAGE_SPEC) -> Path:
    """A spec in ``tmp_path`` declaring ``environment`` (None: it says nothing)."""
    declared = f", environment: {environment}" if environment else ""
    spec = tmp_path / "spec.yaml"
    spec.write_text(f"metadata: {{name: x, primary_region: eastus2{declared}}}\n{body}", "utf-8")
    return spec


def _rules_found(*args: str) -> list[str]:
    result = run_cli("lint", *args, "--format", "json", "--select", "ZR007")
    assert result.code in (0, 1), result.stderr
    return [f["rule_id"] for f in json.loads(result.stdout)["findings"]]


def test_a_posture_rule_runs_on_a_spec_which_is_production_by_default(tmp_path: Path) -> None:
    assert _rules_found(str(_spec(tmp_path, None))) == ["ZR007"]
    spec = _spec(tmp_path, "test")
    result = run_cli("lint", str(spec), "--select", "ZR007", "--explain-skipped")
    assert result.code == 0
    assert (
        "not evaluated: ZR007: it runs when the environment is production, "
        "and the environment is test" in result.stderr
    )


def test_terraform_without_a_declared_environment_says_the_rule_was_not_evaluated(
    tmp_path: Path,
) -> None:
    root = _terraform(tmp_path)
    result = run_cli("lint", str(root), "--select", "ZR007", "--explain-skipped", "--no-color")
    assert result.code == 0
    assert f"not evaluated: {NOT_DECLARED}" in result.stderr.splitlines()
    assert (
        "note: 1 production posture rule(s) not evaluated: the environment is not declared "
        '(declare it: --environment production, or environment = "production" in '
        "archlint.toml or [tool.archlint])" in result.stdout.splitlines()
    )
    document = json.loads(run_cli("lint", str(root), "--format", "json").stdout)
    assert {"rule_id": "ZR007", "reason": NOT_DECLARED.split(": ", 1)[1]} in document[
        "not_evaluated"
    ]
    assert any("production posture" in note for note in document["summary"]["notes"])
    sarif = json.loads(run_cli("lint", str(root), "--format", "sarif").stdout)
    notifications = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("production posture" in n["message"]["text"] for n in notifications)


def test_terraform_runs_posture_rules_once_production_is_declared(tmp_path: Path) -> None:
    root = _terraform(tmp_path)
    assert _rules_found(str(root), "--environment", "production") == ["ZR007"]
    assert _rules_found(str(root), "--environment", "development") == []
    (tmp_path / "archlint.toml").write_text('environment = "production"\n', "utf-8")
    assert _rules_found(str(root)) == ["ZR007"]


def test_the_spec_declares_its_own_environment_over_the_configuration(tmp_path: Path) -> None:
    spec = _spec(tmp_path, "development")
    assert _rules_found(str(spec), "--environment", "production") == []


def test_an_unknown_environment_option_is_an_error_with_a_hint(tmp_path: Path) -> None:
    result = run_cli("lint", str(_terraform(tmp_path)), "--environment", "prod")
    assert result.code == 2
    assert result.stderr == (
        "--environment: unknown environment 'prod' (known: production, staging, test, "
        "development); did you mean 'production'?\n"
    )


def test_an_unknown_environment_setting_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = _terraform(tmp_path)
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[project]\nname = "x"\n\n[tool.archlint]\nselect = ["ZR"]\nenvironment = "prodution"\n',
        "utf-8",
    )
    result = run_cli("lint", str(root))
    assert result.code == 2
    assert result.stderr == (
        f"{config}:6:1: environment: unknown environment 'prodution' (known: production, "
        "staging, test, development); did you mean 'production'?\n"
    )


def test_an_overlay_declares_the_environment_of_its_terraform(tmp_path: Path) -> None:
    _terraform(tmp_path)  # tmp_path/infra, the overlay's source
    assert _rules_found(str(_spec(tmp_path, "production", OVERLAY_ON_INFRA))) == ["ZR007"]
    # An overlay's metadata without an environment declares none: not the spec default.
    overlay = _spec(tmp_path, None, OVERLAY_ON_INFRA)
    assert _rules_found(str(overlay)) == []
    result = run_cli("lint", str(overlay), "--select", "ZR007", "--explain-skipped")
    assert f"not evaluated: {NOT_DECLARED}" in result.stderr.splitlines()


def test_report_takes_the_environment_from_its_command_line(tmp_path: Path) -> None:
    root = _terraform(tmp_path)
    out = tmp_path / "report"
    result = run_cli("report", str(root), "-o", str(out), "--environment", "production")
    assert result.code == 0, result.stderr
    document = json.loads((out / "compliance.json").read_text("utf-8"))
    assert document["input"]["environment"] == "production"
    zr007 = next(r for r in document["rules"] if r["id"] == "ZR007")
    assert zr007["status"] == "fail"


def test_report_refuses_an_unknown_environment_with_a_suggestion(tmp_path: Path) -> None:
    root = _terraform(tmp_path)
    result = run_cli("report", str(root), "-o", str(tmp_path / "r"), "--environment", "prod")
    assert result.code == 2
    assert result.stderr.strip() == (
        "--environment: unknown environment 'prod' (known: production, staging, test, "
        "development); did you mean 'production'?"
    )
    assert not (tmp_path / "r").exists()
