"""Relational databases: Azure SQL (server, database, elastic pool, failover group) and the
PostgreSQL and MySQL flexible servers.

Defaults are Azure's and the same in azurerm 3.x and 4.x (the model's unset values): public
network access on, SQL authentication on, backups kept 7 days and (SQL) geo-redundant, no
zone redundancy, no high availability. A flexible server in a delegated subnet has no
public endpoint.
"""

from __future__ import annotations

from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.core import (
    Builder,
    Draft,
    External,
    View,
    has_unknown,
    mapper,
)
from archlint.importers.values import UNKNOWN, scalar
from archlint.model.databases import TYPED_SERVER_PARAMETERS

_SERVER = ("sql_server",)
_POOL = ("sql_elastic_pool",)
_DATABASE = ("sql_database",)


def _sql_tls(value: Any) -> str:
    # azurerm 3.x accepts "Disabled": no minimum, TLS 1.0 connections accepted.
    return "1.0" if convert.text(value).lower() == "disabled" else convert.tls(value)


def _place(builder: Builder, draft: Draft, target: Any) -> None:
    if isinstance(target, str) and target is not UNKNOWN:
        draft.parent = target
    elif isinstance(target, External):
        draft.parent = builder.stub(_SERVER, target, draft.resource)
    else:
        draft.parent = builder.stub(_SERVER, None, draft.resource)


# --- Azure SQL -------------------------------------------------------------------------


@mapper("azurerm_mssql_server", kind="sql_server")
def sql_server(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("public_network_access", view.raw("public_network_access_enabled"), convert.boolean)
    draft.set("min_tls_version", view.raw("minimum_tls_version"), _sql_tls)
    admin = view.block("azuread_administrator")
    if admin is not None:
        draft.set(
            "local_auth_enabled",
            admin.raw("azuread_authentication_only"),
            lambda v: not convert.boolean(v),
        )
    elif view.unknown("azuread_administrator"):
        draft.mark_unknown("local_auth_enabled")


_FLEXIBLE = ("postgresql_flexible_server", "mysql_flexible_server")
_MYSQL_SERVER = ("azurerm_mysql_flexible_server",)


def _server_of(builder: Builder, view: View, kinds: tuple[str, ...], what: str) -> Draft | None:
    """The server a firewall rule or database adds to: by id, or by name (MySQL)."""
    if view.raw("server_id") is not None:
        return builder.attached_to(view.resource, view.raw("server_id"), kinds, what)
    target = builder.resolve_name(view.raw("server_name"), _MYSQL_SERVER, view.resource, kinds)
    server = builder.draft_of(target if isinstance(target, str) else None)
    if server is None:
        builder.not_attached(view.resource, what)
    return server


@mapper("azurerm_mssql_firewall_rule")
def sql_firewall_rule(builder: Builder, view: View, draft: Draft | None) -> None:
    _firewall_rule(builder, view, _server_of(builder, view, _SERVER, "SQL server"))


@mapper(
    "azurerm_postgresql_flexible_server_firewall_rule",
    "azurerm_mysql_flexible_server_firewall_rule",
)
def flexible_firewall_rule(builder: Builder, view: View, draft: Draft | None) -> None:
    _firewall_rule(builder, view, _server_of(builder, view, _FLEXIBLE, "flexible server"))


def _firewall_rule(builder: Builder, view: View, server: Draft | None) -> None:
    if server is None:
        return
    start, end = view.raw("start_ip_address"), view.raw("end_ip_address")
    if has_unknown(start) or has_unknown(end):
        server.mark_unknown("firewall_rules")  # a range known only at apply time
        return
    rule: dict[str, Any] = {}
    server.data.setdefault("firewall_rules", []).append(rule)
    sub = server.sub(rule, view.resource)
    sub.set("name", view.raw("name"), convert.text)
    sub.set("start_ip", start, convert.text)
    sub.set("end_ip", end, convert.text)


@mapper("azurerm_postgresql_flexible_server_database", "azurerm_mysql_flexible_database")
def flexible_database(builder: Builder, view: View, draft: Draft | None) -> None:
    server = _server_of(builder, view, _FLEXIBLE, "flexible server")
    if server is None:
        return
    name = view.get("name")
    if isinstance(name, str):
        server.data.setdefault("databases", []).append(name)
    else:
        server.mark_unknown("databases")


#: PostgreSQL and MySQL spell booleans on/off, true/false, yes/no or 1/0 (any case).
_PARAMETER_BOOLEANS = {
    **dict.fromkeys(("on", "true", "yes", "1"), True),
    **dict.fromkeys(("off", "false", "no", "0"), False),
}
#: The server parameter that names the minimum TLS version, per server kind.
_TLS_PARAMETER = {
    "postgresql_flexible_server": "ssl_min_protocol_version",
    "mysql_flexible_server": "tls_version",
}


def _parameter_boolean(value: Any) -> bool:
    key = convert.text(value).strip().lower()
    if key not in _PARAMETER_BOOLEANS:
        raise ValueError(f"not on or off: {value!r}")
    return _PARAMETER_BOOLEANS[key]


def _lowest_tls(value: Any) -> str:
    """The lowest of the TLS versions a parameter admits (MySQL lists several:
    ``TLSv1.2,TLSv1.3``)."""
    versions = [convert.tls(part) for part in convert.text(value).split(",") if part.strip()]
    if not versions:
        raise ValueError(f"no TLS version in {value!r}")
    return min(versions, key=lambda version: tuple(int(n) for n in version.split(".")))


@mapper(
    "azurerm_postgresql_flexible_server_configuration",
    "azurerm_mysql_flexible_server_configuration",
)
def flexible_configuration(builder: Builder, view: View, draft: Draft | None) -> None:
    """A server parameter set on a flexible server: secure transport and the minimum TLS
    version onto their fields, any other parameter into ``server_parameters``."""
    server = _server_of(builder, view, _FLEXIBLE, "flexible server")
    if server is None:
        return
    name, value = view.get("name"), view.raw("value")
    if not isinstance(name, str):
        # Which parameter it sets is known only at apply time: any of them may be changed.
        for field in ("require_secure_transport", "min_tls_version", "server_parameters"):
            server.mark_unknown(field)
        return
    key = name.strip().lower()
    if key == "require_secure_transport":
        field: tuple[str, ...] = ("require_secure_transport",)
        server.set(field, value, _parameter_boolean)
    elif key == _TLS_PARAMETER[server.kind or ""]:
        field = ("min_tls_version",)
        server.set(field, value, _lowest_tls)
    elif key in TYPED_SERVER_PARAMETERS:
        builder.value_problem(
            view.resource, ("name",), name, f"not a server parameter of a {server.kind}"
        )
        return
    else:
        field = ("server_parameters", name)
        server.set(field, value, _parameter_value)
    if view.resource.wildcard:
        # Under count/for_each over values known at apply time: it may not exist at all.
        server.mark_unknown(field)
    server.sources[field] = view.resource


def _parameter_value(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return convert.text(value)


@mapper("azurerm_mssql_virtual_network_rule")
def sql_vnet_rule(builder: Builder, view: View, draft: Draft | None) -> None:
    server = builder.attached_to(view.resource, view.raw("server_id"), _SERVER, "SQL server")
    if server is None:
        return
    subnet = builder.resolve(view.raw("subnet_id"), ("subnet",))
    if isinstance(subnet, str) and subnet is not UNKNOWN:
        server.data.setdefault("vnet_rules", []).append(subnet)
    else:
        server.mark_unknown("vnet_rules")


#: sku_name prefix -> tier, from Microsoft's resource limit pages
#: (https://learn.microsoft.com/azure/azure-sql/database/resource-limits-vcore-single-databases
#: and .../resource-limits-dtu-single-databases): GP_S_Gen5_2 is General Purpose serverless.
_SQL_SKU_TIERS = (
    ("GP_", "GeneralPurpose"),
    ("BC_", "BusinessCritical"),
    ("HS_", "Hyperscale"),
    ("BASIC", "Basic"),
    ("S", "Standard"),
    ("P", "Premium"),
)


def sql_tier_of(sku: str) -> str:
    """The service tier a SQL Database service objective belongs to, or a ValueError."""
    upper = sku.upper()
    for prefix, tier in _SQL_SKU_TIERS:
        if upper.startswith(prefix) and (len(prefix) > 1 or upper[1:].isdigit()):
            return tier
    raise ValueError(f"service objective {sku!r} names no tier archlint knows")


@mapper("azurerm_mssql_database", kind="sql_database")
def sql_database(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    _place(builder, draft, builder.resolve(view.raw("server_id"), _SERVER))
    pool = view.raw("elastic_pool_id")
    if pool is not None:
        builder.ref(draft, "elastic_pool", pool, _POOL)
    sku = draft.set("sku", view.raw("sku_name"), convert.text)
    if isinstance(sku, str) and sku.lower() != "elasticpool":
        draft.set("tier", sku, sql_tier_of)
    elif isinstance(sku, str):
        draft.data.pop("sku")
    elif sku is None and pool is None:
        draft.mark_unknown("tier")  # Azure picks the tier: not stated in the configuration
    draft.set("zone_redundant", view.raw("zone_redundant"), convert.boolean)
    draft.set("backup_storage_redundancy", view.raw("storage_account_type"), convert.text)
    retention = view.block("short_term_retention_policy")
    if retention is not None:
        draft.set("backup_retention", retention.raw("retention_days"), convert.days)
    elif view.unknown("short_term_retention_policy"):
        draft.mark_unknown("backup_retention")
    mode = scalar(view.raw("create_mode"))
    if isinstance(mode, str) and mode.lower() == "secondary":
        builder.ref(draft, "secondary_of", view.raw("creation_source_database_id"), _DATABASE)
    elif mode is UNKNOWN:
        draft.mark_unknown("secondary_of")


@mapper("azurerm_mssql_elasticpool", kind="sql_elastic_pool")
def sql_elastic_pool(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    _place(
        builder,
        draft,
        builder.resolve_name(
            view.raw("server_name"), ("azurerm_mssql_server",), view.resource, _SERVER
        ),
    )
    sku = view.block("sku")
    if sku is not None:
        draft.set("tier", sku.raw("tier"), convert.text)
        draft.set("sku", sku.raw("name"), convert.text)
        draft.set("capacity", sku.raw("capacity"), convert.integer)
    else:
        draft.mark_unknown("tier")
    draft.set("zone_redundant", view.raw("zone_redundant"), convert.boolean)


@mapper("azurerm_mssql_failover_group", kind="sql_failover_group")
def sql_failover_group(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    builder.ref(draft, "server", view.raw("server_id"), _SERVER, required=True)
    partners = [p.raw("id") for p in view.blocks("partner_server")]
    draft.data["partner_servers"] = [None] * len(partners)
    for position, partner in enumerate(partners):
        builder.ref(draft, ("partner_servers", position), partner, _SERVER, required=True)
    if not partners:
        draft.mark_unknown("partner_servers")
    databases = view.raw("databases")
    if databases is not None:
        builder.ref_list(draft, "databases", databases, _DATABASE)
    _failover_policy(view, draft)


# --- SQL Managed Instance ----------------------------------------------------------------

_INSTANCE = ("sql_managed_instance",)
#: azurerm storage_account_type -> the model's backup redundancy.
_MI_BACKUP = {"GRS": "Geo", "GZRS": "GeoZone", "LRS": "Local", "ZRS": "Zone"}
_MI_TIERS = {"GP": "GeneralPurpose", "BC": "BusinessCritical"}


def _mi_tier(value: Any) -> str:
    prefix = convert.text(value).split("_", 1)[0].upper()
    if prefix not in _MI_TIERS:
        raise ValueError(f"sku_name {value!r} names no tier archlint knows")
    return _MI_TIERS[prefix]


@mapper("azurerm_mssql_managed_instance", kind="sql_managed_instance")
def sql_managed_instance(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    sku = draft.set("sku", view.raw("sku_name"), convert.text)
    if isinstance(sku, str):
        draft.set("tier", sku, _mi_tier)
    elif sku is None:
        draft.mark_unknown("tier")
    draft.set("vcores", view.raw("vcores"), convert.integer)
    draft.set("storage_gb", view.raw("storage_size_in_gb"), convert.integer)
    builder.ref(draft, "subnet", view.raw("subnet_id"), ("subnet",), required=True)
    draft.set("zone_redundant", view.raw("zone_redundant_enabled"), convert.boolean)
    draft.set("next_gen_general_purpose", view.raw("general_purpose_v2_enabled"), convert.boolean)
    draft.set(
        "backup_storage_redundancy",
        view.raw("storage_account_type"),
        lambda v: _MI_BACKUP[convert.text(v).upper()],
    )
    draft.set("public_network_access", view.raw("public_data_endpoint_enabled"), convert.boolean)
    draft.set("min_tls_version", view.raw("minimum_tls_version"), convert.tls)
    admin = view.block("azure_active_directory_administrator")
    if admin is not None:
        draft.set(
            "local_auth_enabled",
            admin.raw("azuread_authentication_only_enabled"),
            lambda v: not convert.boolean(v),
        )


@mapper("azurerm_mssql_managed_instance_failover_group", kind="sql_failover_group")
def sql_managed_instance_failover_group(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    builder.ref(draft, "server", view.raw("managed_instance_id"), _INSTANCE, required=True)
    draft.data["partner_servers"] = [None]
    builder.ref(
        draft,
        ("partner_servers", 0),
        view.raw("partner_managed_instance_id"),
        _INSTANCE,
        required=True,
    )
    _failover_policy(view, draft)


def _failover_policy(view: View, draft: Draft) -> None:
    policy = view.block("read_write_endpoint_failover_policy")
    if policy is not None:
        draft.set("failover_mode", policy.raw("mode"), convert.text)
        draft.set("grace_period", policy.raw("grace_minutes"), convert.minutes)


# --- Flexible servers --------------------------------------------------------------------


#: sku_name prefix -> tier, per service
#: (https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-compute,
#: https://learn.microsoft.com/azure/mysql/flexible-server/concepts-service-tiers-storage).
_FLEXIBLE_TIERS = {
    "postgresql_flexible_server": {
        "B": "Burstable",
        "GP": "GeneralPurpose",
        "MO": "MemoryOptimized",
    },
    "mysql_flexible_server": {"B": "Burstable", "GP": "GeneralPurpose", "MO": "BusinessCritical"},
}


def _flexible(builder: Builder, view: View, draft: Draft, kind: str) -> None:
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    sku = draft.set("sku", view.raw("sku_name"), convert.text)
    tiers = _FLEXIBLE_TIERS[kind]

    def tier_of(value: Any) -> str:
        prefix = convert.text(value).split("_", 1)[0].upper()
        if prefix not in tiers:
            raise ValueError(f"sku_name {value!r} names no tier archlint knows")
        return tiers[prefix]

    if sku is None:
        draft.mark_unknown("tier")
    elif sku is not UNKNOWN:
        draft.set("tier", sku, tier_of)
    draft.set("version", view.raw("version"), convert.text)
    draft.set("zone", view.raw("zone"), convert.integer)
    ha = view.block("high_availability")
    if ha is not None:
        draft.set("high_availability", ha.raw("mode"), convert.text)
        draft.set("standby_zone", ha.raw("standby_availability_zone"), convert.integer)
    elif view.unknown("high_availability"):
        draft.mark_unknown("high_availability")
    draft.set("geo_redundant_backup", view.raw("geo_redundant_backup_enabled"), convert.boolean)
    draft.set("backup_retention", view.raw("backup_retention_days"), convert.days)
    subnet = view.raw("delegated_subnet_id")
    if subnet is not None:
        builder.ref(draft, "delegated_subnet", subnet, ("subnet",))
    zone = view.raw("private_dns_zone_id")
    if zone is not None:
        builder.ref(draft, "private_dns_zone", zone, ("private_dns_zone",))
    public = view.raw("public_network_access_enabled")
    if public is None and (mysql_public := view.raw("public_network_access")) is not None:
        draft.set(
            "public_network_access", mysql_public, lambda v: convert.text(v).lower() == "enabled"
        )
    elif public is not None:
        draft.set("public_network_access", public, convert.boolean)
    elif subnet is not None:
        draft.data["public_network_access"] = False  # VNet-integrated: no public endpoint
    auth = view.block("authentication")
    if auth is not None:
        draft.set("local_auth_enabled", auth.raw("password_auth_enabled"), convert.boolean)


@mapper("azurerm_postgresql_flexible_server", kind="postgresql_flexible_server")
def postgresql_flexible_server(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _flexible(builder, view, draft, "postgresql_flexible_server")


@mapper("azurerm_mysql_flexible_server", kind="mysql_flexible_server")
def mysql_flexible_server(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _flexible(builder, view, draft, "mysql_flexible_server")
