"""Terraform (azurerm 4.x) from the model: one file per layer, ``terraform fmt`` clean.

``generate_terraform(architecture)`` returns ``{file name: text}``; it is pure (no I/O) and
deterministic: the same model always gives byte-identical files.  Writing them is
:func:`archlint.generators.output.write_files`.

What the model holds that azurerm cannot express is either left out or written as a comment
next to the resources it concerns (resilience policies, event flows, recovery objectives,
failover designs, chaos experiments); ``tests/generators`` lists each case.
"""

from __future__ import annotations

from collections.abc import Callable

from archlint.generators import containers as container_names
from archlint.generators.common import safe_identifier
from archlint.generators.hcl import Block, Comment, Expr, render_file
from archlint.generators.terraform import (
    compute,
    container_apps,
    containers,
    data,
    databases,
    disks,
    dr,
    edge,
    messaging,
    monitoring,
    network,
    scale_sets,
    security,
)
from archlint.generators.terraform.core import FILES, Address, Terraform, Variable
from archlint.model import Architecture
from archlint.model.base import Component
from archlint.model.compute import VmScaleSet
from archlint.model.containers import KubernetesCluster

__all__ = ["AZURERM_CONSTRAINT", "FILES", "generate_terraform", "resource_type_of"]

#: The provider version the output is written for (first written against 4.55.0); the
#: offline 4.x schema archlint ships (``archlint/data/azurerm-4.json.gz``) satisfies it.
AZURERM_CONSTRAINT = "~> 4.55"
TERRAFORM_CONSTRAINT = ">= 1.5.0"

_HEADERS: dict[str, str] = {
    "providers.tf": "Terraform and provider settings, and the resource group everything goes in.",
    "variables.tf": "Inputs. Secrets are sensitive variables without defaults: supply them at "
    "apply time\n(TF_VAR_..., a secret store), never in a committed file.",
    "network.tf": "Network: VNets, subnets, NSGs, private DNS zones, private endpoints, "
    "public IPs,\nfirewalls, route tables and NAT gateways.",
    "security.tf": "Security: identities, Key Vaults and role assignments (least privilege, "
    "built-in roles).",
    "edge.tf": "Edge: WAF policies, Front Door, Application Gateway, Traffic Manager, Bastion.",
    "messaging.tf": "Messaging: Event Grid, Event Hubs, Service Bus.\nThe spec's event flows "
    "are carried by the subscriptions, endpoints and forwarding below;\nthe flows themselves "
    "are design documentation, not resources.",
    "compute.tf": "Compute: App Service Environment, plans, apps and VMs.\nResilience policies "
    "(retries, circuit breakers, timeouts, bulkheads) are application\nsettings with no "
    "azurerm resource: they live in the apps' code and configuration.",
    "data.tf": "Data: storage accounts, Cosmos DB, Azure Cache for Redis, Azure SQL,\n"
    "PostgreSQL and MySQL flexible servers.",
    "monitoring.tf": "Monitoring: Log Analytics, Application Insights, action groups, "
    "alerts, autoscale.",
    "dr.tf": "Disaster recovery: backup vaults, policies and protected items.",
    "outputs.tf": "Outputs.",
}

# What each model kind becomes: the resource type other resources refer to, or None when
# the component is not generated (the emitter writes a comment saying why).
_Resolver = Callable[[Component, Architecture], str | None]


def _parent(architecture: Architecture, component: Component) -> Component | None:
    entry = architecture.index.by_id.get(component.id)
    return entry.parent if entry else None


def _cosmos_sql(component: Component, architecture: Architecture, resource: str) -> str | None:
    account = _parent(architecture, component)
    while account is not None and account.kind != "cosmos_account":
        account = _parent(architecture, account)
    return resource if getattr(account, "api", None) == "sql" else None


def _app_os(component: Component, architecture: Architecture) -> str:
    plan = architecture.get(getattr(component, "plan", ""))
    return getattr(plan, "os", "linux")


def _event_subscription(component: Component, architecture: Architecture) -> str | None:
    source = architecture.get(getattr(component, "source", ""))
    endpoint = architecture.get(getattr(component, "endpoint", ""))
    if source is None or endpoint is None or endpoint.kind not in messaging._ENDPOINTS:
        return None
    if source.kind == "event_grid_system_topic":
        return "azurerm_eventgrid_system_topic_event_subscription"
    return "azurerm_eventgrid_event_subscription"


def _backup_policy(component: Component, architecture: Architecture) -> str | None:
    workload = getattr(component, "workload", "")
    vault = architecture.get(getattr(component, "vault", ""))
    expected = "backup" if workload in ("blob", "disk") else "recovery_services"
    if getattr(vault, "vault_kind", None) != expected:
        return None
    return {
        "vm": "azurerm_backup_policy_vm",
        "file_share": "azurerm_backup_policy_file_share",
        "blob": "azurerm_data_protection_backup_policy_blob_storage",
        "disk": "azurerm_data_protection_backup_policy_disk",
    }[workload]


def _node_pool(component: Component, architecture: Architecture) -> str | None:
    """A node pool resource, unless the pool is its cluster's default pool (a block)."""
    cluster = _parent(architecture, component)
    if not isinstance(cluster, KubernetesCluster):
        return None
    first = container_names.default_pool(cluster)
    if first is None or first is component:
        return None
    return "azurerm_kubernetes_cluster_node_pool"


def _fixed(resource_type: str) -> _Resolver:
    return lambda component, architecture: resource_type


_RESOLVERS: dict[str, _Resolver] = {
    "virtual_network": _fixed("azurerm_virtual_network"),
    "subnet": _fixed("azurerm_subnet"),
    "network_security_group": _fixed("azurerm_network_security_group"),
    "vnet_peering": _fixed("azurerm_virtual_network_peering"),
    "hybrid_connection": lambda c, a: (
        "azurerm_relay_hybrid_connection"
        if getattr(c, "mechanism", "") == "app_service_hybrid_connection"
        else None
    ),
    "private_dns_zone": _fixed("azurerm_private_dns_zone"),
    "private_endpoint": _fixed("azurerm_private_endpoint"),
    "ddos_protection_plan": lambda c, a: (
        "azurerm_network_ddos_protection_plan" if getattr(c, "tier", "") == "network" else None
    ),
    "public_ip": _fixed("azurerm_public_ip"),
    "public_ip_prefix": _fixed("azurerm_public_ip_prefix"),
    "firewall": _fixed("azurerm_firewall"),
    "firewall_policy": _fixed("azurerm_firewall_policy"),
    "route_table": _fixed("azurerm_route_table"),
    "nat_gateway": _fixed("azurerm_nat_gateway"),
    "virtual_network_gateway": _fixed("azurerm_virtual_network_gateway"),
    "load_balancer": _fixed("azurerm_lb"),
    "api_management": _fixed("azurerm_api_management"),
    "dns_resolver": _fixed("azurerm_private_dns_resolver"),
    "dns_forwarding_ruleset": _fixed("azurerm_private_dns_resolver_dns_forwarding_ruleset"),
    "local_network_gateway": _fixed("azurerm_local_network_gateway"),
    "gateway_connection": _fixed("azurerm_virtual_network_gateway_connection"),
    "virtual_wan": _fixed("azurerm_virtual_wan"),
    "virtual_hub": _fixed("azurerm_virtual_hub"),
    "virtual_hub_connection": _fixed("azurerm_virtual_hub_connection"),
    "waf_policy": lambda c, a: (
        "azurerm_cdn_frontdoor_firewall_policy"
        if getattr(c, "product", "") == "front_door"
        else "azurerm_web_application_firewall_policy"
    ),
    "front_door": _fixed("azurerm_cdn_frontdoor_profile"),
    "application_gateway": _fixed("azurerm_application_gateway"),
    "traffic_manager": _fixed("azurerm_traffic_manager_profile"),
    "bastion": _fixed("azurerm_bastion_host"),
    "event_grid_system_topic": _fixed("azurerm_eventgrid_system_topic"),
    "event_grid_topic": _fixed("azurerm_eventgrid_topic"),
    "event_grid_subscription": _event_subscription,
    "event_hubs_namespace": _fixed("azurerm_eventhub_namespace"),
    "event_hub": _fixed("azurerm_eventhub"),
    "event_hub_consumer_group": _fixed("azurerm_eventhub_consumer_group"),
    "service_bus_namespace": _fixed("azurerm_servicebus_namespace"),
    "service_bus_queue": _fixed("azurerm_servicebus_queue"),
    "service_bus_topic": _fixed("azurerm_servicebus_topic"),
    "service_bus_subscription": _fixed("azurerm_servicebus_subscription"),
    "app_service_environment": _fixed("azurerm_app_service_environment_v3"),
    "app_service_plan": _fixed("azurerm_service_plan"),
    "function_app": lambda c, a: f"azurerm_{_app_os(c, a)}_function_app",
    "web_app": lambda c, a: f"azurerm_{_app_os(c, a)}_web_app",
    "logic_app": _fixed("azurerm_logic_app_standard"),
    "virtual_machine": lambda c, a: f"azurerm_{getattr(c, 'os', 'windows')}_virtual_machine",
    "vm_scale_set": lambda c, a: scale_sets.resource_type(c) if isinstance(c, VmScaleSet) else None,
    "availability_set": _fixed("azurerm_availability_set"),
    "managed_disk": _fixed("azurerm_managed_disk"),
    "kubernetes_cluster": lambda c, a: (
        "azurerm_kubernetes_cluster"
        if isinstance(c, KubernetesCluster) and container_names.default_pool(c) is not None
        else None
    ),
    "aks_node_pool": lambda c, a: _node_pool(c, a),
    "container_registry": _fixed("azurerm_container_registry"),
    "container_app_environment": _fixed("azurerm_container_app_environment"),
    "container_app": lambda c, a: (
        "azurerm_container_app" if getattr(c, "environment", None) else None
    ),
    "container_group": _fixed("azurerm_container_group"),
    "cosmos_account": _fixed("azurerm_cosmosdb_account"),
    "cosmos_database": lambda c, a: _cosmos_sql(c, a, "azurerm_cosmosdb_sql_database"),
    "cosmos_container": lambda c, a: _cosmos_sql(c, a, "azurerm_cosmosdb_sql_container"),
    "redis_cache": lambda c, a: (
        "azurerm_redis_cache" if getattr(c, "tier", "") in data._REDIS_SKUS else None
    ),
    "storage_account": _fixed("azurerm_storage_account"),
    "sql_server": _fixed("azurerm_mssql_server"),
    "sql_database": _fixed("azurerm_mssql_database"),
    "sql_elastic_pool": _fixed("azurerm_mssql_elasticpool"),
    "sql_managed_instance": _fixed("azurerm_mssql_managed_instance"),
    "sql_failover_group": lambda c, a: (
        "azurerm_mssql_managed_instance_failover_group"
        if getattr(a.get(getattr(c, "server", "")), "kind", "") == "sql_managed_instance"
        else "azurerm_mssql_failover_group"
    ),
    "postgresql_flexible_server": _fixed("azurerm_postgresql_flexible_server"),
    "mysql_flexible_server": _fixed("azurerm_mysql_flexible_server"),
    "log_analytics_workspace": _fixed("azurerm_log_analytics_workspace"),
    "application_insights": _fixed("azurerm_application_insights"),
    "action_group": _fixed("azurerm_monitor_action_group"),
    "metric_alert": _fixed("azurerm_monitor_metric_alert"),
    "autoscale_setting": _fixed("azurerm_monitor_autoscale_setting"),
    "backup_vault": lambda c, a: (
        "azurerm_recovery_services_vault"
        if getattr(c, "vault_kind", "") == "recovery_services"
        else "azurerm_data_protection_backup_vault"
    ),
    "backup_policy": _backup_policy,
    "user_assigned_identity": _fixed("azurerm_user_assigned_identity"),
    "key_vault": _fixed("azurerm_key_vault"),
}


def resource_type_of(component: Component, architecture: Architecture) -> str | None:
    """The azurerm resource type a component becomes, or None when it is not generated (the
    Bicep generator uses the same decision, so both outputs cover the same components)."""
    resolver = _RESOLVERS.get(component.kind)
    return resolver(component, architecture) if resolver else None


def _assign_addresses(tf: Terraform) -> None:
    architecture = tf.architecture
    front_doors = [fd for fd in architecture.edge.front_doors if fd.existing]
    for entry in architecture.index.by_id.values():
        component = entry.component
        resource_type = resource_type_of(component, architecture)
        if resource_type is None:
            continue
        address = tf.assign(component, resource_type)
        if component.kind == "front_door" and getattr(component, "existing", False):
            variable = edge.front_door_profile_variable(component, len(front_doors))
            reference = tf.variable(variable)
            tf.addresses[component.id] = Address(
                address.type, address.name, expression=reference.text
            )
    for account in architecture.data.storage_accounts:
        for container in account.containers:
            tf.containers[(account.id, container)] = tf.local_name(
                "azurerm_storage_container", f"{account.id}_{container}"
            )


def _providers(tf: Terraform) -> None:
    needs_azuread = any(
        not account.local_auth_enabled for account in tf.architecture.data.storage_accounts
    )
    tf.add(
        "providers.tf",
        Block.of(
            "terraform",
            items=[
                ("required_version", TERRAFORM_CONSTRAINT),
                Block.of(
                    "required_providers",
                    items=[
                        (
                            "azurerm",
                            {"source": "hashicorp/azurerm", "version": AZURERM_CONSTRAINT},
                        )
                    ],
                ),
            ],
        ),
        Comment(
            "Credentials and the subscription come from the environment "
            "(ARM_SUBSCRIPTION_ID, az login, OIDC)."
        ),
        Block.of(
            "provider",
            "azurerm",
            items=[
                # Storage data-plane calls use Entra ID: accounts may disable shared keys.
                ("storage_use_azuread", True if needs_azuread else None),
                Block.of("features"),
            ],
        ),
        Block.of(
            "locals",
            items=[
                (
                    "tags",
                    Expr(
                        "merge({ application = var.app_name, environment = var.environment }, "
                        "var.tags)"
                    ),
                )
            ],
        ),
        Block.of(
            "resource",
            "azurerm_resource_group",
            "main",
            items=[
                ("name", Expr("var.resource_group_name")),
                ("location", Expr("var.location")),
                ("tags", Expr("local.tags")),
            ],
        ),
    )


def _base_variables(architecture: Architecture) -> list[Variable]:
    metadata = architecture.metadata
    app = metadata.app_name or metadata.name
    region = metadata.primary_region
    return [
        Variable(
            "location",
            "string",
            "Azure region of the resource group (primary region).",
            default=region,
        ),
        Variable(
            "resource_group_name",
            "string",
            "Resource group every resource is deployed into.",
            default=f"rg-{app}-{metadata.environment}-{region.replace(' ', '').lower()}",
        ),
        Variable("app_name", "string", "Application name (tags).", default=app),
        Variable(
            "environment", "string", "Deployment environment (tags).", default=metadata.environment
        ),
        Variable(
            "tags", "map(string)", "Tags added to every resource that takes tags.", default={}
        ),
    ]


def _variables(tf: Terraform) -> None:
    base = _base_variables(tf.architecture)
    names = {variable.name for variable in base}
    rest = sorted(
        (variable for variable in tf.variables.values() if variable.name not in names),
        key=lambda variable: variable.name,
    )
    tf.add("variables.tf", *(variable.block() for variable in [*base, *rest]))


def _outputs(tf: Terraform) -> None:
    outputs: list[tuple[str, Expr, str]] = [
        ("resource_group_name", Expr("azurerm_resource_group.main.name"), "Resource group.")
    ]
    compute_layer = tf.architecture.compute
    for app in [*compute_layer.function_apps, *compute_layer.web_apps, *compute_layer.logic_apps]:
        hostname = tf.ref(app.id, "default_hostname")
        if hostname is not None:
            outputs.append((f"{safe_identifier(app.id)}_hostname", hostname, f"{app.label()}."))
    for front_door in tf.architecture.edge.front_doors:
        for endpoint in front_door.endpoints:
            name = edge.endpoint_name(tf, front_door, endpoint)
            outputs.append(
                (
                    f"{name}_host_name",
                    Expr(f"azurerm_cdn_frontdoor_endpoint.{name}.host_name"),
                    f"Front Door endpoint '{endpoint}'.",
                )
            )
    for manager in tf.architecture.edge.traffic_managers:
        outputs.append(
            (f"{safe_identifier(manager.id)}_fqdn", tf.ref(manager.id, "fqdn"), manager.label())
        )
    tf.add(
        "outputs.tf",
        *(
            Block.of("output", name, items=[("description", text), ("value", value)])
            for name, value, text in outputs
        ),
    )


def generate_terraform(architecture: Architecture) -> dict[str, str]:
    """Every Terraform file for the architecture: ``{file name: text}``."""
    tf = Terraform(architecture)
    _assign_addresses(tf)
    _providers(tf)
    for layer in (
        network,
        security,
        edge,
        messaging,
        compute,
        scale_sets,
        disks,
        containers,
        container_apps,
        data,
        databases,
        monitoring,
        dr,
    ):
        layer.emit(tf)
    _variables(tf)
    _outputs(tf)
    source = f"Generated by archlint from architecture '{architecture.metadata.name}'."
    return {
        name: render_file(tf.files[name], header=f"{source} Do not edit.\n{_HEADERS[name]}")
        for name in FILES
    }
