"""Hostile and odd Terraform input: clean errors, and unknown values never guessed."""

from __future__ import annotations

import json

import pytest

from archlint.errors import InputErrors
from archlint.importers import load_terraform

PROVIDER = "registry.terraform.io/hashicorp/azurerm"


def _resource(kind: str, name: str, unknown: dict[str, bool]) -> tuple[dict, dict]:
    address = f"{kind}.{name}"
    planned = {
        "address": address,
        "mode": "managed",
        "type": kind,
        "name": name,
        "provider_name": PROVIDER,
        "schema_version": 0,
        "sensitive_values": {},
    }
    change = {
        "address": address,
        "mode": "managed",
        "type": kind,
        "name": name,
        "provider_name": PROVIDER,
        "change": {
            "actions": ["create"],
            "before": None,
            "after": {},
            "after_unknown": unknown,
            "before_sensitive": False,
            "after_sensitive": {},
        },
    }
    return planned, change


def _plan(*resources: tuple[dict, dict]) -> dict:
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {"resources": [p for p, _ in resources]}},
        "resource_changes": [c for _, c in resources],
    }


def test_plan_whose_resources_are_all_unknown(cli, tmp_path) -> None:
    plan = _plan(
        _resource(
            "azurerm_servicebus_namespace",
            "sb",
            {
                "name": True,
                "sku": True,
                "location": True,
                "id": True,
                "public_network_access_enabled": True,
                "local_auth_enabled": True,
            },
        ),
        _resource(
            "azurerm_servicebus_queue",
            "q",
            {
                "name": True,
                "namespace_id": True,
                "lock_duration": True,
                "dead_lettering_on_message_expiration": True,
                "default_message_ttl": True,
            },
        ),
        _resource(
            "azurerm_redis_cache",
            "redis",
            {
                "name": True,
                "public_network_access_enabled": True,
                "sku_name": True,
                "minimum_tls_version": True,
            },
        ),
    )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    result = cli("lint", str(path), "--format", "json", "--fail-on", "info")
    assert result.code in (0, 1), result.stderr
    fired = {f["rule_id"] for f in json.loads(result.stdout)["findings"]}
    # Facts that are merely unknown never become findings.
    assert not fired & {"MSG001", "MSG006", "SEC002", "SEC003", "SKU004"}, fired


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '{"format_version":"1.2","planned_values":' + '{"a":' * 10_000 + "1" + "}" * 10_001,
            "JSON nested too deeply",
        ),
        ('{"format_version":"1.2","planned_values":{},"x":' + "9" * 100_000 + "}", "invalid JSON"),
        ('{"format_version":"1.2","planned_values":{"root_module":', "truncated JSON"),
        ('{"format_version":"2.0","planned_values":{}}', "format_version"),
    ],
    ids=["10000-deep", "huge-integer", "truncated", "major-2"],
)
def test_hostile_plan_json(tmp_path, text: str, expected: str) -> None:
    path = tmp_path / "plan.json"
    path.write_text(text)
    with pytest.raises(InputErrors) as error:
        load_terraform(path)
    messages = [str(e) for e in error.value.errors]
    assert any(expected in m for m in messages), messages
    assert all(m.startswith(str(path)) and "\n" not in m for m in messages)


HEREDOC = """\
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "eastus2"
}

resource "azurerm_servicebus_namespace" "sb" {
  name                = "sb"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  sku                 = "Premium"
  tags = {
    note = <<-EOT
      multi-line "quoted" ${var.x}
    EOT
  }
}

resource "azurerm_servicebus_queue" "q" {
  name                                 = "q-${substr(var.x, 0, 3)}"
  namespace_id                         = azurerm_servicebus_namespace.sb.id
  lock_duration                        = format("PT%dM", var.minutes)
  dead_lettering_on_message_expiration = var.dead_letter
}
"""


def test_heredocs_templates_and_functions_are_unknown_not_guessed(tmp_path) -> None:
    (tmp_path / "main.tf").write_text(HEREDOC)
    imported = load_terraform(tmp_path)
    architecture = imported.architecture
    queue = architecture.index.of_kind("service_bus_queue")[0]
    path = architecture.path_of(queue.id)
    assert (*path, "lock_duration") in architecture.unknowns
    assert (*path, "dead_lettering_on_message_expiration") in architecture.unknowns
