"""Component placed in a subnet dedicated to another service.

## What it does
Some subnets belong to one service (`archlint.azure.facts.SUBNET_DEDICATED_TO`): an App Service
Environment v3 subnet holds only the ASE (its apps use it implicitly), the Bastion, gateway and
firewall subnets only those services, an Application Gateway subnet only application
gateways, an App Service integration subnet only apps' outbound integration. The rule flags:

- any other component placed in such a subnet (a VM, a private endpoint, an app that is not
  on one of the ASE's plans...);
- an App Service Environment, Application Gateway or Bastion placed in a subnet whose purpose
  is something else.

## Why is this bad?
Azure refuses the deployment (a Bastion outside `AzureBastionSubnet`, anything in a delegated
ASE subnet), or the service later fails to scale or to upgrade because addresses it counted on
are taken. The spec's subnet purposes then describe a network that cannot exist.

## Example
```yaml
subnets:
  - {id: snet-ase, cidr: 10.0.1.0/24, purpose: app_service_environment,
     delegation: Microsoft.Web/hostingEnvironments}
private_endpoints:
  - {id: pe-cosmos, target: cosmos-main, subresource: Sql, subnet: snet-ase}
```

## Use instead
```yaml
subnets:
  - {id: snet-ase, cidr: 10.0.1.0/24, purpose: app_service_environment,
     delegation: Microsoft.Web/hostingEnvironments}
  - {id: snet-private-endpoints, cidr: 10.0.2.0/24, purpose: private_endpoints}
private_endpoints:
  - {id: pe-cosmos, target: cosmos-main, subresource: Sql, subnet: snet-private-endpoints}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import PURPOSE_TITLES, Placement, Topology, app_ase
from archlint.azure.facts import SUBNET_DEDICATED_TO
from archlint.model import Architecture
from archlint.model.compute import HostedApp
from archlint.model.network import Subnet
from archlint.rules.api import Violation, rule

# Kinds a purpose is dedicated to alone must live in a subnet of that purpose.
_HOME_PURPOSE = {
    next(iter(fact.value)): purpose
    for purpose, fact in SUBNET_DEDICATED_TO.items()
    if len(fact.value) == 1
}


@rule(
    "NET009",
    name="dedicated-subnet-shared",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/app-service/environment/networking",
        "https://learn.microsoft.com/azure/application-gateway/configuration-infrastructure",
        "https://learn.microsoft.com/azure/bastion/configuration-settings",
        "https://learn.microsoft.com/azure/app-service/overview-vnet-integration",
    ),
    mcsb=("NS-1",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    topology = Topology.of(arch)
    for subnet in topology.subnets.values():
        dedicated = SUBNET_DEDICATED_TO.get(subnet.purpose)
        for placement in topology.placed_in(subnet.id):
            component = placement.component
            home = _HOME_PURPOSE.get(component.kind)
            if dedicated and not _belongs(arch, placement, subnet, dedicated.value):
                yield Violation.on(
                    arch,
                    component,
                    placement.field,
                    message=f"{component.label()} is placed in {subnet.label()}, which is "
                    f"dedicated to {PURPOSE_TITLES[subnet.purpose]}",
                )
            elif home and home != subnet.purpose:
                yield Violation.on(
                    arch,
                    component,
                    placement.field,
                    message=f"{component.label()} is placed in {subnet.label()} "
                    f"({PURPOSE_TITLES[subnet.purpose]}); it needs a subnet of its own "
                    f"({PURPOSE_TITLES[home]})",
                )


def _belongs(
    arch: Architecture, placement: Placement, subnet: Subnet, kinds: frozenset[str]
) -> bool:
    component = placement.component
    if subnet.purpose == "app_service_environment" and isinstance(component, HostedApp):
        ase = app_ase(arch, component)
        return ase is not None and ase.subnet == subnet.id
    if subnet.purpose == "app_service_integration" and isinstance(component, HostedApp):
        return placement.field == "vnet_integration" and app_ase(arch, component) is None
    return component.kind in kinds
