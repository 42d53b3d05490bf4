"""Redis persistence, clustering or zones the cache cannot have.

## What it does
Flags an Azure Cache for Redis whose spec asks for:

- RDB and AOF persistence together (they are mutually exclusive);
- an RDB backup frequency Azure does not offer (15, 30 or 60 minutes, 6, 12 or
  24 hours);
- persistence, clustering (`shards`) or availability zones on a tier that lacks
  them (Basic and Standard have no persistence or clustering; Basic has no zones).

## Why is this bad?
Azure refuses each of these at deployment, or, worse, the design is reviewed and
approved on a durability or scale promise the service never makes. "RDB hourly and
AOF for durability" reads like belt and braces; Azure allows one or the other, so
one of them — and the recovery-point reasoning built on it — is fiction.

## Example
```yaml
redis_caches:
  - id: redis-main
    tier: premium
    persistence:
      rdb: {frequency: 1h, storage_account: st-redisbackup}
      aof: {storage_account: st-redisbackup}
```

## Use instead
```yaml
redis_caches:
  - id: redis-main
    tier: premium
    persistence:
      aof: {storage_account: st-redisbackup}   # every write logged: the smaller data loss
      # or rdb: {frequency: 15m, ...} when a snapshot interval is acceptable
```

## In the seed
The seed's Redis persistence is "RDB snapshots (hourly)" *and* "AOF (Append-Only
File) for durability" on `redis-main`. Azure Cache for Redis Premium does not allow
both at once, so the design cannot be deployed as written; pick AOF (write-level
durability, more storage I/O) or RDB (up to an hour of cache data lost on a
failure), and state which in the RPO reasoning.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from archlint.azure.facts import (
    REDIS_RDB_AND_AOF_MUTUALLY_EXCLUSIVE,
    REDIS_RDB_BACKUP_FREQUENCIES_MINUTES,
    REDIS_TIERS,
)
from archlint.model import Architecture
from archlint.model.data import RedisCache
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "SKU002",
    name="redis-feature-not-in-tier",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-how-to-premium-persistence",
        "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-overview",
        "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-how-to-zone-redundancy",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for cache in arch.index.of_kind("redis_cache"):
        assert isinstance(cache, RedisCache)
        yield from _persistence(arch, cache)
        tier = REDIS_TIERS.get(cache.tier)
        if tier is None:
            continue
        if cache.shards and not tier.clustering_supported:
            yield Violation.on(
                arch,
                cache,
                "shards",
                message=f"{cache.label()} asks for {cache.shards} shards, but the "
                f"{cache.tier} tier has no clustering",
            )
        if cache.zones and not tier.zone_redundancy_supported:
            yield Violation.on(
                arch,
                cache,
                "zones",
                message=f"{cache.label()} lists zones, but the {cache.tier} tier has no "
                "availability-zone support",
            )


def _persistence(arch: Architecture, cache: RedisCache) -> Iterator[Violation]:
    rdb, aof = cache.persistence.rdb, cache.persistence.aof
    modes = {"rdb": rdb is not None and rdb.enabled, "aof": aof is not None and aof.enabled}
    tier = REDIS_TIERS.get(cache.tier)
    for mode, enabled in modes.items():
        if enabled and tier is not None and mode not in tier.persistence_modes:
            yield Violation.on(
                arch,
                cache,
                "persistence",
                mode,
                message=f"{cache.label()} enables {mode.upper()} persistence, which the "
                f"{cache.tier} tier does not offer",
            )
    if all(modes.values()) and REDIS_RDB_AND_AOF_MUTUALLY_EXCLUSIVE.value:
        yield Violation.on(
            arch,
            cache,
            "persistence",
            message=f"{cache.label()} enables RDB and AOF persistence together; Azure allows "
            "only one of them",
        )
    allowed = REDIS_RDB_BACKUP_FREQUENCIES_MINUTES.value
    if rdb is not None and modes["rdb"] and rdb.frequency / timedelta(minutes=1) not in allowed:
        offered = ", ".join(format_duration(timedelta(minutes=m)) for m in sorted(allowed))
        yield Violation.on(
            arch,
            cache,
            "persistence",
            "rdb",
            "frequency",
            message=f"{cache.label()} RDB frequency {format_duration(rdb.frequency)} is not "
            f"one Azure offers ({offered})",
        )
