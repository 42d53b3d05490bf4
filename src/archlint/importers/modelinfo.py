"""What the importers need to know about the model's shape, read from the model itself.

Where a value is unknown but the model requires one, the importer puts a *placeholder*:
a valid, neutral value that the engine never judges because its path is recorded in
``architecture.unknowns``.  Placeholders are derived from the field types (first literal,
lower bound, an empty list...), so they follow the model as it changes.
"""

from __future__ import annotations

import enum
import typing
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from archlint.model import Architecture
from archlint.model.architecture import field_plan, leaf_types
from archlint.model.base import RefTo
from archlint.model.fieldpaths import component_classes

__all__ = [
    "CHILD_SLOTS",
    "SECTIONS",
    "component_classes",
    "field_at",
    "placeholder",
    "placeholder_model",
    "ref_kinds",
]

# Where components of each kind live in the document (top-level lists).
SECTIONS: dict[str, tuple[str, ...]] = {
    "virtual_network": ("network", "vnets"),
    "network_security_group": ("network", "nsgs"),
    "vnet_peering": ("network", "peerings"),
    "private_dns_zone": ("network", "private_dns_zones"),
    "private_endpoint": ("network", "private_endpoints"),
    "ddos_protection_plan": ("network", "ddos_protection_plans"),
    "public_ip": ("network", "public_ips"),
    "public_ip_prefix": ("network", "public_ip_prefixes"),
    "firewall": ("network", "firewalls"),
    "firewall_policy": ("network", "firewall_policies"),
    "route_table": ("network", "route_tables"),
    "nat_gateway": ("network", "nat_gateways"),
    "virtual_network_gateway": ("network", "gateways"),
    "load_balancer": ("network", "load_balancers"),
    "dns_resolver": ("network", "dns_resolvers"),
    "dns_forwarding_ruleset": ("network", "dns_forwarding_rulesets"),
    "local_network_gateway": ("network", "local_network_gateways"),
    "gateway_connection": ("network", "gateway_connections"),
    "virtual_wan": ("network", "virtual_wans"),
    "virtual_hub": ("network", "virtual_hubs"),
    "virtual_hub_connection": ("network", "hub_connections"),
    "waf_policy": ("edge", "waf_policies"),
    "front_door": ("edge", "front_doors"),
    "application_gateway": ("edge", "application_gateways"),
    "traffic_manager": ("edge", "traffic_managers"),
    "bastion": ("edge", "bastions"),
    "api_management": ("edge", "api_management"),
    "event_grid_system_topic": ("messaging", "event_grid", "system_topics"),
    "event_grid_topic": ("messaging", "event_grid", "topics"),
    "event_grid_subscription": ("messaging", "event_grid", "subscriptions"),
    "event_hubs_namespace": ("messaging", "event_hubs"),
    "service_bus_namespace": ("messaging", "service_bus"),
    "app_service_environment": ("compute", "app_service_environments"),
    "app_service_plan": ("compute", "plans"),
    "function_app": ("compute", "function_apps"),
    "web_app": ("compute", "web_apps"),
    "logic_app": ("compute", "logic_apps"),
    "virtual_machine": ("compute", "virtual_machines"),
    "vm_scale_set": ("compute", "vm_scale_sets"),
    "availability_set": ("compute", "availability_sets"),
    "managed_disk": ("compute", "managed_disks"),
    "kubernetes_cluster": ("compute", "kubernetes_clusters"),
    "container_registry": ("compute", "container_registries"),
    "container_app_environment": ("compute", "container_app_environments"),
    "container_app": ("compute", "container_apps"),
    "container_group": ("compute", "container_groups"),
    "cosmos_account": ("data", "cosmos_accounts"),
    "redis_cache": ("data", "redis_caches"),
    "storage_account": ("data", "storage_accounts"),
    "sql_server": ("data", "sql_servers"),
    "sql_managed_instance": ("data", "sql_managed_instances"),
    "sql_failover_group": ("data", "sql_failover_groups"),
    "postgresql_flexible_server": ("data", "postgresql_servers"),
    "mysql_flexible_server": ("data", "mysql_servers"),
    "log_analytics_workspace": ("monitoring", "log_analytics"),
    "application_insights": ("monitoring", "app_insights"),
    "action_group": ("monitoring", "action_groups"),
    "metric_alert": ("monitoring", "alerts"),
    "autoscale_setting": ("monitoring", "autoscale"),
    "backup_vault": ("disaster_recovery", "vaults"),
    "backup_policy": ("disaster_recovery", "backup_policies"),
    "user_assigned_identity": ("security", "identities"),
    "key_vault": ("security", "key_vaults"),
    "actor": ("flows", "actors"),
    "azure_resource": ("resources",),
}

# Components that live inside another component: kind -> (parent kind, list key).
CHILD_SLOTS: dict[str, tuple[str, str]] = {
    "subnet": ("virtual_network", "subnets"),
    "event_hub": ("event_hubs_namespace", "hubs"),
    "event_hub_consumer_group": ("event_hub", "consumer_groups"),
    "service_bus_queue": ("service_bus_namespace", "queues"),
    "service_bus_topic": ("service_bus_namespace", "topics"),
    "service_bus_subscription": ("service_bus_topic", "subscriptions"),
    "cosmos_database": ("cosmos_account", "databases"),
    "cosmos_container": ("cosmos_database", "containers"),
    "logic_app_workflow": ("logic_app", "workflows"),
    "sql_database": ("sql_server", "databases"),
    "sql_elastic_pool": ("sql_server", "elastic_pools"),
    "aks_node_pool": ("kubernetes_cluster", "node_pools"),
}


def _model_leaf(annotation: Any) -> type[BaseModel] | None:
    for leaf in leaf_types(annotation):
        if isinstance(leaf, type) and issubclass(leaf, BaseModel):
            return leaf
    return None


def field_at(path: tuple[str | int, ...]) -> tuple[type[BaseModel], str, FieldInfo] | None:
    """The model class, field name and field info that a document path ends in."""
    model: type[BaseModel] = Architecture
    found: tuple[type[BaseModel], str, FieldInfo] | None = None
    for part in path:
        if isinstance(part, int):
            continue
        info = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if info is None:
            return None
        name = next(n for n, f in model.model_fields.items() if f is info)
        found = (model, name, info)
        leaf = _model_leaf(info.annotation)
        if leaf is not None:
            model = leaf
    return found


def ref_kinds(model: type[BaseModel], name: str) -> tuple[str, ...] | None:
    """The kinds a reference field accepts (``()`` = any), or None if it is no reference."""
    for plan in field_plan(model):
        if plan.name == name and plan.ref is not None:
            return plan.ref.kinds
    return None


_NEUTRAL_CANDIDATES: tuple[Any, ...] = (
    "(unknown)",  # a name a message prints reads as what it is
    0,
    1,
    0.0,
    "0s",
    "192.0.2.0/24",
    "/",
    [],
    {},
    False,
)


def placeholder(info: FieldInfo, make_ref: typing.Callable[[tuple[str, ...]], str]) -> Any:
    """A valid value for a required field, or ``None`` when no neutral value fits."""
    annotation = info.annotation
    ref = next((m for m in info.metadata if isinstance(m, RefTo)), None)
    for leaf in leaf_types(annotation):
        if typing.get_origin(leaf) is typing.Annotated:
            ref = ref or next((m for m in typing.get_args(leaf)[1:] if isinstance(m, RefTo)), None)
    if info.metadata:
        adapter = TypeAdapter(typing.Annotated[annotation, *info.metadata])  # type: ignore[valid-type]
    else:
        adapter = TypeAdapter(annotation)
    candidates: list[Any] = []
    if ref is not None:
        target = make_ref(ref.kinds)
        candidates += [target, [target]]
    model = _model_leaf(annotation)
    if model is not None:
        body = placeholder_model(model, make_ref)
        candidates += [body, [body]]
    for leaf in leaf_types(annotation):
        if isinstance(leaf, type) and issubclass(leaf, enum.Enum):
            candidates += [member.value for member in leaf]
        elif typing.get_origin(leaf) is typing.Literal:
            candidates += list(typing.get_args(leaf))
        elif typing.get_origin(leaf) is typing.Annotated:
            for inner in leaf_types(typing.get_args(leaf)[0]):
                if typing.get_origin(inner) is typing.Literal:
                    candidates += list(typing.get_args(inner))
    for bound in info.metadata:
        low = getattr(bound, "ge", None)
        if isinstance(low, int | float):
            candidates += [low, [low]]
    candidates += list(_NEUTRAL_CANDIDATES)
    candidates += [[candidate] for candidate in _NEUTRAL_CANDIDATES]
    for candidate in candidates:
        try:
            adapter.validate_python(candidate)
        except (ValidationError, ValueError, TypeError):
            continue
        return candidate
    return None


def placeholder_model(
    model: type[BaseModel], make_ref: typing.Callable[[tuple[str, ...]], str]
) -> dict[str, Any]:
    """Placeholders for every required field of ``model``."""
    body: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name == "id" or not info.is_required():
            continue
        value = placeholder(info, make_ref)
        if value is not None:
            body[info.alias or name] = value
    return body
