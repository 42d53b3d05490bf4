"""Event Hubs Dedicated cluster too small to span availability zones.

## What it does
In a production architecture, flags an Event Hubs namespace on the Dedicated tier
with fewer than 3 capacity units (CUs) in a region that has availability zones.

## Why is this bad?
Event Hubs makes every namespace zone-redundant automatically in regions with
availability zones — except a Dedicated cluster below 3 CUs, which Microsoft
states does not get availability-zone support. Such a cluster is the one Event
Hubs deployment that a single zone outage takes down: producers fail, consumers
stall, and Capture stops archiving.

## Example
```yaml
event_hubs:
  - {id: evhns-main, tier: dedicated, capacity: 1}
```

## Use instead
```yaml
event_hubs:
  - {id: evhns-main, tier: dedicated, capacity: 3}
  # or tier: premium / standard, which are zone-redundant in every zone region
```

## Notes
Service Bus namespaces (every tier) and Event Hubs Basic, Standard and Premium
namespaces are zone-redundant automatically in regions with zones; their
deprecated `zone_redundant` flag may even read `false`. There is nothing for a
rule to check there, so none does.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import EVENT_HUBS_DEDICATED_MIN_CUS_FOR_ZONES
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR001",
    name="event-hubs-cluster-below-zone-minimum",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/reliability/reliability-event-hubs",
        "https://learn.microsoft.com/azure/reliability/reliability-service-bus",
    ),
    pillars=("Reliability",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    minimum = EVENT_HUBS_DEDICATED_MIN_CUS_FOR_ZONES.value
    for namespace in arch.index.of_kind("event_hubs_namespace"):
        region = region_of(arch, namespace)
        if namespace.tier != "dedicated" or not expects_zones(arch, region):
            continue
        if namespace.capacity < minimum:
            yield Violation.on(
                arch,
                namespace,
                "capacity",
                message=f"{namespace.label()} in {region} is a Dedicated cluster of "
                f"{namespace.capacity} CU(s); below {minimum} CUs it is not zone-redundant",
            )
