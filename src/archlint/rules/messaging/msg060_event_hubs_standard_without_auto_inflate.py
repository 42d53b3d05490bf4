"""Event Hubs Standard namespace with a fixed number of throughput units.

## What it does
In a production architecture, flags an Event Hubs namespace on the Standard tier whose
auto-inflate is not enabled.

## Why is this bad?
A Standard namespace is capped by its throughput units (1 MB/s or 1,000 events/s in, 2 MB/s
out, each). When a burst exceeds them, Event Hubs throttles publishers with
`ServerBusy` errors and consumers fall behind; nothing scales on its own. Auto-inflate
raises the unit count up to a maximum you set, and APRL (fbfef3df) recommends it for
Standard namespaces. azurerm leaves `auto_inflate_enabled` off by default.

## Example
```yaml
messaging:
  event_hubs:
    - {id: evhns-main, tier: standard, capacity: 2}
```

## Use instead
```yaml
messaging:
  event_hubs:
    - {id: evhns-main, tier: standard, capacity: 2,
       auto_inflate: {enabled: true, max_throughput_units: 10}}
```

## Notes
Premium and Dedicated namespaces scale by processing or capacity units, and Basic has no
auto-inflate (SKU001 reports asking it of them).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.messaging import EventHubsNamespace
from archlint.rules.api import Violation, rule


@rule(
    "MSG060",
    name="event-hubs-standard-without-auto-inflate",
    severity="medium",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/event-hubs/event-hubs-auto-inflate",
        "https://learn.microsoft.com/azure/event-hubs/event-hubs-scalability",
    ),
    pillars=("Reliability", "Performance Efficiency"),
    aprl=("fbfef3df-04a5-41b2-a8fd-b8541eb04956",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for namespace in arch.index.of_kind("event_hubs_namespace"):
        assert isinstance(namespace, EventHubsNamespace)
        if namespace.tier == "standard" and not (
            namespace.auto_inflate and namespace.auto_inflate.enabled
        ):
            yield Violation.on(
                arch,
                namespace,
                "auto_inflate",
                message=f"{namespace.label()} is Standard with a fixed {namespace.capacity} "
                "throughput unit(s) and no auto-inflate: a burst above them is throttled",
            )
