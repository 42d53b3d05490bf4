"""Facts about AKS and Azure Container Registry, each with the page that states it.

Standard library only, like :mod:`archlint.azure.facts` (whose record types it uses).
"""

from archlint.azure.facts import Fact

__all__ = [
    "ACR_PREMIUM_ONLY",
    "AKS_SLA_TIERS",
    "AKS_SYSTEM_POOL_MIN_NODES",
    "AKS_UPGRADE_CHANNEL_DEFAULT",
]

_SRC_AKS_SYSTEM_POOLS = "https://learn.microsoft.com/azure/aks/use-system-pools"
_SRC_AKS_TIERS = "https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers"
_SRC_AKS_AUTO_UPGRADE = "https://learn.microsoft.com/azure/aks/auto-upgrade-cluster"
_SRC_ACR_TIERS = "https://learn.microsoft.com/azure/container-registry/container-registry-skus"
_SRC_ACR_ZONES = "https://learn.microsoft.com/azure/container-registry/zone-redundancy"

#: A production cluster's system node pools need at least this many nodes (three recommended).
AKS_SYSTEM_POOL_MIN_NODES: Fact[int] = Fact(
    2,
    _SRC_AKS_SYSTEM_POOLS,
    note="'A production AKS cluster with a single system node pool must contain at least two "
    "nodes'; three are recommended for fault tolerance and availability zones.",
)

#: Control plane tiers with a financially backed uptime SLA (Free has none).
AKS_SLA_TIERS: Fact[frozenset[str]] = Fact(
    frozenset({"Standard", "Premium"}),
    _SRC_AKS_TIERS,
    note="Free: no SLA, recommended for experimenting and development; Standard and Premium: "
    "uptime SLA (99.95% with availability zones, 99.9% without).",
)

#: The cluster auto-upgrade channel when none is set.
AKS_UPGRADE_CHANNEL_DEFAULT: Fact[str] = Fact(
    "none",
    _SRC_AKS_AUTO_UPGRADE,
    note="ManagedClusterAutoUpgradeProfile.upgradeChannel: 'The default is none' (Azure "
    "Resource Manager API reference).",
)

#: Registry features only the Premium tier offers.
ACR_PREMIUM_ONLY: Fact[frozenset[str]] = Fact(
    frozenset({"geo_replications", "private_endpoint", "network_rules", "public_access_off"}),
    _SRC_ACR_TIERS,
    note="Geo-replication, private endpoints, IP and VNet network rules (and so turning the "
    f"public endpoint off) are Premium features. Zone redundancy is now on by default for "
    f"every tier in regions with zones ({_SRC_ACR_ZONES}), so it is not listed.",
)
