"""Which VNet resolves for a VNet whose DNS servers are an Azure service (archlint.analysis.egress),
and DNS002 following it."""

from __future__ import annotations

import pytest

from archlint.analysis.egress import resolution
from archlint.engine.runner import run
from archlint.loader import load_spec_text
from archlint.location import YamlLocator
from archlint.model import Architecture, format_path
from archlint.model.network import VirtualNetwork
from archlint.rules import all_rules

SPEC = """
metadata: {name: resolvers, primary_region: westeurope}
network:
  vnets:
    - id: vnet-hub
      region: westeurope
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-firewall, name: AzureFirewallSubnet, cidr: 10.0.0.0/26, purpose: firewall}
        - {id: snet-in, cidr: 10.0.1.0/28, purpose: workload,
           delegation: Microsoft.Network/dnsResolvers}
    - {id: vnet-via-firewall, region: westeurope, address_space: [10.1.0.0/16],
       dns_servers: [10.0.0.4]}
    - id: vnet-via-resolver
      region: westeurope
      address_space: [10.2.0.0/16]
      dns_servers: [10.0.1.4]
      subnets: [{id: snet-pe, cidr: 10.2.1.0/24, purpose: private_endpoints}]
    - {id: vnet-mixed, region: westeurope, address_space: [10.3.0.0/16],
       dns_servers: [10.0.1.4, 192.168.1.10]}
    - {id: vnet-azure-dns, region: westeurope, address_space: [10.4.0.0/16]}
  firewalls:
    - {id: afw, region: westeurope, subnet: snet-firewall, private_ip: 10.0.0.4, policy: afwp}
  firewall_policies:
    - {id: afwp, region: westeurope, dns: {proxy_enabled: PROXY}}
  dns_resolvers:
    - {id: dnspr, region: westeurope, vnet: vnet-hub,
       inbound_endpoints: [{name: in, subnet: snet-in, private_ip: 10.0.1.4}]}
"""


def _arch(proxy: bool = True) -> Architecture:
    return load_spec_text(SPEC.replace("PROXY", str(proxy).lower()), "x.yaml").architecture


def _vnet(arch: Architecture, vnet_id: str) -> VirtualNetwork:
    vnet = arch.get(vnet_id)
    assert isinstance(vnet, VirtualNetwork)
    return vnet


@pytest.mark.parametrize(
    ("vnet_id", "expected"),
    [
        ("vnet-via-firewall", "vnet-hub"),
        ("vnet-via-resolver", "vnet-hub"),
        ("vnet-mixed", None),  # one server is not Azure's: what it answers is unknown
        ("vnet-azure-dns", "vnet-azure-dns"),
    ],
)
def test_the_resolving_vnet(vnet_id: str, expected: str | None) -> None:
    arch = _arch()
    found = resolution(arch, _vnet(arch, vnet_id))
    assert (found.vnet.id if found else None) == expected


def test_a_firewall_without_dns_proxy_resolves_nothing() -> None:
    arch = _arch(proxy=False)
    assert resolution(arch, _vnet(arch, "vnet-via-firewall")) is None


@pytest.mark.parametrize(
    ("vnet_id", "expected"),
    [
        (
            "vnet-via-firewall",
            [
                "network.vnets[1].dns_servers",
                "network.firewalls[0].private_ip",
                "network.firewalls[0].subnet",
                "network.firewalls[0].policy",
                "network.firewall_policies[0].dns.proxy_enabled",
                "network.firewall_policies[0].dns.servers",
            ],
        ),
        (
            "vnet-via-resolver",
            [
                "network.vnets[2].dns_servers",
                "network.dns_resolvers[0].vnet",
                "network.dns_resolvers[0].inbound_endpoints[0].private_ip",
            ],
        ),
        ("vnet-azure-dns", ["network.vnets[4].dns_servers"]),
    ],
)
def test_the_fields_a_resolution_rests_on(vnet_id: str, expected: list[str]) -> None:
    # A finding about where a VNet resolves is not judged when one of these is unknown.
    arch = _arch()
    found = resolution(arch, _vnet(arch, vnet_id))
    assert found is not None
    assert [format_path(path) for path in found.premises] == expected


def test_dns002_asks_for_the_link_where_the_resolver_resolves() -> None:
    text = (
        SPEC.replace("PROXY", "true")
        + """
  private_dns_zones:
    - {id: pdz-blob, zone: privatelink.blob.core.windows.net,
       vnet_links: [{vnet: vnet-via-resolver}]}
  private_endpoints:
    - {id: pe-blob, target: st, subresource: blob, subnet: snet-pe, dns_zone_group: [pdz-blob]}
data:
  storage_accounts:
    - {id: st, replication: ZRS, public_network_access: false}
"""
    )
    loaded = load_spec_text(text, "x.yaml")
    arch = loaded.architecture
    messages = [v.message for v in all_rules()["DNS002"].check(arch)]
    # The endpoint's own VNet asks the resolver, which resolves in the hub: the link to the
    # endpoint's VNet does not help, the hub needs one.
    assert len(messages) == 1
    assert "not linked to VNet 'vnet-hub' (for pe-blob)" in messages[0]
    # That rests on the resolver's address: known only at apply, the hub is not judged.
    locator = YamlLocator(loaded.source_map)
    assert len(run(arch, locator, [all_rules()["DNS002"]]).findings) == 1
    arch.unknowns.add((*arch.path_of("dnspr"), "inbound_endpoints", 0, "private_ip"))
    assert run(arch, locator, [all_rules()["DNS002"]]).findings == []
