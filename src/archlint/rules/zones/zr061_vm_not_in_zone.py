"""Virtual machine placed in no availability zone in a region that has them.

## What it does
In a production architecture in a region with availability zones, flags a virtual machine
that names no zone.

## Why is this bad?
A VM without a zone is a regional VM: Azure places it in any datacenter, gives no zone
guarantee, and it can share a failure domain with whatever else is there. APRL
(2bd0be95) asks for VMs deployed across availability zones, which starts with pinning each
VM to a zone (and spreading a workload's VMs over several). A zonal VM also carries the
higher single-instance SLA Learn documents for availability zones. The zone is chosen at
creation; moving a VM into a zone later means recreating it. An availability set is no
substitute where zones exist: its fault and update domains are all in one datacenter.

## Example
```yaml
compute:
  virtual_machines:
    - {id: vm-jump, size: Standard_D2s_v5, os: linux, subnet: snet-management}
```

## Use instead
```yaml
compute:
  virtual_machines:
    - {id: vm-jump, size: Standard_D2s_v5, os: linux, subnet: snet-management, zones: [1]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import VirtualMachine
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR061",
    name="vm-not-in-zone",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/reliability/reliability-virtual-machines",
        "https://learn.microsoft.com/azure/virtual-machines/availability",
    ),
    pillars=("Reliability",),
    aprl=("2bd0be95-a825-6f47-a8c6-3db1fb5eb387",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vm in arch.index.of_kind("virtual_machine"):
        assert isinstance(vm, VirtualMachine)
        region = region_of(arch, vm)
        if not vm.zones and expects_zones(arch, region):
            where = (
                f" (its availability set '{vm.availability_set}' spreads VMs over one "
                "datacenter's fault domains)"
                if vm.availability_set
                else ""
            )
            yield Violation.on(
                arch,
                vm,
                "zones",
                message=f"{vm.label()} in {region} names no availability zone{where}: it has no "
                "zone guarantee; pin it to a zone and spread the workload's VMs over several",
            )
