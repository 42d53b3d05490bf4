"""SQL managed instance asks for zone redundancy Azure refuses it.

## What it does
Flags a SQL managed instance with `zone_redundant: true` whose backups are not kept on
zone-redundant storage (`backup_storage_redundancy` Geo, Azure's and azurerm's default, or
Local), or that runs on Next-gen General Purpose.

## Why is this bad?
Azure enables zone redundancy only on an instance whose backup storage redundancy is
zone-redundant or geo-zone-redundant, and Next-gen General Purpose offers none (azurerm
refuses `zone_redundant_enabled` beside `general_purpose_v2_enabled`): the deployment fails,
or the zone redundancy the design counts on does not exist.

## Example
```yaml
sql_managed_instances:
  - {id: sqlmi-main, tier: BusinessCritical, subnet: snet-mi, zone_redundant: true}
```

## Use instead
```yaml
sql_managed_instances:
  - {id: sqlmi-main, tier: BusinessCritical, subnet: snet-mi, zone_redundant: true,
     backup_storage_redundancy: GeoZone}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.database_facts import SQL_MI_ZONE_REDUNDANCY_BACKUP
from archlint.model import Architecture
from archlint.model.databases import SqlManagedInstance
from archlint.rules.api import Violation, rule


@rule(
    "SKU022",
    name="managed-instance-zone-redundancy-refused",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/azure-sql/managed-instance/"
        "instance-zone-redundancy-configure",
        "https://learn.microsoft.com/azure/reliability/reliability-sql-managed-instance",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for instance in arch.index.of_kind("sql_managed_instance"):
        assert isinstance(instance, SqlManagedInstance)
        if not instance.zone_redundant:
            continue
        if instance.next_gen_general_purpose:
            yield Violation.on(
                arch,
                instance,
                "zone_redundant",
                message=f"{instance.label()} asks for zone redundancy on Next-gen General "
                "Purpose, which offers none",
            )
        if instance.backup_storage_redundancy not in SQL_MI_ZONE_REDUNDANCY_BACKUP.value:
            yield Violation.on(
                arch,
                instance,
                "backup_storage_redundancy",
                message=f"{instance.label()} asks for zone redundancy with "
                f"{instance.backup_storage_redundancy} backup storage; Azure requires Zone or "
                "GeoZone",
            )
