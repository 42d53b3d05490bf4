"""Backup vault or policy that does not protect the backups it holds.

## What it does
Reports backup vaults that are not geo-redundant or have soft delete off, and backup
policies kept in the wrong kind of vault for their workload (Azure VMs and file shares
belong in a Recovery Services vault; blobs and disks in a Backup vault).

## Why is this bad?
Backups are the last line of defence, so they must survive what they defend against:
a locally or zone-redundant vault is lost with its region, and without soft delete a
compromised account (or a mistake) deletes the backups together with the data --
ransomware's first move. A policy in the wrong kind of vault cannot be created at all:
Azure Backup protects each workload from one vault type only.

## Example
```yaml
disaster_recovery:
  vaults:
    - {id: rsv, vault_kind: recovery_services, redundancy: LocallyRedundant,
       soft_delete: false}
  backup_policies:
    - {id: blob-daily, vault: rsv, workload: blob, schedule: {frequency: daily},
       retention: {daily: 30}}
```

## Use instead
```yaml
disaster_recovery:
  vaults:
    - {id: bv, vault_kind: backup, redundancy: GeoRedundant, soft_delete: true}
  backup_policies:
    - {id: blob-daily, vault: bv, workload: blob, schedule: {frequency: daily},
       retention: {daily: 30}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import BACKUP_VAULT_KIND_FOR_WORKLOAD
from archlint.model import Architecture
from archlint.rules.api import Violation, rule

_VAULT_NAMES = {"recovery_services": "Recovery Services vault", "backup": "Backup vault"}


@rule(
    "DR004",
    name="backup-vault-unprotected",
    severity="medium",
    category="disaster-recovery",
    references=(
        "https://learn.microsoft.com/azure/backup/backup-vault-overview",
        "https://learn.microsoft.com/azure/backup/backup-create-recovery-services-vault",
        "https://learn.microsoft.com/azure/backup/backup-azure-security-feature-cloud",
    ),
    mcsb=("BR-2",),
    pillars=("Reliability", "Security"),
    aprl=("9e39919b-78af-4a0b-b70f-c548dae97c25",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    vaults = {vault.id: vault for vault in arch.disaster_recovery.vaults}
    for vault in vaults.values():
        if vault.redundancy != "GeoRedundant":
            yield Violation.on(
                arch,
                vault,
                "redundancy",
                message=f"{vault.label()} is {vault.redundancy}: its backups are lost with "
                "the region they protect",
            )
        if not vault.soft_delete:
            yield Violation.on(
                arch,
                vault,
                "soft_delete",
                message=f"{vault.label()} has soft delete off: deleted backups are gone at once",
            )
    for policy in arch.disaster_recovery.backup_policies:
        vault = vaults.get(policy.vault)
        expected = BACKUP_VAULT_KIND_FOR_WORKLOAD.get(policy.workload)
        if vault is None or expected is None or vault.vault_kind == expected.value:
            continue
        yield Violation.on(
            arch,
            policy,
            "vault",
            message=f"{policy.label()} backs up {policy.workload} workloads in "
            f"{vault.label()}, a {_VAULT_NAMES[vault.vault_kind]}: Azure Backup protects them "
            f"only from a {_VAULT_NAMES[expected.value]}",
        )
