"""Time-to-live that contradicts what the data is kept for.

## What it does
Checks Cosmos DB container TTLs against the role the architecture gives them:

- an event store (the `event_replay` source, or a container whose purpose or name says
  event sourcing / event store / domain events) must never expire: TTL off or `-1`;
- the DLQ tracking store (`dlq_handling.tracking_store`) must keep its records at least
  as long as the messages it tracks can live (the monitored entities' message TTL);
- a circuit breaker's state store must keep the state at least for the break duration.

## Why is this bad?
In event sourcing the events *are* the data: snapshots and read models are rebuilt from
them, so an expiring event store deletes the system of record. A DLQ tracking record
that expires while its message can still come back resets the retry count and lets the
processor resubmit for ever. A breaker state that expires mid-break closes the breaker
early, against a dependency still failing.

## Example
```yaml
containers:
  - {id: ctr-events, name: DomainEvents, purpose: Event sourcing store,
     partition_key: /aggregateId, ttl: 365d}
```

## Use instead
```yaml
containers:
  - {id: ctr-events, name: DomainEvents, purpose: Event sourcing store,
     partition_key: /aggregateId, ttl: -1}
```

## Notes
Snapshots may expire before the events they summarise (30 days against never, in the
seed): they are a cache of the event stream, rebuilt from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from archlint.model import Architecture
from archlint.model.data import CosmosContainer
from archlint.model.resilience import CircuitBreaker
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule
from archlint.rules.resilience.helpers import message_ttl

_EVENT_STORE = re.compile(r"event[\s_-]*(sourc|store)|domain[\s_-]*events", re.IGNORECASE)


def _expires(container: CosmosContainer) -> timedelta | None:
    return container.ttl if isinstance(container.ttl, timedelta) else None


@rule(
    "OPS010",
    name="ttl-contradicts-policy",
    severity="high",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/cosmos-db/time-to-live",
        "https://learn.microsoft.com/azure/architecture/patterns/event-sourcing",
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    replay = arch.disaster_recovery.event_replay
    for container in arch.index.of_kind("cosmos_container"):
        assert isinstance(container, CosmosContainer)
        ttl = _expires(container)
        text = f"{container.name or ''} {container.purpose or ''}"
        is_store = (replay is not None and replay.source == container.id) or bool(
            _EVENT_STORE.search(text)
        )
        if is_store and ttl is not None:
            yield Violation.on(
                arch,
                container,
                "ttl",
                message=f"{container.label()} is an event store but its items expire after "
                f"{format_duration(ttl)}: the system of record deletes itself",
            )
    yield from _dlq_tracking(arch)
    yield from _breaker_state(arch)


def _dlq_tracking(arch: Architecture) -> Iterator[Violation]:
    dlq = arch.resilience.dlq_handling
    store = arch.get(dlq.tracking_store) if dlq and dlq.tracking_store else None
    if dlq is None or not isinstance(store, CosmosContainer) or _expires(store) is None:
        return
    ttl = _expires(store)
    assert ttl is not None
    lives: list[tuple[timedelta, str]] = []
    for entity_id in dlq.monitored:
        entity = arch.get(entity_id)
        found = message_ttl(arch, entity) if entity is not None else None
        if found is not None:
            lives.append((found[0], entity_id))
    if not lives:
        return
    longest, entity_id = max(lives)
    if ttl < longest:
        yield Violation.on(
            arch,
            store,
            "ttl",
            message=f"DLQ tracking store {store.label()} forgets a message after "
            f"{format_duration(ttl)}, but messages of '{entity_id}' live "
            f"{format_duration(longest)}: a returning message starts its retry count anew",
        )


def _breaker_state(arch: Architecture) -> Iterator[Violation]:
    for breaker in arch.index.of_kind("circuit_breaker"):
        assert isinstance(breaker, CircuitBreaker)
        store = arch.get(breaker.state_store) if breaker.state_store else None
        ttl = _expires(store) if isinstance(store, CosmosContainer) else None
        if store is None or ttl is None or ttl >= breaker.break_duration:
            continue
        yield Violation.on(
            arch,
            store,
            "ttl",
            message=f"{store.label()} keeps {breaker.label()}'s state for "
            f"{format_duration(ttl)}, less than its "
            f"{format_duration(breaker.break_duration)} break: the breaker closes early",
        )
