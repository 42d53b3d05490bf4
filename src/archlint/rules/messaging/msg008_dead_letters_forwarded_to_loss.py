"""Dead letters forwarded where they can be lost or circle for ever.

## What it does
Follows every `forward_dead_lettered_messages_to` and flags the forward when:

- it lies on a cycle of forwards (to the entity itself, or through other queues,
  topics and subscriptions back to it);
- the receiving queue lets messages expire (it has a TTL) without
  `dead_lettering_on_message_expiration`, and does not pass them on;
- the receiving topic has no subscriptions.

## Why is this bad?
Forwarding dead letters to one collector queue is a good pattern only if the
collector keeps them. A collector that drops expired messages silently deletes
exactly the messages that already failed once — the ones the DLQ processor
exists to track. A topic without subscriptions discards whatever it receives.
A cycle never lets a poison message rest: it is dead-lettered, forwarded back,
delivered, dead-lettered again, burning deliveries and hiding the failure.

## Example
```yaml
queues:
  - {id: sbq-orders, forward_dead_lettered_messages_to: sbq-dlq-monitor}
  - {id: sbq-dlq-monitor, default_message_ttl: 14d}   # drops them after 14 days
```

## Use instead
```yaml
queues:
  - {id: sbq-orders, forward_dead_lettered_messages_to: sbq-dlq-monitor}
  - {id: sbq-dlq-monitor, default_message_ttl: 14d,
     dead_lettering_on_message_expiration: true}     # expired ones rest in its own DLQ
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.messaging import dead_letter_forwards_on_cycles, entities, forwards
from archlint.model import Architecture, Component
from archlint.model.messaging import ServiceBusQueue, ServiceBusTopic
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "MSG008",
    name="dead-letters-forwarded-to-loss",
    severity="high",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-auto-forwarding",
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues",
        "https://learn.microsoft.com/azure/service-bus-messaging/message-expiration",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    on_cycle = {e.source for e in dead_letter_forwards_on_cycles(forwards(arch))}
    for entity in entities(arch):
        target_id = entity.forward_dead_lettered_messages_to
        if not target_id:
            continue
        target = arch.get(target_id)
        if target is None:
            continue
        where = "itself" if target is entity else target.label()
        if entity.id in on_cycle:
            loop = "" if target is entity else ", from where forwards lead back to it"
            reason = f"{loop}: a failed message circles instead of resting in a dead-letter queue"
        else:
            loss = _loss(target)
            reason = f", {loss}" if loss else None
        if reason:
            yield Violation.on(
                arch,
                entity,
                "forward_dead_lettered_messages_to",
                message=f"{entity.label()} forwards its dead letters to {where}{reason}",
            )


def _loss(target: Component) -> str | None:
    """How the receiving entity loses forwarded dead letters, or None."""
    if isinstance(target, ServiceBusTopic):
        return None if target.subscriptions else "which has no subscriptions and discards them"
    if not isinstance(target, ServiceBusQueue) or target.forward_to:
        return None  # a queue that forwards on is judged where the chain ends
    if target.dead_lettering_on_message_expiration:
        return None
    ttl = target.default_message_ttl
    if ttl is None:
        return None  # kept until consumed (auto-forwarding needs Standard or Premium anyway)
    return f"which deletes them when its {format_duration(ttl)} TTL ends"
