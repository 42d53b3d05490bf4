"""Dead-letter queue whose depth no alert watches.

## What it does
Checks that every Service Bus queue and topic subscription that keeps its dead
letters is watched by a metric alert on `DeadletteredMessages` that notifies an
action group. The alert may target the entity itself, its topic, or its namespace;
a namespace alert counts when it has no `EntityName` dimension filter, or a filter
of `*`, or one that names the queue (for a subscription: its topic, the level at
which Service Bus reports the metric).

Entities that forward their dead letters elsewhere
(`forward_dead_lettered_messages_to`) keep none, so they are skipped here;
MSG009 checks that the queue receiving them is watched.

## Why is this bad?
Dead-lettered messages never expire and nothing removes them: a dead-letter queue
grows silently until someone looks. Every message in it is an order, file or
notification that failed. Without an alert on its depth, a poison message or a
broken downstream service is discovered days later by a customer, and the
14-day message TTL upstream may already have thrown the rest away.

## Example
```yaml
messaging:
  service_bus:
    - id: sb-main
      tier: premium
      queues:
        - {id: sbq-orders, dead_lettering_on_message_expiration: true}
monitoring:
  alerts: []       # nobody is told when sbq-orders dead-letters
```

## Use instead
```yaml
monitoring:
  action_groups:
    - {id: ag-oncall, channels: [{kind: email, target: oncall@example.com}]}
  alerts:
    - {id: alert-dlq, target: sb-main, metric: DeadletteredMessages,
       aggregation: Maximum, operator: GreaterThan, threshold: 0, window: 5m,
       severity: 1, action_groups: [ag-oncall]}
```

## Notes
An alert without an action group notifies nobody, so it does not count. The rule
looks for coverage, not for a sensible threshold.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.messaging import AlertIndex, entities, namespace_of
from archlint.model import Architecture
from archlint.rules.api import Violation, rule

DEAD_LETTER_METRIC = "DeadletteredMessages"


@rule(
    "MSG002",
    name="dead-letter-depth-not-alerted",
    severity="medium",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues",
        "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-servicebus-namespaces-metrics",
    ),
    pillars=("Reliability", "Operational Excellence"),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    alerts = AlertIndex(arch, [DEAD_LETTER_METRIC])
    for entity in entities(arch):
        if entity.forward_dead_lettered_messages_to:
            continue  # its dead letters live elsewhere: MSG009 watches the receiving queue
        if not alerts.covering(entity):
            namespace = namespace_of(arch, entity)
            where = f" or on namespace '{namespace.id}'" if namespace else ""
            yield Violation.on(
                arch,
                entity,
                message=f"no alert with an action group watches the dead-letter queue of "
                f"{entity.label()} (metric {DEAD_LETTER_METRIC} on it{where})",
            )
