"""AKS cluster accepts local accounts.

## What it does
Flags an AKS cluster whose local accounts are enabled (`local_accounts_enabled`, Azure's
default; azurerm's `local_account_disabled` defaults to false).

## Why is this bad?
With local accounts on, `az aks get-credentials --admin` hands out a static cluster-admin
certificate that bypasses Microsoft Entra ID: no conditional access, no MFA, no per-user audit
trail, and it stays valid until the cluster certificates are rotated. Disabling local
accounts leaves Entra ID (with Kubernetes RBAC or Azure RBAC) as the only way in.

## Example
```yaml
kubernetes_clusters:
  - {id: aks-main, entra_integration: true, node_pools: [...]}
```

## Use instead
```yaml
kubernetes_clusters:
  - {id: aks-main, entra_integration: true, azure_rbac: true,
     local_accounts_enabled: false, node_pools: [...]}
```

## References
APRL recommendation ca324d71-54b0-4a3e-b9e4-10e767daa9fc ("Disable local accounts").

## Notes
Disabling local accounts requires Microsoft Entra integration (`entra_integration: true`);
the message says so when the cluster lacks it.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.containers import KubernetesCluster
from archlint.rules.api import Violation, rule


@rule(
    "SEC040",
    name="aks-local-accounts-enabled",
    severity="medium",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad",
        "https://learn.microsoft.com/azure/aks/concepts-identity",
    ),
    mcsb=("IM-1", "PA-1"),
    pillars=("Security",),
    requires=("compute.kubernetes_clusters",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for cluster in arch.index.of_kind("kubernetes_cluster"):
        assert isinstance(cluster, KubernetesCluster)
        if not cluster.local_accounts_enabled:
            continue
        entra = "" if cluster.entra_integration else " (and it has no Microsoft Entra integration)"
        yield Violation.on(
            arch,
            cluster,
            "local_accounts_enabled",
            message=f"{cluster.label()} accepts local accounts: a static cluster-admin "
            f"credential bypasses Microsoft Entra ID{entra}",
        )
