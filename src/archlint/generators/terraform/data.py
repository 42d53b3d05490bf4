"""``data.tf``: Cosmos DB, Azure Cache for Redis and Storage accounts, with TTLs, backups,
persistence, soft delete and lifecycle rules as the model states them."""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.common import storage_account_name, whole
from archlint.generators.hcl import Block, BodyEntry, Comment
from archlint.generators.terraform.core import RG_NAME, Terraform
from archlint.model.data import (
    CosmosAccount,
    CosmosContainer,
    CosmosDatabase,
    LifecycleRule,
    RedisCache,
    StorageAccount,
    Throughput,
)

FILE = "data.tf"
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
SECOND = timedelta(seconds=1)

# Cosmos API -> account kind and the capability that turns the API on.
_COSMOS_APIS: dict[str, tuple[str, str | None]] = {
    "sql": ("GlobalDocumentDB", None),
    "mongo": ("MongoDB", "EnableMongo"),
    "cassandra": ("GlobalDocumentDB", "EnableCassandra"),
    "gremlin": ("GlobalDocumentDB", "EnableGremlin"),
    "table": ("GlobalDocumentDB", "EnableTable"),
}
_COSMOS_TLS = {"1.0": "Tls", "1.1": "Tls11", "1.2": "Tls12", "1.3": "Tls12"}
_STORAGE_TLS = {"1.0": "TLS1_0", "1.1": "TLS1_1", "1.2": "TLS1_2", "1.3": "TLS1_2"}
_REDIS_SKUS = {"basic": ("Basic", "C"), "standard": ("Standard", "C"), "premium": ("Premium", "P")}


def emit(tf: Terraform) -> None:
    data = tf.architecture.data
    for account in data.storage_accounts:
        _storage_account(tf, account)
    for account in data.cosmos_accounts:
        _cosmos_account(tf, account)
    for cache in data.redis_caches:
        _redis(tf, cache)


# --- Cosmos DB -------------------------------------------------------------------------------


def _cosmos_account(tf: Terraform, account: CosmosAccount) -> None:
    kind, capability = _COSMOS_APIS[account.api]
    capabilities = [capability] if capability else []
    if account.capacity_mode == "serverless":
        capabilities.append("EnableServerless")
    consistency = account.consistency
    backup = account.backup
    if backup.mode == "continuous":
        backup_items: list[BodyEntry] = [("type", "Continuous"), ("tier", backup.tier)]
    else:
        backup_items = [
            ("type", "Periodic"),
            ("interval_in_minutes", whole(backup.interval, MINUTE) if backup.interval else None),
            ("retention_in_hours", whole(backup.retention, HOUR) if backup.retention else None),
            ("storage_redundancy", backup.storage_redundancy),
        ]
    regions = sorted(account.regions, key=lambda region: region.failover_priority)
    tf.resource(
        FILE,
        "azurerm_cosmosdb_account",
        tf.address(account.id).name,
        [
            *tf.common(account, regions[0].region),
            ("offer_type", "Standard"),
            ("kind", kind),
            ("automatic_failover_enabled", account.automatic_failover),
            ("multiple_write_locations_enabled", account.multi_region_writes),
            ("analytical_storage_enabled", account.analytical_storage),
            ("public_network_access_enabled", account.public_network_access),
            # Cosmos DB has no default action: its VNet filter admits listed networks only.
            (
                "is_virtual_network_filter_enabled",
                True if account.public_network_default_action == "Deny" else None,
            ),
            ("local_authentication_disabled", not account.local_auth_enabled),
            # Without local auth, keys must not change account metadata either.
            ("access_key_metadata_writes_enabled", account.local_auth_enabled),
            ("minimal_tls_version", _COSMOS_TLS[account.min_tls_version]),
            ("tags", tf.tags(account)),
            Block.of(
                "consistency_policy",
                items=[
                    ("consistency_level", consistency.level),
                    (
                        "max_interval_in_seconds",
                        whole(consistency.max_interval, SECOND)
                        if consistency.max_interval
                        else None,
                    ),
                    ("max_staleness_prefix", consistency.max_staleness_prefix),
                ],
            ),
            [
                Block.of(
                    "geo_location",
                    items=[
                        ("location", region.region),
                        ("failover_priority", region.failover_priority),
                        ("zone_redundant", region.zone_redundant),
                    ],
                )
                for region in regions
            ],
            Block.of("backup", items=backup_items),
            [Block.of("capabilities", items=[("name", name)]) for name in capabilities],
        ],
    )
    for database in account.databases:
        if account.api != "sql":
            tf.add(
                FILE,
                Comment(
                    f"Cosmos database '{database.id}' ({account.api} API): only the SQL API's "
                    "databases and containers are generated"
                ),
            )
            continue
        _cosmos_database(tf, account, database)


def _throughput(throughput: Throughput | None) -> list[BodyEntry]:
    if throughput is None:
        return []
    if throughput.mode == "manual":
        return [("throughput", throughput.max_ru)]
    return [Block.of("autoscale_settings", items=[("max_throughput", throughput.max_ru)])]


def _ttl(value: int | timedelta | None) -> int | None:
    """-1 = on, never expire; a duration = seconds; None = off (argument left out)."""
    if value is None or isinstance(value, int):
        return value
    return whole(value, SECOND)


def _cosmos_database(tf: Terraform, account: CosmosAccount, database: CosmosDatabase) -> None:
    tf.resource(
        FILE,
        "azurerm_cosmosdb_sql_database",
        tf.address(database.id).name,
        [
            ("name", database.resource_name),
            ("resource_group_name", RG_NAME),
            ("account_name", tf.ref(account.id, "name")),
            *_throughput(database.throughput),
        ],
    )
    for container in database.containers:
        _cosmos_container(tf, account, database, container)


def _composite_path(path: str) -> Block:
    text = path.strip()
    order = "Ascending"
    for suffix, value in ((" desc", "Descending"), (" asc", "Ascending")):
        if text.lower().endswith(suffix):
            text, order = text[: -len(suffix)].strip(), value
    return Block.of("index", items=[("path", text), ("order", order)])


def _cosmos_container(
    tf: Terraform, account: CosmosAccount, database: CosmosDatabase, container: CosmosContainer
) -> None:
    indexing = container.indexing
    paths: list[BodyEntry] = []
    if indexing.mode == "consistent":
        paths = [
            [Block.of("included_path", items=[("path", p)]) for p in indexing.included_paths],
            [Block.of("excluded_path", items=[("path", p)]) for p in indexing.excluded_paths],
            [
                Block.of("composite_index", items=[_composite_path(p) for p in composite])
                for composite in indexing.composite_indexes
            ],
        ]
    tf.resource(
        FILE,
        "azurerm_cosmosdb_sql_container",
        tf.address(container.id).name,
        [
            ("name", container.resource_name),
            ("resource_group_name", RG_NAME),
            ("account_name", tf.ref(account.id, "name")),
            ("database_name", tf.ref(database.id, "name")),
            ("partition_key_paths", [container.partition_key]),
            ("partition_key_version", 2),
            ("default_ttl", _ttl(container.ttl)),
            ("analytical_storage_ttl", _ttl(container.analytical_ttl)),
            Block.of("indexing_policy", items=[("indexing_mode", indexing.mode), *paths]),
        ],
    )


# --- Redis -----------------------------------------------------------------------------------


def _redis(tf: Terraform, cache: RedisCache) -> None:
    sku = _REDIS_SKUS.get(cache.tier)
    if sku is None:
        tf.add(
            FILE,
            Comment(
                f"Redis '{cache.id}' ({cache.tier}): Redis Enterprise is a different resource "
                "(azurerm_managed_redis); not generated"
            ),
        )
        return
    sku_name, family = sku
    premium = cache.tier == "premium"
    persistence = cache.persistence
    configuration: list[BodyEntry] = []
    if not cache.local_auth_enabled:
        configuration.append(("active_directory_authentication_enabled", True))
    rdb, aof = persistence.rdb, persistence.aof
    if rdb is not None:
        configuration += [
            ("rdb_backup_enabled", rdb.enabled),
            ("rdb_backup_frequency", whole(rdb.frequency, MINUTE)),
            ("rdb_backup_max_snapshot_count", 1),
            # A reference to the account's connection string, never the string itself.
            (
                "rdb_storage_connection_string",
                tf.ref(rdb.storage_account, "primary_blob_connection_string"),
            ),
        ]
    if aof is not None:
        configuration += [
            ("aof_backup_enabled", aof.enabled),
            (
                "aof_storage_connection_string_0",
                tf.ref(aof.storage_account, "primary_blob_connection_string"),
            ),
        ]
    tf.resource(
        FILE,
        "azurerm_redis_cache",
        tf.address(cache.id).name,
        [
            *tf.common(cache),
            ("sku_name", sku_name),
            ("family", family),
            ("capacity", cache.capacity),
            ("non_ssl_port_enabled", cache.non_ssl_port_enabled),
            ("minimum_tls_version", cache.min_tls_version),
            ("public_network_access_enabled", cache.public_network_access),
            ("access_keys_authentication_enabled", cache.local_auth_enabled),
            ("shard_count", cache.shards if premium and cache.shards else None),
            ("replicas_per_primary", cache.replicas_per_primary if premium else None),
            ("zones", [str(zone) for zone in cache.zones] if premium and cache.zones else None),
            ("tags", tf.tags(cache)),
            Block.of("redis_configuration", items=configuration) if configuration else None,
        ],
    )


# --- Storage ---------------------------------------------------------------------------------


def storage_name(account: StorageAccount) -> str:
    return storage_account_name(account.resource_name)


def _storage_account(tf: Terraform, account: StorageAccount) -> None:
    name = storage_name(account)
    premium = account.account_kind in ("BlockBlobStorage", "FileStorage")
    soft_delete = account.soft_delete
    blob_items: list[BodyEntry] = [
        ("versioning_enabled", account.versioning),
        ("change_feed_enabled", account.change_feed),
    ]
    if soft_delete.blobs:
        blob_items.append(
            Block.of("delete_retention_policy", items=[("days", whole(soft_delete.blobs, DAY))])
        )
    if soft_delete.containers:
        blob_items.append(
            Block.of(
                "container_delete_retention_policy",
                items=[("days", whole(soft_delete.containers, DAY))],
            )
        )
    if account.point_in_time_restore:
        blob_items.append(
            Block.of("restore_policy", items=[("days", whole(account.point_in_time_restore, DAY))])
        )
    tf.resource(
        FILE,
        "azurerm_storage_account",
        tf.address(account.id).name,
        [
            Comment(f"'{account.resource_name}' is not a valid storage account name: '{name}'")
            if name != account.resource_name
            else None,
            ("name", name),
            ("location", tf.location(None)),
            ("resource_group_name", RG_NAME),
            ("account_kind", account.account_kind),
            ("account_tier", "Premium" if premium else "Standard"),
            ("account_replication_type", account.replication),
            ("access_tier", None if premium else account.access_tier),
            ("min_tls_version", _STORAGE_TLS[account.min_tls_version]),
            ("https_traffic_only_enabled", account.https_only),
            ("public_network_access_enabled", account.public_network_access),
            ("shared_access_key_enabled", account.local_auth_enabled),
            ("allow_nested_items_to_be_public", account.allow_blob_public_access),
            ("tags", tf.tags(account)),
            Block.of("blob_properties", items=blob_items),
            Block.of("network_rules", items=[("default_action", "Deny")])
            if account.public_network_default_action == "Deny"
            else None,
        ],
    )
    for container in account.containers:
        tf.resource(
            FILE,
            "azurerm_storage_container",
            tf.containers[(account.id, container)],
            [
                ("name", container),
                ("storage_account_id", tf.ref(account.id)),
                ("container_access_type", "private"),
            ],
        )
    if account.lifecycle_rules:
        tf.resource(
            FILE,
            "azurerm_storage_management_policy",
            tf.local_name("azurerm_storage_management_policy", account.id),
            [
                ("storage_account_id", tf.ref(account.id)),
                [_lifecycle_rule(rule) for rule in account.lifecycle_rules],
            ],
        )


def _lifecycle_rule(rule: LifecycleRule) -> Block:
    def days(value: timedelta | None) -> int | None:
        return whole(value, DAY) if value is not None else None

    return Block.of(
        "rule",
        items=[
            ("name", rule.name),
            ("enabled", True),
            Block.of(
                "filters",
                items=[("prefix_match", rule.prefixes or None), ("blob_types", ["blockBlob"])],
            ),
            Block.of(
                "actions",
                items=[
                    Block.of(
                        "base_blob",
                        items=[
                            (
                                "tier_to_cool_after_days_since_modification_greater_than",
                                days(rule.cool_after),
                            ),
                            (
                                "tier_to_cold_after_days_since_modification_greater_than",
                                days(rule.cold_after),
                            ),
                            (
                                "tier_to_archive_after_days_since_modification_greater_than",
                                days(rule.archive_after),
                            ),
                            (
                                "delete_after_days_since_modification_greater_than",
                                days(rule.delete_after),
                            ),
                        ],
                    )
                ],
            ),
        ],
    )
