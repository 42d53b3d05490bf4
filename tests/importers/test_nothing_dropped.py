# ruff: noqa: E501  (Terraform fixtures hold full Azure resource ids)
"""Nothing read from Terraform is dropped in silence, and no mapper fails on unknown values.

A mapper that raises is caught (the resource becomes unknown, with a TF007 note), but that is
a bug in archlint, not in the input: every mapped type is driven here through the shapes a
plan or an unevaluated expression gives it (every argument unknown, every block unknown,
blocks whose every argument is unknown, references to resources outside the configuration,
instances under an unknown ``count``/``for_each``), and none may fail.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from archlint.importers.azurerm import MAPPED_TYPES, map_resources
from archlint.importers.provider_schema import BlockSchema, load_schema
from archlint.importers.values import UNKNOWN, Reference, TfResource

from .conftest import ImportHcl

SCHEMA = load_schema(4)
TYPES = sorted(t for t in MAPPED_TYPES if SCHEMA.has_resource(t))


def _unknown_body(schema: BlockSchema, depth: int = 0) -> dict[str, Any]:
    """Every argument unknown; every nested block present once, filled the same way."""
    body: dict[str, Any] = dict.fromkeys(schema.args, UNKNOWN)
    if depth < 4:
        for name, block in schema.blocks.items():
            inner = _unknown_body(block, depth + 1)
            body[name] = [inner] if block.is_list else inner
    return body


def _blocks_unknown(schema: BlockSchema) -> dict[str, Any]:
    """Every argument unknown, every block unknown as a whole (a dynamic block over an
    unknown collection)."""
    return dict.fromkeys([*schema.args, *schema.blocks], UNKNOWN)


def _outside_references(schema: BlockSchema) -> dict[str, Any]:
    """Every argument a reference to a resource that is not in the configuration."""
    return {
        name: Reference(f"data.azurerm_resource.{name}", ("id",), UNKNOWN) for name in schema.args
    }


SHAPES: dict[str, Callable[[BlockSchema], dict[str, Any]]] = {
    "every-argument-unknown": _unknown_body,
    "every-block-unknown": _blocks_unknown,
    "references-outside": _outside_references,
}


def _resource(resource_type: str, values: dict[str, Any], wildcard: bool = False) -> TfResource:
    return TfResource(
        address=f"{resource_type}.x",
        type=resource_type,
        name="x",
        values=values,
        file="main.tf",
        line=1,
        wildcard=wildcard,
    )


def _failures(problems: list[Any]) -> list[str]:
    return [str(p) for p in problems if "could not read" in p.message]


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_no_mapper_fails_on_unknown_values(shape: str) -> None:
    failed: list[str] = []
    for resource_type in TYPES:
        schema = SCHEMA.resource(resource_type)
        assert schema is not None
        for wildcard in (False, True):
            resource = _resource(resource_type, SHAPES[shape](schema), wildcard)
            mapped = map_resources([resource], source="main.tf", name="t")
            failed += _failures(mapped.problems)
    assert not failed, "\n".join(failed)


def test_every_type_with_all_of_its_kin_unknown_maps_together() -> None:
    """All mapped types in one configuration, every value unknown: cross-resource work
    (deferred references, associations, stubs) must not fail either."""
    resources = [
        _resource(t, _unknown_body(schema))
        for t in TYPES
        if (schema := SCHEMA.resource(t)) is not None
    ]
    mapped = map_resources(resources, source="main.tf", name="t")
    assert not _failures(mapped.problems)


def test_a_standalone_nsg_rule_whose_nsg_is_outside_is_said(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
resource "azurerm_network_security_rule" "rdp" {
  name                        = "rdp"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "3389"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg"
  network_security_group_name = "nsg-elsewhere"
}
"""
    )
    notes = [str(p) for p in result.problems if p.rule_id == "TF005"]
    assert any(
        "azurerm_network_security_rule.rdp is not evaluated" in n and "network security group" in n
        for n in notes
    ), notes


def test_an_association_whose_subnet_is_outside_is_said(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "eastus2"
  resource_group_name = "rg"
}
resource "azurerm_subnet_network_security_group_association" "a" {
  subnet_id                 = var.subnet_id
  network_security_group_id = azurerm_network_security_group.nsg.id
}
variable "subnet_id" { type = string }
"""
    )
    assert any(
        "azurerm_subnet_network_security_group_association.a is not evaluated" in str(p)
        for p in result.problems
    )


def test_source_address_prefixes_keep_every_prefix(import_hcl: ImportHcl) -> None:
    """Several prefixes, one of them the whole internet: the rule is open to the internet."""
    result = import_hcl(
        """
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "eastus2"
  resource_group_name = "rg"
  security_rule {
    name                       = "ssh"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefixes    = ["10.0.0.0/8", "0.0.0.0/0"]
    destination_address_prefix = "*"
  }
}
"""
    )
    from archlint.analysis.nsg import decide

    (nsg,) = result.architecture.index.of_kind("network_security_group")
    assert decide(nsg, "Inbound", "Internet", 22).allowed


def test_a_subnet_name_is_no_evidence_of_its_purpose(import_hcl: ImportHcl) -> None:
    """A subnet called "bastion" holds whatever is put in it: no rule may judge it as an
    Azure Bastion subnet (only the name Azure reserves, AzureBastionSubnet, says that)."""
    result = import_hcl(
        """
resource "azurerm_virtual_network" "v" {
  name                = "v"
  location            = "eastus2"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "bastion" {
  name                 = "snet-bastion"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = ["10.0.1.0/24"]
}
resource "azurerm_subnet" "reserved" {
  name                 = "AzureBastionSubnet"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = ["10.0.2.0/26"]
}
"""
    )
    subnets = {s.name: s for s in result.architecture.index.of_kind("subnet")}
    assert subnets["AzureBastionSubnet"].purpose == "bastion"
    named = subnets["snet-bastion"]
    assert named.purpose != "bastion"
    path = result.architecture.path_of(named.id)
    assert (*path, "purpose") in result.architecture.unknowns


AUTOSCALE = """
resource "azurerm_monitor_autoscale_setting" "scale" {
  name                = "scale"
  location            = "eastus2"
  resource_group_name = "rg"
  target_resource_id  = %TARGET%
  profile {
    name = "default"
    capacity {
      default = 2
      minimum = 1
      maximum = 4
    }
  }
}
"""


def test_autoscale_of_a_scale_set_is_not_read_as_a_plans(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        AUTOSCALE.replace("%TARGET%", "azurerm_linux_virtual_machine_scale_set.vmss.id")
        + """
resource "azurerm_linux_virtual_machine_scale_set" "vmss" {
  name = "vmss"
}
"""
    )
    assert not result.architecture.monitoring.autoscale
    assert not result.architecture.index.of_kind("app_service_plan")
    assert any(
        "azurerm_monitor_autoscale_setting.scale is not evaluated: it scales a "
        "azurerm_linux_virtual_machine_scale_set" in str(p)
        for p in result.problems
    )


def test_autoscale_by_arm_id_of_a_scale_set(import_hcl: ImportHcl) -> None:
    arm = (
        '"/subscriptions/0/resourceGroups/rg/providers/'
        'Microsoft.Compute/virtualMachineScaleSets/vmss"'
    )
    result = import_hcl(AUTOSCALE.replace("%TARGET%", arm))
    assert not result.architecture.monitoring.autoscale
    assert any("microsoft.compute/virtualmachinescalesets" in str(p) for p in result.problems)


def test_autoscale_of_a_plan_is_read(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        AUTOSCALE.replace("%TARGET%", "azurerm_service_plan.plan.id")
        + """
resource "azurerm_service_plan" "plan" {
  name                = "plan"
  location            = "eastus2"
  resource_group_name = "rg"
  os_type             = "Linux"
  sku_name            = "P1v3"
}
"""
    )
    (setting,) = result.architecture.monitoring.autoscale
    assert result.architecture.get(setting.target).kind == "app_service_plan"


APP_GATEWAY = """
resource "azurerm_application_gateway" "agw" {
  name                = "agw"
  location            = "eastus2"
  resource_group_name = "rg"
  sku {
    name     = "WAF_v2"
    tier     = "WAF_v2"
    capacity = 2
  }
  gateway_ip_configuration {
    name      = "ip"
    subnet_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/agw"
  }
  ssl_policy {
    %POLICY%
  }
}
"""


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ('disabled_protocols = ["TLSv1_0"]', "1.1"),
        ('disabled_protocols = ["TLSv1_0", "TLSv1_1"]', "1.2"),
        ('policy_type = "Predefined"\n    policy_name = "AppGwSslPolicy20150501"', "1.0"),
    ],
)
def test_app_gateway_disabled_protocols_set_the_minimum(
    import_hcl: ImportHcl, policy: str, expected: str
) -> None:
    result = import_hcl(APP_GATEWAY.replace("%POLICY%", policy))
    (gateway,) = result.architecture.edge.application_gateways
    assert gateway.min_tls_version == expected


def test_retired_and_current_skus_are_read(import_hcl: ImportHcl) -> None:
    """Values the provider accepts are accepted: a v1 gateway (whose default TLS policy is
    AppGwSslPolicy20150501, TLS 1.0), a StandardV2 public IP, a general-purpose v1 account."""
    result = import_hcl(
        APP_GATEWAY.replace('"WAF_v2"', '"WAF_Medium"')
        .replace('tier     = "WAF_Medium"', 'tier     = "WAF"')
        .replace("  ssl_policy {\n    %POLICY%\n  }\n", "")
        + """
resource "azurerm_public_ip" "nat" {
  name                = "pip-nat"
  location            = "eastus2"
  resource_group_name = "rg"
  allocation_method   = "Static"
  sku                 = "StandardV2"
}
resource "azurerm_storage_account" "v1" {
  name                     = "stv1"
  location                 = "eastus2"
  resource_group_name      = "rg"
  account_tier             = "Standard"
  account_replication_type = "LRS"
  account_kind             = "Storage"
}
"""
    )
    assert not [p for p in result.problems if p.rule_id == "TF007"], result.problems
    (gateway,) = result.architecture.edge.application_gateways
    assert (gateway.sku, gateway.min_tls_version) == ("WAF_Medium", "1.0")
    (address,) = result.architecture.network.public_ips
    assert address.sku == "StandardV2"
    (account,) = result.architecture.data.storage_accounts
    assert account.account_kind == "Storage"
