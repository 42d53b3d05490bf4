"""Event Grid event time-to-live outside what Event Grid accepts.

## What it does
Checks that an Event Grid subscription's `retry_policy.event_ttl` is a whole
number of minutes between 1 minute and 1440 minutes (24 hours).

## Why is this bad?
Event Grid stores the event TTL as whole minutes and refuses anything outside
1..1440: the deployment fails, or, when a tool rounds the value, the subscription
retries for a different time than the design says. A TTL written as `2d` in the
belief that failed events are kept for two days is a design that Azure will not
run.

## Example
```yaml
retry_policy: {max_delivery_attempts: 30, event_ttl: 2d}
```

## Use instead
```yaml
retry_policy: {max_delivery_attempts: 30, event_ttl: 1440m}
# and a dead-letter destination for what is still undelivered after 24 hours
```

## Notes
The model already refuses `max_delivery_attempts` outside Event Grid's 1..30.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from archlint.azure.facts import SERVICE_LIMITS
from archlint.model import Architecture
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "MSG012",
    name="event-grid-event-ttl-out-of-range",
    severity="high",
    category="messaging",
    references=("https://learn.microsoft.com/azure/event-grid/delivery-and-retry",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    low_minutes = SERVICE_LIMITS["event_grid.event_ttl_min_minutes"].value
    high_minutes = SERVICE_LIMITS["event_grid.event_ttl_max_minutes"].value
    low, high = timedelta(minutes=low_minutes), timedelta(minutes=high_minutes)
    for subscription in arch.index.of_kind("event_grid_subscription"):
        policy = subscription.retry_policy
        if policy is None:
            continue
        ttl = policy.event_ttl
        problem = None
        if not low <= ttl <= high:
            problem = f"outside Event Grid's {low_minutes}..{high_minutes} minutes"
        elif ttl % timedelta(minutes=1):
            problem = "not a whole number of minutes"
        if problem:
            yield Violation.on(
                arch,
                subscription,
                "retry_policy",
                "event_ttl",
                message=f"{subscription.label()} event TTL {format_duration(ttl)} is {problem}",
            )
