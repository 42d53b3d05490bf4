"""Every azurerm resource type archlint maps puts at least one of its values into the model.

The configuration is tests/fixtures/terraform/coverage (one resource of each type, plus
azurerm 3.x spellings in legacy.tf); each case below reads one model fact it sets.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from archlint.importers import ImportResult, load_terraform
from archlint.importers.azurerm import MAPPED_TYPES
from archlint.model import Architecture
from archlint.model.container_apps import ContainerAppIngress

from .conftest import FIXTURES

COVERAGE = FIXTURES / "coverage"


@pytest.fixture(scope="module")
def imported() -> ImportResult:
    return load_terraform(COVERAGE)


def _get(arch: Architecture, component_id: str) -> Any:
    component = arch.get(component_id)
    assert component is not None, f"no component {component_id!r} in the model"
    return component


def _endpoint(arch: Architecture, name: str) -> Any:
    return next(e for e in _get(arch, "tm").endpoints if e.name == name)


Check = Callable[[Architecture], Any]

# resource type -> (what to read from the model, the value Terraform set)
CASES: dict[str, tuple[Check, Any]] = {
    "azurerm_resource_group": (lambda a: a.metadata.primary_region, "westeurope"),
    "azurerm_network_ddos_protection_plan": (lambda a: _get(a, "hub").ddos_protection_plan, "ddos"),
    "azurerm_virtual_network": (
        lambda a: (str(_get(a, "hub").address_space[0]), _get(a, "snet-inline").nsg),
        ("10.20.0.0/16", "web-network_security_group"),
    ),
    "azurerm_subnet": (
        lambda a: (str(_get(a, "endpoints").cidr), _get(a, "endpoints").purpose),
        ("10.20.1.0/24", "private_endpoints"),
    ),
    "azurerm_network_security_group": (
        lambda a: _get(a, "web-network_security_group").rules[0].destination_ports,
        "443,8443",
    ),
    "azurerm_network_security_rule": (
        lambda a: [(r.name, r.access) for r in _get(a, "web-network_security_group").rules][1],
        ("deny-all", "Deny"),
    ),
    "azurerm_subnet_network_security_group_association": (
        lambda a: _get(a, "endpoints").nsg,
        "web-network_security_group",
    ),
    "azurerm_route_table": (
        lambda a: (
            _get(a, "legacy-route_table").bgp_route_propagation,
            _get(a, "legacy-route_table").routes[0].next_hop_ip,
        ),
        (False, "10.20.7.4"),
    ),
    "azurerm_route": (
        lambda a: _get(a, "egress").routes[0].appliance,
        "afw-firewall",
    ),
    "azurerm_subnet_route_table_association": (
        lambda a: {s.id: s.route_table for s in _get(a, "hub").subnets if s.route_table},
        {"vms-subnet": "egress"},
    ),
    "azurerm_firewall": (
        lambda a: (
            _get(a, "afw-firewall").zones,
            _get(a, "afw-firewall").subnet,
            _get(a, "vhub_fw").virtual_hub,
            _get(a, "vhub_fw").hub_public_ip_count,
        ),
        ([1], "afw-subnet", "vhub", 2),
    ),
    "azurerm_local_network_gateway": (
        lambda a: (
            [str(n) for n in _get(a, "branch-local_network_gateway").address_space],
            _get(a, "branch-local_network_gateway").bgp_asn,
        ),
        (["192.168.0.0/16"], 65010),
    ),
    "azurerm_virtual_network_gateway_connection": (
        lambda a: (
            _get(a, "branch-virtual_network_gateway_connection").local_gateway,
            _get(a, "branch-virtual_network_gateway_connection").connection_protocol,
            _get(a, "branch-virtual_network_gateway_connection").bgp_enabled,
            _get(a, "branch-virtual_network_gateway_connection").ipsec_policy.pfs_group,
        ),
        ("branch-local_network_gateway", "IKEv1", True, "PFS2048"),
    ),
    "azurerm_virtual_wan": (
        lambda a: (_get(a, "vwan").type, _get(a, "vwan").tags),
        ("Basic", {"owner": "network"}),
    ),
    "azurerm_virtual_hub": (
        lambda a: (_get(a, "vhub").wan, str(_get(a, "vhub").address_prefix)),
        ("vwan", "10.250.0.0/23"),
    ),
    "azurerm_virtual_hub_connection": (
        lambda a: (
            _get(a, "vhub_spoke").hub,
            _get(a, "vhub_spoke").vnet,
            _get(a, "vhub_spoke").internet_security_enabled,
        ),
        ("vhub", "spoke", True),
    ),
    "azurerm_firewall_policy": (
        lambda a: _get(a, "afwp").dns.proxy_enabled,
        True,
    ),
    "azurerm_firewall_policy_rule_collection_group": (
        lambda a: [
            (c.type, c.rules[0].protocols)
            for c in _get(a, "afwp").rule_collection_groups[0].collections
        ],
        [("network", ["UDP"]), ("application", ["Https:443"])],
    ),
    "azurerm_virtual_network_gateway": (
        lambda a: (
            _get(a, "vpn-virtual_network_gateway").sku,
            _get(a, "vpn-virtual_network_gateway").bgp_enabled,
        ),
        ("VpnGw2AZ", True),
    ),
    "azurerm_lb": (
        lambda a: (_get(a, "ilb").sku, _get(a, "ilb").frontends[0].zones),
        ("Standard", [1, 2, 3]),
    ),
    "azurerm_lb_backend_address_pool": (lambda a: _get(a, "ilb").backend_pools, ["apps"]),
    "azurerm_lb_probe": (
        lambda a: (_get(a, "ilb").probes[0].protocol, _get(a, "ilb").probes[0].path),
        ("Https", "/health"),
    ),
    "azurerm_lb_rule": (
        lambda a: (
            _get(a, "ilb").rules[0].probe,
            _get(a, "ilb").rules[0].backend_pools,
            _get(a, "ilb").rules[0].floating_ip,
        ),
        ("https", ["apps"], True),
    ),
    "azurerm_api_management": (
        lambda a: (
            _get(a, "apim-api_management").sku,
            _get(a, "apim-api_management").capacity,
            _get(a, "apim-api_management").zones,
            _get(a, "apim-api_management").virtual_network_type,
            _get(a, "apim-api_management").subnet,
        ),
        ("Premium", 2, [1, 2], "Internal", "apim-subnet"),
    ),
    "azurerm_private_dns_resolver": (lambda a: _get(a, "dnspr").vnet, "hub"),
    "azurerm_private_dns_resolver_inbound_endpoint": (
        lambda a: (
            _get(a, "dnspr").inbound_endpoints[0].subnet,
            _get(a, "dnspr").inbound_endpoints[0].private_ip,
        ),
        ("dns_in", "10.20.10.4"),
    ),
    "azurerm_private_dns_resolver_outbound_endpoint": (
        lambda a: _get(a, "dnspr").outbound_endpoints[0].subnet,
        "dns_out",
    ),
    "azurerm_private_dns_resolver_dns_forwarding_ruleset": (
        lambda a: _get(a, "onprem").resolver,
        "dnspr",
    ),
    "azurerm_private_dns_resolver_forwarding_rule": (
        lambda a: (
            _get(a, "onprem").rules[0].domain,
            _get(a, "onprem").rules[0].target_dns_servers,
        ),
        ("corp.example.", ["192.168.1.10"]),
    ),
    "azurerm_private_dns_resolver_virtual_network_link": (
        lambda a: _get(a, "onprem").vnet_links,
        ["spoke"],
    ),
    "azurerm_nat_gateway": (lambda a: _get(a, "ngw-nat_gateway").idle_timeout_minutes, 10),
    "azurerm_nat_gateway_public_ip_association": (
        lambda a: _get(a, "ngw-nat_gateway").public_ips,
        ["ngw-public_ip"],
    ),
    "azurerm_public_ip_prefix": (
        lambda a: (
            _get(a, "ngw_prefix").prefix_length,
            _get(a, "ngw_prefix").zones,
        ),
        (30, [2]),
    ),
    "azurerm_nat_gateway_public_ip_prefix_association": (
        lambda a: _get(a, "ngw-nat_gateway").public_ip_prefixes,
        ["ngw_prefix"],
    ),
    "azurerm_subnet_nat_gateway_association": (
        lambda a: _get(a, "apps-subnet").nat_gateway,
        "ngw-nat_gateway",
    ),
    "azurerm_network_interface": (lambda a: _get(a, "jump").subnet, "vms-subnet"),
    "azurerm_managed_disk": (
        lambda a: (
            _get(a, "jumpdata").sku,
            _get(a, "jumpdata").size_gb,
            _get(a, "jumpdata").public_network_access,
            _get(a, "jumpdata").network_access_policy,
        ),
        ("Premium_ZRS", 256, False, "DenyAll"),
    ),
    "azurerm_virtual_machine_data_disk_attachment": (
        lambda a: _get(a, "jump").data_disks,
        ["jumpdata"],
    ),
    "azurerm_network_interface_backend_address_pool_association": (
        lambda a: [(m.load_balancer, m.pool) for m in _get(a, "jump").load_balancer_pools],
        [("ilb", "apps")],
    ),
    "azurerm_network_interface_nat_rule_association": (
        lambda a: [(m.load_balancer, m.rule) for m in _get(a, "jump").load_balancer_nat_rules],
        [("ilb", "ssh")],
    ),
    "azurerm_network_interface_application_gateway_backend_address_pool_association": (
        lambda a: "jump" in _get(a, "gateway-application_gateway").backend_pools[0].targets,
        True,
    ),
    "azurerm_lb_nat_rule": (
        lambda a: sorted(
            (r.name, r.frontend_port, r.frontend_port_start, r.backend_pool, r.floating_ip)
            for r in _get(a, "ilb").nat_rules
        ),
        [("ssh", 2222, None, None, False), ("ssh-range", None, 3000, "apps", True)],
    ),
    "azurerm_lb_nat_pool": (
        lambda a: [(p.name, p.frontend_port_end, p.backend_port) for p in _get(a, "ilb").nat_pools],
        [("rdp", 50099, 3389)],
    ),
    "azurerm_lb_outbound_rule": (
        lambda a: [
            (r.frontends, r.backend_pool, r.allocated_outbound_ports)
            for r in _get(a, "ilb").outbound_rules
        ],
        [(["internal"], "apps", 512)],
    ),
    "azurerm_network_interface_security_group_association": (
        lambda a: _get(a, "jump").nic_nsg,
        "web-network_security_group",
    ),
    "azurerm_virtual_network_dns_servers": (lambda a: _get(a, "spoke").dns_servers, ["10.20.0.4"]),
    "azurerm_virtual_network_peering": (
        lambda a: (_get(a, "hub_to_spoke").local, _get(a, "hub_to_spoke").remote),
        ("hub", "spoke"),
    ),
    "azurerm_private_dns_zone": (
        lambda a: _get(a, "blob-private_dns_zone").zone,
        "privatelink.blob.core.windows.net",
    ),
    "azurerm_private_dns_zone_virtual_network_link": (
        lambda a: [link.vnet for link in _get(a, "blob-private_dns_zone").vnet_links],
        ["hub"],
    ),
    "azurerm_private_endpoint": (
        lambda a: (
            _get(a, "blob-private_endpoint").target,
            _get(a, "blob-private_endpoint").subresource,
            _get(a, "blob-private_endpoint").dns_zone_group,
        ),
        ("data", "blob", ["blob-private_dns_zone"]),
    ),
    "azurerm_public_ip": (
        lambda a: (
            _get(a, "gateway-public_ip").zones,
            _get(a, "bastion-public_ip").ddos_protection,
        ),
        ([1, 2, 3], "Enabled"),
    ),
    "azurerm_bastion_host": (
        lambda a: (_get(a, "bastion-bastion_host").sku, _get(a, "bastion-bastion_host").subnet),
        ("Premium", "bastion-subnet"),
    ),
    "azurerm_cdn_frontdoor_firewall_policy": (
        lambda a: (
            _get(a, "fd-cdn_frontdoor_firewall_policy").mode,
            _get(a, "fd-cdn_frontdoor_firewall_policy").rate_limit_rules[0].window,
        ),
        ("Detection", timedelta(minutes=5)),
    ),
    "azurerm_frontdoor_firewall_policy": (lambda a: _get(a, "classic").bot_protection, True),
    "azurerm_web_application_firewall_policy": (
        lambda a: (
            _get(a, "gateway-web_application_firewall_policy").product,
            _get(a, "gateway-web_application_firewall_policy").mode,
        ),
        ("application_gateway", "Detection"),
    ),
    "azurerm_cdn_frontdoor_profile": (
        lambda a: _get(a, "fd-cdn_frontdoor_profile").response_timeout,
        timedelta(seconds=90),
    ),
    "azurerm_cdn_frontdoor_endpoint": (
        lambda a: _get(a, "fd-cdn_frontdoor_profile").endpoints,
        ["coverage"],
    ),
    "azurerm_cdn_frontdoor_origin_group": (
        lambda a: _get(a, "fd-cdn_frontdoor_profile").origin_groups[0].health_probe.interval,
        timedelta(minutes=2),
    ),
    "azurerm_cdn_frontdoor_origin": (
        lambda a: _get(a, "fd-cdn_frontdoor_profile").origin_groups[0].origins[0].target,
        "web-linux_web_app",
    ),
    "azurerm_cdn_frontdoor_route": (
        lambda a: (
            _get(a, "fd-cdn_frontdoor_profile").routes[0].origin_group,
            _get(a, "fd-cdn_frontdoor_profile").routes[0].forwarding_protocol,
        ),
        ("apps", "MatchRequest"),
    ),
    "azurerm_cdn_frontdoor_security_policy": (
        lambda a: _get(a, "fd-cdn_frontdoor_profile").waf_policy,
        "fd-cdn_frontdoor_firewall_policy",
    ),
    "azurerm_application_gateway": (
        lambda a: (
            _get(a, "gateway-application_gateway").min_tls_version,
            _get(a, "gateway-application_gateway").request_timeout,
            _get(a, "gateway-application_gateway").backend_pools[0].targets,
        ),
        # vm-jump and vm-admin share the jump NIC, which is in the gateway's pool (disks.tf)
        ("1.3", timedelta(seconds=45), ["win", "jump", "admin"]),
    ),
    "azurerm_traffic_manager_profile": (
        lambda a: (_get(a, "tm").routing_method, _get(a, "tm").dns_ttl),
        ("Weighted", timedelta(seconds=60)),
    ),
    "azurerm_traffic_manager_azure_endpoint": (
        lambda a: _endpoint(a, "primary").target,
        "gateway-public_ip",
    ),
    "azurerm_traffic_manager_external_endpoint": (
        lambda a: (_endpoint(a, "partner").host, _endpoint(a, "partner").region),
        ("partner.example.com", "westeurope"),
    ),
    "azurerm_traffic_manager_nested_endpoint": (lambda a: _endpoint(a, "nested").weight, 5),
    "azurerm_servicebus_namespace": (
        lambda a: (_get(a, "sb").tier, _get(a, "sb").capacity),
        ("premium", 2),
    ),
    "azurerm_servicebus_namespace_network_rule_set": (
        lambda a: _get(a, "sb").public_network_access,
        False,
    ),
    "azurerm_servicebus_queue": (
        lambda a: (
            _get(a, "orders").lock_duration,
            _get(a, "orders").forward_dead_lettered_messages_to,
            _get(a, "orders").partitioning,
        ),
        (timedelta(minutes=2), "parking", True),
    ),
    "azurerm_servicebus_topic": (
        lambda a: (_get(a, "events").duplicate_detection_window, _get(a, "events").max_size),
        (timedelta(minutes=30), 2048 * 1024 * 1024),
    ),
    "azurerm_servicebus_subscription": (
        lambda a: (
            _get(a, "audit").requires_session,
            _get(a, "audit").forward_to,
            _get(a, "audit").dead_lettering_on_filter_evaluation_error,
        ),
        (True, "parking", False),
    ),
    "azurerm_eventhub_namespace": (
        lambda a: (
            _get(a, "eh").auto_inflate.max_throughput_units,
            _get(a, "eh").local_auth_enabled,
        ),
        (8, False),
    ),
    "azurerm_eventhub": (
        lambda a: (_get(a, "clicks").retention, _get(a, "clicks").capture.storage_account),
        (timedelta(hours=48), "data"),
    ),
    "azurerm_eventhub_consumer_group": (
        lambda a: (a.index.by_id["analytics"].parent.id, _get(a, "analytics").purpose),
        ("clicks", "dashboards"),
    ),
    "azurerm_eventgrid_topic": (lambda a: _get(a, "domain").public_network_access, False),
    "azurerm_eventgrid_system_topic": (lambda a: _get(a, "storage").source, "data"),
    "azurerm_eventgrid_event_subscription": (
        lambda a: (
            _get(a, "to_function").endpoint,
            _get(a, "to_function").retry_policy.event_ttl,
        ),
        ("api-linux_function_app", timedelta(hours=1)),
    ),
    "azurerm_eventgrid_system_topic_event_subscription": (
        lambda a: (
            _get(a, "blobs-eventgrid_system_topic_event_subscription").source,
            _get(a, "blobs-eventgrid_system_topic_event_subscription").dead_letter.container,
        ),
        ("storage", "deadletter"),
    ),
    "azurerm_cosmosdb_account": (
        lambda a: (
            _get(a, "cosmos").consistency.level,
            _get(a, "cosmos").capacity_mode,
            [r.region for r in _get(a, "cosmos").regions],
        ),
        ("BoundedStaleness", "serverless", ["westeurope", "northeurope"]),
    ),
    "azurerm_cosmosdb_sql_database": (
        lambda a: (_get(a, "app").throughput.mode, _get(a, "app").throughput.max_ru),
        ("manual", 800),
    ),
    "azurerm_cosmosdb_sql_container": (
        lambda a: (
            _get(a, "carts").partition_key,
            _get(a, "carts").ttl,
            _get(a, "carts").analytical_ttl,
            _get(a, "carts").indexing.composite_indexes,
        ),
        ("/customerId", timedelta(hours=1), -1, [["/customerId", "/updatedAt"]]),
    ),
    "azurerm_redis_cache": (
        lambda a: (_get(a, "cache").shards, _get(a, "cache").persistence.rdb.frequency),
        (2, timedelta(hours=6)),
    ),
    "azurerm_storage_account": (
        lambda a: (
            _get(a, "data").replication,
            _get(a, "data").local_auth_enabled,
            _get(a, "data").point_in_time_restore,
        ),
        ("RAGZRS", False, timedelta(days=6)),
    ),
    "azurerm_storage_container": (lambda a: _get(a, "data").containers, ["capture"]),
    "azurerm_storage_account_network_rules": (
        lambda a: _get(a, "data").public_network_default_action,
        "Deny",
    ),
    "azurerm_storage_management_policy": (
        lambda a: (
            _get(a, "data").lifecycle_rules[0].cold_after,
            _get(a, "data").lifecycle_rules[0].delete_after,
        ),
        (timedelta(days=14), timedelta(days=180)),
    ),
    "azurerm_app_service_environment_v3": (
        lambda a: (
            _get(a, "ase-app_service_environment_v3").internal_load_balancing,
            _get(a, "ase-app_service_environment_v3").subnet,
        ),
        (False, "ase-subnet"),
    ),
    "azurerm_service_plan": (
        lambda a: (_get(a, "linux").sku, _get(a, "linux").instances.max, _get(a, "windows").os),
        ("EP2", 12, "windows"),
    ),
    "azurerm_linux_function_app": (
        lambda a: (
            _get(a, "api-linux_function_app").runtime.stack,
            _get(a, "api-linux_function_app").app_insights,
            _get(a, "api-linux_function_app").identity.user_assigned,
            _get(a, "api-linux_function_app").vnet_integration,
        ),
        ("python", "appi", ["apps-user_assigned_identity"], "apps-subnet"),
    ),
    "azurerm_windows_function_app": (
        lambda a: (_get(a, "win").min_tls_version, _get(a, "win").https_only),
        ("1.1", False),
    ),
    "azurerm_linux_web_app": (
        lambda a: (
            _get(a, "web-linux_web_app").public_network_access,
            [c.name for c in _get(a, "web-linux_web_app").connection_strings],
        ),
        (False, ["db"]),
    ),
    "azurerm_windows_web_app": (lambda a: _get(a, "portal").app_insights, "appi"),
    "azurerm_logic_app_standard": (
        lambda a: (_get(a, "flows").public_network_access, _get(a, "flows").storage_account),
        (False, "data"),
    ),
    "azurerm_linux_virtual_machine": (
        lambda a: (
            _get(a, "jump").os,
            _get(a, "jump").zones,
            _get(a, "jump").size,
            _get(a, "jump").os_disk.sku,
        ),
        ("linux", [2], "Standard_B2s", "Standard_LRS"),
    ),
    "azurerm_windows_virtual_machine": (
        lambda a: (_get(a, "admin").os, _get(a, "admin").admin_password),
        ("windows", "<literal secret>"),
    ),
    "azurerm_log_analytics_workspace": (
        lambda a: (_get(a, "logs").retention, _get(a, "logs").sources),
        (timedelta(days=60), ["sb"]),
    ),
    "azurerm_monitor_diagnostic_setting": (lambda a: _get(a, "logs").sources, ["sb"]),
    "azurerm_application_insights": (
        lambda a: (_get(a, "appi").workspace, _get(a, "appi").sampling),
        ("logs", 25.0),
    ),
    "azurerm_monitor_action_group": (
        lambda a: [(c.kind, c.target) for c in _get(a, "oncall").channels],
        [
            ("voice", "+44-2000000000"),
            ("webhook", "https://chat.example.com/hook"),
            ("push", "ops@example.com"),
        ],
    ),
    "azurerm_monitor_metric_alert": (
        lambda a: (
            _get(a, "dlq").target,
            _get(a, "dlq").window,
            _get(a, "dlq").dimensions,
            _get(a, "dlq").action_groups,
        ),
        ("sb", timedelta(minutes=15), {"EntityName": "orders"}, ["oncall"]),
    ),
    "azurerm_monitor_autoscale_setting": (
        lambda a: (
            _get(a, "api-monitor_autoscale_setting").target,
            _get(a, "api-monitor_autoscale_setting").profiles[0].rules[0].statistic,
        ),
        ("linux", "Max"),
    ),
    "azurerm_recovery_services_vault": (
        lambda a: (_get(a, "rsv").redundancy, _get(a, "rsv").immutability),
        ("ZoneRedundant", "unlocked"),
    ),
    "azurerm_backup_policy_vm": (
        lambda a: (
            _get(a, "vms-backup_policy_vm").schedule.frequency,
            _get(a, "vms-backup_policy_vm").vault,
        ),
        ("hourly", "rsv"),
    ),
    "azurerm_backup_protected_vm": (lambda a: _get(a, "vms-backup_policy_vm").protected, ["admin"]),
    "azurerm_backup_policy_file_share": (
        lambda a: (_get(a, "files").workload, _get(a, "files").retention.daily),
        ("file_share", 10),
    ),
    "azurerm_backup_protected_file_share": (lambda a: _get(a, "files").protected, ["data"]),
    "azurerm_data_protection_backup_vault": (
        lambda a: (_get(a, "bv").vault_kind, _get(a, "bv").soft_delete),
        ("backup", False),
    ),
    "azurerm_data_protection_backup_policy_blob_storage": (
        lambda a: (
            _get(a, "blobs-data_protection_backup_policy_blob_storage").schedule.frequency,
            _get(a, "blobs-data_protection_backup_policy_blob_storage").retention.duration,
        ),
        ("continuous", timedelta(days=30)),
    ),
    "azurerm_data_protection_backup_instance_blob_storage": (
        lambda a: _get(a, "blobs-data_protection_backup_policy_blob_storage").protected,
        ["data"],
    ),
    "azurerm_key_vault": (
        lambda a: (_get(a, "kv").soft_delete_retention, _get(a, "kv").rbac_authorization),
        (30, True),
    ),
    "azurerm_user_assigned_identity": (
        lambda a: _get(a, "apps-user_assigned_identity").name,
        "id-apps",
    ),
    "azurerm_role_assignment": (
        lambda a: sorted((r.principal, r.role, r.scope) for r in a.security.role_assignments),
        [
            ("api-linux_function_app", "Key Vault Secrets User", "kv"),
            ("apps-user_assigned_identity", "Azure Service Bus Data Sender", "sb"),
        ],
    ),
    # --- relational databases (databases.tf) ---
    "azurerm_mssql_server": (
        lambda a: (_get(a, "sqlsrv").public_network_access, _get(a, "sqlsrv").local_auth_enabled),
        (False, False),
    ),
    "azurerm_mssql_database": (
        lambda a: (_get(a, "sqldb").tier, _get(a, "sqldb").backup_storage_redundancy),
        ("BusinessCritical", "Zone"),
    ),
    "azurerm_mssql_elasticpool": (
        lambda a: (_get(a, "sqlpool").tier, _get(a, "sqlpool").zone_redundant),
        ("GeneralPurpose", True),
    ),
    "azurerm_mssql_failover_group": (
        lambda a: (_get(a, "sqlfog").partner_servers, _get(a, "sqlfog").failover_mode),
        (["sqlsrv2"], "Manual"),
    ),
    "azurerm_mssql_firewall_rule": (
        lambda a: [r.start_ip for r in _get(a, "sqlsrv2").firewall_rules],
        ["198.51.100.0"],
    ),
    "azurerm_mssql_virtual_network_rule": (
        lambda a: _get(a, "sqlsrv2").vnet_rules,
        ["apps-subnet"],
    ),
    "azurerm_postgresql_flexible_server": (
        lambda a: (_get(a, "pgflex").tier, _get(a, "pgflex").high_availability),
        ("MemoryOptimized", "ZoneRedundant"),
    ),
    "azurerm_mssql_managed_instance": (
        lambda a: (
            _get(a, "sqlmi").tier,
            _get(a, "sqlmi").zone_redundant,
            _get(a, "sqlmi").backup_storage_redundancy,
            _get(a, "sqlmi").public_network_access,
        ),
        ("BusinessCritical", True, "Zone", False),
    ),
    "azurerm_mssql_managed_instance_failover_group": (
        lambda a: (_get(a, "sqlmifog").server, _get(a, "sqlmifog").partner_servers),
        ("sqlmi", ["sqlmi2"]),
    ),
    "azurerm_postgresql_flexible_server_firewall_rule": (
        lambda a: _get(a, "pgflex").admits_every_network(),
        True,  # 0.0.0.0: every Azure service
    ),
    "azurerm_postgresql_flexible_server_database": (
        lambda a: _get(a, "pgflex").databases,
        ["orders"],
    ),
    "azurerm_mysql_flexible_server_firewall_rule": (
        lambda a: [r.end_ip for r in _get(a, "myflex").firewall_rules],
        ["192.0.2.255"],
    ),
    "azurerm_mysql_flexible_database": (lambda a: _get(a, "myflex").databases, ["catalog"]),
    "azurerm_postgresql_flexible_server_configuration": (
        lambda a: _get(a, "pgflex").require_secure_transport,
        False,
    ),
    "azurerm_mysql_flexible_server_configuration": (
        lambda a: _get(a, "myflex").min_tls_version,
        "1.3",
    ),
    "azurerm_mysql_flexible_server": (
        lambda a: (_get(a, "myflex").tier, _get(a, "myflex").backup_retention),
        ("Burstable", timedelta(days=3)),
    ),
    "azurerm_kubernetes_cluster": (
        lambda a: (
            _get(a, "aks-kubernetes_cluster").outbound_type,
            _get(a, "aks-kubernetes_cluster-system").autoscale.max,
        ),
        ("userDefinedRouting", 5),
    ),
    "azurerm_kubernetes_cluster_node_pool": (
        lambda a: (_get(a, "user").mode, _get(a, "user").zones),
        ("User", [1, 2, 3]),
    ),
    "azurerm_app_service_plan": (
        lambda a: (
            _get(a, "legacy-app_service_plan").sku,
            _get(a, "legacy-app_service_plan").os,
            _get(a, "legacy-app_service_plan").instances.min,
        ),
        ("P1v2", "linux", 3),
    ),
    "azurerm_app_service": (
        lambda a: (_get(a, "legacy-app_service").plan, _get(a, "legacy-app_service").https_only),
        ("legacy-app_service_plan", True),
    ),
    "azurerm_function_app": (
        lambda a: _get(a, "legacy-function_app").storage_account,
        "legacy-storage_account",
    ),
    "azurerm_container_app_environment": (
        lambda a: (
            _get(a, "aca-container_app_environment").zone_redundant,
            _get(a, "aca-container_app_environment").infrastructure_subnet,
            [p.type for p in _get(a, "aca-container_app_environment").workload_profiles],
        ),
        (True, "aca-subnet", ["Consumption"]),
    ),
    "azurerm_container_app": (
        lambda a: (_get(a, "api-container_app").min_replicas, _get(a, "api-container_app").ingress),
        (3, ContainerAppIngress(external=False, target_port=8080)),
    ),
    "azurerm_container_group": (
        lambda a: (_get(a, "job").ip_address_type, _get(a, "job").subnets, _get(a, "job").zones),
        ("Private", ["aks-subnet"], [2]),
    ),
    "azurerm_container_registry": (
        lambda a: [r.region for r in _get(a, "acr").geo_replications],
        ["northeurope"],
    ),
    "azurerm_linux_virtual_machine_scale_set": (
        lambda a: (
            _get(a, "web-linux_virtual_machine_scale_set").zones,
            _get(a, "web-linux_virtual_machine_scale_set").subnet,
        ),
        ([1, 2, 3], "vms-subnet"),
    ),
    "azurerm_windows_virtual_machine_scale_set": (
        lambda a: (_get(a, "workers").os, _get(a, "workers").upgrade_mode),
        ("windows", "automatic"),
    ),
    "azurerm_orchestrated_virtual_machine_scale_set": (
        lambda a: (_get(a, "flex").orchestration, _get(a, "flex").fault_domains),
        ("flexible", 1),
    ),
    "azurerm_availability_set": (lambda a: _get(a, "legacy-availability_set").update_domains, 3),
}


@pytest.mark.parametrize("resource_type", sorted(CASES))
def test_type_reaches_the_model(imported: ImportResult, resource_type: str) -> None:
    check, expected = CASES[resource_type]
    assert check(imported.architecture) == expected


def test_every_mapped_type_has_a_case() -> None:
    assert sorted(MAPPED_TYPES - set(CASES)) == []


def test_every_mapped_type_is_in_the_fixture() -> None:
    text = "".join(path.read_text() for path in COVERAGE.glob("*.tf"))
    missing = [t for t in sorted(MAPPED_TYPES) if f'resource "{t}"' not in text]
    assert missing == []


# --- azurerm 3.x spellings (legacy.tf) are read like the 4.x names -------------------

LEGACY: dict[str, tuple[Check, Any]] = {
    "enable_partitioning": (lambda a: _get(a, "legacy-servicebus_queue").partitioning, True),
    "enable_non_ssl_port": (lambda a: _get(a, "legacy-redis_cache").non_ssl_port_enabled, True),
    "disable_bgp_route_propagation": (
        lambda a: _get(a, "legacy-route_table").bgp_route_propagation,
        False,
    ),
    "enable_automatic_failover": (
        lambda a: _get(a, "legacy-cosmosdb_account").automatic_failover,
        True,
    ),
    "enable_multiple_write_locations": (
        lambda a: _get(a, "legacy-cosmosdb_account").multi_region_writes,
        True,
    ),
    "partition_key_path": (
        lambda a: _get(a, "legacy-cosmosdb_sql_container").partition_key,
        "/legacyKey",
    ),
    "private_endpoint_network_policies_enabled": (
        lambda a: _get(a, "legacy-subnet").private_endpoint_network_policies,
        "Disabled",
    ),
    "enable_rbac_authorization": (lambda a: _get(a, "legacy-key_vault").rbac_authorization, True),
    "automatic_channel_upgrade": (
        lambda a: _get(a, "legacy-kubernetes_cluster").automatic_upgrade_channel,
        "patch",
    ),
    "api_server_authorized_ip_ranges": (
        lambda a: _get(a, "legacy-kubernetes_cluster").api_server_authorized_ip_ranges,
        ["203.0.113.0/24"],
    ),
    "enable_auto_scaling": (
        lambda a: _get(a, "legacy-kubernetes_cluster_node_pool").autoscale.max,
        3,
    ),
}


@pytest.mark.parametrize("old_name", sorted(LEGACY))
def test_old_spelling_is_read_and_reported(imported: ImportResult, old_name: str) -> None:
    check, expected = LEGACY[old_name]
    assert check(imported.architecture) == expected
    reported = [
        p for p in imported.problems if p.rule_id == "TF004" and f"`{old_name}`" in p.message
    ]
    assert len(reported) == 1
    assert reported[0].location.file.endswith("legacy.tf")
    assert reported[0].location.line is not None
