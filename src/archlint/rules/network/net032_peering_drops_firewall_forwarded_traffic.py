"""Spoke routes through a firewall in a peered VNet whose peering refuses forwarded traffic.

## What it does
For each peering from a VNet to a remote VNet, finds the subnets of the local VNet whose
route table sends traffic to an Azure Firewall deployed in the remote VNet. When the
peering does not set `allow_forwarded_traffic`, the finding lists those routes.

## Why is this bad?
The firewall forwards packets that did not start in its own VNet: replies from the internet
and on-premises, and traffic from the other spokes. A peering admits such forwarded traffic
into the local VNet only when `allow_forwarded_traffic` is set on the local side (Azure's
default is off). Without it the requests leave through the firewall and the answers are
dropped at the peering: connections from the spoke time out although every rule allows them.

## Example
```yaml
peerings:
  - {id: spoke-to-hub, local: vnet-spoke, remote: vnet-hub}
route_tables:
  - id: rt-spoke
    region: westeurope
    routes:
      - {name: default, address_prefix: 0.0.0.0/0, next_hop_type: VirtualAppliance,
         appliance: afw-hub}                     # afw-hub is in vnet-hub
```

## Use instead
```yaml
peerings:
  - {id: spoke-to-hub, local: vnet-spoke, remote: vnet-hub, allow_forwarded_traffic: true}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.egress import route_firewall, vnet_of_firewall
from archlint.model import Architecture, Path
from archlint.model.egress import RouteTable
from archlint.model.network import VirtualNetwork
from archlint.rules.api import Violation, field_path, rule


@rule(
    "NET032",
    name="peering-drops-firewall-forwarded-traffic",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering",
        "https://learn.microsoft.com/azure/architecture/networking/architecture/hub-spoke",
    ),
    requires=("network.peerings", "network.route_tables"),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for peering in arch.network.peerings:
        if peering.allow_forwarded_traffic:
            continue
        local = arch.get(peering.local)
        if not isinstance(local, VirtualNetwork):
            continue
        routed = _routes_to_firewalls_in(arch, local, peering.remote)
        if routed:
            yield Violation.on(
                arch,
                peering,
                "allow_forwarded_traffic",
                message=f"{peering.label()} does not allow forwarded traffic, but "
                f"{' and '.join(sorted(routed))} send traffic through a firewall in "
                f"'{peering.remote}': the replies it forwards are dropped",
                # It rests on those subnets, their route tables and the firewalls existing.
                depends_on=tuple(path for paths in routed.values() for path in paths),
            )


def _routes_to_firewalls_in(
    arch: Architecture, local: VirtualNetwork, remote: str
) -> dict[str, tuple[Path, ...]]:
    """The subnets of ``local`` ("subnet 'x' (route table 'y')") whose route table sends
    traffic to a firewall deployed in the VNet ``remote``, with what that rests on."""
    found: dict[str, tuple[Path, ...]] = {}
    for subnet in local.subnets:
        table = arch.get(subnet.route_table) if subnet.route_table else None
        if not isinstance(table, RouteTable):
            continue
        for route in table.routes:
            firewall = route_firewall(arch, route)
            home = vnet_of_firewall(arch, firewall) if firewall else None
            if firewall is not None and home is not None and home.id == remote:
                found[f"subnet '{subnet.id}' ({table.label()})"] = (
                    field_path(arch, subnet, "route_table"),
                    arch.path_of(table.id),
                    arch.path_of(firewall.id),
                )
                break
    return found
