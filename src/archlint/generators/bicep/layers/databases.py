"""Data layer, relational part: Azure SQL servers (firewall and VNet rules, elastic pools,
databases), failover groups, PostgreSQL and MySQL flexible servers. Same choices as
:mod:`archlint.generators.terraform.databases`: passwords are secure parameters, Microsoft
Entra administrators parameters."""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.bicep.core import Bicep, Param
from archlint.generators.bicep.layers.common import enabled
from archlint.generators.bicep.writer import BValue
from archlint.generators.common import server_parameters, whole
from archlint.generators.terraform.databases import (
    DEFAULT_FLEXIBLE_SKU,
    DEFAULT_SQL_SKU,
    POOL_SKU,
)
from archlint.model.databases import (
    FlexibleServer,
    SqlFailoverGroup,
    SqlManagedInstance,
    SqlServer,
)

LAYER = "data"
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)
_TLS = {"1.0": "1.0", "1.1": "1.1", "1.2": "1.2", "1.3": "1.3"}
_SQL_EDITIONS = {"GeneralPurpose": "GeneralPurpose", "BusinessCritical": "BusinessCritical"}
_FLEXIBLE_TIER_ARM = {
    "Burstable": "Burstable",
    "GeneralPurpose": "GeneralPurpose",
    "MemoryOptimized": "MemoryOptimized",
    "BusinessCritical": "MemoryOptimized",  # MySQL's Business Critical: ARM still says so
}


def databases(b: Bicep) -> None:
    data = b.architecture.data
    for server in data.sql_servers:
        _sql_server(b, server)
    for instance in data.sql_managed_instances:
        _managed_instance(b, instance)
    for group in data.sql_failover_groups:
        if group.server not in {instance.id for instance in data.sql_managed_instances}:
            _failover_group(b, group)
        else:  # a location-scoped resource (Microsoft.Sql/locations/instanceFailoverGroups)
            b.note(LAYER, f"{group.label()}: managed instance failover groups are not generated")
    for server in (*data.postgresql_servers, *data.mysql_servers):
        _flexible(b, server)


def _failover_group(b: Bicep, group: SqlFailoverGroup) -> None:
    primary = b.symbols[group.server]
    b.add(
        LAYER,
        "Microsoft.Sql/servers/failoverGroups",
        b.symbols[group.id],
        group.resource_name,
        {
            "tags": b.tags(group),
            "properties": {
                "partnerServers": [{"id": b.ref(p)} for p in group.partner_servers],
                "databases": [b.ref(d) for d in group.databases],
                "readWriteEndpoint": {
                    "failoverPolicy": group.failover_mode,
                    "failoverWithDataLossGracePeriodMinutes": (
                        max(60, whole(group.grace_period, MINUTE)) if group.grace_period else 60
                    )
                    if group.failover_mode == "Automatic"
                    else None,
                },
            },
        },
        parent=primary,
    )


def _password(b: Bicep, owner_id: str, label: str) -> BValue:
    return b.param(
        Param(
            f"{b.symbols[owner_id]}AdminPassword",
            "string",
            f"Administrator password of {label} (supply it; never commit it).",
            secure=True,
        )
    )


def _sql_server(b: Bicep, server: SqlServer) -> None:
    symbol = b.symbols[server.id]
    admin = {
        "administratorType": "ActiveDirectory",
        "login": b.param(
            Param(f"{symbol}EntraAdminLogin", "string", f"Entra administrator of {server.label()}.")
        ),
        "sid": b.param(
            Param(
                f"{symbol}EntraAdminObjectId",
                "string",
                f"Object id of the Entra administrator of {server.label()}.",
            )
        ),
        "azureADOnlyAuthentication": not server.local_auth_enabled,
    }
    b.add(
        LAYER,
        "Microsoft.Sql/servers",
        symbol,
        server.resource_name,
        {
            "location": b.location(server.region),
            "tags": b.tags(server),
            "properties": {
                "version": server.version,
                "administratorLogin": "sqladmin" if server.local_auth_enabled else None,
                "administratorLoginPassword": _password(b, server.id, server.label())
                if server.local_auth_enabled
                else None,
                "administrators": admin,
                "minimalTlsVersion": _TLS[server.min_tls_version],
                "publicNetworkAccess": enabled(server.public_network_access),
            },
        },
    )
    _firewall_rules(b, server, "Microsoft.Sql/servers")
    for subnet in server.vnet_rules:
        b.add(
            LAYER,
            "Microsoft.Sql/servers/virtualNetworkRules",
            b.new_symbol(f"{server.id}-{subnet}"),
            subnet,
            {"properties": {"virtualNetworkSubnetId": b.ref(subnet)}},
            parent=symbol,
        )
    for pool in server.elastic_pools:
        name, family, capacity = POOL_SKU[pool.tier]
        b.add(
            LAYER,
            "Microsoft.Sql/servers/elasticPools",
            b.symbols[pool.id],
            pool.resource_name,
            {
                "location": b.location(server.region),
                "tags": b.tags(pool),
                "sku": {
                    "name": pool.sku or name,
                    "tier": pool.tier,
                    "family": family,
                    "capacity": pool.capacity or capacity,
                },
                "properties": {"zoneRedundant": pool.zone_redundant},
            },
            parent=symbol,
        )
    for database in server.databases:
        pooled = database.elastic_pool is not None
        secondary = database.secondary_of is not None
        sku = None
        if not pooled and not secondary and database.tier is not None:
            sku = {"name": database.sku or DEFAULT_SQL_SKU[database.tier], "tier": database.tier}
        b.add(
            LAYER,
            "Microsoft.Sql/servers/databases",
            b.symbols[database.id],
            database.resource_name,
            {
                "location": b.location(server.region),
                "tags": b.tags(database),
                "sku": sku,
                "properties": {
                    "elasticPoolId": b.ref(database.elastic_pool) if pooled else None,
                    "createMode": "Secondary" if secondary else None,
                    "sourceDatabaseId": b.ref(database.secondary_of) if secondary else None,
                    "zoneRedundant": None if pooled else database.zone_redundant,
                    "requestedBackupStorageRedundancy": database.backup_storage_redundancy,
                },
            },
            parent=symbol,
        )
        retention = whole(database.backup_retention, DAY)
        if retention != 7:
            b.note(
                LAYER,
                f"{database.label()}: point-in-time retention {retention} days is set by "
                "Microsoft.Sql/servers/databases/backupShortTermRetentionPolicies (not "
                "generated)",
            )


def _firewall_rules(b: Bicep, server: SqlServer | FlexibleServer, server_type: str) -> None:
    for rule in server.firewall_rules:
        b.add(
            LAYER,
            f"{server_type}/firewallRules",
            b.new_symbol(f"{server.id}-{rule.name}"),
            rule.name,
            {"properties": {"startIpAddress": rule.start_ip, "endIpAddress": rule.end_ip}},
            parent=b.symbols[server.id],
        )


def _flexible(b: Bicep, server: FlexibleServer) -> None:
    postgres = server.kind == "postgresql_flexible_server"
    tier = getattr(server, "tier", "GeneralPurpose")
    resource_type = (
        "Microsoft.DBforPostgreSQL/flexibleServers"
        if postgres
        else "Microsoft.DBforMySQL/flexibleServers"
    )
    network: dict[str, BValue | None] = {
        "delegatedSubnetResourceId": b.ref(server.delegated_subnet),
        "privateDnsZoneArmResourceId" if postgres else "privateDnsZoneResourceId": b.ref(
            server.private_dns_zone
        ),
        "publicNetworkAccess": enabled(server.public_network_access),
    }
    b.add(
        LAYER,
        resource_type,
        b.symbols[server.id],
        server.resource_name,
        {
            "location": b.location(server.region),
            "tags": b.tags(server),
            "sku": {
                "name": (server.sku or DEFAULT_FLEXIBLE_SKU[tier]).split("_", 1)[1],
                "tier": _FLEXIBLE_TIER_ARM[tier],
            },
            "properties": {
                "version": server.version or ("16" if postgres else "8.0.21"),
                "administratorLogin": "dbadmin" if server.local_auth_enabled else None,
                "administratorLoginPassword": _password(b, server.id, server.label())
                if server.local_auth_enabled
                else None,
                "availabilityZone": str(server.zone) if server.zone else None,
                "highAvailability": {
                    "mode": server.high_availability,
                    "standbyAvailabilityZone": str(server.standby_zone)
                    if server.standby_zone
                    else None,
                }
                if server.high_availability != "none"
                else None,
                "backup": {
                    "backupRetentionDays": whole(server.backup_retention, DAY),
                    "geoRedundantBackup": enabled(server.geo_redundant_backup),
                },
                "network": network,
                "authConfig": {
                    "passwordAuth": enabled(server.local_auth_enabled),
                    "activeDirectoryAuth": "Enabled",
                }
                if postgres and not server.local_auth_enabled
                else None,
            },
        },
    )
    _firewall_rules(b, server, resource_type)
    previous: tuple[str, ...] = ()
    for name, value in server_parameters(server):
        # One at a time: Azure refuses a parameter change while another is being applied.
        symbol = b.new_symbol(f"{server.id}-{name}")
        b.add(
            LAYER,
            f"{resource_type}/configurations",
            symbol,
            name,
            {"properties": {"value": value, "source": "user-override"}},
            parent=b.symbols[server.id],
            depends_on=previous,
        )
        previous = (symbol,)
    for name in server.databases:
        b.add(
            LAYER,
            f"{resource_type}/databases",
            b.new_symbol(f"{server.id}-{name}"),
            name,
            {"properties": {"charset": "UTF8" if postgres else "utf8mb4"}},
            parent=b.symbols[server.id],
        )


def _managed_instance(b: Bicep, instance: SqlManagedInstance) -> None:
    symbol = b.symbols[instance.id]
    sku = instance.sku or ("GP_Gen5" if instance.tier == "GeneralPurpose" else "BC_Gen5")
    b.add(
        LAYER,
        "Microsoft.Sql/managedInstances",
        symbol,
        instance.resource_name,
        {
            "location": b.location(instance.region),
            "tags": b.tags(instance),
            "sku": {"name": sku, "tier": instance.tier},
            "properties": {
                "subnetId": b.ref(instance.subnet),
                "vCores": instance.vcores,
                "storageSizeInGB": instance.storage_gb,
                "licenseType": "LicenseIncluded",
                "administratorLogin": "sqladmin" if instance.local_auth_enabled else None,
                "administratorLoginPassword": _password(b, instance.id, instance.label())
                if instance.local_auth_enabled
                else None,
                "administrators": {
                    "administratorType": "ActiveDirectory",
                    "login": b.param(
                        Param(
                            f"{symbol}EntraAdminLogin",
                            "string",
                            f"Entra administrator of {instance.label()}.",
                        )
                    ),
                    "sid": b.param(
                        Param(
                            f"{symbol}EntraAdminObjectId",
                            "string",
                            f"Object id of the Entra administrator of {instance.label()}.",
                        )
                    ),
                    "azureADOnlyAuthentication": not instance.local_auth_enabled,
                },
                "minimalTlsVersion": _TLS[instance.min_tls_version],
                "publicDataEndpointEnabled": instance.public_network_access,
                "requestedBackupStorageRedundancy": instance.backup_storage_redundancy,
                "isGeneralPurposeV2": instance.next_gen_general_purpose or None,
                "zoneRedundant": instance.zone_redundant,
            },
        },
    )
