"""Queue or subscription drops expired messages instead of dead-lettering them.

## What it does
Checks that every Service Bus queue and topic subscription has
`dead_lettering_on_message_expiration: true`.

Only where a time-to-live applies: the entity's own `default_message_ttl`, its topic's,
or the basic tier's 14-day default. On standard and premium an entity without one keeps its
messages until they are read, unless a sender sets a TTL on a message; archlint cannot see
senders' messages, so such an entity is not judged.

## Why is this bad?
Service Bus always dead-letters a message that exceeds its maximum delivery count,
but a message whose time-to-live runs out is silently *deleted* unless
dead-lettering on expiration is enabled (it is off by default). In an event-driven
system that is data loss nobody sees: the order, file or notification simply never
happened, and the DLQ processor has nothing to track or replay.

## Example
```yaml
queues:
  - id: sbq-orders
    default_message_ttl: 14d
    # dead_lettering_on_message_expiration defaults to false
```

## Use instead
```yaml
queues:
  - id: sbq-orders
    default_message_ttl: 14d
    dead_lettering_on_message_expiration: true
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import SERVICE_LIMITS
from archlint.model import Architecture
from archlint.model.base import Component
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "MSG001",
    name="expired-messages-dropped",
    severity="high",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues",
    ),
    mcsb=("DP-1",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for entity in arch.index.of_kind("service_bus_queue", "service_bus_subscription"):
        if entity.dead_lettering_on_message_expiration:
            continue
        ttl = _time_to_live(arch, entity)
        if ttl is None:
            continue  # no TTL applies but one a sender may set, which archlint cannot see
        yield Violation.on(
            arch,
            entity,
            "dead_lettering_on_message_expiration",
            message=f"{entity.label()} deletes messages whose TTL ({ttl}) expires instead of "
            "dead-lettering them",
        )


def _time_to_live(arch: Architecture, entity: Component) -> str | None:
    """The TTL that applies to the entity's messages: its own, its topic's, or the basic
    tier's 14 days (standard and premium keep messages forever by default)."""
    ancestors = []
    entry = arch.index.by_id.get(entity.id)
    while entry is not None and entry.parent is not None:
        ancestors.append(entry.parent)
        entry = arch.index.by_id.get(entry.parent.id)
    for element in (entity, *ancestors):
        ttl = getattr(element, "default_message_ttl", None)
        if ttl is not None:
            return format_duration(ttl)
    namespace = ancestors[-1] if ancestors else None
    if getattr(namespace, "tier", None) == "basic":
        limit = SERVICE_LIMITS["service_bus.default_message_ttl_max_basic"]
        return f"{limit.value:g} {limit.unit}, the basic tier's default"
    return None
