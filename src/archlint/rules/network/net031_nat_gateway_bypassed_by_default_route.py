"""NAT gateway on a subnet whose route table sends 0.0.0.0/0 elsewhere.

## What it does
Flags a subnet that has a NAT gateway and a route table whose `0.0.0.0/0` route goes to a
virtual appliance or a virtual network gateway.

## Why is this bad?
A NAT gateway only takes the traffic the subnet routes to the internet. A user-defined
default route to an appliance (a firewall) or to a VPN/ExpressRoute gateway wins over it:
the subnet's outbound traffic leaves through the appliance's or the on-premises addresses,
never the NAT gateway's public IPs. Allow lists that partners keep of those IPs do not
match, the SNAT ports planned on the NAT gateway are not the ones in use, and the NAT
gateway is billed for nothing.

## Example
```yaml
subnets:
  - {id: snet-app, cidr: 10.1.1.0/24, purpose: workload,
     nat_gateway: ng-egress, route_table: rt-to-firewall}   # 0.0.0.0/0 -> the firewall
```

## Use instead
Choose one egress path: the NAT gateway on the firewall's subnet (the firewall then uses its
public IPs for SNAT), or no default route to the appliance on this subnet.
```yaml
subnets:
  - {id: snet-firewall, name: AzureFirewallSubnet, cidr: 10.0.1.0/26, purpose: firewall,
     nat_gateway: ng-egress}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.egress import default_route
from archlint.model import Architecture
from archlint.model.egress import RouteTable
from archlint.rules.api import Violation, field_path, rule

_OVERRIDING = ("VirtualAppliance", "VirtualNetworkGateway")


@rule(
    "NET031",
    name="nat-gateway-bypassed-by-default-route",
    severity="medium",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/nat-gateway/nat-gateway-resource",
        "https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview",
    ),
    requires=("network.nat_gateways", "network.route_tables"),
    pillars=("Reliability", "Cost Optimization"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vnet in arch.network.vnets:
        for subnet in vnet.subnets:
            if not subnet.nat_gateway or not subnet.route_table:
                continue
            table = arch.get(subnet.route_table)
            found = default_route(table) if isinstance(table, RouteTable) else None
            if found is None or found[1].next_hop_type not in _OVERRIDING:
                continue
            position, route = found
            assert isinstance(table, RouteTable)
            yield Violation.on(
                arch,
                subnet,
                "nat_gateway",
                message=f"{subnet.label()} has NAT gateway '{subnet.nat_gateway}', but its "
                f"{table.label()} sends 0.0.0.0/0 to a {route.next_hop_type}: outbound "
                "traffic never uses the NAT gateway",
                depends_on=(field_path(arch, table, "routes", position, "next_hop_type"),),
            )
