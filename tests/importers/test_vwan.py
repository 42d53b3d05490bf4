"""Virtual WAN from Terraform: virtual WANs, hubs, hub connections and a hub firewall, in
azurerm 3.x and 4.x; values known only at apply; and the rules that judge them (SKU034,
NET034, NET001) on imported Terraform."""

from __future__ import annotations

import pytest

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.importers import ImportResult
from archlint.model.egress import Firewall
from archlint.model.vwan import VirtualHub, VirtualHubConnection, VirtualWan
from archlint.rules import all_rules

from .conftest import PROVIDER_3, ImportHcl

WAN = """
resource "azurerm_virtual_wan" "wan" {
  name                = "vwan"
  resource_group_name = "rg"
  location            = "westeurope"
  %TYPE%
}
resource "azurerm_virtual_hub" "hub" {
  name                = "vhub"
  resource_group_name = "rg"
  location            = "westeurope"
  virtual_wan_id      = azurerm_virtual_wan.wan.id
  address_prefix      = "10.100.0.0/23"
}
resource "azurerm_firewall" "fw" {
  name                = "afw-vhub"
  resource_group_name = "rg"
  location            = "westeurope"
  sku_name            = "AZFW_Hub"
  sku_tier            = "Premium"
  virtual_hub {
    virtual_hub_id = azurerm_virtual_hub.hub.id
  }
}
"""

SPOKES = """
resource "azurerm_virtual_network" "spoke" {
  for_each            = var.spokes
  name                = each.key
  resource_group_name = "rg"
  location            = "westeurope"
  address_space       = [each.value]
}
resource "azurerm_virtual_hub_connection" "spoke" {
  for_each                  = var.spokes
  name                      = each.key
  virtual_hub_id            = azurerm_virtual_hub.hub.id
  remote_virtual_network_id = azurerm_virtual_network.spoke[each.key].id
}
variable "spokes" {
  type = map(string)
}
"""


def _findings(result: ImportResult, rule_id: str) -> list[str]:
    rules = [all_rules()[rule_id]]
    return [f.message for f in run(result.architecture, result.locator, rules, Config()).findings]


def _one(result: ImportResult, kind: type) -> object:
    network = result.architecture.network
    everything = [*network.virtual_wans, *network.virtual_hubs, *network.hub_connections]
    (component,) = [c for c in [*everything, *network.firewalls] if isinstance(c, kind)]
    return component


@pytest.mark.parametrize("pin", [PROVIDER_3, ""], ids=["azurerm-3", "azurerm-4"])
def test_an_unstated_wan_type_is_standard_in_both_majors(import_hcl: ImportHcl, pin: str) -> None:
    result = import_hcl(pin + WAN.replace("%TYPE%", ""), pin=not pin)
    wan = _one(result, VirtualWan)
    assert isinstance(wan, VirtualWan) and wan.type == "Standard"
    hub = _one(result, VirtualHub)
    assert isinstance(hub, VirtualHub)
    assert (hub.wan, str(hub.address_prefix)) == (wan.id, "10.100.0.0/23")
    assert _findings(result, "SKU034") == []


def test_a_hub_firewall_names_its_hub_and_its_private_ip_is_unknown(
    import_hcl: ImportHcl,
) -> None:
    result = import_hcl(WAN.replace("%TYPE%", ""))
    firewall = _one(result, Firewall)
    assert isinstance(firewall, Firewall)
    assert (firewall.sku, firewall.virtual_hub, firewall.subnet) == ("AZFW_Hub", "hub", None)
    path = (*result.architecture.path_of(firewall.id), "private_ip")
    assert path in result.architecture.unknowns


def test_sku034_finds_a_firewall_in_a_basic_wan_hub(import_hcl: ImportHcl) -> None:
    result = import_hcl(WAN.replace("%TYPE%", 'type = "Basic"'))
    assert _findings(result, "SKU034") == [
        "Azure Firewall 'fw' is in virtual hub 'hub', a hub of Basic virtual WAN 'wan': a "
        "Basic hub offers site-to-site VPN only, so the hub cannot hold a firewall"
    ]


def test_a_wan_type_known_only_at_apply_is_not_judged(import_hcl: ImportHcl) -> None:
    text = WAN.replace("%TYPE%", "type = var.wan_type") + 'variable "wan_type" {}\n'
    result = import_hcl(text)
    assert _findings(result, "SKU034") == []


def test_an_unknown_virtual_hub_block_leaves_the_hub_unknown(import_hcl: ImportHcl) -> None:
    text = WAN.replace("%TYPE%", "").replace(
        """  virtual_hub {
    virtual_hub_id = azurerm_virtual_hub.hub.id
  }""",
        """  dynamic "virtual_hub" {
    for_each = var.hubs
    content {
      virtual_hub_id = virtual_hub.value
    }
  }""",
    )
    result = import_hcl(text + 'variable "hubs" {}\n')
    firewall = _one(result, Firewall)
    assert isinstance(firewall, Firewall) and firewall.virtual_hub is None
    path = (*result.architecture.path_of(firewall.id), "virtual_hub")
    assert path in result.architecture.unknowns


def test_connections_of_unknown_spokes_are_not_judged(import_hcl: ImportHcl) -> None:
    """Connections made for each of a variable's spokes: which VNets they attach is known at
    apply only, so neither NET034 nor NET001 concludes about them."""
    result = import_hcl(WAN.replace("%TYPE%", "") + SPOKES)
    connection = _one(result, VirtualHubConnection)
    assert isinstance(connection, VirtualHubConnection) and connection.hub == "hub"
    assert _findings(result, "NET034") == []
    assert _findings(result, "NET001") == []


def test_net001_finds_a_spoke_inside_the_hub_prefix(import_hcl: ImportHcl) -> None:
    spoke = """
resource "azurerm_virtual_network" "spoke" {
  name                = "spoke"
  resource_group_name = "rg"
  location            = "westeurope"
  address_space       = ["10.100.1.0/24"]
}
resource "azurerm_virtual_hub_connection" "spoke" {
  name                      = "spoke"
  virtual_hub_id            = azurerm_virtual_hub.hub.id
  remote_virtual_network_id = azurerm_virtual_network.spoke.id
}
"""
    result = import_hcl(WAN.replace("%TYPE%", "") + spoke)
    assert _findings(result, "NET001") == [
        "virtual hub 'hub' address prefix 10.100.0.0/23 overlaps VNet 'spoke-virtual_network' "
        "address space 10.100.1.0/24: the VNet is connected to the hub, and traffic between "
        "them cannot be routed"
    ]
