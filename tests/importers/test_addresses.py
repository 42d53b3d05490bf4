"""Public IP prefixes and NAT gateway prefix associations from Terraform (azurerm 3.x and 4.x),
values known only at apply, and ZR034 on imported Terraform."""

from __future__ import annotations

import pytest

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.importers import ImportResult
from archlint.model.addresses import PublicIpPrefix
from archlint.rules import all_rules

from .conftest import PROVIDER_3, ImportHcl

NAT = """
resource "azurerm_nat_gateway" "ngw" {
  name                = "ngw"
  resource_group_name = "rg"
  location            = "westeurope"
  zones               = ["1"]
}
resource "azurerm_public_ip_prefix" "egress" {
  name                = "egress"
  resource_group_name = "rg"
  location            = "westeurope"
  %ZONES%
}
resource "azurerm_nat_gateway_public_ip_prefix_association" "egress" {
  nat_gateway_id      = azurerm_nat_gateway.ngw.id
  public_ip_prefix_id = %PREFIX%
}
"""


def _nat(zones: str = "", prefix: str = "azurerm_public_ip_prefix.egress.id") -> str:
    return NAT.replace("%ZONES%", zones).replace("%PREFIX%", prefix)


def _zr034(result: ImportResult) -> list[str]:
    rules = [all_rules()["ZR034"]]
    return [f.message for f in run(result.architecture, result.locator, rules, Config()).findings]


@pytest.mark.parametrize("pin", [PROVIDER_3, ""], ids=["azurerm-3", "azurerm-4"])
def test_a_prefix_given_to_a_nat_gateway(import_hcl: ImportHcl, pin: str) -> None:
    result = import_hcl(pin + _nat(zones='zones = ["1"]'), pin=not pin)
    network = result.architecture.network
    (prefix,) = network.public_ip_prefixes
    assert isinstance(prefix, PublicIpPrefix)
    assert (prefix.sku, prefix.prefix_length, prefix.zones) == ("Standard", 28, [1])
    (gateway,) = network.nat_gateways
    assert gateway.public_ip_prefixes == [prefix.id]
    assert _zr034(result) == []


def test_zr034_finds_a_prefix_in_another_zone(import_hcl: ImportHcl) -> None:
    result = import_hcl(_nat(zones='zones = ["2"]'))
    assert _zr034(result) == [
        "NAT gateway 'ngw' is in zone 1 but uses public IP prefix 'egress' in zone 2: a zonal "
        "NAT gateway takes addresses from its own zone or zone-redundant ones only"
    ]


def test_a_prefix_without_zones_is_not_judged(import_hcl: ImportHcl) -> None:
    assert _zr034(import_hcl(_nat())) == []


def test_a_prefix_outside_the_configuration_is_unknown(import_hcl: ImportHcl) -> None:
    prefix = '"/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/publicIPPrefixes/x"'
    result = import_hcl(_nat(prefix=prefix))
    (gateway,) = result.architecture.network.nat_gateways
    assert gateway.public_ip_prefixes == []
    path = (*result.architecture.path_of(gateway.id), "public_ip_prefixes")
    assert path in result.architecture.unknowns
