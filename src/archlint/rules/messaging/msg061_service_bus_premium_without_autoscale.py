"""Service Bus Premium namespace with a fixed number of messaging units.

## What it does
In a production architecture, flags a Service Bus Premium namespace that no autoscale
setting targets.

## Why is this bad?
A Premium namespace's throughput is its messaging units. When a load peak saturates them,
sends are throttled and queues build up; adding units by hand comes after the incident.
Service Bus Premium scales its messaging units with Azure Monitor autoscale (on CPU or
memory), and APRL (d810e3a8) recommends it for production namespaces.

## Example
```yaml
messaging:
  service_bus:
    - {id: sb-main, tier: premium, capacity: 1}
monitoring:
  autoscale: []
```

## Use instead
```yaml
monitoring:
  autoscale:
    - id: autoscale-sb
      target: sb-main
      profiles:
        - name: default
          min: 1
          default: 1
          max: 4
          rules:
            - {metric: NamespaceCpuUsage, operator: GreaterThan, threshold: 70, window: 10m,
               direction: increase, change: 1, cooldown: 10m}
            - {metric: NamespaceCpuUsage, operator: LessThan, threshold: 30, window: 10m,
               direction: decrease, change: 1, cooldown: 10m}
```

## In the seed
`sb-main` is Premium with one messaging unit, and the seed's autoscale settings target
only the Function and Web App plans: Learn's "Automatically update messaging units" is the
mechanism APRL asks for. Reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.messaging import ServiceBusNamespace
from archlint.rules.api import Violation, rule


@rule(
    "MSG061",
    name="service-bus-premium-without-autoscale",
    severity="low",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/automate-update-messaging-units",
    ),
    pillars=("Reliability", "Performance Efficiency"),
    aprl=("d810e3a8-600f-4be1-895b-1a93e61d37fd",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    if arch.metadata.environment != "production":
        return
    scaled = {setting.target for setting in arch.index.of_kind("autoscale_setting")}
    for namespace in arch.index.of_kind("service_bus_namespace"):
        assert isinstance(namespace, ServiceBusNamespace)
        if namespace.tier == "premium" and namespace.id not in scaled:
            yield Violation.on(
                arch,
                namespace,
                "capacity",
                message=f"{namespace.label()} is Premium with a fixed {namespace.capacity} "
                "messaging unit(s) and no autoscale setting: a load peak is throttled",
            )
