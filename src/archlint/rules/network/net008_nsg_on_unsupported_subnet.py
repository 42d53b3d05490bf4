"""NSG attached to a subnet where Azure does not support one.

## What it does
Flags an `nsg` on a subnet whose purpose does not support one: `GatewaySubnet` (VPN and
ExpressRoute gateways) and `AzureFirewallSubnet` (`nsg_allowed: false` in
`archlint.azure.facts.SUBNET_REQUIREMENTS`).

## Why is this bad?
Microsoft states that an NSG on `GatewaySubnet` isn't supported and can stop the gateway
from working; on `AzureFirewallSubnet` subnet-level NSGs are disabled to avoid service
interruption. The hybrid connection or the firewall, and everything routed through it,
goes down with it.

## Example
```yaml
subnets:
  - {id: snet-gateway, name: GatewaySubnet, cidr: 10.0.7.0/27, purpose: gateway,
     nsg: nsg-gateway}
```

## Use instead
```yaml
subnets:
  - {id: snet-gateway, name: GatewaySubnet, cidr: 10.0.7.0/27, purpose: gateway}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import PURPOSE_TITLES
from archlint.azure.facts import SUBNET_REQUIREMENTS
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "NET008",
    name="nsg-on-unsupported-subnet",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings",
        "https://learn.microsoft.com/azure/firewall/firewall-faq",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vnet in arch.network.vnets:
        for subnet in vnet.subnets:
            requirement = SUBNET_REQUIREMENTS.get(subnet.purpose)
            if requirement and not requirement.nsg_allowed and subnet.nsg:
                yield Violation.on(
                    arch,
                    subnet,
                    "nsg",
                    message=f"{subnet.label()} has NSG '{subnet.nsg}', but Azure does not "
                    f"support an NSG on the {PURPOSE_TITLES[subnet.purpose]} subnet",
                )
