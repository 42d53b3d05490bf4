"""Premium messaging capacity that Azure does not sell.

## What it does
Checks that a Service Bus Premium namespace has 1, 2, 4, 8 or 16 messaging units
and an Event Hubs Premium namespace 1, 2, 4, 6, 8, 10, 12 or 16 processing units.

## Why is this bad?
Premium capacity comes in those steps only. A namespace sized at, say, 3 units
fails to deploy, or is rounded by whoever fixes the deployment — to 2 (a third
less throughput than the capacity plan) or to 4 (a third more cost).

## Example
```yaml
service_bus:
  - {id: sb-main, tier: premium, capacity: 3}
```

## Use instead
```yaml
service_bus:
  - {id: sb-main, tier: premium, capacity: 4}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import (
    EVENT_HUBS_PREMIUM_PROCESSING_UNITS,
    SERVICE_BUS_PREMIUM_MESSAGING_UNITS,
)
from archlint.model import Architecture
from archlint.rules.api import Violation, rule

_PREMIUM_UNITS = {
    "service_bus_namespace": (SERVICE_BUS_PREMIUM_MESSAGING_UNITS.value, "messaging units"),
    "event_hubs_namespace": (EVENT_HUBS_PREMIUM_PROCESSING_UNITS.value, "processing units"),
}


@rule(
    "SKU009",
    name="capacity-units-not-offered",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-premium-messaging",
        "https://learn.microsoft.com/azure/event-hubs/event-hubs-premium-overview",
        "https://learn.microsoft.com/azure/event-hubs/event-hubs-scalability#processing-units",
    ),
    pillars=("Performance Efficiency", "Cost Optimization"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for kind, (offered, unit) in _PREMIUM_UNITS.items():
        for namespace in arch.index.of_kind(kind):
            if namespace.tier == "premium" and namespace.capacity not in offered:
                steps = ", ".join(str(n) for n in sorted(offered))
                yield Violation.on(
                    arch,
                    namespace,
                    "capacity",
                    message=f"{namespace.label()} asks for {namespace.capacity} {unit}; "
                    f"Premium offers {steps}",
                )
