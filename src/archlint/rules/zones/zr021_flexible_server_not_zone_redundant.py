"""PostgreSQL or MySQL flexible server without zone-redundant high availability.

## What it does
In a production architecture in a region with availability zones, flags a PostgreSQL or
MySQL flexible server on a tier that offers high availability (every tier but Burstable)
whose `high_availability` is not `ZoneRedundant`: none (Azure's default) or `SameZone`.

## Why is this bad?
A flexible server without high availability is one VM in one zone: a zone failure stops the
database until the zone recovers or a restore to another zone completes. Same-zone high
availability keeps a standby in the same zone, so it survives a host failure but not the loss
of the zone. Zone-redundant high availability keeps a synchronous standby in another zone and
fails over to it automatically, without data loss.

## Example
```yaml
postgresql_servers:
  - {id: psql-main, tier: GeneralPurpose, sku: GP_Standard_D4ds_v5, high_availability: SameZone}
```

## Use instead
```yaml
postgresql_servers:
  - {id: psql-main, tier: GeneralPurpose, sku: GP_Standard_D4ds_v5,
     high_availability: ZoneRedundant, zone: 1, standby_zone: 2}
```

## Notes
Burstable servers cannot have high availability (SKU020 reports one that asks for it).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.database_facts import FLEXIBLE_HA_UNSUPPORTED_TIERS
from archlint.model import Architecture
from archlint.model.databases import FlexibleServer
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR021",
    name="flexible-server-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-high-availability",
        "https://learn.microsoft.com/azure/mysql/flexible-server/concepts-high-availability",
    ),
    pillars=("Reliability",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for server in arch.index.of_kind("postgresql_flexible_server", "mysql_flexible_server"):
        assert isinstance(server, FlexibleServer)
        tier = getattr(server, "tier", None)
        if (
            tier in FLEXIBLE_HA_UNSUPPORTED_TIERS.value
            or server.high_availability == "ZoneRedundant"
        ):
            continue
        region = region_of(arch, server)
        if not expects_zones(arch, region):
            continue
        what = (
            "has no high availability"
            if server.high_availability == "none"
            else "keeps its standby in the same zone"
        )
        yield Violation.on(
            arch,
            server,
            "high_availability",
            message=f"{server.label()} in {region} {what}: it goes down with one availability zone",
        )
