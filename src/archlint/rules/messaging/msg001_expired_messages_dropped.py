"""Queue or subscription drops expired messages instead of dead-lettering them.

## What it does
Checks that every Service Bus queue and topic subscription has
`dead_lettering_on_message_expiration: true`.

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

from archlint.model import Architecture
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
        if not entity.dead_lettering_on_message_expiration:
            yield Violation.on(
                arch,
                entity,
                "dead_lettering_on_message_expiration",
                message=f"{entity.label()} deletes messages whose TTL expires instead of "
                "dead-lettering them",
            )
