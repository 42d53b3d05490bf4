"""Single production VM with a disk below Premium SSD (a lower single-instance SLA).

## What it does
In a production architecture, flags a virtual machine that runs as a single instance (not one
of two or more VMs in an availability set or in a load balancer or Application Gateway backend
pool) and whose OS disk or an attached data disk is a Standard HDD or Standard SSD.

## Why is this bad?
Microsoft's SLA for a single VM depends on its disks: 99.9% when every OS and data disk is
Premium SSD, Premium SSD v2 or Ultra Disk, 99.5% with Standard SSD, and 95% with Standard HDD,
that is up to 36 hours of downtime a month within the SLA. Learn recommends Premium SSD or
better for applications that run on a single VM, and gives Standard HDD to backups and
non-critical, infrequent access. A set of VMs (an availability set, a zone-spread pool) has an
SLA of its own that does not depend on the disk type, so those are not flagged.

## Example
```yaml
compute:
  virtual_machines:
    - {id: vm-erp, size: Standard_D4s_v5, subnet: snet-app, admin_username: ops,
       zones: [1], os_disk: {sku: StandardSSD_LRS}}
```

## Use instead
```yaml
compute:
  virtual_machines:
    - {id: vm-erp, size: Standard_D4s_v5, subnet: snet-app, admin_username: ops,
       zones: [1], os_disk: {sku: Premium_LRS}}
```

## Notes
The figures are Microsoft's SLA for Online Services (Virtual Machines), recorded with their
source in `archlint.azure.disk_facts`. An OS disk whose type the configuration leaves to
Azure (azurerm 4.x without `storage_account_type`) or an ephemeral OS disk is not judged,
nor is a VM whose pool memberships are unknown. The VM size must support Premium storage
(the `s` in `D4s_v5`).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.disk_facts import PREMIUM_DISK_SKUS, SINGLE_VM_SLA, STANDARD_HDD_SKUS
from archlint.model import Architecture, Path
from archlint.model.compute import VirtualMachine
from archlint.model.disks import ManagedDisk
from archlint.model.edge import ApplicationGateway
from archlint.rules.api import Violation, field_path, rule

_NAMES = {"standard_hdd": "Standard HDD", "standard_ssd": "Standard SSD"}


@rule(
    "SKU042",
    name="single-vm-disk-below-premium",
    severity="medium",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/virtual-machines/disks-high-availability",
        "https://learn.microsoft.com/azure/virtual-machines/disks-types",
    ),
    pillars=("Reliability",),
    aprl=("df0ff862-814d-45a3-95e4-4fad5a244ba6",),
    environments=("production",),
    requires=("compute.virtual_machines",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    grouped = _vms_in_sets(arch)
    for vm in arch.index.of_kind("virtual_machine"):
        assert isinstance(vm, VirtualMachine)
        if vm.id in grouped:
            continue
        weakest = _weakest_disk(arch, vm)
        if weakest is None:
            continue
        grade, where, at, sku_path, sku = weakest
        yield Violation.on(
            arch,
            vm,
            *at,
            message=f"{vm.label()} runs as a single instance with {where} on {_NAMES[grade]} "
            f"({sku}): its SLA is {SINGLE_VM_SLA.value[grade]:g}%, not the "
            f"{SINGLE_VM_SLA.value['premium']:g}% Premium SSD, Premium SSD v2 or Ultra Disk on "
            "every disk gives",
            depends_on=(
                sku_path,
                field_path(arch, vm, "availability_set"),
                field_path(arch, vm, "load_balancer_pools"),
            ),
        )


def _grade(sku: str) -> str:
    if sku in PREMIUM_DISK_SKUS.value:
        return "premium"
    return "standard_hdd" if sku in STANDARD_HDD_SKUS.value else "standard_ssd"


Weakest = tuple[str, str, tuple[str | int, ...], Path, str]


def _weakest_disk(arch: Architecture, vm: VirtualMachine) -> Weakest | None:
    """(grade, which disk, where in the VM, model path of its SKU, SKU) of the VM's weakest
    disk below Premium, the OS disk first; None when every disk is Premium or better."""
    os_sku = vm.os_disk.sku
    candidates: list[Weakest] = [
        (
            _grade(os_sku),
            "its OS disk",
            ("os_disk", "sku"),
            field_path(arch, vm, "os_disk", "sku"),
            os_sku,
        )
    ]
    for position, disk_id in enumerate(vm.data_disks):
        disk = arch.get(disk_id)
        if isinstance(disk, ManagedDisk):
            candidates.append(
                (
                    _grade(disk.sku),
                    f"data disk '{disk.id}'",
                    ("data_disks", position),
                    field_path(arch, disk, "sku"),
                    disk.sku,
                )
            )
    below = [c for c in candidates if c[0] != "premium"]
    hdd = [c for c in below if c[0] == "standard_hdd"]
    return (hdd or below or [None])[0]


def _vms_in_sets(arch: Architecture) -> set[str]:
    """VMs that are one of two or more in an availability set or a backend pool."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for vm in arch.index.of_kind("virtual_machine"):
        assert isinstance(vm, VirtualMachine)
        if vm.availability_set:
            groups.setdefault(("availability_set", vm.availability_set), []).append(vm.id)
        for member in vm.load_balancer_pools:
            key = ("load_balancer", member.load_balancer, member.pool)
            groups.setdefault(key, []).append(vm.id)
    for gateway in arch.index.of_kind("application_gateway"):
        assert isinstance(gateway, ApplicationGateway)
        for pool in gateway.backend_pools:
            vms = [t for t in pool.targets if isinstance(arch.get(t), VirtualMachine)]
            groups.setdefault(("application_gateway", gateway.id, pool.name), []).extend(vms)
    return {vm for members in groups.values() if len(set(members)) > 1 for vm in members}
