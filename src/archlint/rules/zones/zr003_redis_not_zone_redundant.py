"""Redis cache pinned to one zone, or on a tier without zone redundancy.

## What it does
In a production architecture in a region with availability zones, flags an Azure
Cache for Redis that is on the Basic tier (no zone support) or lists exactly one
zone (a zonal cache).

## Why is this bad?
A cache in one zone goes down with that zone. Every caller then falls through to
the database at once — the "cache miss storm" that turns a zone outage into a
database overload — and a cache that holds session or rate-limit state loses it.
The Basic tier is a single node with no replica and no SLA at all.

## Example
```yaml
redis_caches:
  - {id: redis-main, tier: premium, capacity: 1, zones: [1]}
```

## Use instead
```yaml
redis_caches:
  - {id: redis-main, tier: premium, capacity: 1, zones: [1, 2, 3]}
```

## Notes
A Standard or Premium cache that lists no zones is not flagged: in regions with
availability zones Azure now allocates zones automatically (zone-redundant by
default for new caches).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import REDIS_TIERS
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, pinned_to_one_zone, region_of


@rule(
    "ZR003",
    name="redis-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-how-to-zone-redundancy",
        "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-high-availability",
    ),
    pillars=("Reliability",),
    environments=("production",),
    aprl=("5a44bd30-ae6a-4b81-9b68-dc3a8ffca4d8",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for cache in arch.index.of_kind("redis_cache"):
        region = region_of(arch, cache)
        if not expects_zones(arch, region):
            continue
        tier = REDIS_TIERS.get(cache.tier)
        if tier is not None and not tier.zone_redundancy_supported:
            yield Violation.on(
                arch,
                cache,
                "tier",
                message=f"{cache.label()} in {region} is on the {cache.tier} tier, which has no "
                "zone redundancy",
            )
        elif pinned := pinned_to_one_zone(arch, cache, cache.zones, region):
            yield pinned
