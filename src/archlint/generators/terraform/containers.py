"""``compute.tf``, continued: AKS clusters (the first system pool is the cluster's default
node pool, the others are node pool resources) and container registries."""

from __future__ import annotations

import re

from archlint.generators.containers import (
    cluster_region,
    default_pool,
    pool_name,
    registry_name,
)
from archlint.generators.hcl import Block, BodyEntry, Comment
from archlint.generators.terraform.core import Terraform
from archlint.model.containers import AksNodePool, ContainerRegistry, KubernetesCluster

FILE = "compute.tf"

__all__ = ["emit"]


def emit(tf: Terraform) -> None:
    compute = tf.architecture.compute
    for cluster in compute.kubernetes_clusters:
        _cluster(tf, cluster)
    for registry in compute.container_registries:
        _registry(tf, registry)


def _scaling(tf: Terraform, pool: AksNodePool) -> list[BodyEntry]:
    scale = pool.autoscale
    return [
        ("vm_size", pool.vm_size),
        ("zones", [str(zone) for zone in pool.zones] if pool.zones else None),
        ("auto_scaling_enabled", True if scale else None),
        ("min_count", scale.min if scale else None),
        ("max_count", scale.max if scale else None),
        ("node_count", pool.node_count),
        ("vnet_subnet_id", tf.ref(pool.subnet) if pool.subnet else None),
    ]


def _cluster(tf: Terraform, cluster: KubernetesCluster) -> None:
    first = default_pool(cluster)
    if first is None:
        tf.add(
            FILE,
            Comment(
                f"{cluster.label()}: not generated, it has no System node pool to be the "
                "cluster's default pool"
            ),
        )
        return
    name = tf.address(cluster.id).name
    gateway = cluster.ingress_application_gateway
    workspace = cluster.log_analytics
    entra = cluster.entra_integration
    ranges = cluster.api_server_authorized_ip_ranges
    network: Block | Comment | None = None
    if cluster.network_plugin is not None:
        network = Block.of(
            "network_profile",
            items=[
                ("network_plugin", cluster.network_plugin),
                ("network_plugin_mode", cluster.network_plugin_mode),
                ("network_policy", cluster.network_policy),
                ("outbound_type", cluster.outbound_type),
            ],
        )
    elif cluster.outbound_type != "loadBalancer":
        network = Comment(
            f"outbound_type {cluster.outbound_type} needs a network_profile, whose "
            "network_plugin the spec does not state"
        )
    tf.resource(
        FILE,
        "azurerm_kubernetes_cluster",
        name,
        [
            *tf.common(cluster, cluster_region(tf.architecture, cluster)),
            ("dns_prefix", re.sub(r"[^a-z0-9-]", "", cluster.resource_name.lower())[:54]),
            ("sku_tier", cluster.sku_tier),
            ("kubernetes_version", cluster.kubernetes_version),
            ("private_cluster_enabled", cluster.private_cluster),
            (
                "automatic_upgrade_channel",
                cluster.automatic_upgrade_channel
                if cluster.automatic_upgrade_channel != "none"
                else None,
            ),
            ("local_account_disabled", not cluster.local_accounts_enabled),
            ("tags", tf.tags(cluster)),
            Block.of(
                "default_node_pool",
                items=[
                    ("name", pool_name(first)),
                    *_scaling(tf, first),
                    ("only_critical_addons_enabled", first.only_critical_addons or None),
                ],
            ),
            Block.of("identity", items=[("type", "SystemAssigned")]),
            network,
            Block.of("api_server_access_profile", items=[("authorized_ip_ranges", ranges)])
            if ranges
            else None,
            Block.of(
                "azure_active_directory_role_based_access_control",
                items=[("azure_rbac_enabled", cluster.azure_rbac)],
            )
            if entra
            else None,
            Block.of("ingress_application_gateway", items=[("gateway_id", tf.ref(gateway))])
            if gateway and tf.ref(gateway) is not None
            else None,
            Block.of("oms_agent", items=[("log_analytics_workspace_id", tf.ref(workspace))])
            if workspace and tf.ref(workspace) is not None
            else None,
        ],
    )
    for pool in cluster.node_pools:
        if pool is first:
            continue
        tf.resource(
            FILE,
            "azurerm_kubernetes_cluster_node_pool",
            tf.address(pool.id).name,
            [
                ("name", pool_name(pool)),
                ("kubernetes_cluster_id", tf.ref(cluster.id)),
                ("mode", pool.mode if pool.mode != "User" else None),
                ("os_type", "Windows" if pool.os == "windows" else None),
                *_scaling(tf, pool),
                ("tags", tf.tags(pool)),
            ],
        )


def _registry(tf: Terraform, registry: ContainerRegistry) -> None:
    premium = registry.sku == "Premium"
    premium_only = [
        what
        for what, asked in (
            ("zone redundancy", registry.zone_redundant),
            ("geo-replications", registry.geo_replications),
            ("network rules", registry.public_network_default_action == "Deny"),
        )
        if asked
    ]
    if premium_only and not premium:
        tf.add(
            FILE,
            Comment(
                f"{registry.label()} asks for {', '.join(premium_only)}, which only the Premium "
                f"tier offers; not written on {registry.sku} (archlint lint: SKU040)"
            ),
        )
    tf.resource(
        FILE,
        "azurerm_container_registry",
        tf.address(registry.id).name,
        [
            ("name", registry_name(registry)),
            *tf.common(registry)[1:],
            ("sku", registry.sku),
            ("admin_enabled", registry.local_auth_enabled),
            ("public_network_access_enabled", registry.public_network_access),
            ("zone_redundancy_enabled", True if premium and registry.zone_redundant else None),
            ("tags", tf.tags(registry)),
            *(
                Block.of(
                    "georeplications",
                    items=[
                        ("location", replica.region),
                        ("zone_redundancy_enabled", replica.zone_redundant or None),
                    ],
                )
                for replica in (registry.geo_replications if premium else [])
            ),
            Block.of("network_rule_set", items=[("default_action", "Deny")])
            if premium and registry.public_network_default_action == "Deny"
            else None,
        ],
    )
