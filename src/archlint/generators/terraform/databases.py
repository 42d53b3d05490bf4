"""``data.tf``, relational part: Azure SQL servers with their pools and databases, failover
groups, and the PostgreSQL and MySQL flexible servers.

Credentials are never written: a server that accepts SQL or password authentication gets a
sensitive administrator password variable; Microsoft Entra administrators are variables too.
"""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.common import safe_identifier, server_parameters, whole
from archlint.generators.hcl import Block, BodyEntry, Expr
from archlint.generators.terraform.core import RG_NAME, Terraform, Variable
from archlint.model.databases import (
    FlexibleServer,
    SqlDatabase,
    SqlElasticPool,
    SqlFailoverGroup,
    SqlManagedInstance,
    SqlServer,
)

FILE = "data.tf"
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)

#: A service objective per tier, for a database whose spec names only the tier (the smallest
#: size of each: https://learn.microsoft.com/azure/azure-sql/database/resource-limits-vcore-single-databases).
DEFAULT_SQL_SKU = {
    "Basic": "Basic",
    "Standard": "S0",
    "Premium": "P1",
    "GeneralPurpose": "GP_Gen5_2",
    "BusinessCritical": "BC_Gen5_2",
    "Hyperscale": "HS_Gen5_2",
}
POOL_SKU = {
    "Basic": ("BasicPool", None, 50),
    "Standard": ("StandardPool", None, 50),
    "Premium": ("PremiumPool", None, 125),
    "GeneralPurpose": ("GP_Gen5", "Gen5", 2),
    "BusinessCritical": ("BC_Gen5", "Gen5", 2),
    "Hyperscale": ("HS_Gen5", "Gen5", 4),
}
DEFAULT_FLEXIBLE_SKU = {
    "Burstable": "B_Standard_B1ms",
    "GeneralPurpose": "GP_Standard_D2ds_v4",
    "MemoryOptimized": "MO_Standard_E2ds_v4",
    "BusinessCritical": "MO_Standard_E2ds_v4",
}


def emit(tf: Terraform) -> None:
    data = tf.architecture.data
    for server in data.sql_servers:
        _sql_server(tf, server)
    for instance in data.sql_managed_instances:
        _managed_instance(tf, instance)
    for group in data.sql_failover_groups:
        _failover_group(tf, group)
    for pg in data.postgresql_servers:
        _flexible(tf, pg, "azurerm_postgresql_flexible_server", "16")
    for my in data.mysql_servers:
        _flexible(tf, my, "azurerm_mysql_flexible_server", "8.0.21")


def _admin_password(tf: Terraform, owner_id: str, label: str) -> Expr:
    return tf.variable(
        Variable(
            safe_identifier(f"{owner_id}_admin_password"),
            "string",
            f"Administrator password of {label} (secret: supply it, never commit it).",
            sensitive=True,
        )
    )


def _entra_admin(tf: Terraform, server: SqlServer, only: bool) -> Block:
    key = safe_identifier(server.id)
    return Block.of(
        "azuread_administrator",
        items=[
            (
                "login_username",
                tf.variable(
                    Variable(
                        f"{key}_entra_admin_login",
                        "string",
                        f"Microsoft Entra administrator (group or user) of {server.label()}.",
                    )
                ),
            ),
            (
                "object_id",
                tf.variable(
                    Variable(
                        f"{key}_entra_admin_object_id",
                        "string",
                        f"Object id of the Microsoft Entra administrator of {server.label()}.",
                    )
                ),
            ),
            ("azuread_authentication_only", only),
        ],
    )


def _sql_server(tf: Terraform, server: SqlServer) -> None:
    sql_logins: list[BodyEntry] = []
    if server.local_auth_enabled:
        sql_logins = [
            ("administrator_login", "sqladmin"),
            ("administrator_login_password", _admin_password(tf, server.id, server.label())),
        ]
    tf.resource(
        FILE,
        "azurerm_mssql_server",
        tf.address(server.id).name,
        [
            *tf.common(server, server.region),
            ("version", server.version),
            *sql_logins,
            ("minimum_tls_version", server.min_tls_version),
            ("public_network_access_enabled", server.public_network_access),
            ("tags", tf.tags(server)),
            _entra_admin(tf, server, only=not server.local_auth_enabled),
        ],
    )
    _firewall_rules(tf, server, "azurerm_mssql_firewall_rule")
    for subnet in server.vnet_rules:
        tf.resource(
            FILE,
            "azurerm_mssql_virtual_network_rule",
            tf.local_name("azurerm_mssql_virtual_network_rule", f"{server.id}_{subnet}"),
            [
                ("name", subnet),
                ("server_id", tf.ref(server.id)),
                ("subnet_id", tf.ref(subnet)),
            ],
        )
    for pool in server.elastic_pools:
        _elastic_pool(tf, server, pool)
    for database in server.databases:
        _database(tf, server, database)


def _elastic_pool(tf: Terraform, server: SqlServer, pool: SqlElasticPool) -> None:
    name, family, capacity = POOL_SKU[pool.tier]
    tf.resource(
        FILE,
        "azurerm_mssql_elasticpool",
        tf.address(pool.id).name,
        [
            *tf.common(pool, server.region),
            ("server_name", tf.ref(server.id, "name")),
            ("zone_redundant", pool.zone_redundant),
            Block.of(
                "sku",
                items=[
                    ("name", pool.sku or name),
                    ("tier", pool.tier),
                    ("family", family),
                    ("capacity", pool.capacity or capacity),
                ],
            ),
            Block.of(
                "per_database_settings",
                items=[("min_capacity", 0), ("max_capacity", pool.capacity or capacity)],
            ),
            ("tags", tf.tags(pool)),
        ],
    )


def _database(tf: Terraform, server: SqlServer, database: SqlDatabase) -> None:
    if database.secondary_of is not None:
        sku: list[BodyEntry] = [
            ("create_mode", "Secondary"),
            ("creation_source_database_id", tf.ref(database.secondary_of)),
        ]
    else:
        sku = [("sku_name", database.sku or DEFAULT_SQL_SKU.get(database.tier or ""))]
    if database.elastic_pool is not None:
        sku = [("elastic_pool_id", tf.ref(database.elastic_pool))]
    tf.resource(
        FILE,
        "azurerm_mssql_database",
        tf.address(database.id).name,
        [
            ("name", database.resource_name),
            ("server_id", tf.ref(server.id)),
            *sku,
            ("zone_redundant", database.zone_redundant if database.elastic_pool is None else None),
            ("storage_account_type", database.backup_storage_redundancy),
            Block.of(
                "short_term_retention_policy",
                items=[("retention_days", whole(database.backup_retention, DAY))],
            ),
            ("tags", tf.tags(database)),
        ],
    )


_MI_BACKUP = {"Geo": "GRS", "GeoZone": "GZRS", "Local": "LRS", "Zone": "ZRS"}


def _managed_instance(tf: Terraform, instance: SqlManagedInstance) -> None:
    logins: list[BodyEntry] = []
    if instance.local_auth_enabled:
        logins = [
            ("administrator_login", "sqladmin"),
            ("administrator_login_password", _admin_password(tf, instance.id, instance.label())),
        ]
    key = safe_identifier(instance.id)
    admin = Block.of(
        "azure_active_directory_administrator",
        items=[
            (
                "login_username",
                tf.variable(
                    Variable(
                        f"{key}_entra_admin_login", "string", f"Entra admin of {instance.label()}."
                    )
                ),
            ),
            (
                "object_id",
                tf.variable(
                    Variable(
                        f"{key}_entra_admin_object_id",
                        "string",
                        f"Object id of the Entra admin of {instance.label()}.",
                    )
                ),
            ),
            ("principal_type", "Group"),
            ("azuread_authentication_only_enabled", not instance.local_auth_enabled),
        ],
    )
    tf.resource(
        FILE,
        "azurerm_mssql_managed_instance",
        tf.address(instance.id).name,
        [
            *tf.common(instance, instance.region),
            ("license_type", "LicenseIncluded"),
            (
                "sku_name",
                instance.sku or ("GP_Gen5" if instance.tier == "GeneralPurpose" else "BC_Gen5"),
            ),
            ("vcores", instance.vcores),
            ("storage_size_in_gb", instance.storage_gb),
            ("subnet_id", tf.ref(instance.subnet)),
            *logins,
            ("minimum_tls_version", instance.min_tls_version),
            ("public_data_endpoint_enabled", instance.public_network_access),
            ("storage_account_type", _MI_BACKUP[instance.backup_storage_redundancy]),
            ("general_purpose_v2_enabled", instance.next_gen_general_purpose or None),
            # azurerm refuses both arguments together (SKU022 reports zone redundancy asked
            # of Next-gen General Purpose).
            (
                "zone_redundant_enabled",
                None
                if instance.next_gen_general_purpose and not instance.zone_redundant
                else instance.zone_redundant,
            ),
            ("tags", tf.tags(instance)),
            admin,
        ],
    )


def _failover_group(tf: Terraform, group: SqlFailoverGroup) -> None:
    policy: list[BodyEntry] = [("mode", group.failover_mode)]
    if group.failover_mode == "Automatic":
        grace = group.grace_period
        policy.append(("grace_minutes", max(60, whole(grace, MINUTE)) if grace else 60))
    primary = tf.component(group.server)
    if isinstance(primary, SqlManagedInstance):
        tf.resource(
            FILE,
            "azurerm_mssql_managed_instance_failover_group",
            tf.address(group.id).name,
            [
                ("name", group.resource_name),
                ("location", tf.location(primary.region)),
                ("managed_instance_id", tf.ref(group.server)),
                ("partner_managed_instance_id", tf.ref(group.partner_servers[0])),
                Block.of("read_write_endpoint_failover_policy", items=policy),
            ],
        )
        return
    tf.resource(
        FILE,
        "azurerm_mssql_failover_group",
        tf.address(group.id).name,
        [
            ("name", group.resource_name),
            ("server_id", tf.ref(group.server)),
            ("databases", [tf.ref(database) for database in group.databases]),
            *[
                Block.of("partner_server", items=[("id", tf.ref(partner))])
                for partner in group.partner_servers
            ],
            Block.of("read_write_endpoint_failover_policy", items=policy),
            ("tags", tf.tags(group)),
        ],
    )


def _on_server(tf: Terraform, server: SqlServer | FlexibleServer) -> list[BodyEntry]:
    """How a child resource names its server: by id, except MySQL's (by name and group)."""
    if server.kind == "mysql_flexible_server":
        return [("resource_group_name", RG_NAME), ("server_name", tf.ref(server.id, "name"))]
    return [("server_id", tf.ref(server.id))]


def _firewall_rules(tf: Terraform, server: SqlServer | FlexibleServer, resource_type: str) -> None:
    for rule in server.firewall_rules:
        tf.resource(
            FILE,
            resource_type,
            tf.local_name(resource_type, f"{server.id}_{rule.name}"),
            [
                ("name", rule.name),
                *_on_server(tf, server),
                ("start_ip_address", rule.start_ip),
                ("end_ip_address", rule.end_ip),
            ],
        )


def _flexible(tf: Terraform, server: FlexibleServer, resource_type: str, version: str) -> None:
    postgres = resource_type == "azurerm_postgresql_flexible_server"
    tier = getattr(server, "tier", "GeneralPurpose")
    ha: Block | None = None
    if server.high_availability != "none":
        ha = Block.of(
            "high_availability",
            items=[
                ("mode", server.high_availability),
                (
                    "standby_availability_zone",
                    str(server.standby_zone) if server.standby_zone else None,
                ),
            ],
        )
    if postgres:
        access: list[BodyEntry] = [
            ("public_network_access_enabled", server.public_network_access),
        ]
    else:
        access = [
            ("public_network_access", "Enabled" if server.public_network_access else "Disabled")
        ]
    tf.resource(
        FILE,
        resource_type,
        tf.address(server.id).name,
        [
            *tf.common(server, server.region),
            ("sku_name", server.sku or DEFAULT_FLEXIBLE_SKU[tier]),
            ("version", server.version or version),
            ("zone", str(server.zone) if server.zone else None),
            ("administrator_login", "dbadmin" if server.local_auth_enabled else None),
            (
                "administrator_password",
                _admin_password(tf, server.id, server.label())
                if server.local_auth_enabled
                else None,
            ),
            ("backup_retention_days", whole(server.backup_retention, DAY)),
            ("geo_redundant_backup_enabled", server.geo_redundant_backup),
            ("delegated_subnet_id", _ref(tf, server.delegated_subnet)),
            ("private_dns_zone_id", _ref(tf, server.private_dns_zone)),
            *access,
            ha,
            _postgres_authentication(tf, server) if postgres else None,
            ("tags", tf.tags(server)),
        ],
    )
    _firewall_rules(tf, server, f"{resource_type}_firewall_rule")
    configuration_type = f"{resource_type}_configuration"
    for name, value in server_parameters(server):
        tf.resource(
            FILE,
            configuration_type,
            tf.local_name(configuration_type, f"{server.id}_{name}"),
            [("name", name), *_on_server(tf, server), ("value", value)],
        )
    database_type = (
        "azurerm_postgresql_flexible_server_database"
        if postgres
        else "azurerm_mysql_flexible_database"
    )
    for name in server.databases:
        tf.resource(
            FILE,
            database_type,
            tf.local_name(database_type, f"{server.id}_{name}"),
            [
                ("name", name),
                *_on_server(tf, server),
                # MySQL requires both; these are its server defaults (utf8mb4).
                ("charset", None if postgres else "utf8mb4"),
                ("collation", None if postgres else "utf8mb4_0900_ai_ci"),
            ],
        )


def _postgres_authentication(tf: Terraform, server: FlexibleServer) -> Block | None:
    if server.local_auth_enabled:
        return None  # password authentication only: azurerm's default
    tenant = Variable(
        safe_identifier(f"{server.id}_entra_tenant_id"),
        "string",
        f"Microsoft Entra tenant whose identities sign in to {server.label()}.",
    )
    return Block.of(
        "authentication",
        items=[
            ("password_auth_enabled", False),
            ("active_directory_auth_enabled", True),
            ("tenant_id", tf.variable(tenant)),
        ],
    )


def _ref(tf: Terraform, component_id: str | None) -> Expr | None:
    return tf.ref(component_id) if component_id else None
