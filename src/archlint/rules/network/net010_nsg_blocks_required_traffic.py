"""NSG blocks traffic that Azure Bastion or Application Gateway v2 needs.

## What it does
Evaluates the NSG of every Azure Bastion and Application Gateway v2 subnet the way Azure
does (custom rules by priority, then the default rules) for each flow the service needs
(`archlint.azure.facts.NSG_REQUIRED_FLOWS`):

- Bastion: inbound 443 from `Internet`, `GatewayManager` and `AzureLoadBalancer`, 8080/5701
  within the VNet; outbound 22/3389 to the VNet, 443 to `AzureCloud`, 8080/5701 within the
  VNet, 80 to the internet;
- Application Gateway v2: inbound 65200-65535 from `GatewayManager`, probes from
  `AzureLoadBalancer`; outbound to the internet.

It reports, per subnet, every flow that ends denied and the rule that denies it.

## Why is this bad?
Azure rejects an NSG on `AzureBastionSubnet` that lacks the required rules, and an
Application Gateway v2 whose infrastructure ports are blocked is reported unhealthy and
stops being manageable. Both fail at deployment or, worse, at the next platform update.

## Example
```yaml
nsgs:
  - id: nsg-appgw
    rules:
      - {name: allow-https, priority: 100, direction: Inbound, access: Allow,
         source: Internet, destination: "*", destination_ports: "443"}
      # nothing allows 65200-65535 from GatewayManager: DenyAllInbound drops it
```

## Use instead
```yaml
nsgs:
  - id: nsg-appgw
    rules:
      - {name: allow-gateway-manager, priority: 100, direction: Inbound, access: Allow,
         source: GatewayManager, destination: "*", destination_ports: "65200-65535"}
      - {name: allow-https, priority: 110, direction: Inbound, access: Allow,
         source: Internet, destination: "*", destination_ports: "443"}
```

## Notes
Azure's default rules count: the AzureLoadBalancer and in-VNet flows are allowed by them
unless a custom rule denies them first. Service tags are matched by name (`Internet` also
covers Azure's public service tags such as `AzureCloud`); a CIDR counts as matching
`VirtualNetwork` when it is a private range. Evaluated for TCP.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import PURPOSE_TITLES
from archlint.analysis.nsg import Decision, blocked_ports, format_ports
from archlint.azure.facts import NSG_REQUIRED_FLOWS
from archlint.model import Architecture
from archlint.model.network import NetworkSecurityGroup
from archlint.rules.api import Violation, rule


@rule(
    "NET010",
    name="nsg-blocks-required-traffic",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/bastion/bastion-nsg",
        "https://learn.microsoft.com/azure/application-gateway/configuration-infrastructure",
        "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview",
    ),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vnet in arch.network.vnets:
        for subnet in vnet.subnets:
            flows = NSG_REQUIRED_FLOWS.get(subnet.purpose, ())
            nsg = arch.get(subnet.nsg) if subnet.nsg else None
            if not flows or not isinstance(nsg, NetworkSecurityGroup):
                continue
            blocked = []
            for flow in flows:
                for ports, decision in blocked_ports(
                    nsg, flow.direction, flow.peer, flow.ports, local=subnet.cidr
                ):
                    way = "from" if flow.direction == "Inbound" else "to"
                    blocked.append(
                        f"{flow.direction.lower()} {format_ports(ports)} {way} {flow.peer} "
                        f"({_by(nsg, decision)})"
                    )
            if blocked:
                yield Violation.on(
                    arch,
                    subnet,
                    "nsg",
                    message=f"NSG '{nsg.id}' on {subnet.label()} blocks traffic "
                    f"{PURPOSE_TITLES[subnet.purpose]} needs: {'; '.join(blocked)}",
                )


def _by(nsg: NetworkSecurityGroup, decision: Decision) -> str:
    if decision.custom_index is None:
        return f"default rule {decision.rule_name}"
    priority = nsg.rules[decision.custom_index].priority
    return f"rule '{decision.rule_name}', priority {priority}"
