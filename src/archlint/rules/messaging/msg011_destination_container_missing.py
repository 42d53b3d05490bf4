"""Dead-letter or capture container that its storage account does not have.

## What it does
When a storage account lists its blob `containers`, checks that every Event Grid
dead-letter destination and every Event Hubs Capture destination writing to it
names one of them.

## Why is this bad?
Neither Event Grid nor Event Hubs Capture creates the container. Event Grid fails
to dead-letter into a missing container and the undeliverable event is lost —
exactly when it was supposed to be kept. Capture fails and the archive the event
store or the replay relies on has a hole that only shows when someone needs it.
A typo (`deadletters` vs `dead-letter`) is enough.

## Example
```yaml
storage_accounts:
  - {id: st-events, replication: ZRS, containers: [capture]}
event_grid:
  subscriptions:
    - {id: egs-orders, ..., dead_letter: {storage_account: st-events,
                                          container: eventgrid-deadletter}}
```

## Use instead
```yaml
storage_accounts:
  - {id: st-events, replication: ZRS, containers: [capture, eventgrid-deadletter]}
```

## Notes
An account that lists no containers is not judged: the spec does not say which it has.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture, Component
from archlint.model.data import StorageAccount
from archlint.rules.api import Violation, rule


@rule(
    "MSG011",
    name="destination-container-missing",
    severity="medium",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/event-grid/manage-event-delivery",
        "https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for subscription in arch.index.of_kind("event_grid_subscription"):
        if subscription.dead_letter is not None:
            yield from _missing(arch, subscription, "dead_letter", "dead-letter destination")
    for hub in arch.index.of_kind("event_hub"):
        if hub.capture is not None and hub.capture.enabled:
            yield from _missing(arch, hub, "capture", "Capture destination")


def _missing(arch: Architecture, owner: Component, field: str, what: str) -> Iterator[Violation]:
    destination = getattr(owner, field)
    account = arch.get(destination.storage_account)
    if not isinstance(account, StorageAccount) or not account.containers:
        return
    if destination.container not in account.containers:
        yield Violation.on(
            arch,
            owner,
            field,
            "container",
            message=f"{owner.label()} {what} container '{destination.container}' is not "
            f"among the containers of {account.label()} ({', '.join(account.containers)})",
        )
