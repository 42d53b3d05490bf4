"""Compute, continued: AKS clusters (the first system pool among the agent pool profiles,
the others as agent pool children, as the Terraform generator splits them) and container
registries with their replications."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.writer import BValue
from archlint.generators.containers import (
    cluster_region,
    default_pool,
    pool_name,
    registry_name,
)
from archlint.model.containers import AksNodePool, ContainerRegistry, KubernetesCluster

LAYER = "compute"


def containers(b: Bicep) -> None:
    for cluster in b.architecture.compute.kubernetes_clusters:
        _cluster(b, cluster)
    for registry in b.architecture.compute.container_registries:
        _registry(b, registry)


def _pool(b: Bicep, pool: AksNodePool) -> dict[str, BValue | None]:
    scale = pool.autoscale
    return {
        "mode": pool.mode,
        "vmSize": pool.vm_size,
        "osType": "Windows" if pool.os == "windows" else "Linux",
        "availabilityZones": [str(zone) for zone in pool.zones] or None,
        "enableAutoScaling": True if scale else None,
        "minCount": scale.min if scale else None,
        "maxCount": scale.max if scale else None,
        "count": pool.node_count if pool.node_count is not None else (scale.min if scale else 1),
        "vnetSubnetID": b.ref(pool.subnet) if pool.subnet else None,
        "nodeTaints": ["CriticalAddonsOnly=true:NoSchedule"] if pool.only_critical_addons else None,
    }


def _cluster(b: Bicep, cluster: KubernetesCluster) -> None:
    first = default_pool(cluster)
    if first is None or cluster.id not in b.symbols:
        b.note(LAYER, f"{cluster.label()} has no System node pool: not generated.")
        return
    symbol = b.symbols[cluster.id]
    addons: dict[str, BValue] = {}
    if cluster.ingress_application_gateway and b.ref(cluster.ingress_application_gateway):
        addons["ingressApplicationGateway"] = {
            "enabled": True,
            "config": {"applicationGatewayId": b.ref(cluster.ingress_application_gateway)},
        }
    if cluster.log_analytics and b.ref(cluster.log_analytics):
        addons["omsagent"] = {
            "enabled": True,
            "config": {"logAnalyticsWorkspaceResourceID": b.ref(cluster.log_analytics)},
        }
    network: dict[str, BValue | None] | None = None
    if cluster.network_plugin is not None:
        network = {
            "networkPlugin": cluster.network_plugin,
            "networkPluginMode": cluster.network_plugin_mode,
            "networkPolicy": cluster.network_policy,
            "outboundType": cluster.outbound_type,
        }
    elif cluster.outbound_type != "loadBalancer":
        b.note(
            LAYER,
            f"{cluster.label()}: outbound type {cluster.outbound_type} needs a network profile, "
            "whose network plugin the spec does not state.",
        )
    b.add(
        LAYER,
        "Microsoft.ContainerService/managedClusters",
        symbol,
        cluster.resource_name,
        {
            "location": b.location(cluster_region(b.architecture, cluster)),
            "tags": b.tags(cluster),
            "sku": {"name": "Base", "tier": cluster.sku_tier},
            "identity": {"type": "SystemAssigned"},
            "properties": {
                "dnsPrefix": cluster.resource_name.lower()[:54],
                "kubernetesVersion": cluster.kubernetes_version,
                "agentPoolProfiles": [{"name": pool_name(first), **_pool(b, first)}],
                "apiServerAccessProfile": {
                    "enablePrivateCluster": cluster.private_cluster,
                    "authorizedIPRanges": cluster.api_server_authorized_ip_ranges or None,
                },
                "autoUpgradeProfile": {"upgradeChannel": cluster.automatic_upgrade_channel},
                "disableLocalAccounts": not cluster.local_accounts_enabled,
                "aadProfile": {"managed": True, "enableAzureRBAC": cluster.azure_rbac}
                if cluster.entra_integration
                else None,
                "networkProfile": network,
                "addonProfiles": addons or None,
            },
        },
    )
    for pool in cluster.node_pools:
        if pool is first or pool.id not in b.symbols:
            continue
        b.add(
            LAYER,
            "Microsoft.ContainerService/managedClusters/agentPools",
            b.symbols[pool.id],
            pool_name(pool),
            {"properties": _pool(b, pool)},
            parent=symbol,
        )


def _registry(b: Bicep, registry: ContainerRegistry) -> None:
    premium = registry.sku == "Premium"
    symbol = b.symbols[registry.id]
    b.add(
        LAYER,
        "Microsoft.ContainerRegistry/registries",
        symbol,
        registry_name(registry),
        {
            "location": b.location(),
            "tags": b.tags(registry),
            "sku": {"name": registry.sku},
            "properties": {
                "adminUserEnabled": registry.local_auth_enabled,
                "publicNetworkAccess": "Enabled" if registry.public_network_access else "Disabled",
                "zoneRedundancy": "Enabled" if premium and registry.zone_redundant else None,
                "networkRuleSet": {"defaultAction": "Deny"}
                if premium and registry.public_network_default_action == "Deny"
                else None,
            },
        },
    )
    if not premium and (registry.geo_replications or registry.zone_redundant):
        b.note(
            LAYER,
            f"{registry.label()}: geo-replication and zone redundancy need the Premium tier; "
            f"not written on {registry.sku} (archlint lint: SKU040).",
        )
        return
    for replica in registry.geo_replications:
        b.add(
            LAYER,
            "Microsoft.ContainerRegistry/registries/replications",
            b.new_symbol(f"{registry.id}-{replica.region}"),
            replica.region,
            {
                "location": replica.region,
                "properties": {
                    "zoneRedundancy": "Enabled" if replica.zone_redundant else None,
                },
            },
            parent=symbol,
        )
