"""Event Grid subscription without a dead-letter destination.

## What it does
Checks that every Event Grid event subscription names a dead-letter destination
(a storage account and blob container).

## Why is this bad?
Event Grid retries a delivery until the event's time-to-live or the maximum
number of attempts runs out. Then, without a dead-letter destination, it **drops
the event**: dead-lettering is off by default. The event that said "a file
arrived" or "an order was placed" is gone, and nothing records that it ever
existed, so nothing can replay it.

## Example
```yaml
event_grid:
  subscriptions:
    - id: egs-orders
      source: egt-domain-events
      endpoint: sbq-orders
      retry_policy: {max_delivery_attempts: 30, event_ttl: 1440m}
```

## Use instead
```yaml
event_grid:
  subscriptions:
    - id: egs-orders
      source: egt-domain-events
      endpoint: sbq-orders
      retry_policy: {max_delivery_attempts: 30, event_ttl: 1440m}
      dead_letter: {storage_account: st-events, container: eventgrid-deadletter}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "MSG003",
    name="event-grid-subscription-without-dead-letter",
    severity="high",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/event-grid/delivery-and-retry",
        "https://learn.microsoft.com/azure/event-grid/manage-event-delivery",
    ),
    pillars=("Reliability",),
    aprl=("92162eb5-4323-3145-8a6c-525ce2f0700e",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for subscription in arch.index.of_kind("event_grid_subscription"):
        if subscription.dead_letter is None:
            yield Violation.on(
                arch,
                subscription,
                "dead_letter",
                message=f"{subscription.label()} has no dead-letter destination: events to "
                f"'{subscription.endpoint}' that exhaust their retries are dropped",
            )
