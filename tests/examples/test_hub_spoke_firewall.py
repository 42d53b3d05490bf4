"""examples/hub-spoke-firewall.yaml: the hub-spoke reference architecture with Azure Firewall.

It validates, lints clean, generates Terraform that matches the azurerm 4.x schema and Bicep
that matches Azure's resource types, and each
defect planted in it (one per network-family kind) is found by the rule that judges it.
"""

from __future__ import annotations

import pytest

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.generators.bicep import build_bicep
from archlint.generators.terraform import generate_terraform
from archlint.importers.provider_schema import validate_block
from archlint.loader import load_spec_text
from archlint.location import YamlLocator
from archlint.rules import all_rules
from tests.conftest import ROOT
from tests.generators.bicep_types import check_resource
from tests.generators.conftest import ParsedConfig

EXAMPLE = ROOT / "examples" / "hub-spoke-firewall.yaml"
TEXT = EXAMPLE.read_text(encoding="utf-8")


def _lint(text: str) -> list[tuple[str, str]]:
    loaded = load_spec_text(text, str(EXAMPLE))
    result = run(
        loaded.architecture,
        YamlLocator(loaded.source_map),
        list(all_rules().values()),
        Config(),
    )
    return [(f.rule_id, f.message) for f in result.findings]


def _planted(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, f"the example no longer holds {old!r} exactly once"
    return TEXT.replace(old, new)


def test_the_example_lints_clean() -> None:
    assert _lint(TEXT) == []


def test_the_example_generates_schema_valid_terraform() -> None:
    loaded = load_spec_text(TEXT, str(EXAMPLE))
    config = ParsedConfig.parse(generate_terraform(loaded.architecture))
    types = {r.type for r in config.resources()}
    assert {
        "azurerm_firewall",
        "azurerm_firewall_policy",
        "azurerm_firewall_policy_rule_collection_group",
        "azurerm_route_table",
        "azurerm_subnet_route_table_association",
        "azurerm_virtual_network_gateway",
    } <= types
    problems = [
        f"{r.type}.{r.name}: {p}"
        for r in config.resources()
        for p in validate_block(r.type, r.body)
    ]
    assert problems == []


PLANTED = {
    "firewall pinned to one zone": (
        "      zones: [1, 2, 3]\n      subnet: snet-firewall",
        "      zones: [2]\n      subnet: snet-firewall",
        "ZR030",
    ),
    "firewall policy without DNS proxy": (
        "      dns: {proxy_enabled: true}\n",
        "",
        "DNS030",
    ),
    "route table to a stale appliance IP": (
        "next_hop_type: VirtualAppliance, appliance: afw-hub, next_hop_ip: 10.0.0.4}",
        "next_hop_type: VirtualAppliance, next_hop_ip: 10.0.0.5}",
        "NET030",
    ),
    "spoke peering refusing forwarded traffic": (
        "    - {id: spoke-2-to-hub, local: vnet-spoke-2, remote: vnet-hub,\n"
        "       allow_forwarded_traffic: true,",
        "    - {id: spoke-2-to-hub, local: vnet-spoke-2, remote: vnet-hub,\n"
        "       allow_forwarded_traffic: false,",
        "NET032",
    ),
    "NAT gateway behind the default route": (
        "           nsg: nsg-spoke-workload, route_table: rt-spokes}\n\n",
        "           nsg: nsg-spoke-workload, route_table: rt-spokes, nat_gateway: ng-spoke-2}\n\n"
        "  nat_gateways:\n    - {id: ng-spoke-2, region: westeurope}\n\n",
        "NET031",
    ),
    "VPN gateway on a SKU without zones": ("sku: VpnGw2AZ", "sku: VpnGw2", "ZR031"),
    # The spokes resolve through the firewall's DNS proxy: the zone must be linked where the
    # firewall resolves (the hub), and a link to a spoke does not help.
    "private DNS zone linked to a spoke, not the hub": (
        "      vnet_links: [{vnet: vnet-hub}]",
        "      vnet_links: [{vnet: vnet-spoke-1}]",
        "DNS002",
    ),
}


@pytest.mark.parametrize("defect", sorted(PLANTED))
def test_a_planted_defect_is_found(defect: str) -> None:
    old, new, rule_id = PLANTED[defect]
    found = _lint(_planted(old, new))
    assert found and {rule for rule, _ in found} == {rule_id}, found


def test_the_example_generates_bicep_that_matches_azure_types() -> None:
    architecture = load_spec_text(TEXT, str(EXAMPLE)).architecture
    resources = build_bicep(architecture).resources
    assert {
        "Microsoft.Network/azureFirewalls",
        "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
        "Microsoft.Network/routeTables",
        "Microsoft.Network/virtualNetworkGateways",
    } <= {r.type for r in resources}
    assert [p for r in resources for p in check_resource(r)] == []
