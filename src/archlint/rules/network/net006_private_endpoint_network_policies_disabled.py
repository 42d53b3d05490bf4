"""Private endpoint subnet does not apply its NSG or route table to the endpoints.

## What it does
For every subnet that holds private endpoints (or whose purpose is `private_endpoints`),
checks `private_endpoint_network_policies`:

- unset or `Disabled` (Azure's default): neither the subnet's NSG nor its route table applies
  to the private endpoints;
- `NetworkSecurityGroupEnabled` while the subnet has a route table: the UDRs are ignored for
  the endpoints;
- `RouteTableEnabled` while the subnet has an NSG: the NSG rules are ignored for the
  endpoints.

A subnet with neither an NSG nor a route table is not reported: turning the policies on
would filter nothing there (NET007 reports the missing NSG).

## Why is this bad?
With network policies disabled, traffic to a private endpoint bypasses the subnet's NSG, so
"only the app subnets may reach the database" is not enforced: anything routed to the VNet
(a peered spoke, on-premises over the hybrid connection) reaches every PaaS service through
its endpoint. Traffic meant to be inspected by a firewall skips it when UDRs are ignored.

## Example
```yaml
subnets:
  - id: snet-private-endpoints
    cidr: 10.0.2.0/24
    purpose: private_endpoints
    nsg: nsg-private-endpoints
    # private_endpoint_network_policies defaults to Disabled
```

## Use instead
```yaml
subnets:
  - id: snet-private-endpoints
    cidr: 10.0.2.0/24
    purpose: private_endpoints
    nsg: nsg-private-endpoints
    private_endpoint_network_policies: Enabled   # or NetworkSecurityGroupEnabled without UDRs
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import Topology
from archlint.azure.facts import (
    PRIVATE_ENDPOINT_NETWORK_POLICIES_DEFAULT,
    PRIVATE_ENDPOINT_NETWORK_POLICIES_ENFORCE,
)
from archlint.model import Architecture
from archlint.model.network import Subnet
from archlint.rules.api import Violation, rule


@rule(
    "NET006",
    name="private-endpoint-network-policies-disabled",
    severity="medium",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy",
    ),
    mcsb=("NS-1", "NS-2"),
    pillars=("Security",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    topology = Topology.of(arch)
    for subnet in topology.subnets.values():
        endpoints = [
            p.component.id
            for p in topology.placed_in(subnet.id)
            if p.component.kind == "private_endpoint"
        ]
        if not endpoints and subnet.purpose != "private_endpoints":
            continue
        problem = _problem(subnet)
        if problem:
            held = f" ({', '.join(endpoints)})" if endpoints else ""
            yield Violation.on(
                arch,
                subnet,
                "private_endpoint_network_policies",
                message=f"{subnet.label()} {problem}{held}",
            )


def _problem(subnet: Subnet) -> str | None:
    policy = (
        subnet.private_endpoint_network_policies or PRIVATE_ENDPOINT_NETWORK_POLICIES_DEFAULT.value
    )
    enforced = PRIVATE_ENDPOINT_NETWORK_POLICIES_ENFORCE[policy].value
    controls = [
        f"NSG '{subnet.nsg}'" if subnet.nsg and "nsg" not in enforced else "",
        f"route table '{subnet.route_table}'"
        if subnet.route_table and "route_table" not in enforced
        else "",
    ]
    ignored = " and ".join(c for c in controls if c)
    prefix = f"has private endpoint network policies {policy}:"
    if ignored:
        verb = "are" if " and " in ignored else "is"
        return f"{prefix} its {ignored} {verb} not applied to its private endpoints"
    # Neither an NSG nor a route table: enabling the policies alone filters nothing (the
    # missing NSG is NET007's finding).
    return None
