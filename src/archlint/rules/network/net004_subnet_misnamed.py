"""Subnet not named as Azure requires for its purpose.

## What it does
Azure finds some subnets by name: Azure Bastion deploys only into `AzureBastionSubnet`, VPN
and ExpressRoute gateways only into `GatewaySubnet`, Azure Firewall only into
`AzureFirewallSubnet`. The rule compares each subnet's Azure name (`name`, or the `id` when
no name is given) with the name its purpose requires, and flags a subnet that carries one of
these reserved names while serving another purpose.

## Why is this bad?
The deployment of the Bastion, gateway or firewall fails, or, when the spec was imported,
the spec's purpose is wrong. A workload placed in a subnet with a reserved name gets the
restrictions of that name (no NSG on GatewaySubnet, for instance).

## Example
```yaml
subnets:
  - {id: snet-bastion, name: snet-bastion, cidr: 10.0.4.0/26, purpose: bastion}
```

## Use instead
```yaml
subnets:
  - {id: snet-bastion, name: AzureBastionSubnet, cidr: 10.0.4.0/26, purpose: bastion}
```

## Notes
Names are compared without regard to case, as Azure compares resource names.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import PURPOSE_TITLES
from archlint.azure.facts import SUBNET_REQUIREMENTS
from archlint.model import Architecture
from archlint.rules.api import Violation, rule

_RESERVED = {
    req.required_name.lower(): purpose
    for purpose, req in SUBNET_REQUIREMENTS.items()
    if req.required_name
}


@rule(
    "NET004",
    name="subnet-misnamed",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/bastion/configuration-settings",
        "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings",
        "https://learn.microsoft.com/azure/firewall/firewall-faq",
    ),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vnet in arch.network.vnets:
        for subnet in vnet.subnets:
            requirement = SUBNET_REQUIREMENTS.get(subnet.purpose)
            required = requirement.required_name if requirement else None
            actual = subnet.resource_name
            if required and actual.lower() != required.lower():
                yield Violation.on(
                    arch,
                    subnet,
                    "name",
                    message=f"{subnet.label()} is named '{actual}'; "
                    f"{PURPOSE_TITLES[subnet.purpose]} deploys only into a subnet named "
                    f"'{required}'",
                )
            reserved_for = _RESERVED.get(actual.lower())
            if reserved_for and reserved_for != subnet.purpose:
                yield Violation.on(
                    arch,
                    subnet,
                    "name",
                    message=f"{subnet.label()} is named '{actual}', a name Azure reserves for "
                    f"{PURPOSE_TITLES[reserved_for]}, but its purpose is "
                    f"{PURPOSE_TITLES[subnet.purpose]}",
                )
