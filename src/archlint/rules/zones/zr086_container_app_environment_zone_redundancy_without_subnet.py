"""Container Apps environment asks for zone redundancy without a VNet.

## What it does
Flags a Container Apps environment that is zone redundant but has no infrastructure subnet
(it would run in a VNet Azure generates).

## Why is this bad?
Microsoft Learn states that zone redundancy requires the environment to be integrated into
your own virtual network through an infrastructure subnet: as configured, the environment
cannot be the zone-redundant one it asks to be. Both the network and zone redundancy are
fixed when the environment is created, so fixing it later means recreating the environment
and redeploying every app in it.

## Example
```yaml
container_app_environments:
  - {id: cae-main, zone_redundant: true}
```

## Use instead
```yaml
container_app_environments:
  - {id: cae-main, zone_redundant: true, infrastructure_subnet: snet-aca}
```

## References
APRL recommendation f4201965-a88d-449d-b3b4-021394719eb2 ("Deploy zone redundant Container
app environments": the environment must include a virtual network with an available subnet).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import CONTAINER_APPS_ZONE_REDUNDANCY_NEEDS_SUBNET
from archlint.model import Architecture
from archlint.rules.api import Violation, field_path, rule


@rule(
    "ZR086",
    name="container-app-environment-zone-redundancy-without-subnet",
    severity="high",
    category="zones",
    references=(
        CONTAINER_APPS_ZONE_REDUNDANCY_NEEDS_SUBNET.source,
        "https://learn.microsoft.com/azure/container-apps/how-to-zone-redundancy",
    ),
    pillars=("Reliability",),
    aprl=("f4201965-a88d-449d-b3b4-021394719eb2",),
    requires=("compute.container_app_environments",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    if not CONTAINER_APPS_ZONE_REDUNDANCY_NEEDS_SUBNET.value:
        return
    for environment in arch.compute.container_app_environments:
        if not environment.zone_redundant or environment.infrastructure_subnet is not None:
            continue
        yield Violation.on(
            arch,
            environment,
            "zone_redundant",
            message=f"{environment.label()} is zone redundant but has no infrastructure "
            "subnet: zone redundancy requires a VNet-integrated environment",
            depends_on=(field_path(arch, environment, "infrastructure_subnet"),),
        )
