"""Default route to an appliance IP that no firewall or VNet of the architecture has.

## What it does
For each route table's `0.0.0.0/0` route with next hop type `VirtualAppliance`, checks where
its next hop IP is:

- inside a firewall subnet (`AzureFirewallSubnet`) whose firewall has a different private
  IP: the route points at an address nothing answers on;
- outside the address space of every VNet and virtual hub of the architecture: Azure only
  forwards to an appliance in the VNet, a peered VNet or the virtual hub it is connected to.

## Why is this bad?
Azure does not check that a next hop IP is in use. A route to a stale or mistyped address
sends every outbound packet of the subnets using the table to nowhere: the workloads lose
the internet, other spokes and on-premises at once, and nothing in the deployment fails.

## Example
```yaml
firewalls:
  - {id: afw-hub, region: westeurope, subnet: snet-firewall, private_ip: 10.0.1.4}
route_tables:
  - id: rt-spoke
    region: westeurope
    routes:
      - {name: default, address_prefix: 0.0.0.0/0, next_hop_type: VirtualAppliance,
         next_hop_ip: 10.0.1.5}
```

## Use instead
```yaml
      - {name: default, address_prefix: 0.0.0.0/0, next_hop_type: VirtualAppliance,
         appliance: afw-hub}        # or next_hop_ip: 10.0.1.4
```

## Notes
An IP in an ordinary subnet is not judged: a network virtual appliance (a VM with IP
forwarding, an internal load balancer) may have it, and the model does not hold VM IPs.
A firewall whose private IP the model does not know (Terraform learns it at apply) is not
judged either, nor an address that may be in a virtual hub (a hub firewall's): the model does
not hold the addresses Azure gives inside a hub.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from archlint.analysis.egress import default_route, hub_may_hold, vnet_containing
from archlint.model import Architecture
from archlint.model.egress import Firewall
from archlint.rules.api import Violation, field_path, rule


@rule(
    "NET030",
    name="default-route-to-unknown-appliance",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview",
        "https://learn.microsoft.com/azure/firewall/tutorial-firewall-deploy-portal",
    ),
    requires=("network.route_tables",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    firewall_of_subnet = {fw.subnet: fw for fw in arch.network.firewalls if fw.subnet}
    for table in arch.network.route_tables:
        found = default_route(table)
        if found is None:
            continue
        position, route = found
        if route.next_hop_type != "VirtualAppliance" or route.appliance or not route.next_hop_ip:
            continue
        where = ("routes", position, "next_hop_ip")
        problem, depends = _problem(arch, route.next_hop_ip, firewall_of_subnet)
        if problem:
            yield Violation.on(
                arch,
                table,
                *where,
                message=f"{table.label()} sends 0.0.0.0/0 to {route.next_hop_ip}, {problem}",
                depends_on=depends,
            )


def _problem(
    arch: Architecture, address: str, firewall_of_subnet: dict[str, Firewall]
) -> tuple[str | None, tuple[tuple[str | int, ...], ...]]:
    vnet = vnet_containing(arch, address)
    if vnet is None and hub_may_hold(arch, address):
        return None, ()  # a virtual hub's firewall or router: the hub is peered to its VNets
    if vnet is None:
        spaces = tuple(field_path(arch, v, "address_space") for v in arch.network.vnets)
        return "which is in no VNet of the architecture: Azure forwards to nothing", spaces
    ip = ipaddress.ip_address(address)
    for subnet in vnet.subnets:
        firewall = firewall_of_subnet.get(subnet.id)
        if firewall is None or ip not in subnet.cidr or firewall.private_ip == address:
            continue
        if firewall.private_ip is None:
            return None, ()
        return (
            f"an address in {subnet.label()} that is not the private IP of "
            f"{firewall.label()} ({firewall.private_ip}): nothing answers there",
            (field_path(arch, firewall, "private_ip"),),
        )
    return None, ()
