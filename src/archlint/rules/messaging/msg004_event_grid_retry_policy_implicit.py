"""Event Grid subscription that leaves its retry policy to the defaults.

## What it does
Flags an Event Grid event subscription without an explicit `retry_policy`
(maximum delivery attempts and event time-to-live).

## Why is this bad?
The defaults (30 attempts within 24 hours) are rarely what the endpoint needs:
an event that is worthless after ten minutes keeps being retried for a day, and an
endpoint that is down for a maintenance window longer than the TTL loses events.
Leaving the policy implicit also hides the one number that says how long the
subscriber may be unavailable before events go to the dead-letter destination,
so nobody reviews it, and other rules cannot check it against the endpoint's
timeouts or a queue's TTL.

## Example
```yaml
event_grid:
  subscriptions:
    - {id: egs-orders, source: egt-domain-events, endpoint: sbq-orders,
       dead_letter: {storage_account: st-events, container: eventgrid-deadletter}}
```

## Use instead
```yaml
event_grid:
  subscriptions:
    - {id: egs-orders, source: egt-domain-events, endpoint: sbq-orders,
       retry_policy: {max_delivery_attempts: 30, event_ttl: 1440m},
       dead_letter: {storage_account: st-events, container: eventgrid-deadletter}}
```

## Notes
Low severity: Azure's defaults are safe enough that this is a review prompt, not a
defect. Values outside Event Grid's limits are MSG012.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import SERVICE_LIMITS
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "MSG004",
    name="event-grid-retry-policy-implicit",
    severity="low",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/event-grid/delivery-and-retry",
        "https://learn.microsoft.com/azure/event-grid/manage-event-delivery",
    ),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    attempts = SERVICE_LIMITS["event_grid.max_delivery_attempts_default"].value
    ttl = SERVICE_LIMITS["event_grid.event_ttl_default_minutes"].value
    for subscription in arch.index.of_kind("event_grid_subscription"):
        if subscription.retry_policy is None:
            yield Violation.on(
                arch,
                subscription,
                "retry_policy",
                message=f"{subscription.label()} has no explicit retry policy; Event Grid "
                f"defaults to {attempts} attempts within {ttl} minutes",
            )
