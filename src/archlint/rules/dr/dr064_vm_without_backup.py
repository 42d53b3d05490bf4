"""Virtual machine that no backup policy protects.

## What it does
In a production architecture, flags a virtual machine that is not in the `protected` list
of any backup policy for the `vm` workload.

## Why is this bad?
A VM's disks hold state the design does not keep anywhere else (its configuration, its
tools, for a management VM the operators' toolbox). Zone and region redundancy do not
protect against deletion, corruption or ransomware; without a backup, a lost VM is rebuilt
from scratch. APRL (1981f704) recommends Azure Backup for VMs.

## Example
```yaml
compute:
  virtual_machines:
    - {id: vm-jump, size: Standard_D2s_v5, os: linux, subnet: snet-management, zones: [1]}
disaster_recovery:
  backup_policies: []
```

## Use instead
```yaml
disaster_recovery:
  backup_policies:
    - {id: bkpol-vm, vault: rsv-main, workload: vm,
       schedule: {frequency: daily, time: "02:00"}, retention: {daily: 30},
       protected: [vm-jump]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.dr import BackupPolicy
from archlint.rules.api import Violation, rule


@rule(
    "DR064",
    name="vm-without-backup",
    severity="medium",
    category="dr",
    references=(
        "https://learn.microsoft.com/azure/backup/backup-azure-vms-introduction",
        "https://learn.microsoft.com/azure/virtual-machines/backup-recovery",
    ),
    mcsb=("BR-1",),
    pillars=("Reliability",),
    aprl=("1981f704-97b9-b645-9c57-33f8ded9261a",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    protected = {
        item
        for policy in arch.index.of_kind("backup_policy")
        if isinstance(policy, BackupPolicy) and policy.workload == "vm"
        for item in policy.protected
    }
    for vm in arch.index.of_kind("virtual_machine"):
        if vm.id not in protected:
            yield Violation.on(
                arch,
                vm,
                message=f"{vm.label()} is protected by no VM backup policy: a deleted or "
                "corrupted VM is rebuilt from scratch",
            )
