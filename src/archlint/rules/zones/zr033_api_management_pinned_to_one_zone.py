"""API Management pinned to one availability zone.

## What it does
In a production architecture in a region with availability zones, flags an API Management
service that lists exactly one zone.

## Why is this bad?
Every unit of the service (its gateway, and for the classic tiers its management plane and
developer portal) then runs in that zone: when the zone fails, every API behind it is
unreachable, however many units it has.

## Example
```yaml
api_management:
  - {id: apim, region: westeurope, sku: Premium, capacity: 2, zones: [1]}
```

## Use instead
```yaml
api_management:
  - {id: apim, region: westeurope, sku: Premium, capacity: 2, zones: [1, 2]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, pinned_to_one_zone, region_of


@rule(
    "ZR033",
    name="api-management-pinned-to-one-zone",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/reliability/reliability-api-management",
        "https://learn.microsoft.com/azure/api-management/high-availability",
    ),
    requires=("edge.api_management",),
    pillars=("Reliability",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for service in arch.edge.api_management:
        region = region_of(arch, service)
        if expects_zones(arch, region) and (
            pinned := pinned_to_one_zone(arch, service, service.zones, region)
        ):
            yield pinned
