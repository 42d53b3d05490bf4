"""Data: Cosmos DB (account, SQL database, SQL container), Redis, Storage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import DEFAULT_ACTION, each, firewall_default, first, zones
from archlint.importers.azurerm.core import (
    Builder,
    Draft,
    External,
    View,
    has_unknown,
    mapper,
    plain,
)
from archlint.importers.values import Reference, scalar

STORAGE = ("storage_account",)

# --- Cosmos DB -------------------------------------------------------------------------

_APIS = {
    "enablecassandra": "cassandra",
    "enablegremlin": "gremlin",
    "enabletable": "table",
    "enablemongo": "mongo",
}


@mapper("azurerm_cosmosdb_account", kind="cosmos_account")
def cosmos_account(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    capabilities = [str(c.get("name")).lower() for c in view.blocks("capabilities")]
    api = "mongo" if str(view.get("kind")).lower() == "mongodb" else "sql"
    for capability in capabilities:
        api = _APIS.get(capability, api)
    draft.data["api"] = api
    draft.data["capacity_mode"] = (
        "serverless" if "enableserverless" in capabilities else "provisioned"
    )
    if view.unknown("capabilities"):
        draft.mark_unknown("api")
        draft.mark_unknown("capacity_mode")
    locations = sorted(
        view.blocks("geo_location"),
        key=lambda g: (
            g.get("failover_priority") if isinstance(g.get("failover_priority"), int) else 99
        ),
    )
    draft.data["regions"] = [{} for _ in locations]
    for position, location in enumerate(locations):
        base = ("regions", position)
        draft.set((*base, "region"), location.raw("location"), convert.region)
        draft.set((*base, "failover_priority"), location.raw("failover_priority"), convert.integer)
        draft.set((*base, "zone_redundant"), location.raw("zone_redundant"), convert.boolean)
    if not locations:
        draft.mark_unknown("regions")
    draft.set(
        "multi_region_writes",
        view.raw("multiple_write_locations_enabled", "enable_multiple_write_locations"),
        convert.boolean,
    )
    draft.set(
        "automatic_failover",
        view.raw("automatic_failover_enabled", "enable_automatic_failover"),
        convert.boolean,
    )
    consistency = view.block("consistency_policy")
    if consistency is not None:
        draft.set(("consistency", "level"), consistency.raw("consistency_level"), convert.text)
        draft.set(
            ("consistency", "max_staleness_prefix"),
            consistency.raw("max_staleness_prefix"),
            convert.integer,
        )
        draft.set(
            ("consistency", "max_interval"),
            consistency.raw("max_interval_in_seconds"),
            convert.seconds,
        )
    else:
        draft.mark_unknown("consistency")
    _cosmos_backup(view, draft)
    draft.set("analytical_storage", view.raw("analytical_storage_enabled"), convert.boolean)
    draft.set("public_network_access", view.raw("public_network_access_enabled"), convert.boolean)
    draft.set(
        "local_auth_enabled",
        view.raw("local_authentication_disabled"),
        lambda v: not convert.boolean(v),
    )
    draft.set("min_tls_version", view.raw("minimal_tls_version"), convert.tls)
    _cosmos_firewall(view, draft)


def _cosmos_firewall(view: View, draft: Draft) -> None:
    """Cosmos DB has no default action: an IP range filter or the VNet filter turns the
    public endpoint into "selected networks" (everything else denied)."""
    vnet_filter = view.raw("is_virtual_network_filter_enabled")
    ip_filter = view.raw("ip_range_filter")
    if has_unknown(vnet_filter) or has_unknown(ip_filter):
        draft.mark_unknown(DEFAULT_ACTION)
    elif scalar(vnet_filter) is True or plain(ip_filter):
        draft.data[DEFAULT_ACTION] = "Deny"


def _cosmos_backup(view: View, draft: Draft) -> None:
    backup = view.block("backup")
    if backup is None:
        if view.unknown("backup"):
            draft.mark_unknown("backup")
        else:  # azurerm's default: periodic, every 4 hours, kept 8 hours, geo-redundant
            draft.data["backup"] = {
                "mode": "periodic",
                "interval": timedelta(minutes=240),
                "retention": timedelta(hours=8),
                "storage_redundancy": "Geo",
            }
        return
    base = ("backup",)
    mode = draft.set((*base, "mode"), backup.raw("type"), convert.lower)
    draft.set((*base, "tier"), backup.raw("tier"), convert.text)
    if mode == "continuous":
        return  # interval, retention and redundancy belong to periodic backup (0 / "" here)
    draft.set((*base, "interval"), backup.raw("interval_in_minutes"), convert.minutes)
    draft.set((*base, "retention"), backup.raw("retention_in_hours"), convert.hours)
    draft.set((*base, "storage_redundancy"), backup.raw("storage_redundancy"), convert.text)


def _throughput(view: View, draft: Draft) -> None:
    autoscale = view.block("autoscale_settings")
    if autoscale is not None:
        draft.data["throughput"] = {"mode": "autoscale"}
        draft.set(("throughput", "max_ru"), autoscale.raw("max_throughput"), convert.integer)
    elif view.raw("throughput") is not None:
        draft.data["throughput"] = {"mode": "manual"}
        draft.set(("throughput", "max_ru"), view.raw("throughput"), convert.integer)


@mapper("azurerm_cosmosdb_sql_database", kind="cosmos_database")
def cosmos_database(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    target = builder.resolve_name(
        view.raw("account_name"), ("azurerm_cosmosdb_account",), view.resource, ("cosmos_account",)
    )
    _place(builder, view, draft, target, ("cosmos_account",))
    _throughput(view, draft)


def _place(builder: Builder, view: View, draft: Draft, target: Any, kinds: tuple[str, ...]) -> None:
    if isinstance(target, str):
        draft.parent = target
    elif isinstance(target, External):
        draft.parent = builder.stub(kinds, target, view.resource)


def _ttl(value: Any) -> Any:
    seconds = convert.integer(value)
    return -1 if seconds == -1 else timedelta(seconds=seconds)


@mapper("azurerm_cosmosdb_sql_container", kind="cosmos_container")
def cosmos_container(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    account = scalar(view.raw("account_name"))

    def same_account(address: str) -> bool:
        written = builder.by_address[address].values.get("account_name")
        written = scalar(written)
        return not (isinstance(written, str) and isinstance(account, str)) or (
            written.lower() == account.lower()
        )

    target = builder.resolve_name(
        view.raw("database_name"),
        ("azurerm_cosmosdb_sql_database",),
        view.resource,
        ("cosmos_database",),
        scope=same_account,
    )
    _place(builder, view, draft, target, ("cosmos_database",))
    paths = view.raw("partition_key_paths")
    draft.set(
        "partition_key",
        first(paths) if paths is not None else view.raw("partition_key_path"),
        convert.text,
    )
    draft.set("ttl", view.raw("default_ttl"), _ttl)
    draft.set("analytical_ttl", view.raw("analytical_storage_ttl"), _ttl)
    policy = view.block("indexing_policy")
    if policy is None:
        return
    draft.set(("indexing", "mode"), policy.raw("indexing_mode"), convert.lower)
    draft.set(
        ("indexing", "included_paths"),
        [p.raw("path") for p in policy.blocks("included_path")],
        each(convert.text),
    )
    draft.set(
        ("indexing", "excluded_paths"),
        [p.raw("path") for p in policy.blocks("excluded_path")],
        each(convert.text),
    )
    composites = [
        [i.raw("path") for i in c.blocks("index")] for c in policy.blocks("composite_index")
    ]
    draft.set(("indexing", "composite_indexes"), composites, each(each(convert.text)))


# --- Redis -----------------------------------------------------------------------------


@mapper("azurerm_redis_cache", kind="redis_cache")
def redis_cache(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("tier", view.raw("sku_name"), convert.lower)
    draft.set("capacity", view.raw("capacity"), convert.integer)
    draft.set("zones", view.raw("zones"), zones)
    draft.set("shards", view.raw("shard_count"), convert.integer)
    draft.set("replicas_per_primary", view.raw("replicas_per_primary"), convert.integer)
    draft.set(
        "non_ssl_port_enabled",
        view.raw("non_ssl_port_enabled", "enable_non_ssl_port"),
        convert.boolean,
    )
    draft.set("min_tls_version", view.raw("minimum_tls_version"), convert.tls)
    draft.set("public_network_access", view.raw("public_network_access_enabled"), convert.boolean)
    draft.set("local_auth_enabled", view.raw("access_keys_authentication_enabled"), convert.boolean)
    config = view.block("redis_configuration")
    if config is None:
        return
    rdb = config.raw("rdb_backup_enabled")
    if rdb is not None:
        base = ("persistence", "rdb")
        draft.set((*base, "enabled"), rdb, convert.boolean)
        draft.set((*base, "frequency"), config.raw("rdb_backup_frequency"), convert.minutes)
        if "frequency" not in draft.data.get("persistence", {}).get("rdb", {}):
            draft.mark_unknown((*base, "frequency"))
        _storage_from_connection(
            builder, draft, (*base, "storage_account"), config.raw("rdb_storage_connection_string")
        )
    aof = config.raw("aof_backup_enabled")
    if aof is not None:
        base = ("persistence", "aof")
        draft.set((*base, "enabled"), aof, convert.boolean)
        _storage_from_connection(
            builder,
            draft,
            (*base, "storage_account"),
            config.raw("aof_storage_connection_string_0"),
        )


def _storage_from_connection(
    builder: Builder, draft: Draft, path: tuple[str, ...], value: Any
) -> None:
    """A storage connection string names its account (``AccountName=x``): that, or the
    resource whose attribute supplied it, is the account Redis persists to."""
    if isinstance(value, Reference):
        builder.ref(draft, path, value, STORAGE, required=True)
        return
    text = scalar(value)
    name = None
    if isinstance(text, str):
        for part in text.split(";"):
            key, _, found = part.partition("=")
            if key.strip().lower() == "accountname":
                name = found.strip()
    target = (
        builder.resolve_name(name, ("azurerm_storage_account",), draft.resource, STORAGE)
        if name
        else None
    )
    builder.ref(draft, path, value, STORAGE, required=True, resolved=target)


# --- Storage ---------------------------------------------------------------------------


@mapper("azurerm_storage_account", kind="storage_account")
def storage_account(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("replication", view.raw("account_replication_type"), convert.text)
    draft.set("account_kind", view.raw("account_kind"), convert.text)
    draft.set("access_tier", view.raw("access_tier"), convert.text)
    draft.set("public_network_access", view.raw("public_network_access_enabled"), convert.boolean)
    draft.set("min_tls_version", view.raw("min_tls_version"), convert.tls)
    draft.set("local_auth_enabled", view.raw("shared_access_key_enabled"), convert.boolean)
    https = view.raw("https_traffic_only_enabled", "enable_https_traffic_only")  # 4.x, 3.x
    draft.set("https_only", https, convert.boolean)
    firewall_default(draft, view, "network_rules")
    # azurerm defaults allow_nested_items_to_be_public to true (the model's default is false).
    nested = view.raw("allow_nested_items_to_be_public", "allow_blob_public_access")
    nested = builder.or_default(view, "allow_nested_items_to_be_public", nested)
    draft.set("allow_blob_public_access", nested, convert.boolean)
    blob = view.block("blob_properties")
    if blob is None:
        if view.unknown("blob_properties"):
            for key in ("versioning", "change_feed", "soft_delete", "point_in_time_restore"):
                draft.mark_unknown(key)
        return
    draft.set("versioning", blob.raw("versioning_enabled"), convert.boolean)
    draft.set("change_feed", blob.raw("change_feed_enabled"), convert.boolean)
    for block, key in (
        ("delete_retention_policy", "blobs"),
        ("container_delete_retention_policy", "containers"),
    ):
        policy = blob.block(block)
        if policy is not None:
            # An empty block means Azure's 7 days (azurerm's default for days).
            days = builder.or_default(view, f"blob_properties.{block}.days", policy.raw("days"))
            draft.set(("soft_delete", key), days, convert.days)
    restore = blob.block("restore_policy")
    if restore is not None:
        draft.set("point_in_time_restore", restore.raw("days"), convert.days)


def _account(builder: Builder, view: View) -> Draft | None:
    by_id = view.raw("storage_account_id")
    if by_id is not None:
        target = builder.resolve(by_id, STORAGE)
    else:
        target = builder.resolve_name(
            view.raw("storage_account_name"), ("azurerm_storage_account",), view.resource, STORAGE
        )
    account = builder.draft_of(target if isinstance(target, str) else None)
    if account is None:
        builder.not_attached(view.resource, "storage account")
    return account


@mapper("azurerm_storage_account_network_rules")
def storage_network_rules(builder: Builder, view: View, draft: Draft | None) -> None:
    account = _account(builder, view)
    if account is None:
        return
    account.set(DEFAULT_ACTION, view.raw("default_action"), convert.default_action)


@mapper("azurerm_storage_container")
def storage_container(builder: Builder, view: View, draft: Draft | None) -> None:
    account = _account(builder, view)
    if account is None:
        return
    containers = account.data.setdefault("containers", [])
    name = view.get("name")
    if isinstance(name, str):
        containers.append(name)
    else:
        account.mark_unknown("containers")


_LIFECYCLE = (
    ("cool_after", "tier_to_cool_after_days_since_"),
    ("cold_after", "tier_to_cold_after_days_since_"),
    ("archive_after", "tier_to_archive_after_days_since_"),
    ("delete_after", "delete_after_days_since_"),
)
_SINCE = ("modification_greater_than", "creation_greater_than", "last_access_time_greater_than")


@mapper("azurerm_storage_management_policy")
def storage_management_policy(builder: Builder, view: View, draft: Draft | None) -> None:
    account = _account(builder, view)
    if account is None:
        return
    if view.unknown("rule"):
        account.mark_unknown("lifecycle_rules")
        return
    rules = account.data.setdefault("lifecycle_rules", [])
    for rule in view.blocks("rule"):
        if rule.get("enabled") is False:
            continue
        item: dict[str, Any] = {}
        rules.append(item)
        sub = account.sub(item, view.resource)
        sub.set("name", rule.raw("name"), convert.text)
        filters = rule.block("filters")
        if filters is not None:
            sub.set("prefixes", filters.raw("prefix_match"), each(convert.text))
        actions = rule.block("actions")
        blob = actions.block("base_blob") if actions else None
        if blob is None:
            continue
        for key, prefix in _LIFECYCLE:
            value = next(
                (
                    blob.raw(prefix + since)
                    for since in _SINCE
                    if blob.raw(prefix + since) is not None
                ),
                None,
            )
            sub.set(key, value, convert.days)
