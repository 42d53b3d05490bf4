"""Subnet missing the delegation its service needs, or delegated where it must not be.

## What it does
- A subnet for an App Service Environment v3 must be delegated to
  `Microsoft.Web/hostingEnvironments`; a subnet used for App Service / Functions / Logic Apps
  regional VNet integration to `Microsoft.Web/serverFarms` (whatever its declared purpose).
- A subnet that holds private endpoints must not be delegated to any service.

Delegations are compared without regard to case.

## Why is this bad?
Without the delegation the ASE or the VNet integration cannot be created; delegated to
another service, the subnet is reserved for that service. Private endpoints cannot be
placed in a delegated subnet, so the endpoints (and the private DNS records pointing at
them) never come to exist.

## Example
```yaml
subnets:
  - {id: snet-ase, cidr: 10.0.1.0/24, purpose: app_service_environment}
  - {id: snet-pe, cidr: 10.0.2.0/24, purpose: private_endpoints,
     delegation: Microsoft.Web/serverFarms}
```

## Use instead
```yaml
subnets:
  - {id: snet-ase, cidr: 10.0.1.0/24, purpose: app_service_environment,
     delegation: Microsoft.Web/hostingEnvironments}
  - {id: snet-pe, cidr: 10.0.2.0/24, purpose: private_endpoints}
```

## Notes
Apps on plans inside an App Service Environment integrate through the ASE's own subnet, so
their `vnet_integration` does not ask for `Microsoft.Web/serverFarms`.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import PURPOSE_TITLES, Topology, app_ase
from archlint.azure.facts import PRIVATE_ENDPOINTS_IN_DELEGATED_SUBNETS, SUBNET_REQUIREMENTS
from archlint.model import Architecture
from archlint.model.compute import HostedApp
from archlint.model.network import Subnet
from archlint.rules.api import Violation, rule

_INTEGRATION = "app_service_integration"


@rule(
    "NET005",
    name="subnet-delegation-wrong",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/app-service/environment/networking",
        "https://learn.microsoft.com/azure/app-service/overview-vnet-integration",
        "https://learn.microsoft.com/azure/virtual-network/subnet-delegation-overview",
    ),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    topology = Topology.of(arch)
    for subnet in topology.subnets.values():
        problem = _problem(arch, topology, subnet)
        if problem:
            yield Violation.on(arch, subnet, "delegation", message=f"{subnet.label()} {problem}")


def _problem(arch: Architecture, topology: Topology, subnet: Subnet) -> str | None:
    required, why = _required_delegation(arch, topology, subnet)
    actual = subnet.delegation
    if required and not actual:
        return f"is not delegated; {why} needs it delegated to {required}"
    if required and actual and actual.lower() != required.lower():
        return f"is delegated to {actual}; {why} needs {required}"
    endpoints = [
        p.component.id
        for p in topology.placed_in(subnet.id)
        if p.component.kind == "private_endpoint"
    ]
    holds_endpoints = endpoints or subnet.purpose == "private_endpoints"
    if actual and holds_endpoints and not PRIVATE_ENDPOINTS_IN_DELEGATED_SUBNETS.value:
        held = f" (it holds {', '.join(endpoints)})" if endpoints else ""
        return (
            f"is delegated to {actual}, but private endpoints cannot use a delegated subnet{held}"
        )
    return None


def _required_delegation(
    arch: Architecture, topology: Topology, subnet: Subnet
) -> tuple[str | None, str]:
    requirement = SUBNET_REQUIREMENTS.get(subnet.purpose)
    if requirement and requirement.required_delegation:
        return requirement.required_delegation, PURPOSE_TITLES[subnet.purpose]
    integrating = [
        p.component.id
        for p in topology.placed_in(subnet.id)
        if p.field == "vnet_integration"
        and isinstance(p.component, HostedApp)
        and app_ase(arch, p.component) is None
    ]
    if integrating:
        return (
            SUBNET_REQUIREMENTS[_INTEGRATION].required_delegation,
            f"VNet integration of {', '.join(integrating)}",
        )
    return None, ""
