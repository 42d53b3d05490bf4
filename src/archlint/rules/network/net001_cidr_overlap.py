"""Address ranges overlap between subnets, VNets or on-premises networks.

## What it does
Finds every pair of overlapping address ranges:

- two subnets of the same VNet;
- two address spaces of the same VNet;
- the address spaces of two VNets, whether they are peered today or not (every VNet of one
  architecture is expected to be connected eventually: peering, a hub, a VPN);
- a VNet's address space and an on-premises range (`network.on_premises.ranges`).

Each overlap is reported once, on the later range, naming both ranges and their owners.

## Why is this bad?
Azure refuses overlapping subnets in a VNet and refuses to peer VNets whose address spaces
overlap. Overlaps between a VNet and on-premises ranges deploy fine but break routing the
day the networks are connected: a packet for `10.0.1.5` cannot go to two places, so hybrid
connectivity and the seed's "cross-region VNet peering" next step fail. Re-addressing a VNet
later means redeploying everything in it (an ASE v3 cannot even change subnet).

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
ranges are not reported (they are not part of the Azure design).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from archlint.analysis.cidr import overlapping_pairs
from archlint.analysis.network import Topology
from archlint.model import Architecture
from archlint.model.network import Subnet, VirtualNetwork
from archlint.model.types import IPNetwork
from archlint.rules.api import Violation, field_path, rule


@dataclass(frozen=True, slots=True)
class _Space:
    """One address range: a VNet address space (position in it) or an on-premises range."""

    network: IPNetwork
    vnet: VirtualNetwork | None
    position: int

    def describe(self) -> str:
        if self.vnet is None:
            return f"on-premises range {self.network}"
        return f"{self.vnet.label()} address space {self.network}"


@rule(
    "NET001",
    name="cidr-overlap",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview",
        "https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet",
        "https://learn.microsoft.com/azure/virtual-network/concepts-and-best-practices",
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
        _Space(network, None, position)
        for position, network in enumerate(arch.network.on_premises.ranges)
    ]
    topology = Topology.build(arch)
    for first, second in overlapping_pairs(spaces, lambda space: space.network):
        if first.vnet is None and second.vnet is None:
            continue
        # Report on a VNet's address space (on-premises ranges sort last in the input).
        target, other = (second, first) if second.vnet is not None else (first, second)
        assert target.vnet is not None
        if other.vnet is None:
            why = "traffic between them cannot be routed once the networks are connected"
        elif other.vnet.id == target.vnet.id:
            why = "a VNet's address spaces must not overlap"
        elif topology.are_peered(target.vnet.id, other.vnet.id):
            why = "Azure refuses to peer VNets whose address spaces overlap"
        else:
            why = "the VNets can never be peered or routed to each other"
        yield Violation.on(
            arch,
            target.vnet,
            "address_space",
            target.position,
            message=f"{target.describe()} overlaps {other.describe()}: {why}",
            depends_on=(field_path(arch, other.vnet, "address_space"),) if other.vnet else (),
        )
