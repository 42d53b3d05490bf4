"""AKS cluster without an automatic upgrade channel.

## What it does
Flags an AKS cluster whose `automatic_upgrade_channel` is `none`, Azure's default when the
channel is not set.

## Why is this bad?
AKS supports a Kubernetes minor version for about a year. Without an upgrade channel every
patch and minor upgrade is a manual task; clusters that miss them fall out of support
(AKS then upgrades them itself, at a time nobody chose) and run without security fixes in
the meantime. A channel (`patch` or `stable` for production) with a planned maintenance
window keeps the cluster current at a time the team picks.

## Example
```yaml
kubernetes_clusters:
  - {id: aks-main, sku_tier: Standard, node_pools: [...]}
```

## Use instead
```yaml
kubernetes_clusters:
  - {id: aks-main, sku_tier: Standard, automatic_upgrade_channel: stable, node_pools: [...]}
```

## Notes
A cluster imported from Terraform without `automatic_upgrade_channel` (4.x) or
`automatic_channel_upgrade` (3.x) is judged: the provider sends no channel and Azure's
default is `none`.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.container_facts import AKS_UPGRADE_CHANNEL_DEFAULT
from archlint.model import Architecture
from archlint.model.containers import KubernetesCluster
from archlint.rules.api import Violation, rule


@rule(
    "OPS040",
    name="aks-auto-upgrade-off",
    severity="low",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/aks/auto-upgrade-cluster",
        "https://learn.microsoft.com/azure/aks/planned-maintenance",
    ),
    pillars=("Operational Excellence", "Security"),
    requires=("compute.kubernetes_clusters",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for cluster in arch.index.of_kind("kubernetes_cluster"):
        assert isinstance(cluster, KubernetesCluster)
        if cluster.automatic_upgrade_channel == AKS_UPGRADE_CHANNEL_DEFAULT.value:
            yield Violation.on(
                arch,
                cluster,
                "automatic_upgrade_channel",
                message=f"{cluster.label()} has no automatic upgrade channel: Kubernetes "
                "patches and minor versions are applied only by hand",
            )
