"""Subnet too small for the service deployed in it.

## What it does
Compares each subnet's size with what Azure requires for its purpose
(`archlint.azure.facts.SUBNET_REQUIREMENTS`): at least /27 for an App Service Environment v3,
/26 for Azure Bastion and Azure Firewall, /27 for a VPN or ExpressRoute gateway, /28 for App
Service VNet integration. Application Gateway v2 has no fixed minimum: its subnet must hold
one address per instance at the autoscale maximum, plus the five Azure reserves, so the rule
adds up the maximum instances of every gateway placed in the subnet.

## Why is this bad?
Azure refuses to deploy the service into a subnet below its minimum, and a subnet cannot be
resized while a service uses it: an ASE v3 or a gateway has to be deleted and redeployed
(an ASE v3 takes more than an hour to create). An Application Gateway whose subnet runs out of
addresses stops scaling out exactly when traffic peaks.

## Example
```yaml
subnets:
  - {id: snet-bastion, name: AzureBastionSubnet, cidr: 10.0.4.0/27, purpose: bastion}
  - {id: snet-appgw, cidr: 10.0.6.0/28, purpose: application_gateway}  # autoscale max 20
```

## Use instead
```yaml
subnets:
  - {id: snet-bastion, name: AzureBastionSubnet, cidr: 10.0.4.0/26, purpose: bastion}
  - {id: snet-appgw, cidr: 10.0.6.0/24, purpose: application_gateway}
```

## Notes
Only IPv4 prefixes are judged (Azure states the minimums for IPv4). Application Gateways
without an autoscale maximum are not counted.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import PURPOSE_TITLES, Topology
from archlint.azure.facts import (
    AZURE_RESERVED_ADDRESSES_PER_SUBNET,
    SUBNET_REQUIREMENTS,
    usable_subnet_addresses,
)
from archlint.model import Architecture
from archlint.model.edge import ApplicationGateway
from archlint.model.network import Subnet
from archlint.rules.api import Violation, rule


@rule(
    "NET003",
    name="subnet-too-small",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/app-service/environment/networking",
        "https://learn.microsoft.com/azure/bastion/configuration-settings",
        "https://learn.microsoft.com/azure/application-gateway/configuration-infrastructure",
        "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings",
        "https://learn.microsoft.com/azure/firewall/firewall-faq",
        "https://learn.microsoft.com/azure/app-service/overview-vnet-integration",
    ),
    pillars=("Reliability", "Performance Efficiency"),
    aprl=("8364fd0a-7c0e-e240-9d95-4bf965aec243",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    topology = Topology.of(arch)
    for subnet in topology.subnets.values():
        if subnet.cidr.version != 4:
            continue
        requirement = SUBNET_REQUIREMENTS.get(subnet.purpose)
        minimum = requirement.min_prefix_length if requirement else None
        if minimum is not None and subnet.cidr.prefixlen > minimum:
            yield Violation.on(
                arch,
                subnet,
                "cidr",
                message=f"{subnet.label()} is a /{subnet.cidr.prefixlen}; "
                f"{PURPOSE_TITLES[subnet.purpose]} needs at least a /{minimum}",
            )
            continue
        yield from _gateway_capacity(arch, topology, subnet)


def _gateway_capacity(
    arch: Architecture, topology: Topology, subnet: Subnet
) -> Iterator[Violation]:
    gateways = [
        p.component
        for p in topology.placed_in(subnet.id)
        if isinstance(p.component, ApplicationGateway) and p.component.autoscale
    ]
    if not gateways:
        return
    instances = sum(g.autoscale.max for g in gateways if g.autoscale)
    usable = usable_subnet_addresses(str(subnet.cidr))
    if instances > usable:
        names = " and ".join(g.label() for g in gateways)
        together = " together" if len(gateways) > 1 else ""
        yield Violation.on(
            arch,
            subnet,
            "cidr",
            message=f"{subnet.label()} ({subnet.cidr}) has {usable} usable addresses after "
            f"Azure's {AZURE_RESERVED_ADDRESSES_PER_SUBNET.value} reserved ones, but {names}"
            f"{together} can scale out to {instances} instances",
        )
