"""SQL Managed Instance not zone-redundant where Azure offers it.

## What it does
In a production architecture, flags a General Purpose or Business Critical SQL managed
instance whose `zone_redundant` is off (Azure's default) in a region where Microsoft Learn
lists zone redundancy for SQL Managed Instance.

## Why is this bad?
Without zone redundancy the instance's compute (and, for Business Critical, every replica)
sits in one datacenter: when that zone fails the instance is down until the zone is back, or
until a failover group or a geo-restore moves it to another region by hand. A zone-redundant
instance fails over to another zone on its own, without data loss, and the application
needs no change.

## Example
```yaml
sql_managed_instances:
  - {id: sqlmi-main, region: westeurope, tier: BusinessCritical, subnet: snet-mi}
```

## Use instead
```yaml
sql_managed_instances:
  - {id: sqlmi-main, region: westeurope, tier: BusinessCritical, subnet: snet-mi,
     zone_redundant: true, backup_storage_redundancy: GeoZone}
```

## Notes
Microsoft offers zone redundancy for SQL Managed Instance in listed regions only, and its
list has changed between revisions of the page: archlint keeps the list it read (with its
source, `archlint.azure.database_facts.SQL_MI_ZONE_REDUNDANT_REGIONS`) and judges nothing in
a region missing from it. Next-gen General Purpose offers no zone redundancy and is not
judged. Zone redundancy needs zone-redundant or geo-zone-redundant backup storage (SKU022
reports an instance that asks for it without).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.database_facts import (
    SQL_MI_ZONE_REDUNDANT_REGIONS,
    SQL_MI_ZONE_REDUNDANT_TIERS,
)
from archlint.model import Architecture
from archlint.model.databases import SqlManagedInstance
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import region_of


@rule(
    "ZR022",
    name="sql-managed-instance-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/azure-sql/managed-instance/"
        "high-availability-sla-local-zone-redundancy",
        "https://learn.microsoft.com/azure/azure-sql/managed-instance/region-availability"
        "#zone-redundancy",
        "https://learn.microsoft.com/azure/reliability/reliability-sql-managed-instance",
    ),
    pillars=("Reliability",),
    aprl=("f8f834a9-c761-4e84-b2cb-ac55494d0c37",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for instance in arch.index.of_kind("sql_managed_instance"):
        assert isinstance(instance, SqlManagedInstance)
        if (
            instance.zone_redundant
            or instance.next_gen_general_purpose
            or instance.tier not in SQL_MI_ZONE_REDUNDANT_TIERS.value
        ):
            continue
        region = region_of(arch, instance)
        if region not in SQL_MI_ZONE_REDUNDANT_REGIONS.value:
            continue  # Learn does not list the region: not judged
        yield Violation.on(
            arch,
            instance,
            "zone_redundant",
            message=f"{instance.label()} in {region} is not zone-redundant: it goes down with "
            "one availability zone (Azure offers zone redundancy for SQL Managed Instance there)",
        )
