"""Site-to-site and VNet-to-VNet connections and local network gateways from Terraform, in
azurerm 3.x (``enable_bgp``) and 4.x (``bgp_enabled``); a shared key is never copied (a literal
is recorded as one, a variable or a plan's sensitive value stays unknown); and the rules that
judge them on imported Terraform (SKU035, SKU036, SEC001, NET001)."""

from __future__ import annotations

import pytest

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.importers import ImportResult
from archlint.model.vpn import GatewayConnection
from archlint.rules import all_rules

from .conftest import PROVIDER_3, ImportHcl

NETWORK = """
resource "azurerm_virtual_network" "hub" {
  name                = "hub"
  resource_group_name = "rg"
  location            = "westeurope"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "gateway" {
  name                 = "GatewaySubnet"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.0.255.0/27"]
}
resource "azurerm_virtual_network_gateway" "vpn" {
  name                = "vpngw"
  resource_group_name = "rg"
  location            = "westeurope"
  type                = "Vpn"
  sku                 = "%SKU%"
  ip_configuration {
    name                          = "config"
    subnet_id                     = azurerm_subnet.gateway.id
    private_ip_address_allocation = "Dynamic"
  }
}
"""

SITE = (
    NETWORK
    + """
resource "azurerm_local_network_gateway" "site" {
  name                = "branch"
  resource_group_name = "rg"
  location            = "westeurope"
  gateway_address     = "203.0.113.10"
  address_space       = ["%SITE%"]
}
resource "azurerm_virtual_network_gateway_connection" "branch" {
  name                       = "branch"
  resource_group_name        = "rg"
  location                   = "westeurope"
  type                       = "IPsec"
  virtual_network_gateway_id = azurerm_virtual_network_gateway.vpn.id
  local_network_gateway_id   = azurerm_local_network_gateway.site.id
  %CONNECTION%
}
"""
)


def _site(sku: str = "VpnGw1AZ", site: str = "192.168.0.0/16", connection: str = "") -> str:
    return SITE.replace("%SKU%", sku).replace("%SITE%", site).replace("%CONNECTION%", connection)


def _connection(result: ImportResult) -> GatewayConnection:
    (connection,) = result.architecture.network.gateway_connections
    return connection


def _findings(result: ImportResult, rule_id: str) -> list[str]:
    rules = [all_rules()[rule_id]]
    return [f.message for f in run(result.architecture, result.locator, rules, Config()).findings]


@pytest.mark.parametrize(
    ("pin", "bgp"),
    [(PROVIDER_3, "enable_bgp"), ("", "bgp_enabled")],
    ids=["azurerm-3", "azurerm-4"],
)
def test_a_connection_in_both_majors(import_hcl: ImportHcl, pin: str, bgp: str) -> None:
    result = import_hcl(pin + _site(connection=f"{bgp} = true"), pin=not pin)
    connection = _connection(result)
    assert (connection.type, connection.gateway, connection.local_gateway) == (
        "IPsec",
        "vpn",
        "site",
    )
    assert connection.bgp_enabled is True
    assert connection.connection_protocol == "IKEv2"  # unstated: azurerm's and Azure's default


def test_a_literal_shared_key_is_recorded_never_copied(import_hcl: ImportHcl) -> None:
    result = import_hcl(_site(connection='shared_key = "4-v3ry-53cr37"'))
    assert _connection(result).shared_key == "<literal secret>"
    assert "4-v3ry-53cr37" not in result.architecture.model_dump_json()
    assert _findings(result, "SEC001") == [
        "gateway connection 'branch' has its IPsec shared key written as a literal value"
    ]


def test_a_shared_key_from_a_variable_is_unknown(import_hcl: ImportHcl) -> None:
    text = _site(connection="shared_key = var.key") + 'variable "key" { sensitive = true }\n'
    result = import_hcl(text)
    connection = _connection(result)
    assert connection.shared_key is None
    assert (*result.architecture.path_of(connection.id), "shared_key") in (
        result.architecture.unknowns
    )
    assert _findings(result, "SEC001") == []


def test_sku035_finds_ikev1_on_a_basic_gateway(import_hcl: ImportHcl) -> None:
    result = import_hcl(_site(sku="Basic", connection='connection_protocol = "IKEv1"'))
    assert _findings(result, "SKU035") == [
        "gateway connection 'branch' uses IKEv1, which virtual network gateway 'vpn' on the "
        "Basic SKU cannot create: IKEv1 needs a VpnGw SKU"
    ]
    assert _findings(import_hcl(_site(connection='connection_protocol = "IKEv1"')), "SKU035") == []


def test_sku036_finds_bgp_on_a_basic_gateway(import_hcl: ImportHcl) -> None:
    result = import_hcl(_site(sku="Basic", connection="bgp_enabled = true"))
    assert _findings(result, "SKU036") == [
        "gateway connection 'branch' enables BGP on virtual network gateway 'vpn', whose Basic "
        "SKU does not support BGP"
    ]


def test_net001_finds_a_site_overlapping_the_vnet_it_is_connected_to(
    import_hcl: ImportHcl,
) -> None:
    result = import_hcl(_site(site="10.0.8.0/22"))
    assert _findings(result, "NET001") == [
        "local network gateway 'site' address space 10.0.8.0/22 overlaps VNet 'hub' address "
        "space 10.0.0.0/16: the VNet's gateway is connected to the site, and traffic between "
        "them cannot be routed"
    ]
    assert _findings(import_hcl(_site()), "NET001") == []


EXPRESS_ROUTE = (
    NETWORK.replace("%SKU%", "ErGw1AZ").replace('"Vpn"', '"ExpressRoute"')
    + """
resource "azurerm_express_route_circuit" "c" {
  name                  = "erc"
  resource_group_name   = "rg"
  location              = "westeurope"
  service_provider_name = "Equinix"
  peering_location      = "Amsterdam"
  bandwidth_in_mbps     = 50
  sku {
    tier   = "Standard"
    family = "MeteredData"
  }
}
resource "azurerm_virtual_network_gateway_connection" "er" {
  name                       = "er"
  resource_group_name        = "rg"
  location                   = "westeurope"
  type                       = "ExpressRoute"
  virtual_network_gateway_id = azurerm_virtual_network_gateway.vpn.id
  express_route_circuit_id   = azurerm_express_route_circuit.c.id
}
"""
)


def test_an_expressroute_connection_names_its_circuit(import_hcl: ImportHcl) -> None:
    result = import_hcl(EXPRESS_ROUTE)
    connection = _connection(result)
    assert (connection.type, connection.gateway, connection.express_route_circuit) == (
        "ExpressRoute",
        "vpn",
        "c",
    )
    assert (connection.local_gateway, connection.peer_gateway, connection.shared_key) == (
        None,
        None,
        None,
    )
