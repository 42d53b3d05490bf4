"""AKS node pool not spread across availability zones.

## What it does
In a production architecture in a region with availability zones, flags every AKS node pool
(the cluster's system pool and each user pool) that lists no zones or exactly one.

## Why is this bad?
A node pool's zones are fixed when the pool is created. A pool without zones gets no zone
guarantee: Azure may place every node in one datacenter, and a zone outage then takes the
whole pool, the pods on it and (for the system pool) CoreDNS and the cluster's other
critical add-ons. A pool pinned to one zone fails with that zone by design. Spreading the
nodes over zones 1, 2 and 3 lets the scheduler keep replicas running in the surviving zones.

## Example
```yaml
kubernetes_clusters:
  - id: aks-main
    node_pools:
      - {id: np-system, mode: System, vm_size: Standard_D4ds_v5, node_count: 3}
```

## Use instead
```yaml
kubernetes_clusters:
  - id: aks-main
    node_pools:
      - {id: np-system, mode: System, vm_size: Standard_D4ds_v5, node_count: 3,
         zones: [1, 2, 3]}
```

## References
APRL recommendation 4f63619f-5001-439c-bacb-8de891287727 ("Deploy AKS cluster across
availability zones").

## Notes
Zones cannot be added to an existing pool: a new pool is created and the workload moved.
Persistent volumes on zone-redundant storage (ZRS disks) keep data reachable from every zone.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR040",
    name="aks-node-pool-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/aks/availability-zones",
        "https://learn.microsoft.com/azure/reliability/reliability-aks",
    ),
    pillars=("Reliability",),
    environments=("production",),
    requires=("compute.kubernetes_clusters",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for pool in arch.index.of_kind("aks_node_pool"):
        region = region_of(arch, pool)
        if not expects_zones(arch, region) or len(pool.zones) > 1:
            continue
        where = f"is pinned to zone {pool.zones[0]}" if pool.zones else "lists no zones"
        yield Violation.on(
            arch,
            pool,
            "zones",
            message=f"{pool.label()} ({pool.mode} pool) in {region} {where}: a zone outage "
            "can take all its nodes",
        )
