"""Container Apps environment's infrastructure subnet is below the minimum size.

## What it does
Compares the infrastructure subnet of each Container Apps environment with the minimum size
Azure states for its type: /27 for an environment with workload profiles, /23 for a
Consumption-only environment (one without workload profiles).

## Why is this bad?
Azure does not create the environment in a smaller subnet, and a subnet's size cannot be
changed once the environment uses it: the environment has to be recreated in a bigger subnet
and every app redeployed.

## Example
```yaml
subnets:
  - {id: snet-aca, cidr: 10.0.0.0/24, purpose: workload}
container_app_environments:
  - {id: cae-main, infrastructure_subnet: snet-aca}   # Consumption-only
```

## Use instead
```yaml
subnets:
  - {id: snet-aca, cidr: 10.0.0.0/23, purpose: workload}
container_app_environments:
  - {id: cae-main, infrastructure_subnet: snet-aca}
```

## Notes
Only IPv4 prefixes are judged. The minimum is what creation accepts, not what a workload
needs: plan one address per node of a dedicated profile and per ten Consumption replicas.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.network import Topology
from archlint.azure.facts import CONTAINER_APPS_MIN_SUBNET_PREFIX
from archlint.model import Architecture
from archlint.rules.api import Violation, field_path, rule


@rule(
    "NET085",
    name="container-app-environment-subnet-too-small",
    severity="high",
    category="network",
    references=(
        CONTAINER_APPS_MIN_SUBNET_PREFIX.source,
        "https://learn.microsoft.com/azure/container-apps/custom-virtual-networks",
    ),
    pillars=("Reliability", "Performance Efficiency"),
    requires=("compute.container_app_environments",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    topology = Topology.of(arch)
    minimums = CONTAINER_APPS_MIN_SUBNET_PREFIX.value
    for environment in arch.compute.container_app_environments:
        subnet = topology.subnets.get(environment.infrastructure_subnet or "")
        if subnet is None or subnet.cidr.version != 4:
            continue
        kind = "workload_profiles" if environment.workload_profiles else "consumption_only"
        minimum = minimums[kind]
        if subnet.cidr.prefixlen <= minimum:
            continue
        described = (
            "an environment with workload profiles"
            if environment.workload_profiles
            else "a Consumption-only environment"
        )
        yield Violation.on(
            arch,
            environment,
            "infrastructure_subnet",
            message=f"{environment.label()} uses subnet '{subnet.id}', a "
            f"/{subnet.cidr.prefixlen}; {described} needs at least a /{minimum}",
            depends_on=(
                field_path(arch, environment, "workload_profiles"),
                (*arch.path_of(subnet.id), "cidr"),
            ),
        )
