"""Which VNet resolves for a VNet whose DNS servers are an Azure service (archlint.analysis.egress),
and DNS002 following it."""

from __future__ import annotations

import pytest

from archlint.analysis.egress import resolving_vnet
from archlint.loader import load_spec_text
from archlint.model import Architecture
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
        ("vnet-azure-dns", None),
    ],
)
def test_the_resolving_vnet(vnet_id: str, expected: str | None) -> None:
    arch = _arch()
    found = resolving_vnet(arch, _vnet(arch, vnet_id))
    assert (found.id if found else None) == expected


def test_a_firewall_without_dns_proxy_resolves_nothing() -> None:
    arch = _arch(proxy=False)
    assert resolving_vnet(arch, _vnet(arch, "vnet-via-firewall")) is None


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
    arch = load_spec_text(text, "x.yaml").architecture
    messages = [v.message for v in all_rules()["DNS002"].check(arch)]
    # The endpoint's own VNet asks the resolver, which resolves in the hub: the link to the
    # endpoint's VNet does not help, the hub needs one.
    assert len(messages) == 1
    assert "not linked to VNet 'vnet-hub' (for pe-blob)" in messages[0]
