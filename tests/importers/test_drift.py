"""`archlint drift`: where Terraform departs from the spec, with both values."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SEED_SPEC, run_cli

from .conftest import PLANS, SEED_TF

SPEC = """\
metadata:
  name: drift
  primary_region: westeurope
messaging:
  service_bus:
    - id: sb-main
      tier: premium
      public_network_access: false
      queues:
        - id: sbq-orders
          default_message_ttl: 14d
          dead_lettering_on_message_expiration: true
          max_delivery_count: 5
        - id: sbq-refunds
"""

TERRAFORM = """
resource "azurerm_servicebus_namespace" "sb" {
  name                = "sb-main"
  location            = "westeurope"
  resource_group_name = "rg"
  sku                 = "Standard"
}
resource "azurerm_servicebus_queue" "orders" {
  name                                 = "sbq-orders"
  namespace_id                         = azurerm_servicebus_namespace.sb.id
  default_message_ttl                  = "P7D"
  dead_lettering_on_message_expiration = false
  max_delivery_count                   = var.retries
}
resource "azurerm_servicebus_queue" "audit" {
  name         = "sbq-audit"
  namespace_id = azurerm_servicebus_namespace.sb.id
}
variable "retries" {}
"""


def _write(tmp_path: Path) -> tuple[Path, Path]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    terraform = tmp_path / "tf"
    terraform.mkdir()
    (terraform / "main.tf").write_text(TERRAFORM)
    return spec, terraform


def _drift(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = run_cli("drift", "--format", "json", *args)
    return result.code, json.loads(result.stdout) if result.stdout else {}


def test_the_seed_terraform_has_no_drift_from_the_spec() -> None:
    result = run_cli("drift", "--spec", str(SEED_SPEC), str(SEED_TF))
    assert result.code == 0, (
        "tests/fixtures/terraform/seed no longer matches spec/architecture.yaml; update the "
        "Terraform fixture to the spec:\n" + result.stdout
    )
    assert result.stdout.startswith("No drift")


def test_missing_extra_and_changed_components(tmp_path: Path) -> None:
    spec, terraform = _write(tmp_path)
    code, report = _drift("--spec", str(spec), str(terraform))
    assert code == 1
    found = {(d["rule_id"], d["component"], d["property"]) for d in report["drift"]}
    assert found == {
        ("DRIFT001", "sbq-refunds", None),
        ("DRIFT002", "audit", None),
        ("DRIFT003", "sb-main", "tier"),
        ("DRIFT003", "sb-main", "public_network_access"),
        ("DRIFT003", "sbq-orders", "default_message_ttl"),
        ("DRIFT003", "sbq-orders", "dead_lettering_on_message_expiration"),
    }
    changed = {(d["component"], d["property"]): d for d in report["drift"] if d["property"]}
    ttl = changed[("sbq-orders", "default_message_ttl")]
    assert (ttl["spec_value"], ttl["terraform_value"]) == ("14d", "7d")
    assert ttl["address"] == "azurerm_servicebus_queue.orders"
    assert ttl["spec_location"]["line"] == 11
    assert ttl["terraform_location"]["line"] == 8
    public = changed[("sb-main", "public_network_access")]
    assert (public["spec_value"], public["terraform_value"], public["severity"]) == (
        False,
        True,
        "high",
    )


def test_values_unknown_until_apply_are_not_compared(tmp_path: Path) -> None:
    spec, terraform = _write(tmp_path)
    _, report = _drift("--spec", str(spec), str(terraform))
    assert not any(d["property"] == "max_delivery_count" for d in report["drift"])
    assert report["summary"]["properties_unknown_until_apply"] >= 1


def test_text_output_shows_both_values(tmp_path: Path) -> None:
    spec, terraform = _write(tmp_path)
    result = run_cli("drift", "--spec", str(spec), str(terraform))
    assert result.code == 1
    assert 'spec:      "14d"' in result.stdout
    assert 'terraform: "7d"' in result.stdout
    assert "DRIFT001 [medium] queue 'sbq-refunds' is in the spec" in result.stdout


def test_plan_destroying_or_replacing_data_is_high_severity(tmp_path: Path) -> None:
    document = json.loads((PLANS / "messaging.json").read_text())
    document["resource_changes"].append(
        {
            "address": "azurerm_public_ip.old",
            "mode": "managed",
            "type": "azurerm_public_ip",
            "name": "old",
            "provider_name": "registry.terraform.io/hashicorp/azurerm",
            "change": {"actions": ["delete"], "before": {"name": "pip-old"}, "after": None},
        }
    )
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(document))
    spec = tmp_path / "spec.yaml"
    spec.write_text("metadata: {name: x, primary_region: eastus2}\n")
    code, report = _drift("--spec", str(spec), str(plan))
    assert code == 1
    destroyed = {
        d["address"]: (d["rule_id"], d["severity"], d["terraform_value"])
        for d in report["drift"]
        if d["rule_id"] in ("DRIFT004", "DRIFT005")
    }
    assert destroyed == {
        "module.data.azurerm_cosmosdb_sql_container.legacy": ("DRIFT004", "high", ["delete"]),
        "module.data.azurerm_storage_account.archive": (
            "DRIFT004",
            "high",
            ["delete", "create"],
        ),
        "azurerm_public_ip.old": ("DRIFT005", "medium", ["delete"]),
    }


def test_sarif_output(tmp_path: Path) -> None:
    spec, terraform = _write(tmp_path)
    result = run_cli("drift", "--spec", str(spec), str(terraform), "--format", "sarif")
    assert result.code == 1
    sarif = json.loads(result.stdout)
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert rules == {"DRIFT001", "DRIFT002", "DRIFT003"}


def test_input_errors_exit_2(tmp_path: Path) -> None:
    spec, terraform = _write(tmp_path)
    broken = tmp_path / "plan.json"
    broken.write_text('{"format_version": "1.2", "planned_values": {')
    result = run_cli("drift", "--spec", str(spec), str(broken))
    assert result.code == 2
    assert "truncated JSON" in result.stderr
    result = run_cli("drift", "--spec", str(tmp_path / "nope.yaml"), str(terraform))
    assert result.code == 2
    assert "nope.yaml" in result.stderr


def test_output_file(tmp_path: Path) -> None:
    spec, terraform = _write(tmp_path)
    target = tmp_path / "drift.json"
    result = run_cli(
        "drift", "--spec", str(spec), str(terraform), "--format", "json", "-o", str(target)
    )
    assert result.code == 1
    assert json.loads(target.read_text())["summary"]["findings"] == 6
