"""Relational databases: Azure SQL Database (logical servers, databases, elastic pools,
failover groups) and the Azure Database for PostgreSQL and MySQL flexible servers.

Tiers are closed sets kept in ``azure/skus.json`` (a misspelt tier is an error with a
did-you-mean); a SKU (service objective) is Azure's own spelling, e.g. ``GP_Gen5_2`` or
``GP_Standard_D2ds_v4``, kept as written.
"""

from datetime import timedelta
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from archlint.model.base import (
    AccessSettings,
    AzureName,
    Component,
    Ref,
    Region,
    SkuNames,
    StrictModel,
    empty_dict,
    empty_list,
)
from archlint.model.types import Duration, TypedValue


def seven_days() -> timedelta:
    """Azure's default point-in-time restore window (SQL Database and flexible servers)."""
    return timedelta(days=7)


def _tier(kind: str, example: str) -> object:
    return Annotated[
        str,
        AzureName("sku"),
        Field(
            description=f"Service tier, e.g. '{example}'.",
            json_schema_extra=SkuNames(kind, "tier"),
        ),
    ]


# --- Azure SQL Database -----------------------------------------------------------------

BackupRedundancy = Literal["Geo", "GeoZone", "Local", "Zone"]


class SqlElasticPool(Component):
    kind: ClassVar[str] = "sql_elastic_pool"
    title: ClassVar[str] = "SQL elastic pool"

    tier: _tier("sql_elastic_pool", "GeneralPurpose")
    sku: str | None = Field(default=None, description="Pool SKU name, e.g. 'GP_Gen5'.")
    capacity: int | None = Field(default=None, ge=1, description="vCores or eDTUs.")
    zone_redundant: bool = False


class SqlDatabase(Component):
    kind: ClassVar[str] = "sql_database"
    title: ClassVar[str] = "SQL database"

    tier: _tier("sql_database", "GeneralPurpose") | None = Field(
        default=None,
        description="Service tier; unset for a database in an elastic pool (the pool's tier).",
    )
    sku: str | None = Field(
        default=None, description="Service objective as Azure spells it, e.g. 'GP_Gen5_2', 'S0'."
    )
    elastic_pool: Ref("sql_elastic_pool") | None = None
    zone_redundant: bool = Field(
        default=False, description="For a pooled database the pool's setting applies."
    )
    backup_storage_redundancy: BackupRedundancy = Field(
        default="Geo",
        description="Where backups are kept: Geo (Azure's default; geo-restore possible), "
        "GeoZone, Zone or Local (lost with the region).",
    )
    backup_retention: Duration = Field(
        default_factory=seven_days,
        description="Point-in-time restore window (1-35 days; Azure's default is 7 days).",
    )
    secondary_of: Ref("sql_database") | None = Field(
        default=None,
        description="This database is an active geo-replication secondary of that database.",
    )


class FirewallRule(StrictModel):
    """One IPv4 range a server firewall admits (``0.0.0.0``-``0.0.0.0``: every Azure
    service, other customers' included)."""

    name: str
    start_ip: str = Field(pattern=r"^\d{1,3}(\.\d{1,3}){3}$")
    end_ip: str = Field(pattern=r"^\d{1,3}(\.\d{1,3}){3}$")

    def admits_everyone(self) -> bool:
        """Every address on the internet, or every Azure service of any tenant."""
        whole_internet = self.start_ip == "0.0.0.0" and self.end_ip == "255.255.255.255"
        return whole_internet or self.end_ip == "0.0.0.0"


class ServerFirewall(AccessSettings):
    """The public endpoint of a database server: its firewall blocks every address that no
    rule names (Azure SQL and the flexible servers alike), so public access alone exposes
    nothing until a rule opens it to everyone."""

    firewall_rules: list[FirewallRule] = Field(
        default_factory=empty_list,
        description="IP ranges the public endpoint admits; with none, the server firewall "
        "blocks every address (Azure's default).",
    )

    NETWORK_FIELDS: ClassVar[tuple[str, ...]] = ("firewall_rules",)

    def admits_every_network(self) -> bool:
        return self.public_network_access and any(
            rule.admits_everyone() for rule in self.firewall_rules
        )


class SqlServer(Component, ServerFirewall):
    kind: ClassVar[str] = "sql_server"
    title: ClassVar[str] = "SQL server"

    region: Region | None = Field(
        default=None, description="Where the server runs; the primary region when unset."
    )
    version: Literal["12.0"] = "12.0"
    local_auth_enabled: bool = Field(
        default=True,
        description="SQL authentication (logins and passwords) accepted; false = Microsoft "
        "Entra-only authentication.",
    )
    vnet_rules: list[Ref("subnet")] = Field(
        default_factory=empty_list, description="Subnets admitted through service endpoints."
    )
    databases: list[SqlDatabase] = Field(default_factory=empty_list)
    elastic_pools: list[SqlElasticPool] = Field(default_factory=empty_list)


class SqlManagedInstance(Component, AccessSettings):
    kind: ClassVar[str] = "sql_managed_instance"
    title: ClassVar[str] = "SQL Managed Instance"

    region: Region | None = Field(
        default=None, description="Where the instance runs; the primary region when unset."
    )
    tier: _tier("sql_managed_instance", "GeneralPurpose")
    sku: str | None = Field(default=None, description="e.g. 'GP_Gen5', 'BC_Gen5'.")
    vcores: int = Field(default=4, ge=4)
    storage_gb: int = Field(default=32, ge=32)
    subnet: Ref("subnet") = Field(description="The delegated subnet the instance runs in.")
    next_gen_general_purpose: bool = Field(
        default=False,
        description="Next-gen General Purpose (General Purpose tier on managed disks); it "
        "offers no zone redundancy.",
    )
    zone_redundant: bool = Field(
        default=False,
        description="Replicas across availability zones (Business Critical, General Purpose; "
        "needs backup_storage_redundancy Zone or GeoZone).",
    )
    backup_storage_redundancy: BackupRedundancy = Field(
        default="Geo", description="Where backups are kept (Azure's default: Geo)."
    )
    public_network_access: bool = Field(
        default=False,
        description="Public data endpoint (port 3342); off unless enabled (Azure's default).",
    )
    local_auth_enabled: bool = Field(
        default=True,
        description="SQL authentication accepted; false = Microsoft Entra-only authentication.",
    )


class SqlFailoverGroup(Component):
    kind: ClassVar[str] = "sql_failover_group"
    title: ClassVar[str] = "SQL failover group"

    server: Ref("sql_server", "sql_managed_instance") = Field(
        description="The primary server or managed instance."
    )
    partner_servers: list[Ref("sql_server", "sql_managed_instance")] = Field(min_length=1)
    databases: list[Ref("sql_database")] = Field(
        default_factory=empty_list,
        description="Databases it replicates (a managed instance's group: all of them).",
    )
    failover_mode: Literal["Automatic", "Manual"] = "Automatic"
    grace_period: Duration | None = Field(
        default=None, description="Automatic mode: how long an outage lasts before failover."
    )


# --- Flexible servers (PostgreSQL, MySQL) --------------------------------------------------

#: Server parameters the model holds in fields of their own (parameter -> field).
TYPED_SERVER_PARAMETERS = {
    "require_secure_transport": "require_secure_transport",
    "ssl_min_protocol_version": "min_tls_version",  # PostgreSQL
    "tls_version": "min_tls_version",  # MySQL
}


def _parameter_name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a server parameter name, got {value!r}")
    field = TYPED_SERVER_PARAMETERS.get(value.strip().lower())
    if field is not None:
        raise ValueError(f"server parameter {value!r} has a field of its own: set {field}")
    return value


ServerParameterName = Annotated[
    str,
    TypedValue(
        _parameter_name,
        str,
        {"type": "string", "minLength": 1, "not": {"enum": sorted(TYPED_SERVER_PARAMETERS)}},
    ),
]


class FlexibleServer(Component, ServerFirewall):
    """What the PostgreSQL and MySQL flexible servers share."""

    region: Region | None = Field(
        default=None, description="Where the server runs; the primary region when unset."
    )
    sku: str | None = Field(default=None, description="e.g. 'GP_Standard_D2ds_v4'.")
    version: str | None = None
    zone: int | None = Field(default=None, ge=1, le=3, description="The primary's zone.")
    high_availability: Literal["none", "ZoneRedundant", "SameZone"] = Field(
        default="none",
        description="Standby replica: ZoneRedundant (another zone), SameZone, or none.",
    )
    standby_zone: int | None = Field(default=None, ge=1, le=3)
    geo_redundant_backup: bool = Field(
        default=False, description="Backups copied to the paired region (geo-restore)."
    )
    backup_retention: Duration = Field(
        default_factory=seven_days, description="Backup retention (Azure's default: 7 days)."
    )
    delegated_subnet: Ref("subnet") | None = Field(
        default=None, description="VNet integration: the server lives in this delegated subnet."
    )
    private_dns_zone: Ref("private_dns_zone") | None = Field(
        default=None,
        description="VNet integration: the private DNS zone its name is registered in "
        "(Azure requires one with a delegated subnet).",
    )
    local_auth_enabled: bool = Field(
        default=True, description="Password authentication accepted (Azure's default)."
    )
    databases: list[str] = Field(
        default_factory=empty_list, description="Names of the databases on the server."
    )
    require_secure_transport: bool = Field(
        default=True,
        description="Server parameter require_secure_transport: clients must connect over TLS "
        "(Azure's default, on); off admits plain-text connections.",
    )
    server_parameters: dict[ServerParameterName, str] = Field(
        default_factory=empty_dict,
        description="Other server parameters set away from Azure's defaults (name -> value, "
        "e.g. 'azure.extensions'); secure transport and the minimum TLS version "
        "(ssl_min_protocol_version, tls_version) are the fields require_secure_transport and "
        "min_tls_version.",
    )


class PostgresqlFlexibleServer(FlexibleServer):
    kind: ClassVar[str] = "postgresql_flexible_server"
    title: ClassVar[str] = "PostgreSQL flexible server"

    tier: _tier("postgresql_flexible_server", "GeneralPurpose")


class MysqlFlexibleServer(FlexibleServer):
    kind: ClassVar[str] = "mysql_flexible_server"
    title: ClassVar[str] = "MySQL flexible server"

    tier: _tier("mysql_flexible_server", "GeneralPurpose")
