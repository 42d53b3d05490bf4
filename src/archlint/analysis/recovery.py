"""Recovery arithmetic: the RPO each data store can achieve, and the RTO of its failover.

The disaster the objectives are judged against is the loss of the primary region (the
case a declared RPO/RTO is written for); logical corruption is a backup-retention
question, not an RPO one. Assumptions, each tied to a fact in :mod:`archlint.azure.facts`:

**Which components hold data.** Data of record is what the flows *write* to, *publish*
to, *capture* into, *forward* or *dead-letter* to, taken at the level of the resource
that replicates (a container's account, a queue's namespace). A Redis cache that the
flows read through cache-aside (a ``read`` step from the cache to a store) holds copies,
not records, and is left out; so is a Function App's runtime storage, which is not on
the flows. Components the flows never write to are not judged.

**Achievable RPO on a region loss**, per kind:

- Cosmos DB: Microsoft's RPO table (:data:`COSMOS_RPO`): one region -> its periodic
  backup interval, or 240 minutes; several regions -> 0 (Strong), the staleness bound
  (Bounded Staleness), otherwise 15 minutes.
- Storage: geo-redundant SKUs replicate asynchronously, typically within 15 minutes
  (no SLA). Otherwise a vaulted backup in a geo-redundant vault bounds the loss by the
  backup interval; operational (continuous) blob backup stays in the region.
- Service Bus / Event Hubs: a namespace replicates messages only with a deployed
  secondary (geo-replication; Geo-DR pairing copies metadata only). Without one, the
  messages in flight are lost with the region, unbounded by any setting -- except that
  Event Hubs Capture archives events every capture interval, so a hub with Capture into
  geo-redundant storage loses at most the capture interval plus the storage's lag.
- Redis: persistence can be imported into a new cache elsewhere only as RDB files: the
  RDB frequency plus the storage account's lag.
- VMs: the interval of a backup policy in a geo-redundant vault.
- Azure SQL (a database, or a managed instance as a whole): in a failover group, or with
  an active geo-replication secondary, it loses up to 5 seconds; otherwise geo-restore from
  geo-redundant backups (Geo, GeoZone) loses up to an hour, and with locally or
  zone-redundant backups nothing survives.
- PostgreSQL / MySQL flexible servers: geo-redundant backup -> geo-restore, up to an hour.

``None`` means *unbounded*: nothing outside the region holds the data.

**Recovery time** of a failover design: zero for a running secondary; otherwise the
design's ``estimated_recovery_time``, or a documented provisioning time (ASE v3:
"more than one hour"). **Detection**: a Traffic Manager profile moves clients after
``interval x tolerated failures + probe timeout + DNS TTL``; a Front Door origin group
after ``(sample_size - successful_samples_required + 1) x probe interval``. The
*fastest* router is used, so the RTO arithmetic is optimistic and a finding is certain.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from archlint.azure.database_facts import (
    FLEXIBLE_GEO_RESTORE_RPO,
    SQL_GEO_REPLICATION_RPO,
    SQL_GEO_RESTORE_RPO,
)
from archlint.azure.facts import (
    COSMOS_RPO,
    SERVICE_LIMITS,
    STORAGE_GEO_REPLICATION_TYPICAL_RPO,
    storage_replication_for,
)
from archlint.model import DLQ_SUFFIX, Architecture, Component
from archlint.model.compute import VirtualMachine
from archlint.model.data import CosmosAccount, RedisCache, StorageAccount
from archlint.model.databases import FlexibleServer, SqlDatabase, SqlManagedInstance
from archlint.model.dr import BackupPolicy, FailoverDesign
from archlint.model.edge import FrontDoor, FrontDoorOriginGroup, TrafficManager
from archlint.model.flows import StepKind
from archlint.model.messaging import EventHub, EventHubsNamespace, ServiceBusNamespace
from archlint.records import record

__all__ = [
    "Achievable",
    "Detection",
    "achievable_rpo",
    "data_of_record",
    "detection",
    "failover_of",
    "origin_group_detection",
    "provisioning_time",
    "recovery_time",
    "traffic_manager_detection",
]

_WRITES = frozenset(
    {
        StepKind.write,
        StepKind.publish,
        StepKind.capture,
        StepKind.forward,
        StepKind.dead_letter,
        StepKind.replicate,
    }
)
#: Kinds whose data replicates (or is lost) as a whole: where RPO is judged.
_RESOURCE_KINDS = frozenset(
    {
        "cosmos_account",
        "storage_account",
        "service_bus_namespace",
        "event_hubs_namespace",
        "redis_cache",
        "virtual_machine",
        "sql_database",
        "sql_managed_instance",
        "postgresql_flexible_server",
        "mysql_flexible_server",
    }
)
_LIVE_SECONDARY = frozenset({"active_active", "automatic_failover", "manual_failover"})
_BACKUP_INTERVAL = {
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(weeks=1),
}
_PROVISIONING_LIMITS = {"app_service_environment": "ase_v3.creation_time_min_minutes"}


@record
class Achievable:
    """What a data store can promise on a region loss: ``rpo`` (None = unbounded)."""

    component: Component
    rpo: timedelta | None
    basis: str
    field: str | None = None  # the field the judgement rests on, when there is one


def resource_of(arch: Architecture, component_id: str) -> Component | None:
    """The replicating resource that holds ``component_id`` (itself, or an ancestor)."""
    base = component_id[: -len(DLQ_SUFFIX)] if component_id.endswith(DLQ_SUFFIX) else component_id
    entry = arch.index.by_id.get(base)
    while entry is not None:
        if entry.component.kind in _RESOURCE_KINDS:
            return entry.component
        entry = arch.index.by_id.get(entry.parent.id) if entry.parent is not None else None
    return None


def data_of_record(arch: Architecture) -> list[Component]:
    """The resources the flows store data in, in spec order (see the module notes)."""
    caches_aside = {
        step.source
        for flow in arch.flows.flows
        for step in flow.steps
        if step.kind == StepKind.read and isinstance(arch.get(step.source), RedisCache)
    }
    found: dict[str, Component] = {}
    for flow in arch.flows.flows:
        for step in flow.steps:
            if step.kind not in _WRITES:
                continue
            resource = resource_of(arch, step.target)
            if resource is not None and resource.id not in caches_aside:
                found.setdefault(resource.id, resource)
    order = {cid: position for position, cid in enumerate(arch.index.by_id)}
    return sorted(found.values(), key=lambda c: order[c.id])


def failover_of(arch: Architecture, component_id: str) -> tuple[int, FailoverDesign] | None:
    """The first failover design for a component, with its position in the list."""
    memo = arch.index.memo
    designs = memo.get("recovery.failover")
    if designs is None:
        designs = memo["recovery.failover"] = {}
        for position, design in enumerate(arch.disaster_recovery.failover):
            designs.setdefault(design.component, (position, design))
    found: tuple[int, FailoverDesign] | None = designs.get(component_id)
    return found


def _geo_secondary(arch: Architecture, component: Component) -> bool:
    found = failover_of(arch, component.id)
    return (
        found is not None and found[1].secondary_deployed and found[1].strategy in _LIVE_SECONDARY
    )


def _backups(arch: Architecture, component: Component) -> Iterator[BackupPolicy]:
    """Policies that back the component up into a geo-redundant vault, in spec order."""
    memo = arch.index.memo
    protecting = memo.get("recovery.geo_backups")
    if protecting is None:
        protecting = memo["recovery.geo_backups"] = {}
        vaults = {v.id: v for v in arch.disaster_recovery.vaults}
        for policy in arch.disaster_recovery.backup_policies:
            vault = vaults.get(policy.vault)
            if vault and vault.redundancy == "GeoRedundant":
                for component_id in dict.fromkeys(policy.protected):
                    protecting.setdefault(component_id, []).append(policy)
    yield from protecting.get(component.id, ())


def _backup_rpo(arch: Architecture, component: Component) -> tuple[timedelta, str] | None:
    best: tuple[timedelta, str] | None = None
    for policy in _backups(arch, component):
        interval = _BACKUP_INTERVAL.get(policy.schedule.frequency)
        if interval is not None and (best is None or interval < best[0]):
            best = (
                interval,
                f"{policy.schedule.frequency} backups ({policy.id}) in a geo-redundant vault",
            )
    return best


def _storage_rpo(arch: Architecture, account: StorageAccount) -> tuple[timedelta | None, str]:
    fact = storage_replication_for(account.replication)
    if fact is not None and fact.geo_redundant:
        lag = timedelta(minutes=STORAGE_GEO_REPLICATION_TYPICAL_RPO.value)
        return (
            lag,
            f"{account.replication} asynchronous geo-replication (typically under 15m, no SLA)",
        )
    backup = _backup_rpo(arch, account)
    if backup is not None:
        return backup
    return None, f"{account.replication} keeps no copy outside the region"


def achievable_rpo(arch: Architecture, component: Component) -> Achievable | None:
    """The RPO ``component`` can achieve on a region loss, or None for kinds not judged."""
    if isinstance(component, CosmosAccount):
        return _cosmos(component)
    if isinstance(component, StorageAccount):
        rpo, basis = _storage_rpo(arch, component)
        return Achievable(component, rpo, basis, "replication")
    if isinstance(component, ServiceBusNamespace):
        if _geo_secondary(arch, component):
            return Achievable(component, timedelta(0), "geo-replicated to a deployed secondary")
        return Achievable(
            component, None, "single-region namespace: messages in flight are lost with the region"
        )
    if isinstance(component, EventHubsNamespace):
        return _event_hubs(arch, component)
    if isinstance(component, RedisCache):
        return _redis(arch, component)
    if isinstance(component, SqlDatabase | SqlManagedInstance):
        return _sql_database(arch, component)
    if isinstance(component, FlexibleServer):
        if component.geo_redundant_backup:
            rpo = timedelta(minutes=FLEXIBLE_GEO_RESTORE_RPO.value)
            return Achievable(
                component, rpo, "geo-restore from geo-redundant backups", "geo_redundant_backup"
            )
        return Achievable(
            component, None, "backups kept in the region only", "geo_redundant_backup"
        )
    if isinstance(component, VirtualMachine):
        backup = _backup_rpo(arch, component)
        if backup is None:
            return Achievable(component, None, "no backup in a geo-redundant vault")
        return Achievable(component, backup[0], backup[1])
    return None


def _cosmos(account: CosmosAccount) -> Achievable:
    if len(account.regions) == 1:
        if account.backup.mode == "periodic" and account.backup.storage_redundancy in (
            "Local",
            "Zone",
        ):
            return Achievable(account, None, "single region, backups kept in the region", "regions")
        interval = account.backup.interval if account.backup.mode == "periodic" else None
        rpo = interval or timedelta(minutes=COSMOS_RPO["single_region"].value)
        return Achievable(account, rpo, "single region: only backups survive its loss", "regions")
    level = account.consistency.level
    if level == "Strong":
        rpo = timedelta(minutes=COSMOS_RPO["multi_region_strong"].value)
    elif level == "BoundedStaleness":
        floor = timedelta(seconds=COSMOS_RPO["bounded_staleness_min_interval"].value)
        rpo = max(account.consistency.max_interval or floor, floor)
    else:
        rpo = timedelta(minutes=COSMOS_RPO["multi_region"].value)
    return Achievable(
        account, rpo, f"{len(account.regions)} regions, {level} consistency", "consistency"
    )


def _event_hubs(arch: Architecture, namespace: EventHubsNamespace) -> Achievable:
    if _geo_secondary(arch, namespace):
        return Achievable(namespace, timedelta(0), "geo-replicated to a deployed secondary")
    written = arch.index.memo.get("recovery.written")
    if written is None:  # asked for every namespace: scan the flows once
        written = arch.index.memo["recovery.written"] = {
            step.target for flow in arch.flows.flows for step in flow.steps if step.kind in _WRITES
        }
    hubs = [hub for hub in namespace.hubs if hub.id in written] or namespace.hubs
    worst: tuple[timedelta | None, str] = (timedelta(0), "")
    for hub in hubs:
        rpo, basis = _hub_rpo(arch, hub)
        if rpo is None or (worst[0] is not None and rpo > worst[0]):
            worst = (rpo, basis)
        if rpo is None:
            break
    return Achievable(namespace, worst[0], worst[1])


def _hub_rpo(arch: Architecture, hub: EventHub) -> tuple[timedelta | None, str]:
    capture = hub.capture
    if capture is None or not capture.enabled:
        return None, f"{hub.id} has no Capture: events in flight are lost with the region"
    store = arch.get(capture.storage_account)
    if not isinstance(store, StorageAccount):
        return None, f"{hub.id} captures to an unknown store"
    lag, basis = _storage_rpo(arch, store)
    if lag is None:
        return None, f"{hub.id} captures to {store.id}, which {basis}"
    return capture.interval + lag, (
        f"{hub.id}: Capture every {_fmt(capture.interval)} to {store.id} "
        f"+ {_fmt(lag)} geo-replication lag"
    )


def _redis(arch: Architecture, cache: RedisCache) -> Achievable:
    rdb = cache.persistence.rdb
    if rdb is None or not rdb.enabled:
        return Achievable(cache, None, "no RDB persistence to import elsewhere", "persistence")
    store = arch.get(rdb.storage_account)
    lag, basis = _storage_rpo(arch, store) if isinstance(store, StorageAccount) else (None, "")
    if lag is None:
        return Achievable(
            cache, None, f"RDB files in {rdb.storage_account}, {basis}", "persistence"
        )
    return Achievable(
        cache,
        rdb.frequency + lag,
        f"RDB every {_fmt(rdb.frequency)} + {_fmt(lag)} storage lag",
        "persistence",
    )


def _sql_database(arch: Architecture, database: SqlDatabase | SqlManagedInstance) -> Achievable:
    """A database, or a managed instance (its failover group replicates every database)."""
    replicated = any(
        database.id in (*group.databases, group.server, *group.partner_servers)
        for group in arch.data.sql_failover_groups
    ) or any(
        getattr(other, "secondary_of", None) == database.id
        for other in arch.index.of_kind("sql_database")
    )
    if replicated:
        rpo = timedelta(seconds=SQL_GEO_REPLICATION_RPO.value)
        return Achievable(database, rpo, "geo-replicated (failover group or geo-secondary)")
    if database.backup_storage_redundancy in ("Geo", "GeoZone"):
        rpo = timedelta(minutes=SQL_GEO_RESTORE_RPO.value)
        return Achievable(
            database,
            rpo,
            "no geo-replica: geo-restore from geo-redundant backups",
            "backup_storage_redundancy",
        )
    return Achievable(
        database,
        None,
        f"no geo-replica, {database.backup_storage_redundancy} backups stay in the region",
        "backup_storage_redundancy",
    )


# --- recovery time ---------------------------------------------------------------------


def provisioning_time(component: Component | None) -> tuple[timedelta, str] | None:
    """Microsoft's lower bound on how long creating ``component`` takes, when it states one."""
    key = _PROVISIONING_LIMITS.get(component.kind) if component else None
    if key is None:
        return None
    limit = SERVICE_LIMITS[key]
    time = timedelta(minutes=limit.value)
    return time, f"{component.title} creation takes at least {_fmt(time)}, per Microsoft"


def recovery_time(arch: Architecture, design: FailoverDesign) -> tuple[timedelta, str] | None:
    """How long bringing ``design.component`` back takes, at least, or None if unknown."""
    if design.secondary_deployed and design.strategy in _LIVE_SECONDARY:
        return timedelta(0), "secondary already running"
    fact = provisioning_time(arch.get(design.component))
    estimate = design.estimated_recovery_time
    if estimate is not None and (fact is None or estimate >= fact[0]):
        return estimate, f"estimated_recovery_time {_fmt(estimate)}"
    return fact


@record
class Detection:
    """How long a global router needs before clients go to the surviving region."""

    router: Component
    time: timedelta
    basis: str


def traffic_manager_detection(manager: TrafficManager) -> Detection:
    """How long ``manager`` takes to move clients off a failed endpoint."""
    monitor = manager.monitor
    time = monitor.interval * monitor.tolerated_failures + monitor.timeout + manager.dns_ttl
    basis = (
        f"{monitor.tolerated_failures} x {_fmt(monitor.interval)} probes + "
        f"{_fmt(monitor.timeout)} timeout + {_fmt(manager.dns_ttl)} DNS TTL"
    )
    return Detection(manager, time, basis)


def origin_group_detection(door: FrontDoor, group: FrontDoorOriginGroup) -> Detection:
    """How long ``door`` takes to stop sending a group's traffic to a failed origin."""
    failures = max(group.sample_size - group.successful_samples_required + 1, 1)
    time = group.health_probe.interval * failures
    return Detection(door, time, f"{failures} x {_fmt(group.health_probe.interval)} failed probes")


def detection(arch: Architecture) -> Detection | None:
    """The fastest failure detection among the global routers (see the module notes)."""
    found: list[Detection] = []
    for manager in arch.index.of_kind("traffic_manager"):
        assert isinstance(manager, TrafficManager)
        found.append(traffic_manager_detection(manager))
    for door in arch.index.of_kind("front_door"):
        assert isinstance(door, FrontDoor)
        for group in door.origin_groups:
            regions = {o.private_link.region for o in group.origins if o.private_link}
            if len(regions) < 2:
                continue  # one known region behind it: nowhere to fail over to
            found.append(origin_group_detection(door, group))
    return min(found, key=lambda d: d.time) if found else None


def _fmt(value: timedelta) -> str:
    from archlint.model.types import format_duration

    return format_duration(value)
