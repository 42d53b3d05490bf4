"""Facts about managed disks and the single-VM SLA, each with the page that states it.

Standard library only, like :mod:`archlint.azure.facts` (whose record types it uses).
"""

from archlint.azure.facts import Fact

__all__ = ["PREMIUM_DISK_SKUS", "SINGLE_VM_SLA", "STANDARD_HDD_SKUS"]

_SRC_SLA = (
    "https://www.microsoft.com/licensing/docs/view/Service-Level-Agreements-SLA-for-Online-Services"
)
_SRC_DISKS_HA = "https://learn.microsoft.com/azure/virtual-machines/disks-high-availability"
_SRC_DISK_TYPES = "https://learn.microsoft.com/azure/virtual-machines/disks-types"

#: Disk SKUs a single VM needs on every OS and data disk for the highest single-instance SLA:
#: Premium SSD (LRS or ZRS), Premium SSD v2 and Ultra Disk.
PREMIUM_DISK_SKUS: Fact[frozenset[str]] = Fact(
    frozenset({"Premium_LRS", "Premium_ZRS", "PremiumV2_LRS", "UltraSSD_LRS"}),
    _SRC_DISKS_HA,
    note="'Single VMs using only Premium SSD disks as the OS disks, and either Ultra Disks, "
    "Premium SSD v2, or Premium SSD disks as data disks have the highest uptime service level "
    "agreement (SLA)'.",
)

#: Standard HDD (Standard_LRS), the disk type Learn gives for backups and non-critical access.
STANDARD_HDD_SKUS: Fact[frozenset[str]] = Fact(
    frozenset({"Standard_LRS"}),
    _SRC_DISK_TYPES,
    note="Standard HDD: 'backup, non-critical, infrequent access'; Standard SSD: 'web servers, "
    "lightly used enterprise applications and dev/test'.",
)

#: Single-instance VM connectivity SLA (monthly uptime %) by the weakest disk type it uses.
SINGLE_VM_SLA: Fact[dict[str, float]] = Fact(
    {"premium": 99.9, "standard_ssd": 99.5, "standard_hdd": 95.0},
    _SRC_SLA,
    note="Virtual Machines: a single instance using Premium SSD or Ultra Disk for all OS and "
    "data disks 99.9%; Standard SSD managed disks for every disk 99.5%; Standard HDD managed "
    "disks 95%. A set of two or more VMs in an availability set or across availability zones "
    "has its own SLA, which does not depend on the disk type.",
)
