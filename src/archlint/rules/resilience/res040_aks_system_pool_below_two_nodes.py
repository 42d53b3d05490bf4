"""AKS system node pools that can shrink below two nodes in production.

## What it does
In a production architecture, flags an AKS cluster whose system node pools together may run
on fewer than two nodes: a fixed `node_count` below 2, or an autoscaler `min` below 2.

## Why is this bad?
System pools run CoreDNS, metrics-server, konnectivity and the other pods the cluster needs
to work at all. Microsoft requires at least two nodes in the system pool of a production
cluster and recommends three: with one node, every node image upgrade, reboot or VM failure
stops name resolution and the API server's tunnel for every workload in the cluster.

## Example
```yaml
node_pools:
  - {id: np-system, mode: System, vm_size: Standard_D4ds_v5, autoscale: {min: 1, max: 3}}
```

## Use instead
```yaml
node_pools:
  - {id: np-system, mode: System, vm_size: Standard_D4ds_v5, autoscale: {min: 3, max: 5},
     zones: [1, 2, 3]}
```

## References
APRL recommendation 902c82ff-4910-4b61-942d-0d6ef7f39b67 ("Enable the cluster auto-scaler")
and the system pool guidance of 5ee083cd-6ac3-4a83-8913-9549dd36cf56 ("Isolate system and
application pods").

## Notes
A pool whose node count is unknown (not stated in the Terraform) is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.container_facts import AKS_SYSTEM_POOL_MIN_NODES
from archlint.model import Architecture
from archlint.model.containers import AksNodePool, KubernetesCluster
from archlint.rules.api import Violation, field_path, rule


def _minimum(pool: AksNodePool) -> tuple[int | None, str]:
    if pool.autoscale is not None:
        return pool.autoscale.min, "autoscale"
    return pool.node_count, "node_count"


@rule(
    "RES040",
    name="aks-system-pool-below-two-nodes",
    severity="high",
    category="resilience",
    references=(
        "https://learn.microsoft.com/azure/aks/use-system-pools",
        "https://learn.microsoft.com/azure/aks/cluster-autoscaler",
    ),
    pillars=("Reliability",),
    environments=("production",),
    requires=("compute.kubernetes_clusters",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    floor = AKS_SYSTEM_POOL_MIN_NODES.value
    for cluster in arch.index.of_kind("kubernetes_cluster"):
        assert isinstance(cluster, KubernetesCluster)
        system = [pool for pool in cluster.node_pools if pool.mode == "System"]
        minima = [_minimum(pool) for pool in system]
        if not system or any(count is None for count, _ in minima):
            continue
        total = sum(count or 0 for count, _ in minima)
        if total >= floor:
            continue
        first, key = system[0], minima[0][1]
        others = tuple(field_path(arch, pool, _minimum(pool)[1]) for pool in system[1:])
        yield Violation.on(
            arch,
            first,
            key,
            message=f"the system node pools of {cluster.label()} can run on {total} node"
            f"{'s' if total != 1 else ''}; a production cluster needs at least {floor} "
            "(three recommended)",
            depends_on=others,
        )
