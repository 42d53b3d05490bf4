"""Address ranges overlap between subnets, VNets or on-premises networks.

## What it does
Finds every pair of overlapping address ranges:

- two subnets of the same VNet;
- two address spaces of the same VNet;
- the address spaces of two VNets, whether they are peered today or not (every VNet of one
  architecture is expected to be connected eventually: peering, a hub, a VPN);
- a VNet's address space and an on-premises range (`network.on_premises.ranges`);
- a virtual hub's address prefix (a hub is a Microsoft-managed VNet) and any of the above,
  or another hub's;
- a local network gateway's address space (an on-premises site of a site-to-site VPN) and the
  address space of a VNet whose gateway a connection links to that site.

Each overlap is reported once, on the later range, naming both ranges and their owners.

## Why is this bad?
Azure refuses overlapping subnets in a VNet and refuses to peer VNets whose address spaces
overlap. Overlaps between a VNet and on-premises ranges deploy fine but break routing the
day the networks are connected: a packet for `10.0.1.5` cannot go to two places, so hybrid
connectivity and the seed's "cross-region VNet peering" next step fail. Re-addressing a VNet
later means redeploying everything in it (an ASE v3 cannot even change subnet). A virtual hub
routes between the VNets connected to it, the other hubs of its virtual WAN and the branches:
an address both in the hub and in a VNet cannot be routed to either. Learn's site-to-site
tutorial says it plainly: none of the on-premises subnets can overlap the VNet subnets you
connect to.

## Example
```yaml
network:
  vnets:
    - id: vnet-eastus2
      address_space: [10.0.0.0/16]
    - id: vnet-westus2
      address_space: [10.0.0.0/16]   # the secondary region copied the primary's plan
  on_premises:
    ranges: [10.0.0.0/8]
```

## Use instead
```yaml
network:
  vnets:
    - id: vnet-eastus2
      address_space: [10.1.0.0/16]
    - id: vnet-westus2
      address_space: [10.2.0.0/16]
  on_premises:
    ranges: [172.16.0.0/16]
```

## Notes
The search is a sort-and-sweep over address intervals (IPv4 and IPv6 apart), O(n log n + k)
for n ranges and k overlaps, in `archlint.analysis.cidr`. A subnet inside its own VNet is
not an overlap; a subnet outside its VNet is NET002's finding. Overlaps between on-premises
ranges, or between local network gateways, are not reported (they are not part of the Azure
design; two local gateways of one site may list the same ranges), nor a local network gateway
and a VNet no connection links it to (a local gateway may stand for another Azure VNet reached
over site-to-site VPN).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.cidr import overlapping_pairs
from archlint.analysis.network import Topology
from archlint.model import Architecture
from archlint.model.network import Subnet, VirtualNetwork
from archlint.model.types import IPNetwork
from archlint.model.vpn import LocalNetworkGateway
from archlint.model.vwan import VirtualHub
from archlint.records import record
from archlint.rules.api import Violation, field_path, rule


@record
class _Space:
    """One address range: a VNet's or local network gateway's address space (position in
    it), a virtual hub's address prefix or an on-premises range (no owner)."""

    network: IPNetwork
    owner: VirtualNetwork | VirtualHub | LocalNetworkGateway | None
    position: int

    def describe(self) -> str:
        if self.owner is None:
            return f"on-premises range {self.network}"
        if isinstance(self.owner, VirtualHub):
            return f"{self.owner.label()} address prefix {self.network}"
        return f"{self.owner.label()} address space {self.network}"

    def on_premises(self) -> bool:
        return self.owner is None or isinstance(self.owner, LocalNetworkGateway)

    def field(self) -> tuple[str | int, ...]:
        if isinstance(self.owner, VirtualHub):
            return ("address_prefix",)
        return ("address_space", self.position)


@rule(
    "NET001",
    name="cidr-overlap",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview",
        "https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet",
        "https://learn.microsoft.com/azure/virtual-network/concepts-and-best-practices",
        "https://learn.microsoft.com/azure/virtual-wan/virtual-wan-about#resources",
        "https://learn.microsoft.com/azure/vpn-gateway/tutorial-site-to-site-portal#prerequisites",
    ),
    mcsb=("NS-1",),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vnet in arch.network.vnets:
        for first, second in overlapping_pairs(vnet.subnets, _subnet_cidr):
            yield Violation.on(
                arch,
                second,
                "cidr",
                message=f"{second.label()} ({second.cidr}) overlaps {first.label()} "
                f"({first.cidr}) in {vnet.label()}",
                depends_on=(field_path(arch, first, "cidr"),),
            )
    yield from _space_overlaps(arch)


def _subnet_cidr(subnet: Subnet) -> IPNetwork:
    return subnet.cidr


def _space_overlaps(arch: Architecture) -> Iterator[Violation]:
    spaces = [
        _Space(network, vnet, position)
        for vnet in arch.network.vnets
        for position, network in enumerate(vnet.address_space)
    ]
    spaces += [
        _Space(hub.address_prefix, hub, 0)
        for hub in arch.network.virtual_hubs
        if hub.address_prefix is not None
    ]
    spaces += [
        _Space(network, site, position)
        for site in arch.network.local_network_gateways
        for position, network in enumerate(site.address_space)
    ]
    spaces += [
        _Space(network, None, position)
        for position, network in enumerate(arch.network.on_premises.ranges)
    ]
    topology = Topology.of(arch)
    connected = {(c.hub, c.vnet) for c in arch.network.hub_connections}
    connected |= _sites_connected(arch)
    for first, second in overlapping_pairs(spaces, lambda space: space.network):
        if first.on_premises() and second.on_premises():
            continue
        site = next((s for s in (first, second) if isinstance(s.owner, LocalNetworkGateway)), None)
        if site is not None and site.owner is not None:
            azure = second if site is first else first
            if azure.owner is None or (site.owner.id, azure.owner.id) not in connected:
                continue  # only the VNets a connection links the site to are judged
        # Report on the later owner: VNets, then hubs, then local network gateways; on-premises
        # ranges (no owner) come last.
        target, other = (second, first) if second.owner is not None else (first, second)
        assert target.owner is not None
        yield Violation.on(
            arch,
            target.owner,
            *target.field(),
            message=f"{target.describe()} overlaps {other.describe()}: "
            f"{_why(target, other, topology, connected)}",
            depends_on=(field_path(arch, other.owner, *other.field()),) if other.owner else (),
        )


def _sites_connected(arch: Architecture) -> set[tuple[str, str]]:
    """(local network gateway, VNet) pairs a connection links: the VNet holds the connection's
    gateway."""
    pairs = set()
    for connection in arch.network.gateway_connections:
        gateway = arch.get(connection.gateway)
        subnet = getattr(gateway, "subnet", None)
        entry = arch.index.by_id.get(subnet) if subnet else None
        if connection.local_gateway and entry and isinstance(entry.parent, VirtualNetwork):
            pairs.add((connection.local_gateway, entry.parent.id))
    return pairs


def _why(target: _Space, other: _Space, topology: Topology, connected: set[tuple[str, str]]) -> str:
    assert target.owner is not None
    if other.owner is None:
        return "traffic between them cannot be routed once the networks are connected"
    if isinstance(target.owner, LocalNetworkGateway):
        return (
            "the VNet's gateway is connected to the site, and traffic between them cannot be routed"
        )
    if isinstance(target.owner, VirtualHub) or isinstance(other.owner, VirtualHub):
        pair = {(target.owner.id, other.owner.id), (other.owner.id, target.owner.id)}
        if pair & connected:
            return "the VNet is connected to the hub, and traffic between them cannot be routed"
        return "a virtual hub is a VNet: traffic between them cannot be routed once connected"
    if other.owner.id == target.owner.id:
        return "a VNet's address spaces must not overlap"
    if topology.are_peered(target.owner.id, other.owner.id):
        return "Azure refuses to peer VNets whose address spaces overlap"
    return "the VNets can never be peered or routed to each other"
