"""Resource placed in availability zones of a region that has none.

## What it does
Flags a generic resource (`resources:`, an azurerm type archlint has no bespoke model for) or
a managed disk that lists availability `zones` (a generic resource also when it states
`zone_redundant: true`) while its `region` is one that
Microsoft's regions list gives no availability zones (West US, North Central US, UK West...).

## Why is this bad?
Zones exist only in the regions that have them. A deployment that pins a resource to zone 1
of a region without zones fails; a zone-redundant setting there gives no zone redundancy at
all. Either way the design promises a placement the region cannot give: the resource survives
no zone outage, and whatever relies on it being spread over zones relies on nothing.

## Example
```yaml
resources:
  - {id: redisent-main, type: azurerm_redis_enterprise_cluster, region: westus, zones: [1, 2]}
```

## Use instead
```yaml
resources:
  - {id: redisent-main, type: azurerm_redis_enterprise_cluster, region: westus2, zones: [1, 2]}
  # or, in a region without zones, list none and plan redundancy across regions
```

## Notes
A resource without a stated region, or in `global`, is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure import names
from archlint.azure.facts import normalize_region, region_has_availability_zones
from archlint.model import Architecture
from archlint.model.disks import ManagedDisk
from archlint.model.generic import GenericResource
from archlint.rules.api import Violation, rule


@rule(
    "ZR050",
    name="zones-in-region-without-zones",
    severity="high",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/reliability/availability-zones-region-support",
        "https://learn.microsoft.com/azure/reliability/regions-list",
        "https://learn.microsoft.com/azure/reliability/availability-zones-overview",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    placed: list[GenericResource | ManagedDisk] = [*arch.resources, *arch.compute.managed_disks]
    for resource in placed:
        if not resource.region or resource.region == "global":
            continue
        region = normalize_region(resource.region)
        if names.region(region) is None or region_has_availability_zones(region):
            continue
        if resource.zones:
            listed = ", ".join(str(zone) for zone in resource.zones)
            plural = "s" if len(resource.zones) > 1 else ""
            yield Violation.on(
                arch,
                resource,
                "zones",
                message=f"{resource.label()} is placed in zone{plural} {listed} of {region}, "
                "a region without availability zones",
            )
        elif isinstance(resource, GenericResource) and resource.zone_redundant is True:
            yield Violation.on(
                arch,
                resource,
                "zone_redundant",
                message=f"{resource.label()} is set zone redundant in {region}, a region "
                "without availability zones",
            )
