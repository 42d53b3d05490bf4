"""Cosmos DB region without zone redundancy.

## What it does
In a production architecture, flags every region of a Cosmos DB account that has
availability zones but is configured with `zone_redundant: false`.

## Why is this bad?
Zone redundancy is a per-region choice in Cosmos DB, made when the region is
added. A non-zone-redundant region keeps its replicas in a single zone: a zone
outage makes that region unavailable. With multi-region writes its clients fail
until they are routed elsewhere, writes accepted there and not yet replicated
can conflict or be lost, and with service-managed failover the account fails over
a whole region for what a zone-redundant region rides out without anyone
noticing. The extra cost of zone redundancy is a small fraction of a region.

## Example
```yaml
regions:
  - {region: eastus2, failover_priority: 0, zone_redundant: true}
  - {region: centralus, failover_priority: 1}
```

## Use instead
```yaml
regions:
  - {region: eastus2, failover_priority: 0, zone_redundant: true}
  - {region: centralus, failover_priority: 1, zone_redundant: true}
```

## In the seed
The seed asks for "zone redundancy in primary and secondary regions" only, so
`cosmos-main`'s third region, Central US (failover priority 2), is not
zone-redundant although Central US has availability zones. The account uses
multi-region writes, so Central US takes writes like the other two regions: a
zone outage there fails those writes and forces a regional failover.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import normalize_region
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones


@rule(
    "ZR002",
    name="cosmos-region-not-zone-redundant",
    severity="medium",
    category="zones",
    references=("https://learn.microsoft.com/azure/reliability/reliability-cosmos-db-nosql",),
    pillars=("Reliability",),
    environments=("production",),
    aprl=("921631f6-ed59-49a5-94c1-f0f3ececa580",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("cosmos_account"):
        for position, location in enumerate(account.regions):
            region = normalize_region(location.region)
            if not location.zone_redundant and expects_zones(arch, region):
                yield Violation.on(
                    arch,
                    account,
                    "regions",
                    position,
                    "zone_redundant",
                    message=f"{account.label()} region {region} (failover priority "
                    f"{location.failover_priority}) is not zone-redundant although {region} "
                    "has availability zones",
                )
