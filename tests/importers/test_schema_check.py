"""Offline provider-schema validation of HCL (TF001-TF004), like `terraform validate`."""

from __future__ import annotations

from archlint.importers import ImportResult

from .conftest import ImportHcl

QUEUE = """
resource "azurerm_servicebus_queue" "q" {
  name         = "q"
  namespace_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/sb"
%s}
"""


def _problems(result: ImportResult, rule: str) -> list[str]:
    return [f"{p.location.line}: {p.message}" for p in result.problems if p.rule_id == rule]


def test_unknown_resource_type(import_hcl: ImportHcl) -> None:
    result = import_hcl('resource "azurerm_servicebus_queues" "q" {\n  name = "q"\n}\n')
    (problem,) = [p for p in result.problems if p.rule_id == "TF001"]
    assert "unknown resource type 'azurerm_servicebus_queues'" in problem.message
    assert problem.severity == "high"
    assert problem.location.line == 10  # after the 9-line provider pin the fixture adds


def test_unknown_argument_and_block_are_placed_on_their_line(import_hcl: ImportHcl) -> None:
    result = import_hcl(QUEUE % '  lock_durration = "PT1M"\n  bogus {\n    x = 1\n  }\n')
    assert _problems(result, "TF002") == [
        "14: azurerm_servicebus_queue.q: unknown argument 'lock_durration' in azurerm 4.81.0",
        "15: azurerm_servicebus_queue.q: unknown block 'bogus' in azurerm 4.81.0",
    ]


def test_missing_required_argument(import_hcl: ImportHcl) -> None:
    result = import_hcl('resource "azurerm_servicebus_queue" "q" {\n  name = "q"\n}\n')
    assert _problems(result, "TF003") == [
        "10: azurerm_servicebus_queue.q: missing required argument 'namespace_id' in azurerm 4.81.0"
    ]


def test_removed_spelling_is_one_problem_not_also_unknown(import_hcl: ImportHcl) -> None:
    result = import_hcl(QUEUE % "  enable_partitioning = true\n")
    assert _problems(result, "TF002") == []
    (problem,) = [p for p in result.problems if p.rule_id == "TF004"]
    assert problem.severity == "high"  # pinned to 4.x, where it no longer exists
    assert "use `partitioning_enabled`" in problem.message
    assert problem.location.line == 14


def test_deprecated_spelling_under_a_3x_pin_is_a_warning(import_hcl: ImportHcl) -> None:
    pin = (
        "terraform {\n  required_providers {\n    azurerm = {\n"
        '      source  = "hashicorp/azurerm"\n      version = ">= 3.90, < 4.0"\n    }\n  }\n}\n'
    )
    result = import_hcl(pin + QUEUE % "  enable_partitioning = true\n", pin=False)
    (problem,) = [p for p in result.problems if p.rule_id == "TF004"]
    assert problem.severity == "medium"
    assert problem.message == (
        "azurerm_servicebus_queue.q: `enable_partitioning` is deprecated in azurerm 3.116.0, "
        "the version this configuration pins, and removed in 4.0; use `partitioning_enabled`"
    )
    # checked against the 3.x schema, where both spellings exist
    assert [p for p in result.problems if p.rule_id in ("TF001", "TF002", "TF003")] == []
    assert result.provider_major == 3


def test_each_block_is_checked_once_however_many_instances(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        'resource "azurerm_servicebus_queue" "q" {\n'
        '  for_each = toset(["a", "b", "c"])\n  name = each.key\n  bogus = 1\n'
        '  namespace_id = "/subscriptions/0/x"\n}\n'
    )
    problems = [p for p in result.problems if p.rule_id == "TF002"]
    assert len(problems) == 1
    assert problems[0].location.address == "azurerm_servicebus_queue.q"


def test_dynamic_blocks_and_meta_arguments_are_understood(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
  count               = 1
  lifecycle {
    prevent_destroy = true
  }
  dynamic "security_rule" {
    for_each = []
    content {
      name      = "x"
      priority  = 100
      direction = "Inbound"
      access    = "Allow"
      protocol  = "Tcp"
    }
  }
}
"""
    )
    assert [p for p in result.problems if p.rule_id in ("TF001", "TF002", "TF003")] == []


def test_the_seed_configuration_is_valid_for_azurerm_4(seed_import: ImportResult) -> None:
    assert [str(p) for p in seed_import.problems] == []
