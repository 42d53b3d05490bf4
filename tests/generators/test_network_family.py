"""Terraform for the network family (firewalls, routes, NAT and VPN gateways and connections, load
balancers, API Management, DNS Private Resolvers, Virtual WAN) matches the azurerm 4.x schema,
and refers only to what it declares. The specs are the rules' fixtures and one resolver spec
written here."""

from __future__ import annotations

import pytest

from archlint.generators.terraform import generate_terraform
from archlint.importers.provider_schema import validate_block
from archlint.loader import load_spec, load_spec_text
from archlint.model import Architecture
from tests.conftest import ROOT
from tests.generators.conftest import ParsedConfig

FIXTURES = ROOT / "tests" / "fixtures" / "rules"
SPECS = sorted(
    path
    for rule in (
        *("ZR030", "ZR031", "ZR032", "ZR033", "NET030", "NET031", "NET032", "NET033"),
        *("NET034", "NET035", "SKU034"),  # Virtual WAN: WANs, hubs, connections, hub firewalls
        *("SKU035", "SKU036", "NET001"),  # VPN connections and local network gateways
        "ZR034",  # NAT gateways with public IPs and prefixes
    )
    for path in (FIXTURES / rule).glob("*.yaml")
)

RESOLVER = """
metadata: {name: resolver, primary_region: westeurope}
network:
  vnets:
    - id: vnet-hub
      region: westeurope
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-in, cidr: 10.0.1.0/28, purpose: workload,
           delegation: Microsoft.Network/dnsResolvers}
        - {id: snet-out, cidr: 10.0.1.16/28, purpose: workload,
           delegation: Microsoft.Network/dnsResolvers}
  dns_resolvers:
    - id: dnspr-hub
      region: westeurope
      vnet: vnet-hub
      inbound_endpoints: [{name: in, subnet: snet-in, private_ip: 10.0.1.4}]
      outbound_endpoints: [{name: out, subnet: snet-out}]
  dns_forwarding_rulesets:
    - id: rs-onprem
      region: westeurope
      resolver: dnspr-hub
      rules: [{name: corp, domain: corp.example., target_dns_servers: [192.168.1.10:5353]}]
      vnet_links: [vnet-hub]
"""


def _problems(architecture: Architecture) -> list[str]:
    config = ParsedConfig.parse(generate_terraform(architecture))
    declared = {f"{r.type}.{r.name}" for r in config.resources()}
    text = "\n".join(generate_terraform(architecture).values())
    dangling = [
        word
        for word in text.replace("[", " ").replace("(", " ").split()
        if word.startswith("azurerm_")
        and word.count(".") >= 2
        and ".".join(word.split(".")[:2]) not in declared
    ]
    return [
        f"{r.type}.{r.name}: {p}"
        for r in config.resources()
        for p in validate_block(r.type, r.body)
    ] + [f"undeclared reference {word}" for word in dangling]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_rule_fixtures_generate_schema_valid_terraform(spec) -> None:
    assert _problems(load_spec(spec).architecture) == []


def test_resolvers_generate_schema_valid_terraform() -> None:
    architecture = load_spec_text(RESOLVER, "resolver.yaml").architecture
    files = generate_terraform(architecture)
    assert "azurerm_private_dns_resolver_outbound_endpoint.dnspr_hub_out.id" in files["network.tf"]
    assert _problems(architecture) == []


def test_a_hub_firewall_gets_its_virtual_hub_block() -> None:
    architecture = load_spec(FIXTURES / "SKU034" / "pass.yaml").architecture
    network = generate_terraform(architecture)["network.tf"]
    assert "virtual_hub_id = azurerm_virtual_hub.vhub.id" in network
    assert "set virtual_hub" not in network  # the hub is known: no comment in its place
