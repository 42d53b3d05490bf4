"""Message lock duration outside what Service Bus accepts.

## What it does
Checks that every Service Bus queue's and subscription's `lock_duration` is
positive and at most 5 minutes, the Service Bus maximum.

## Why is this bad?
Service Bus refuses a lock duration above 5 minutes, so the deployment fails; a
design that counts on a 10-minute lock to cover slow processing is a design Azure
will not run. Work that takes longer than 5 minutes needs lock renewal in the
receiver (or a different pattern: claim-check, a durable orchestration) — without
it the lock expires mid-processing, the message is delivered again and counts
towards `max_delivery_count` until it is dead-lettered although nothing failed.

## Example
```yaml
queues:
  - {id: sbq-files, lock_duration: 10m}
```

## Use instead
```yaml
queues:
  - {id: sbq-files, lock_duration: 5m}   # and renew the lock for longer work
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from archlint.analysis.messaging import entities
from archlint.azure.facts import SERVICE_LIMITS
from archlint.model import Architecture
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "MSG006",
    name="lock-duration-out-of-range",
    severity="high",
    category="messaging",
    references=(
        "https://learn.microsoft.com/dotnet/api/azure.messaging.servicebus.administration.createqueueoptions.lockduration",
        "https://learn.microsoft.com/azure/service-bus-messaging/message-transfers-locks-settlement",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    limit = SERVICE_LIMITS["service_bus.lock_duration_max"]
    maximum = timedelta(**{limit.unit: limit.value})
    for entity in entities(arch):
        lock = entity.lock_duration
        if timedelta(0) < lock <= maximum:
            continue
        problem = (
            "must be positive"
            if lock <= timedelta(0)
            else (f"exceeds the Service Bus maximum of {format_duration(maximum)}")
        )
        yield Violation.on(
            arch,
            entity,
            "lock_duration",
            message=f"{entity.label()} lock duration {format_duration(lock)} {problem}",
        )
