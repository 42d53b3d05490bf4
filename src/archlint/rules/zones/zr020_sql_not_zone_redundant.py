"""Azure SQL database or elastic pool not zone-redundant on a tier that offers it.

## What it does
In a production architecture in a region with availability zones, flags a SQL database
(outside an elastic pool) or an elastic pool on the Premium, Business Critical or Hyperscale
tier whose `zone_redundant` is off (Azure's default).

## Why is this bad?
Without zone redundancy every replica of the database sits in one datacenter: when that zone
fails, the database is down until the zone is back, or until a geo-failover or geo-restore to
another region (with its data loss) is started by hand. These tiers replicate across zones at
no extra charge (Premium, Business Critical) or at the cost of the extra replicas
(Hyperscale), and the application needs no change.

## Example
```yaml
sql_servers:
  - id: sql-main
    databases:
      - {id: sqldb-orders, tier: BusinessCritical, sku: BC_Gen5_4}
```

## Use instead
```yaml
sql_servers:
  - id: sql-main
    databases:
      - {id: sqldb-orders, tier: BusinessCritical, sku: BC_Gen5_4, zone_redundant: true}
```

## Notes
General Purpose is not judged: Microsoft offers its zone redundancy in selected regions only,
and archlint does not keep that list. Basic and Standard have no zone redundancy (SKU020
reports `zone_redundant: true` there). A pooled database takes its pool's setting: the pool is
judged. Hyperscale can be made zone-redundant only when the database is created.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.database_facts import SQL_ZONE_REDUNDANT_TIERS_EVERYWHERE
from archlint.model import Architecture
from archlint.model.databases import SqlServer
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR020",
    name="sql-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/azure-sql/database/enable-zone-redundancy",
        "https://learn.microsoft.com/azure/azure-sql/database/high-availability-sla-local-zone-redundancy",
    ),
    pillars=("Reliability",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    tiers = SQL_ZONE_REDUNDANT_TIERS_EVERYWHERE.value
    for server in arch.index.of_kind("sql_server"):
        assert isinstance(server, SqlServer)
        region = region_of(arch, server)
        if not expects_zones(arch, region):
            continue
        for pool in server.elastic_pools:
            if pool.tier in tiers and not pool.zone_redundant:
                yield Violation.on(
                    arch,
                    pool,
                    "zone_redundant",
                    message=f"{pool.label()} in {region} is on the {pool.tier} tier but not "
                    "zone-redundant: its databases go down with one availability zone",
                )
        for database in server.databases:
            if database.elastic_pool is not None or database.tier not in tiers:
                continue
            if not database.zone_redundant:
                yield Violation.on(
                    arch,
                    database,
                    "zone_redundant",
                    message=f"{database.label()} in {region} is on the {database.tier} tier "
                    "but not zone-redundant: it goes down with one availability zone",
                )
