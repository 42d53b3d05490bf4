"""Container Apps environment not zone redundant.

## What it does
In a production architecture in a region with availability zones, flags every Container Apps
environment that is not zone redundant.

## Why is this bad?
Zone redundancy is chosen when the environment is created and cannot be turned on later.
Without it Azure gives no guarantee that the replicas of the environment's apps sit in more
than one datacenter: a zone outage can take every replica of an app at once. A zone-redundant
environment spreads each app's replicas over the zones and routes traffic to the surviving
ones, at no extra charge.

## Example
```yaml
container_app_environments:
  - {id: cae-main, infrastructure_subnet: snet-aca}
```

## Use instead
```yaml
container_app_environments:
  - {id: cae-main, infrastructure_subnet: snet-aca, zone_redundant: true}
```

## References
APRL recommendation f4201965-a88d-449d-b3b4-021394719eb2 ("Deploy zone redundant Container
app environments").

## Notes
Zone redundancy needs an infrastructure subnet (ZR086) and pays off only for apps that run
two or more replicas, three being ideal.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR085",
    name="container-app-environment-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/reliability/reliability-azure-container-apps",
        "https://learn.microsoft.com/azure/container-apps/how-to-zone-redundancy",
    ),
    pillars=("Reliability",),
    environments=("production",),
    aprl=("f4201965-a88d-449d-b3b4-021394719eb2",),
    requires=("compute.container_app_environments",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for environment in arch.compute.container_app_environments:
        region = region_of(arch, environment)
        if environment.zone_redundant or not expects_zones(arch, region):
            continue
        yield Violation.on(
            arch,
            environment,
            "zone_redundant",
            message=f"{environment.label()} in {region} is not zone redundant: a zone outage "
            "can take every replica of its apps (zone redundancy is set only at creation)",
        )
