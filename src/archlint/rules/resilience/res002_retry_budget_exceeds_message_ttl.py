"""Message expires before its redeliveries and in-process retries are used up.

## What it does
For every Service Bus queue or subscription consumed on a flow, multiplies the
entity's `max_delivery_count` by the time one delivery can take (the handler's worst
case from RES001, at most the lock window, after which Service Bus redelivers) and
compares the result with the message time-to-live (`default_message_ttl`, and the
topic's for a subscription).

## Why is this bad?
The retry budget of a message is deliveries x in-process tries. When the message's TTL
runs out first, the later deliveries never happen: the message expires mid-way, and is
dead-lettered as *expired* (or silently dropped without dead-lettering on expiration)
instead of *max delivery count exceeded*. The DLQ processor then sees a misleading
reason, and a message that still had retries left is gone.

## Example
```yaml
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - {id: sbq-jobs, lock_duration: 5m, max_delivery_count: 10, default_message_ttl: 10m}
```
(a handler that may take 2 minutes per delivery needs 20 minutes for 10 deliveries)

## Use instead
```yaml
        - {id: sbq-jobs, lock_duration: 5m, max_delivery_count: 10, default_message_ttl: 1d}
```

## Notes
A delivery is counted at the handler's worst case, capped at the lock window (a lock
that expires ends the delivery from Service Bus's point of view). Redelivery after an
abandon is immediate, so no extra delay is added between deliveries.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.retry import describe_seconds
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.resilience.helpers import message_handlers, message_ttl


@rule(
    "RES002",
    name="retry-budget-exceeds-message-ttl",
    severity="medium",
    category="resilience",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/message-expiration",
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues",
        "https://learn.microsoft.com/azure/architecture/best-practices/transient-faults",
    ),
    pillars=("Reliability",),
    requires=("flows.flows",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for handler in message_handlers(arch):
        found = message_ttl(arch, handler.entity)
        per_delivery = min(handler.cost.seconds, handler.window)
        if found is None or per_delivery <= 0:
            continue
        ttl, owner = found
        deliveries = handler.entity.max_delivery_count
        total = deliveries * per_delivery
        if total <= ttl.total_seconds():
            continue
        yield Violation.on(
            arch,
            owner,
            "default_message_ttl",
            message=f"{handler.entity.label()} allows {deliveries} deliveries of up to "
            f"{describe_seconds(per_delivery)} each to {handler.consumer.label()} "
            f"({describe_seconds(total)} in all), but its messages expire after "
            f"{describe_seconds(ttl.total_seconds())}: they expire before their retries "
            "are used up",
        )
