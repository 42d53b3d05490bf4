"""Containers: AKS clusters (with the default node pool and the separate node pools) and
container registries, in the argument spellings of azurerm 3.x and 4.x."""

from __future__ import annotations

from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import DEFAULT_ACTION, each, zones
from archlint.importers.azurerm.core import Builder, Draft, External, View, mapper
from archlint.importers.values import UNKNOWN, scalar

CLUSTER = ("kubernetes_cluster",)
SUBNET = ("subnet",)

# azurerm 3.x accepted "Paid", the old name of the Standard tier (uptime SLA).
_SKU_TIERS = {"free": "Free", "paid": "Standard", "standard": "Standard", "premium": "Premium"}
_OUTBOUND = {
    name.lower(): name
    for name in (
        "loadBalancer",
        "userDefinedRouting",
        "managedNATGateway",
        "userAssignedNATGateway",
    )
}


@mapper("azurerm_kubernetes_cluster", kind="kubernetes_cluster")
def kubernetes_cluster(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("sku_tier", view.raw("sku_tier"), lambda v: _SKU_TIERS[convert.lower(v)])
    draft.set("kubernetes_version", view.raw("kubernetes_version"), convert.text)
    draft.set("private_cluster", view.raw("private_cluster_enabled"), convert.boolean)
    access = view.block("api_server_access_profile")
    ranges = access.raw("authorized_ip_ranges") if access is not None else None
    if ranges is None:
        ranges = view.raw("api_server_authorized_ip_ranges")  # 3.x, deprecated there
    draft.set("api_server_authorized_ip_ranges", ranges, lambda v: sorted(each(convert.text)(v)))
    if access is None and view.unknown("api_server_access_profile"):
        draft.mark_unknown("api_server_authorized_ip_ranges")
    _network_profile(view, draft)
    draft.set(
        "automatic_upgrade_channel",
        view.raw("automatic_upgrade_channel", "automatic_channel_upgrade"),
        convert.lower,
    )
    draft.set(
        "local_accounts_enabled",
        view.raw("local_account_disabled"),
        lambda v: not convert.boolean(v),
    )
    _entra(view, draft)
    gateway = view.block("ingress_application_gateway")
    if gateway is not None:
        builder.ref(
            draft,
            "ingress_application_gateway",
            gateway.raw("gateway_id"),
            ("application_gateway",),
        )
    oms = view.block("oms_agent")
    if oms is not None:
        builder.ref(
            draft,
            "log_analytics",
            oms.raw("log_analytics_workspace_id"),
            ("log_analytics_workspace",),
        )
    default_pool = view.block("default_node_pool")
    if default_pool is None:
        draft.mark_unknown("node_pools")
        return
    data: dict[str, Any] = {"mode": "System"}
    name = scalar(default_pool.raw("name"))
    base = name if isinstance(name, str) and name else "default"
    data["id"] = builder.unique_id(f"{draft.id}-{base}")
    draft.data["node_pools"] = [data]
    pool = draft.sub(data)
    pool.set("name", default_pool.raw("name"), convert.text)
    _pool(builder, default_pool, pool)
    pool.set(
        "only_critical_addons",
        default_pool.raw("only_critical_addons_enabled"),
        convert.boolean,
    )


def _network_profile(view: View, draft: Draft) -> None:
    profile = view.block("network_profile")
    if profile is None:
        if view.unknown("network_profile"):
            for key in ("network_plugin", "network_policy", "outbound_type"):
                draft.mark_unknown(key)
        return  # what Azure picks without one depends on the API version: left unset
    draft.set("network_plugin", profile.raw("network_plugin"), convert.lower)
    draft.set("network_plugin_mode", profile.raw("network_plugin_mode"), convert.lower)
    draft.set("network_policy", profile.raw("network_policy"), convert.lower)
    draft.set("outbound_type", profile.raw("outbound_type"), lambda v: _OUTBOUND[convert.lower(v)])


def _entra(view: View, draft: Draft) -> None:
    """``azure_active_directory_role_based_access_control``: present means Entra ID
    authentication (3.x ``managed = false`` is the legacy integration, Entra all the same)."""
    block = view.block("azure_active_directory_role_based_access_control")
    if block is None:
        if view.unknown("azure_active_directory_role_based_access_control"):
            draft.mark_unknown("entra_integration")
            draft.mark_unknown("azure_rbac")
        return
    draft.data["entra_integration"] = True
    draft.set("azure_rbac", block.raw("azure_rbac_enabled"), convert.boolean)


def _pool(builder: Builder, view: View, pool: Draft) -> None:
    """What the default node pool block and a node pool resource share."""
    pool.set("vm_size", view.raw("vm_size"), convert.text)
    pool.set("zones", view.raw("zones"), zones)
    builder.ref(pool, "subnet", view.raw("vnet_subnet_id"), SUBNET)
    scaling = pool.set(
        "autoscale", view.raw("auto_scaling_enabled", "enable_auto_scaling"), convert.boolean
    )
    if scaling is UNKNOWN:
        return  # "autoscale" is already unknown
    if scaling is True:
        pool.data["autoscale"] = {}
        pool.set(("autoscale", "min"), view.raw("min_count"), convert.integer)
        pool.set(("autoscale", "max"), view.raw("max_count"), convert.integer)
        for bound in ("min", "max"):
            if bound not in pool.data["autoscale"]:
                pool.mark_unknown(("autoscale", bound))
    else:
        pool.data.pop("autoscale", None)  # False: the autoscaler is off (the model's unset)
    count = pool.set("node_count", view.raw("node_count"), convert.integer)
    if count is None and scaling is not True:
        # Without the autoscaler the count is what Azure creates; unstated, archlint does
        # not guess it.
        pool.mark_unknown("node_count")


@mapper("azurerm_kubernetes_cluster_node_pool", kind="aks_node_pool")
def node_pool(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    target = builder.resolve(view.raw("kubernetes_cluster_id"), CLUSTER)
    if isinstance(target, str) and target is not UNKNOWN:
        draft.parent = target
    elif isinstance(target, External):
        draft.parent = builder.stub(CLUSTER, target, view.resource)
    # mode defaults to User in both majors
    draft.set(
        "mode", view.raw("mode"), lambda v: {"system": "System", "user": "User"}[convert.lower(v)]
    )
    draft.set("os", view.raw("os_type"), convert.lower)
    _pool(builder, view, draft)


@mapper("azurerm_container_registry", kind="container_registry")
def container_registry(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("sku", view.raw("sku"), lambda v: convert.lower(v).capitalize())
    draft.set("zone_redundant", view.raw("zone_redundancy_enabled"), convert.boolean)
    draft.set("local_auth_enabled", view.raw("admin_enabled"), convert.boolean)
    draft.set("public_network_access", view.raw("public_network_access_enabled"), convert.boolean)
    replicas = view.blocks("georeplications")
    if view.unknown("georeplications"):
        draft.mark_unknown("geo_replications")
    draft.data["geo_replications"] = [{} for _ in replicas]
    for position, replica in enumerate(replicas):
        base = ("geo_replications", position)
        draft.set((*base, "region"), replica.raw("location"), convert.region)
        draft.set(
            (*base, "zone_redundant"), replica.raw("zone_redundancy_enabled"), convert.boolean
        )
    rules = view.blocks("network_rule_set")
    if rules:
        draft.set(DEFAULT_ACTION, rules[0].raw("default_action"), convert.default_action)
    elif view.unknown("network_rule_set"):
        draft.mark_unknown(DEFAULT_ACTION)
