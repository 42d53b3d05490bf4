"""Data: storage accounts (blob properties, containers, lifecycle), Cosmos DB, Redis."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import (
    DAY,
    HOUR,
    MINUTE,
    SECOND,
    TLS_ARM,
    connection_string,
    enabled,
)
from archlint.generators.bicep.layers.databases import databases
from archlint.generators.bicep.writer import BValue
from archlint.generators.common import (
    storage_account_name,
    whole,
)


def data(b: Bicep) -> None:
    layer = "data"
    layer_data = b.architecture.data
    for account in layer_data.storage_accounts:
        symbol = b.symbols[account.id]
        premium = account.account_kind in ("BlockBlobStorage", "FileStorage")
        b.add(
            layer,
            "Microsoft.Storage/storageAccounts",
            symbol,
            storage_account_name(account.resource_name),
            {
                "location": b.location(),
                "tags": b.tags(account),
                "kind": account.account_kind,
                "sku": {"name": f"{'Premium' if premium else 'Standard'}_{account.replication}"},
                "properties": {
                    "accessTier": None if premium else account.access_tier,
                    "minimumTlsVersion": TLS_ARM[account.min_tls_version],
                    "supportsHttpsTrafficOnly": account.https_only,
                    "publicNetworkAccess": enabled(account.public_network_access),
                    "allowSharedKeyAccess": account.local_auth_enabled,
                    "allowBlobPublicAccess": account.allow_blob_public_access,
                    "networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices"}
                    if account.public_network_default_action == "Deny"
                    else None,
                },
            },
        )
        blob = b.new_symbol(f"{account.id}-blob")
        soft = account.soft_delete
        b.add(
            layer,
            "Microsoft.Storage/storageAccounts/blobServices",
            blob,
            "default",
            {
                "properties": {
                    "isVersioningEnabled": account.versioning,
                    "changeFeed": {"enabled": account.change_feed},
                    "deleteRetentionPolicy": {"enabled": True, "days": whole(soft.blobs, DAY)}
                    if soft.blobs
                    else None,
                    "containerDeleteRetentionPolicy": {
                        "enabled": True,
                        "days": whole(soft.containers, DAY),
                    }
                    if soft.containers
                    else None,
                    "restorePolicy": {
                        "enabled": True,
                        "days": whole(account.point_in_time_restore, DAY),
                    }
                    if account.point_in_time_restore
                    else None,
                }
            },
            parent=symbol,
        )
        for container in account.containers:
            b.add(
                layer,
                "Microsoft.Storage/storageAccounts/blobServices/containers",
                b.new_symbol(f"{account.id}-{container}"),
                container,
                {"properties": {"publicAccess": "None"}},
                parent=blob,
            )
        if account.lifecycle_rules:
            rules = []
            for rule in account.lifecycle_rules:
                actions = {
                    key: {"daysAfterModificationGreaterThan": whole(value, DAY)}
                    for key, value in (
                        ("tierToCool", rule.cool_after),
                        ("tierToCold", rule.cold_after),
                        ("tierToArchive", rule.archive_after),
                        ("delete", rule.delete_after),
                    )
                    if value is not None
                }
                rules.append(
                    {
                        "name": rule.name,
                        "enabled": True,
                        "type": "Lifecycle",
                        "definition": {
                            "filters": {
                                "blobTypes": ["blockBlob"],
                                "prefixMatch": rule.prefixes or None,
                            },
                            "actions": {"baseBlob": actions},
                        },
                    }
                )
            b.add(
                layer,
                "Microsoft.Storage/storageAccounts/managementPolicies",
                b.new_symbol(f"{account.id}-lifecycle"),
                "default",
                {"properties": {"policy": {"rules": rules}}},
                parent=symbol,
            )
    for account in layer_data.cosmos_accounts:
        _cosmos(b, account)
    databases(b)
    for cache in layer_data.redis_caches:
        if cache.id not in b.symbols:
            b.note(
                layer,
                f"Redis '{cache.id}' ({cache.tier}): Redis Enterprise is a different "
                "resource type; not generated",
            )
            continue
        premium = cache.tier == "premium"
        config: dict[str, BValue] = {}
        if cache.persistence.rdb:
            rdb = cache.persistence.rdb
            config |= {
                "rdb-backup-enabled": str(rdb.enabled).lower(),
                "rdb-backup-frequency": str(whole(rdb.frequency, MINUTE)),
                "rdb-storage-connection-string": connection_string(b, rdb.storage_account),
            }
        if cache.persistence.aof:
            aof = cache.persistence.aof
            config |= {
                "aof-backup-enabled": str(aof.enabled).lower(),
                "aof-storage-connection-string-0": connection_string(b, aof.storage_account),
            }
        b.add(
            layer,
            "Microsoft.Cache/redis",
            b.symbols[cache.id],
            cache.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(cache),
                "zones": [str(z) for z in cache.zones] if premium and cache.zones else None,
                "properties": {
                    "sku": {
                        "name": cache.tier.capitalize(),
                        "family": "P" if premium else "C",
                        "capacity": cache.capacity,
                    },
                    "enableNonSslPort": cache.non_ssl_port_enabled,
                    "minimumTlsVersion": cache.min_tls_version,
                    "publicNetworkAccess": enabled(cache.public_network_access),
                    "disableAccessKeyAuthentication": not cache.local_auth_enabled,
                    "shardCount": cache.shards if premium and cache.shards else None,
                    "replicasPerPrimary": cache.replicas_per_primary if premium else None,
                    "redisConfiguration": config or None,
                },
            },
        )


def _cosmos(b: Bicep, account) -> None:
    layer = "data"
    symbol = b.symbols[account.id]
    backup = account.backup
    if backup.mode == "continuous":
        policy: dict[str, BValue] = {
            "type": "Continuous",
            "continuousModeProperties": {"tier": backup.tier} if backup.tier else None,
        }
    else:
        policy = {
            "type": "Periodic",
            "periodicModeProperties": {
                "backupIntervalInMinutes": whole(backup.interval, MINUTE)
                if backup.interval
                else None,
                "backupRetentionIntervalInHours": whole(backup.retention, HOUR)
                if backup.retention
                else None,
                "backupStorageRedundancy": backup.storage_redundancy,
            },
        }
    capabilities = {
        "mongo": "EnableMongo",
        "cassandra": "EnableCassandra",
        "gremlin": "EnableGremlin",
        "table": "EnableTable",
    }
    names = [capabilities[account.api]] if account.api in capabilities else []
    if account.capacity_mode == "serverless":
        names.append("EnableServerless")
    regions = sorted(account.regions, key=lambda r: r.failover_priority)
    consistency = account.consistency
    b.add(
        layer,
        "Microsoft.DocumentDB/databaseAccounts",
        symbol,
        account.resource_name,
        {
            "location": b.location(regions[0].region),
            "tags": b.tags(account),
            "kind": "MongoDB" if account.api == "mongo" else "GlobalDocumentDB",
            "properties": {
                "databaseAccountOfferType": "Standard",
                "locations": [
                    {
                        "locationName": r.region,
                        "failoverPriority": r.failover_priority,
                        "isZoneRedundant": r.zone_redundant,
                    }
                    for r in regions
                ],
                "consistencyPolicy": {
                    "defaultConsistencyLevel": consistency.level,
                    "maxStalenessPrefix": consistency.max_staleness_prefix,
                    "maxIntervalInSeconds": whole(consistency.max_interval, SECOND)
                    if consistency.max_interval
                    else None,
                },
                "enableAutomaticFailover": account.automatic_failover,
                "enableMultipleWriteLocations": account.multi_region_writes,
                "enableAnalyticalStorage": account.analytical_storage,
                "publicNetworkAccess": enabled(account.public_network_access),
                "isVirtualNetworkFilterEnabled": True
                if account.public_network_default_action == "Deny"
                else None,
                "disableLocalAuth": not account.local_auth_enabled,
                "disableKeyBasedMetadataWriteAccess": not account.local_auth_enabled,
                "minimalTlsVersion": {"1.0": "Tls", "1.1": "Tls11"}.get(
                    account.min_tls_version, "Tls12"
                ),
                "backupPolicy": policy,
                "capabilities": [{"name": n} for n in names] or None,
            },
        },
    )
    for database in account.databases:
        if database.id not in b.symbols:
            b.note(
                layer,
                f"Cosmos database '{database.id}' ({account.api} API): only SQL API "
                "databases are generated",
            )
            continue
        throughput = database.throughput
        options = None
        if throughput is not None:
            options = (
                {"throughput": throughput.max_ru}
                if throughput.mode == "manual"
                else {"autoscaleSettings": {"maxThroughput": throughput.max_ru}}
            )
        db_symbol = b.symbols[database.id]
        b.add(
            layer,
            "Microsoft.DocumentDB/databaseAccounts/sqlDatabases",
            db_symbol,
            database.resource_name,
            {"properties": {"resource": {"id": database.resource_name}, "options": options}},
            parent=symbol,
        )
        for container in database.containers:
            indexing = container.indexing
            policy_body: dict[str, BValue] = {"indexingMode": indexing.mode}
            if indexing.mode == "consistent":
                policy_body |= {
                    "includedPaths": [{"path": p} for p in indexing.included_paths],
                    "excludedPaths": [{"path": p} for p in indexing.excluded_paths],
                }
                if indexing.composite_indexes:
                    policy_body["compositeIndexes"] = [
                        [
                            {
                                "path": p.split()[0],
                                "order": "descending"
                                if p.lower().endswith(" desc")
                                else "ascending",
                            }
                            for p in composite
                        ]
                        for composite in indexing.composite_indexes
                    ]
            ttl = container.ttl
            b.add(
                layer,
                "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers",
                b.symbols[container.id],
                container.resource_name,
                {
                    "properties": {
                        "resource": {
                            "id": container.resource_name,
                            "partitionKey": {
                                "paths": [container.partition_key],
                                "kind": "Hash",
                                "version": 2,
                            },
                            "defaultTtl": ttl
                            if isinstance(ttl, int) or ttl is None
                            else whole(ttl, SECOND),
                            "analyticalStorageTtl": container.analytical_ttl
                            if isinstance(container.analytical_ttl, int)
                            or container.analytical_ttl is None
                            else whole(container.analytical_ttl, SECOND),
                            "indexingPolicy": policy_body,
                        }
                    }
                },
                parent=db_symbol,
            )
