"""AKS API server reachable from every internet address.

## What it does
Flags an AKS cluster whose API server is public (not a private cluster) and lists no
authorized IP ranges.

## Why is this bad?
The Kubernetes API server is the cluster's control point. Public and unrestricted, it accepts
connections from anywhere: every credential leak, token theft or API server vulnerability is
one request away from the internet. A private cluster keeps the endpoint inside the VNet;
authorized IP ranges limit a public one to the build agents' and administrators' addresses.

## Example
```yaml
kubernetes_clusters:
  - {id: aks-main, node_pools: [...]}
```

## Use instead
```yaml
kubernetes_clusters:
  - {id: aks-main, private_cluster: true, node_pools: [...]}
```
or, when the API server must stay public:
```yaml
kubernetes_clusters:
  - {id: aks-main, api_server_authorized_ip_ranges: [203.0.113.0/24], node_pools: [...]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.containers import KubernetesCluster
from archlint.rules.api import Violation, field_path, rule


@rule(
    "NET040",
    name="aks-api-server-open-to-internet",
    severity="medium",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges",
        "https://learn.microsoft.com/azure/aks/private-clusters",
    ),
    mcsb=("NS-2",),
    pillars=("Security",),
    requires=("compute.kubernetes_clusters",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for cluster in arch.index.of_kind("kubernetes_cluster"):
        assert isinstance(cluster, KubernetesCluster)
        if cluster.private_cluster or cluster.api_server_authorized_ip_ranges:
            continue
        yield Violation.on(
            arch,
            cluster,
            "private_cluster",
            message=f"the API server of {cluster.label()} is public and lists no authorized "
            "IP ranges: it accepts connections from every internet address",
            depends_on=(field_path(arch, cluster, "api_server_authorized_ip_ranges"),),
        )
