"""Managed disks: a VM's OS disk (part of the VM) and the data disks attached to it (components
of their own, as Azure's ``Microsoft.Compute/disks``: a data disk has its own zone, SKU and
network access, and outlives the VM it is attached to).

The disk type decides a single VM's SLA: Microsoft's SLA for Online Services gives 99.9% to a
single VM whose OS and data disks are all Premium SSD, Premium SSD v2 or Ultra Disk, less with
Standard SSD, and less again with Standard HDD
(https://learn.microsoft.com/azure/virtual-machines/disks-high-availability).
"""

from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, Ref, Region, StrictModel, empty_list
from archlint.model.egress import Zone

#: Disk SKUs (azurerm ``storage_account_type``, ARM ``sku.name``): Standard HDD, Standard SSD,
#: Premium SSD (locally or zone redundant), Premium SSD v2, Ultra Disk
#: (https://learn.microsoft.com/azure/virtual-machines/disks-types).
DiskSku = Literal[
    "Standard_LRS",
    "StandardSSD_LRS",
    "StandardSSD_ZRS",
    "Premium_LRS",
    "Premium_ZRS",
    "PremiumV2_LRS",
    "UltraSSD_LRS",
]
#: Premium SSD v2 and Ultra Disk cannot be OS disks (Learn, disks-types).
OsDiskSku = Literal[
    "Standard_LRS", "StandardSSD_LRS", "StandardSSD_ZRS", "Premium_LRS", "Premium_ZRS"
]


class OsDisk(StrictModel):
    """The VM's OS disk, created with the VM from its image."""

    sku: OsDiskSku = Field(
        default="Premium_LRS",
        description="Disk type (azurerm os_disk.storage_account_type); what archlint generates "
        "when unset.",
    )
    size_gb: int | None = Field(default=None, ge=1, description="Unset: the image's size.")


class ManagedDisk(Component):
    """A managed data disk (``azurerm_managed_disk``); VMs name the disks attached to them."""

    kind: ClassVar[str] = "managed_disk"
    title: ClassVar[str] = "managed disk"

    region: Region | None = Field(
        default=None, description="Unset: the region of the first VM it is attached to."
    )
    sku: DiskSku = Field(description="Disk type (azurerm storage_account_type).")
    size_gb: int = Field(ge=1, description="Size in GiB (azurerm disk_size_gb).")
    zones: list[Zone] = Field(
        default_factory=empty_list,
        max_length=1,
        description="The zone of a zonal disk (an LRS disk attached to a zonal VM is created "
        "in the VM's zone); empty: regional, or zone redundant for the *_ZRS SKUs.",
    )
    public_network_access: bool = Field(
        default=True, description="Import and export over the public network (Azure's default)."
    )
    network_access_policy: Literal["AllowAll", "AllowPrivate", "DenyAll"] = Field(
        default="AllowAll",
        description="Who may export or import the disk: anyone with a SAS (AllowAll, Azure's "
        "default), only through a disk access private endpoint, or nobody.",
    )
    disk_encryption_set: Ref() | None = Field(
        default=None,
        description="Disk encryption set (customer-managed keys); unset: platform-managed keys.",
    )


class LbPoolMembership(StrictModel):
    """A backend pool of a load balancer a VM's network interface is in."""

    load_balancer: Ref("load_balancer")
    pool: str = Field(description="Name of one of the load balancer's backend pools.")


class LbNatRuleMembership(StrictModel):
    """An inbound NAT rule of a load balancer that forwards to a VM's network interface."""

    load_balancer: Ref("load_balancer")
    rule: str = Field(description="Name of one of the load balancer's inbound NAT rules.")
