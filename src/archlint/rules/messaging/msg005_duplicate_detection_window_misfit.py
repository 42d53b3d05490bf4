"""Duplicate-detection window that does not fit the entity it guards.

## What it does
For every Service Bus queue and topic with a `duplicate_detection_window`, flags:

- a window set while `duplicate_detection` is off (Azure ignores it);
- a window outside Service Bus limits (20 seconds to 7 days);
- a window longer than the entity's message time-to-live.

## Why is this bad?
A window without duplicate detection reads like protection that does not exist,
and duplicate detection can only be switched on when the entity is created: by the
time someone notices, the queue must be recreated. A window outside the limits
fails the deployment. A window longer than the TTL remembers message ids for
longer than the messages live: a sender that re-sends a message after it expired
(the usual recovery after an outage) has the re-send silently discarded as a
duplicate, while the original is already gone.

## Example
```yaml
queues:
  - id: sbq-orders
    default_message_ttl: 1d
    duplicate_detection: true
    duplicate_detection_window: 7d    # remembers ids 6 days after the messages expired
  - id: sbq-files
    duplicate_detection_window: 10m   # but duplicate_detection is off
```

## Use instead
```yaml
queues:
  - id: sbq-orders
    default_message_ttl: 1d
    duplicate_detection: true
    duplicate_detection_window: 10m   # covers the sender's retries, well inside the TTL
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from archlint.azure.facts import SERVICE_LIMITS
from archlint.model import Architecture, Component
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "MSG005",
    name="duplicate-detection-window-misfit",
    severity="medium",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/duplicate-detection",
        "https://learn.microsoft.com/dotnet/api/azure.messaging.servicebus.administration.queueproperties.duplicatedetectionhistorytimewindow",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    low = _limit("service_bus.duplicate_detection_window_min")
    high = _limit("service_bus.duplicate_detection_window_max")
    for entity in arch.index.of_kind("service_bus_queue", "service_bus_topic"):
        window = entity.duplicate_detection_window
        if window is None:
            continue
        problem = _problem(entity, window, low, high)
        if problem:
            yield Violation.on(
                arch,
                entity,
                "duplicate_detection_window",
                message=f"{entity.label()} duplicate-detection window {format_duration(window)} "
                f"{problem}",
            )


def _problem(entity: Component, window: timedelta, low: timedelta, high: timedelta) -> str | None:
    if not entity.duplicate_detection:
        return "is set but duplicate detection is off, so Azure ignores it"
    if not low <= window <= high:
        return f"is outside Service Bus limits ({format_duration(low)}..{format_duration(high)})"
    ttl = entity.default_message_ttl
    if ttl is not None and window > ttl:
        return (
            f"is longer than its message TTL {format_duration(ttl)}: a message re-sent after "
            "it expired is discarded as a duplicate"
        )
    return None


def _limit(key: str) -> timedelta:
    limit = SERVICE_LIMITS[key]
    return timedelta(**{limit.unit: limit.value})
