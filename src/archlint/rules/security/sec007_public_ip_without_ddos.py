"""Public IP without DDoS protection.

## What it does
Flags every public IP whose DDoS protection is `Disabled`, or `VirtualNetworkInherited`
while the VNet it inherits from has no DDoS protection plan. The VNet is the public IP's
`vnet`, or else the VNet of the subnet of the Application Gateway, Bastion or VM that uses
the address. IP Protection (`Enabled`) counts as protected. A public IP that nothing
archlint knows uses (unattached, or on a load balancer archlint does not model) is not
judged: an unattached address serves nothing. Nor is a NAT gateway's address (or its public IP
prefix), whatever VNet it names: DDoS Protection does not cover NAT gateway addresses.

A policy rule (not in the default selection): DDoS Network Protection is a paid plan per
VNet (IP Protection per address), and whether a workload needs more than Azure's free
infrastructure protection is the organisation's decision. Opt in where it is your policy.

## Why is this bad?
Azure's free infrastructure protection is tuned for the platform, not for one application:
volumetric attacks small enough to pass it still saturate an Application Gateway or a
Bastion. DDoS Network or IP Protection adds adaptive tuning, attack telemetry, rapid response
and cost protection for the scale-out an attack causes. The seed promises "Standard DDoS
protection on public IPs".

## Example
```yaml
network:
  vnets:
    - {id: vnet-main, region: eastus2, address_space: [10.0.0.0/16]}   # no plan
  public_ips:
    - {id: pip-appgw, vnet: vnet-main}     # VirtualNetworkInherited from nothing
```

## Use instead
```yaml
network:
  vnets:
    - {id: vnet-main, region: eastus2, address_space: [10.0.0.0/16],
       ddos_protection_plan: ddos-main}
  ddos_protection_plans:
    - {id: ddos-main}
  public_ips:
    - {id: pip-appgw, vnet: vnet-main}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import Topology
from archlint.azure.facts import PUBLIC_IP_DDOS_INHERITS_FROM_VNET
from archlint.model import Architecture
from archlint.model.network import PublicIp, VirtualNetwork
from archlint.rules.api import Violation, rule

_USERS = ("application_gateway", "bastion", "virtual_machine")


@rule(
    "SEC007",
    name="public-ip-without-ddos",
    severity="medium",
    policy=True,
    category="security",
    references=(
        "https://learn.microsoft.com/azure/ddos-protection/ddos-protection-overview",
        "https://learn.microsoft.com/azure/ddos-protection/ddos-protection-sku-comparison",
    ),
    mcsb=("NS-5",),
    pillars=("Security", "Reliability"),
    environments=("production",),
    aprl=("69ea1185-19b7-de40-9da1-9e8493547a5c",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    topology = Topology.of(arch)
    vnet_of_ip: dict[str, VirtualNetwork] = {}
    for component in arch.index.of_kind(*_USERS):
        address = getattr(component, "public_ip", None)
        vnet = topology.vnet_of(getattr(component, "subnet", None))
        if address and vnet:
            vnet_of_ip.setdefault(address, vnet)
    # DDoS Protection does not cover a NAT gateway's outbound addresses: never judged.
    nat_addresses = {ip for gateway in arch.network.nat_gateways for ip in gateway.public_ips}
    for public_ip in arch.index.of_kind("public_ip"):
        assert isinstance(public_ip, PublicIp)
        if public_ip.id in nat_addresses:
            continue
        vnet = arch.get(public_ip.vnet) if public_ip.vnet else vnet_of_ip.get(public_ip.id)
        if public_ip.ddos_protection == "Enabled" or not isinstance(vnet, VirtualNetwork):
            continue
        if public_ip.ddos_protection == "Disabled":
            yield Violation.on(
                arch,
                public_ip,
                "ddos_protection",
                message=f"{public_ip.label()} has DDoS protection disabled",
            )
        elif PUBLIC_IP_DDOS_INHERITS_FROM_VNET.value and not vnet.ddos_protection_plan:
            yield Violation.on(
                arch,
                public_ip,
                "ddos_protection",
                message=f"{public_ip.label()} inherits DDoS protection from {vnet.label()}, "
                "which has no DDoS protection plan",
                # a VNet outside the configuration may well have a plan
                depends_on=((*arch.path_of(vnet.id), "ddos_protection_plan"),),
            )
