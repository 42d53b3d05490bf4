"""Data layer: Cosmos DB, Azure Cache for Redis, Storage accounts, and the relational
databases of :mod:`archlint.model.databases` (Azure SQL, PostgreSQL and MySQL)."""

from datetime import timedelta
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from archlint.model.base import (
    AccessSettings,
    Component,
    DefaultOf,
    FirewallSettings,
    Ref,
    Region,
    StrictModel,
    all_paths,
    empty_list,
)
from archlint.model.databases import (
    MysqlFlexibleServer,
    PostgresqlFlexibleServer,
    SqlFailoverGroup,
    SqlManagedInstance,
    SqlServer,
)
from archlint.model.types import (
    DURATION_HELP,
    Duration,
    TypedValue,
    format_duration,
    parse_duration,
)

# --- Cosmos DB -------------------------------------------------------------------------


def _parse_ttl(value: Any) -> Any:
    # Cosmos writes "never expire" as -1; keep it an int, parse anything else as a duration.
    if value in (-1, "-1", "never") and value is not True:
        return -1
    return parse_duration(value)


def _format_ttl(value: Any) -> Any:
    return -1 if value == -1 else format_duration(value)


CosmosTtl = Annotated[
    Literal[-1] | timedelta,
    TypedValue(
        _parse_ttl,
        _format_ttl,
        {
            "anyOf": [{"const": -1}, {"const": "never"}, {"type": "string"}],
            "description": "Default item TTL: -1 (or 'never') = on, items never expire; "
            f"{DURATION_HELP} = items expire after it; unset = TTL off.",
        },
    ),
]


class CosmosRegion(StrictModel):
    region: Region
    failover_priority: int = Field(ge=0)
    zone_redundant: bool = False


class Consistency(StrictModel):
    level: Literal["Strong", "BoundedStaleness", "Session", "ConsistentPrefix", "Eventual"]
    max_staleness_prefix: int | None = None
    max_interval: Duration | None = None


class CosmosBackup(StrictModel):
    mode: Literal["continuous", "periodic"]
    tier: Literal["Continuous7Days", "Continuous30Days"] | None = None
    interval: Duration | None = Field(default=None, description="Periodic mode only.")
    retention: Duration | None = Field(default=None, description="Periodic mode only.")
    storage_redundancy: Literal["Geo", "Zone", "Local"] | None = None


class Indexing(StrictModel):
    mode: Literal["consistent", "none"] = "consistent"
    included_paths: list[str] = Field(default_factory=all_paths)
    excluded_paths: list[str] = Field(default_factory=empty_list)
    composite_indexes: list[list[str]] = Field(default_factory=empty_list)


class CosmosContainer(Component):
    kind: ClassVar[str] = "cosmos_container"
    title: ClassVar[str] = "Cosmos container"

    purpose: str | None = None
    partition_key: str = Field(pattern=r"^/", description="Partition key path, e.g. '/tenantId'.")
    ttl: CosmosTtl | None = None
    analytical_ttl: CosmosTtl | None = None
    indexing: Indexing = Field(default_factory=DefaultOf(Indexing))


class Throughput(StrictModel):
    mode: Literal["autoscale", "manual"] = "autoscale"
    max_ru: int = Field(ge=400)


class CosmosDatabase(Component):
    kind: ClassVar[str] = "cosmos_database"
    title: ClassVar[str] = "Cosmos database"

    throughput: Throughput | None = None
    containers: list[CosmosContainer] = Field(default_factory=empty_list)


class CosmosAccount(Component, FirewallSettings):
    kind: ClassVar[str] = "cosmos_account"
    title: ClassVar[str] = "Cosmos DB account"

    api: Literal["sql", "mongo", "cassandra", "gremlin", "table"] = "sql"
    regions: list[CosmosRegion] = Field(min_length=1)
    multi_region_writes: bool = False
    automatic_failover: bool = False
    consistency: Consistency
    backup: CosmosBackup
    analytical_storage: bool = False
    capacity_mode: Literal["provisioned", "serverless"] = "provisioned"
    databases: list[CosmosDatabase] = Field(default_factory=empty_list)


# --- Redis -----------------------------------------------------------------------------


class RdbPersistence(StrictModel):
    enabled: bool = True
    frequency: Duration
    storage_account: Ref("storage_account")


class AofPersistence(StrictModel):
    enabled: bool = True
    storage_account: Ref("storage_account")


class RedisPersistence(StrictModel):
    rdb: RdbPersistence | None = None
    aof: AofPersistence | None = None


class RedisCache(Component, AccessSettings):
    kind: ClassVar[str] = "redis_cache"
    title: ClassVar[str] = "Redis cache"

    tier: Literal["basic", "standard", "premium", "enterprise", "enterprise_flash"]
    capacity: int = Field(default=1, ge=0, description="Size within the tier, e.g. 1 for P1.")
    zones: list[int] = Field(default_factory=empty_list)
    shards: int = Field(default=0, ge=0, description="Cluster shard count (0 = not clustered).")
    replicas_per_primary: int = Field(default=1, ge=0)
    non_ssl_port_enabled: bool = False
    persistence: RedisPersistence = Field(default_factory=DefaultOf(RedisPersistence))


# --- Storage ---------------------------------------------------------------------------


class LifecycleRule(StrictModel):
    name: str
    prefixes: list[str] = Field(default_factory=empty_list)
    cool_after: Duration | None = None
    cold_after: Duration | None = None
    archive_after: Duration | None = None
    delete_after: Duration | None = None


class SoftDelete(StrictModel):
    blobs: Duration | None = None
    containers: Duration | None = None


class StorageAccount(Component, FirewallSettings):
    kind: ClassVar[str] = "storage_account"
    title: ClassVar[str] = "storage account"

    purpose: str | None = None
    account_kind: Literal[
        "StorageV2", "BlockBlobStorage", "FileStorage", "Storage", "BlobStorage"
    ] = "StorageV2"
    replication: Literal["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"]
    access_tier: Literal["Hot", "Cool"] = "Hot"
    versioning: bool = False
    change_feed: bool = False
    soft_delete: SoftDelete = Field(default_factory=DefaultOf(SoftDelete))
    point_in_time_restore: Duration | None = None
    allow_blob_public_access: bool = False
    https_only: bool = Field(
        default=True,
        description="Secure transfer required: HTTPS only (and SMB with encryption).",
    )
    containers: list[str] = Field(default_factory=empty_list)
    lifecycle_rules: list[LifecycleRule] = Field(default_factory=empty_list)


class Data(StrictModel):
    cosmos_accounts: list[CosmosAccount] = Field(default_factory=empty_list)
    redis_caches: list[RedisCache] = Field(default_factory=empty_list)
    storage_accounts: list[StorageAccount] = Field(default_factory=empty_list)
    sql_servers: list[SqlServer] = Field(default_factory=empty_list)
    sql_managed_instances: list[SqlManagedInstance] = Field(default_factory=empty_list)
    sql_failover_groups: list[SqlFailoverGroup] = Field(default_factory=empty_list)
    postgresql_servers: list[PostgresqlFlexibleServer] = Field(default_factory=empty_list)
    mysql_servers: list[MysqlFlexibleServer] = Field(default_factory=empty_list)
