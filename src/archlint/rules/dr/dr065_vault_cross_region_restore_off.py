"""Geo-redundant Recovery Services vault that cannot restore in the paired region.

## What it does
In a production architecture, flags a Recovery Services vault with geo-redundant storage
and cross-region restore off.

## Why is this bad?
A geo-redundant vault already pays for a copy of every backup in the paired region, but
without cross-region restore that copy can only be used after Microsoft declares a regional
disaster and fails the vault over. With it, the team restores VMs and disks in the
secondary region on its own schedule: in a drill, for an audit, or during an outage that
Microsoft has not (yet) declared. APRL (1549b91f) recommends it; it is opt-in (azurerm
`cross_region_restore_enabled` defaults to false).

## Example
```yaml
disaster_recovery:
  vaults:
    - {id: rsv-main, vault_kind: recovery_services, redundancy: GeoRedundant}
```

## Use instead
```yaml
disaster_recovery:
  vaults:
    - {id: rsv-main, vault_kind: recovery_services, redundancy: GeoRedundant,
       cross_region_restore: true}
```

## In the seed
`rsv-main` is geo-redundant and holds the management VM's backups, and the seed states a
one-hour RTO with a secondary region, but leaves cross-region restore off. Reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.dr import BackupVault
from archlint.rules.api import Violation, rule


@rule(
    "DR065",
    name="vault-cross-region-restore-off",
    severity="medium",
    category="dr",
    references=(
        "https://learn.microsoft.com/azure/backup/backup-create-recovery-services-vault",
        "https://learn.microsoft.com/azure/backup/backup-azure-arm-restore-vms",
    ),
    mcsb=("BR-1",),
    pillars=("Reliability",),
    aprl=("1549b91f-2ea0-4d4f-ba2a-4596becbe3de",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vault in arch.index.of_kind("backup_vault"):
        assert isinstance(vault, BackupVault)
        if (
            vault.vault_kind == "recovery_services"
            and vault.redundancy == "GeoRedundant"
            and not vault.cross_region_restore
        ):
            yield Violation.on(
                arch,
                vault,
                "cross_region_restore",
                message=f"{vault.label()} is geo-redundant but cross-region restore is off: "
                "its secondary copy is usable only after Microsoft fails the vault over",
            )
