"""Database asks for zone redundancy or high availability its tier does not offer.

## What it does
Flags a SQL database or elastic pool with `zone_redundant: true` on a tier without zone
redundancy (Basic and Standard; Hyperscale pools), and a PostgreSQL or MySQL flexible server
with `high_availability` on the Burstable tier.

## Why is this bad?
Azure refuses the deployment (or, for a database that is scaled down later, drops the
setting): the resilience the design counts on does not exist on that tier.

## Example
```yaml
sql_servers:
  - id: sql-main
    databases:
      - {id: sqldb-app, tier: Standard, sku: S1, zone_redundant: true}
```

## Use instead
```yaml
sql_servers:
  - id: sql-main
    databases:
      - {id: sqldb-app, tier: Premium, sku: P1, zone_redundant: true}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.database_facts import (
    FLEXIBLE_HA_UNSUPPORTED_TIERS,
    SQL_POOL_ZONE_REDUNDANT_TIERS,
    SQL_ZONE_REDUNDANT_TIERS,
)
from archlint.model import Architecture
from archlint.model.databases import FlexibleServer, SqlServer
from archlint.rules.api import Violation, rule


@rule(
    "SKU020",
    name="database-feature-not-in-tier",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/azure-sql/database/enable-zone-redundancy",
        "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-high-availability",
        "https://learn.microsoft.com/azure/mysql/flexible-server/concepts-high-availability",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for server in arch.index.of_kind("sql_server"):
        assert isinstance(server, SqlServer)
        for pool in server.elastic_pools:
            if pool.zone_redundant and pool.tier not in SQL_POOL_ZONE_REDUNDANT_TIERS.value:
                yield Violation.on(
                    arch,
                    pool,
                    "zone_redundant",
                    message=f"{pool.label()} is zone-redundant on the {pool.tier} tier, which "
                    "offers no zone redundancy for elastic pools",
                )
        for database in server.databases:
            tier = database.tier
            if (
                database.zone_redundant
                and database.elastic_pool is None
                and tier is not None
                and tier not in SQL_ZONE_REDUNDANT_TIERS.value
            ):
                yield Violation.on(
                    arch,
                    database,
                    "zone_redundant",
                    message=f"{database.label()} is zone-redundant on the {tier} tier, which "
                    "offers no zone redundancy",
                )
    for flexible in arch.index.of_kind("postgresql_flexible_server", "mysql_flexible_server"):
        assert isinstance(flexible, FlexibleServer)
        tier = getattr(flexible, "tier", None)
        if flexible.high_availability != "none" and tier in FLEXIBLE_HA_UNSUPPORTED_TIERS.value:
            yield Violation.on(
                arch,
                flexible,
                "high_availability",
                message=f"{flexible.label()} asks for {flexible.high_availability} high "
                f"availability on the {tier} tier, which offers none",
            )
