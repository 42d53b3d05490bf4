"""Production AKS cluster on the Free tier (no uptime SLA).

## What it does
In a production architecture, flags an AKS cluster whose control plane is on the Free tier.

## Why is this bad?
The Free tier has no financially backed service level agreement for the Kubernetes API
server and is sized for experiments and small development clusters. Production clusters
belong on the Standard tier (uptime SLA of 99.95% with availability zones) or Premium (which
adds long-term support). An unavailable API server stops deployments, scaling and
self-healing of the workloads.

## Example
```yaml
metadata: {environment: production}
kubernetes_clusters:
  - {id: aks-main, node_pools: [...]}          # sku_tier defaults to Free
```

## Use instead
```yaml
kubernetes_clusters:
  - {id: aks-main, sku_tier: Standard, node_pools: [...]}
```

## References
APRL recommendation 0611251f-e70f-4243-8ddd-cfe894bec2e7 ("Update AKS tier to Standard or
Premium").

## Notes
The rule judges the architecture's declared environment only: a development or test spec is
never flagged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.container_facts import AKS_SLA_TIERS
from archlint.model import Architecture
from archlint.model.containers import KubernetesCluster
from archlint.rules.api import Violation, rule


@rule(
    "SKU041",
    name="aks-free-tier-in-production",
    severity="medium",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/aks/free-standard-pricing-tiers",
        "https://learn.microsoft.com/azure/reliability/reliability-aks",
    ),
    pillars=("Reliability",),
    environments=("production",),
    requires=("compute.kubernetes_clusters",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for cluster in arch.index.of_kind("kubernetes_cluster"):
        assert isinstance(cluster, KubernetesCluster)
        if cluster.sku_tier not in AKS_SLA_TIERS.value:
            yield Violation.on(
                arch,
                cluster,
                "sku_tier",
                message=f"{cluster.label()} is on the {cluster.sku_tier} tier, which has no "
                "uptime SLA for the API server, in a production architecture",
            )
