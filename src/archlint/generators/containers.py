"""Decisions both generators share for AKS and container registries: which pool is the
cluster's default pool, and the names Azure accepts for pools and registries."""

from __future__ import annotations

import re

from archlint.model import Architecture
from archlint.model.containers import AksNodePool, ContainerRegistry, KubernetesCluster

__all__ = ["cluster_region", "default_pool", "pool_name", "registry_name"]


def default_pool(cluster: KubernetesCluster) -> AksNodePool | None:
    """The pool Azure creates with the cluster: the first system pool (Azure requires the
    default pool to be one), else None (the cluster cannot be generated)."""
    return next((pool for pool in cluster.node_pools if pool.mode == "System"), None)


def pool_name(pool: AksNodePool) -> str:
    """AKS pool names: lower-case letters and digits, at most 12 (6 for Windows pools)."""
    name = re.sub(r"[^a-z0-9]", "", pool.resource_name.lower()) or "pool"
    if not name[0].isalpha():
        name = f"p{name}"
    return name[: 6 if pool.os == "windows" else 12]


def registry_name(registry: ContainerRegistry) -> str:
    """Registry names: 5-50 letters and digits."""
    name = re.sub(r"[^A-Za-z0-9]", "", registry.resource_name)
    return (name + "acr00")[: max(5, min(50, len(name)))]


def cluster_region(architecture: Architecture, cluster: KubernetesCluster) -> str | None:
    for pool in cluster.node_pools:
        if pool.subnet:
            entry = architecture.index.by_id.get(pool.subnet)
            vnet = entry.parent if entry else None
            region = getattr(vnet, "region", None)
            if isinstance(region, str):
                return region
    return None
