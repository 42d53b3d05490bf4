"""Reading Terraform HCL: what is evaluated, what stays unknown, and bad input."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from archlint.errors import InputErrors
from archlint.importers import load_terraform

from .conftest import ImportHcl

NAMESPACE = """
resource "azurerm_servicebus_namespace" "sb" {
  name                = "sb-test"
  location            = "westeurope"
  resource_group_name = "rg"
  sku                 = "Premium"
}
"""


def queue_values(result, queue_id: str):  # type: ignore[no-untyped-def]
    return result.architecture.get(queue_id)


def test_variables_tfvars_locals_and_templates(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
variable "app" {}
variable "ttl" { default = "P1D" }
variable "lock" { default = "PT1M" }
locals {
  prefix = "sbq-${var.app}"
  lock   = var.lock
}
resource "azurerm_servicebus_queue" "q" {
  name                = "${local.prefix}-orders"
  namespace_id        = azurerm_servicebus_namespace.sb.id
  default_message_ttl = var.ttl
  lock_duration       = local.lock
}
"""
        + NAMESPACE,
        files={"terraform.tfvars": 'app = "shop"\n', "x.auto.tfvars": 'lock = "PT3M"\n'},
    )
    queue = result.architecture.get("q")
    assert queue.name == "sbq-shop-orders"
    assert queue.default_message_ttl == timedelta(days=1)
    assert queue.lock_duration == timedelta(minutes=3)  # *.auto.tfvars wins over the default


def test_for_each_count_and_dynamic_blocks(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
variable "queues" { default = ["a", "b"] }
resource "azurerm_servicebus_queue" "q" {
  for_each     = toset(var.queues)
  name         = "q-${each.key}"
  namespace_id = azurerm_servicebus_namespace.sb.id
}
resource "azurerm_servicebus_topic" "t" {
  count        = 2
  name         = "topic-${count.index}"
  namespace_id = azurerm_servicebus_namespace.sb.id
}
resource "azurerm_servicebus_topic" "off" {
  count        = 0
  name         = "never"
  namespace_id = azurerm_servicebus_namespace.sb.id
}
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
  dynamic "security_rule" {
    for_each = { web = 100, api = 110 }
    content {
      name                       = security_rule.key
      priority                   = security_rule.value
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_port_range          = "*"
      destination_port_range     = "443"
      source_address_prefix      = "*"
      destination_address_prefix = "*"
    }
  }
}
"""
        + NAMESPACE,
    )
    arch = result.architecture
    namespace = arch.messaging.service_bus[0]
    assert sorted(q.name for q in namespace.queues) == ["q-a", "q-b"]
    assert sorted(t.name for t in namespace.topics) == ["topic-0", "topic-1"]
    assert [(r.name, r.priority) for r in arch.network.nsgs[0].rules] == [
        ("api", 110),
        ("web", 100),
    ]
    assert result.addresses["a"] == 'azurerm_servicebus_queue.q["a"]'


def test_expressions_over_unknown_values_are_unknown_not_false(
    import_hcl: ImportHcl,
) -> None:
    result = import_hcl(
        """
variable "env" { default = "prod" }
resource "azurerm_servicebus_queue" "q" {
  name                                 = "q"
  namespace_id                         = azurerm_servicebus_namespace.sb.id
  dead_lettering_on_message_expiration = var.undeclared == "prod"
  requires_session                     = length(var.undeclared) > 3
  max_delivery_count                   = var.undeclared
}
"""
        + NAMESPACE,
    )
    arch = result.architecture
    path = arch.path_of("q")
    for field in ("dead_lettering_on_message_expiration", "requires_session", "max_delivery_count"):
        assert (*path, field) in arch.unknowns


def test_for_each_over_unknown_keys_is_one_unknown_instance(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
resource "azurerm_servicebus_queue" "q" {
  for_each     = { for name in var.undeclared : name => name }
  name         = each.key
  namespace_id = azurerm_servicebus_namespace.sb.id
}
"""
        + NAMESPACE,
    )
    arch = result.architecture
    assert arch.path_of("q-each") in arch.unknowns
    assert result.addresses["q-each"] == "azurerm_servicebus_queue.q[*]"


def test_local_modules_are_followed_with_their_arguments(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        NAMESPACE
        + """
module "bus" {
  source       = "./modules/bus"
  namespace_id = azurerm_servicebus_namespace.sb.id
  names        = ["x", "y"]
}
module "more" {
  count        = 2
  source       = "./modules/bus"
  namespace_id = azurerm_servicebus_namespace.sb.id
  names        = ["z${count.index}"]
}
""",
        files={
            "modules/bus/main.tf": """
variable "namespace_id" {}
variable "names" {}
resource "azurerm_servicebus_queue" "q" {
  for_each     = toset(var.names)
  name         = each.key
  namespace_id = var.namespace_id
}
output "first" { value = azurerm_servicebus_queue.q["x"].name }
"""
        },
    )
    namespace = result.architecture.messaging.service_bus[0]
    assert sorted(q.name for q in namespace.queues) == ["x", "y", "z0", "z1"]
    assert result.addresses["x"] == 'module.bus.azurerm_servicebus_queue.q["x"]'
    assert result.addresses["z1"] == 'module.more[1].azurerm_servicebus_queue.q["z1"]'
    location = result.locator.locate(result.architecture.path_of("x"))
    assert location.file.endswith(os.path.join("modules", "bus", "main.tf"))
    assert location.line == 4


def test_references_through_module_outputs_become_model_references(
    import_hcl: ImportHcl,
) -> None:
    result = import_hcl(
        """
module "net" {
  source = "./net"
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = module.net.subnet_ids["endpoints"]
  private_service_connection {
    name                           = "sb"
    private_connection_resource_id = azurerm_servicebus_namespace.sb.id
    subresource_names              = ["namespace"]
    is_manual_connection           = false
  }
}
"""
        + NAMESPACE,
        files={
            "net/main.tf": """
resource "azurerm_virtual_network" "v" {
  name                = "vnet"
  location            = "westeurope"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "endpoints" {
  name                 = "snet-pe"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = ["10.0.1.0/24"]
}
output "subnet_ids" {
  value = { endpoints = azurerm_subnet.endpoints.id }
}
"""
        },
    )
    endpoint = result.architecture.get("pe")
    assert (endpoint.subnet, endpoint.target) == ("endpoints", "sb")


def test_sensitive_variables_are_never_copied(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
variable "password" {
  sensitive = true
  default   = "hunter2-fixture"
}
resource "azurerm_linux_function_app" "f" {
  name                 = "f"
  location             = "westeurope"
  resource_group_name  = "rg"
  service_plan_id      = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Web/serverFarms/p"
  storage_account_name = "st"
  site_config {}
  app_settings = { DB_PASSWORD = var.password }
}
"""
    )
    dumped = result.architecture.model_dump_json()
    assert "hunter2-fixture" not in dumped
    path = result.architecture.path_of("f")
    assert (*path, "app_settings", 0, "value") in result.architecture.unknowns


def test_resources_outside_the_configuration_become_unknown_stubs(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
locals {
  sb = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.ServiceBus/namespaces/sb-other"
}
data "azurerm_subnet" "shared" {
  name                 = "snet-shared"
  virtual_network_name = "vnet-hub"
  resource_group_name  = "rg-hub"
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  location            = "westeurope"
  resource_group_name = "rg"
  subnet_id           = data.azurerm_subnet.shared.id
  private_service_connection {
    name                           = "sb"
    private_connection_resource_id = "${local.sb}"
    subresource_names              = ["namespace"]
    is_manual_connection           = false
  }
}
"""
    )
    arch = result.architecture
    endpoint = arch.get("pe")
    subnet = arch.get(endpoint.subnet)
    assert subnet.name == "snet-shared"
    assert endpoint.subnet in result.external
    assert arch.get(endpoint.target).name == "sb-other"
    assert arch.path_of(endpoint.subnet) in arch.unknowns or any(
        arch.path_of(endpoint.subnet)[: len(u)] == u for u in arch.unknowns
    )
    assert (*arch.path_of("pe"), "subnet") in arch.unknowns


def test_a_subnet_named_by_path_inside_a_network_is_that_subnet(import_hcl: ImportHcl) -> None:
    # The Bastion is declared before the network; its subnet is the network's inline one.
    result = import_hcl(
        """
resource "azurerm_bastion_host" "bastion" {
  name                = "bas"
  location            = "eastus2"
  resource_group_name = "rg"
  ip_configuration {
    name      = "cfg"
    subnet_id = "${azurerm_virtual_network.hub.id}/subnets/AzureBastionSubnet"
  }
}
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  location            = "eastus2"
  resource_group_name = "rg"
  subnet_id           = "${azurerm_virtual_network.hub.id}/subnets/snet-missing"
  private_service_connection {
    name                           = "sb"
    private_connection_resource_id = azurerm_servicebus_namespace.sb.id
    subresource_names              = ["namespace"]
    is_manual_connection           = false
  }
}
resource "azurerm_virtual_network" "hub" {
  name                = "vnet-hub"
  location            = "eastus2"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
  subnet {
    name             = "AzureBastionSubnet"
    address_prefixes = ["10.0.1.0/26"]
  }
}
"""
        + NAMESPACE
    )
    arch = result.architecture
    assert arch.get("bastion").subnet == "AzureBastionSubnet"
    assert arch.index.by_id["AzureBastionSubnet"].parent.id == "hub"
    # No subnet of that name in the network: unknown (a stub), never the network itself.
    assert (*arch.path_of("pe"), "subnet") in arch.unknowns
    assert arch.get("pe").subnet in result.external


def test_a_required_name_unknown_before_apply_reads_as_unknown(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
variable "suffix" {}
resource "azurerm_cdn_frontdoor_profile" "afd" {
  name                = "afd"
  resource_group_name = "rg"
  sku_name            = "Premium_AzureFrontDoor"
}
resource "azurerm_cdn_frontdoor_origin_group" "g" {
  name                     = "g"
  cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.afd.id
  load_balancing {}
}
resource "azurerm_cdn_frontdoor_origin" "o" {
  name                           = "origin-${var.suffix}"
  cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.g.id
  host_name                      = "example.org"
  certificate_name_check_enabled = true
}
"""
    )
    (origin,) = result.architecture.get("afd").origin_groups[0].origins
    assert origin.name == "(unknown)"  # what a message naming it prints


def test_registry_modules_are_reported_not_followed(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
module "vnet" {
  source  = "Azure/vnet/azurerm"
  version = "4.0.0"
}
"""
    )
    (problem,) = [p for p in result.problems if p.rule_id == "TF006"]
    assert "Azure/vnet/azurerm" in problem.message
    assert problem.location.line is not None


def test_unknown_resource_types_are_listed_once_as_not_evaluated(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
resource "random_string" "a" { length = 4 }
resource "random_string" "b" { length = 4 }
resource "azurerm_management_group" "c" {}
resource "azurerm_management_group" "d" {}
"""
    )
    assert result.not_evaluated == ["azurerm_management_group", "random_string"]
    info = [p for p in result.problems if p.rule_id == "TF005"]
    assert [p.severity for p in info] == ["info", "info"]
    assert sorted(p.message for p in info) == [
        "resource type azurerm_management_group is not evaluated by archlint: management "
        "groups are tenant governance, above the architecture archlint models (first at "
        "azurerm_management_group.c)",
        "resource type random_string is not evaluated by archlint: archlint evaluates azurerm "
        "resources only (first at random_string.a)",
    ]


# --- bad input -----------------------------------------------------------------------


def _errors(path: Path) -> list[str]:
    with pytest.raises(InputErrors) as caught:
        load_terraform(path)
    return [str(e) for e in caught.value.errors]


def test_syntax_errors_are_one_line_each_with_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "a.tf").write_text('resource "azurerm_resource_group" "rg" {\n  name = \n}\n')
    (tmp_path / "b.tf").write_text('resource "azurerm_resource_group" "rg2" {\n  name = "x"\n')
    errors = _errors(tmp_path)
    assert len(errors) == 2
    assert errors[0].startswith(f"{tmp_path / 'a.tf'}:")
    assert "HCL syntax error" in errors[0]
    assert (
        errors[1]
        == f"{tmp_path / 'b.tf'}:1:41: HCL syntax error: this '{{' is never closed (no '}}')"
    )
    assert all("\n" not in e for e in errors)


def test_directory_without_terraform_files(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("hello")
    assert _errors(tmp_path) == [f"{tmp_path}: no Terraform files (*.tf, *.tf.json) here"]


def test_missing_module_directory(import_hcl: ImportHcl) -> None:
    with pytest.raises(InputErrors) as caught:
        import_hcl('module "gone" {\n  source = "./nowhere"\n}\n', pin=False)
    (error,) = caught.value.errors
    assert error.line == 1
    assert "is not a directory" in error.message


def test_module_cycles_are_errors(import_hcl: ImportHcl) -> None:
    with pytest.raises(InputErrors) as caught:
        import_hcl('module "self" {\n  source = "./"\n}\n', pin=False)
    assert "module cycle" in caught.value.errors[0].message


def test_symlink_loops_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "loop.tf").symlink_to(tmp_path / "loop.tf")
    (tmp_path / "main.tf").write_text("")
    (error,) = _errors(tmp_path)
    assert "loop.tf" in error
    assert "symbolic link loop" in error


def test_file_too_large(tmp_path: Path) -> None:
    from archlint.errors import Limits

    (tmp_path / "main.tf").write_text("# " + "x" * 200 + "\n")
    with pytest.raises(InputErrors) as caught:
        load_terraform(tmp_path, Limits(max_file_bytes=100))
    assert "over the 100-byte limit" in caught.value.errors[0].message


def test_a_single_tf_file_is_read_alone(tmp_path: Path) -> None:
    (tmp_path / "other.tf").write_text('resource "azurerm_resource_group" "x" {\n}\n')
    single = tmp_path / "bus.tf"
    single.write_text(NAMESPACE)
    result = load_terraform(single)
    assert result.kind == "hcl"
    assert [n.name for n in result.architecture.messaging.service_bus] == ["sb-test"]
    assert result.architecture.metadata.primary_region == "westeurope"


def test_no_region_anywhere_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "random_id" "x" {\n  byte_length = 4\n}\n')
    arch = load_terraform(tmp_path).architecture
    assert ("metadata", "primary_region") in arch.unknowns


def test_a_standard_service_bus_namespace_with_capacity_zero_is_understood(
    import_hcl: ImportHcl,
) -> None:
    # azurerm: "When sku is Basic or Standard, capacity can be 0 only" (no messaging units).
    result = import_hcl(
        'resource "azurerm_servicebus_namespace" "sb" {\n  name = "sb"\n'
        '  location = "westeurope"\n  resource_group_name = "rg"\n  sku = "Standard"\n'
        "  capacity = 0\n}\n"
    )
    assert [p.message for p in result.problems if p.rule_id == "TF007"] == []
    premium = import_hcl(
        'resource "azurerm_servicebus_namespace" "sb" {\n  name = "sb"\n'
        '  location = "westeurope"\n  resource_group_name = "rg"\n  sku = "Premium"\n'
        "  capacity = 0\n}\n"
    )
    assert [p.rule_id for p in premium.problems if p.rule_id == "TF007"] == ["TF007"]
