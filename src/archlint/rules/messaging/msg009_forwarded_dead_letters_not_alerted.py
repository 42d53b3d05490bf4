"""Queue collecting forwarded dead letters whose backlog no alert watches.

## What it does
For every queue or topic that receives other entities' dead letters
(`forward_dead_lettered_messages_to`), checks that a metric alert with an action
group watches its `ActiveMessages` (or `Messages`): on the entity itself, or on
its namespace with no `EntityName` filter, `*`, or a filter naming it.

## Why is this bad?
Forwarded dead letters are not dead letters any more: Service Bus moves them into
the collector's *active* queue, so they leave `DeadletteredMessages` at zero
everywhere. An alert on `DeadletteredMessages` — the usual "DLQ growth" alert —
then only fires when the collector itself dead-letters something. If the DLQ
processor stops (a bad deployment, a lost role assignment, a scaled-in plan),
failed orders pile up in the collector and nobody is told until its TTL expires
them, days later.

## Example
```yaml
queues:
  - {id: sbq-orders, forward_dead_lettered_messages_to: sbq-dlq-monitor}
  - {id: sbq-dlq-monitor, default_message_ttl: 14d}
alerts:
  - {id: alert-dlq, target: sb-main, metric: DeadletteredMessages, ...}
```

## Use instead
```yaml
alerts:
  - {id: alert-dlq, target: sb-main, metric: DeadletteredMessages, ...}
  - {id: alert-dlq-backlog, target: sb-main, metric: ActiveMessages,
     dimensions: {EntityName: sbq-dlq-monitor}, aggregation: Maximum,
     operator: GreaterThan, threshold: 5, window: 5m, severity: 1,
     action_groups: [ag-critical]}
```

## In the seed
Five entities (`sbq-file-processing`, `sbq-order-processing`, `sbq-notifications`,
`sbs-order-workflow`, `sbs-notifications`) forward their dead letters to
`sbq-dlq-monitor`. The seed's "Service Bus DLQ growth (>5 messages)" alert
(`alert-dlq-growth`) watches `DeadletteredMessages` on the namespace, which never
counts those messages: it fires only when `sbq-dlq-monitor` dead-letters in turn
(the DLQ processor gave up, or a message waited 14 days). A stopped DLQ processor
leaves failed messages unseen for up to two weeks. An `ActiveMessages` alert on
`sbq-dlq-monitor` closes the gap.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.messaging import AlertIndex, dead_letter_sources
from archlint.model import Architecture
from archlint.rules.api import Violation, rule

BACKLOG_METRICS = ("ActiveMessages", "Messages")


@rule(
    "MSG009",
    name="forwarded-dead-letters-not-alerted",
    severity="medium",
    category="messaging",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-auto-forwarding",
        "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-servicebus-namespaces-metrics",
    ),
    pillars=("Reliability", "Operational Excellence"),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    alerts = AlertIndex(arch, BACKLOG_METRICS)
    for target_id, sources in dead_letter_sources(arch).items():
        target = arch.get(target_id)
        if target is None or alerts.covering(target):
            continue
        names = ", ".join(f"'{s.id}'" for s in sources)
        yield Violation.on(
            arch,
            target,
            message=f"dead letters of {names} are forwarded into {target.label()}, but no "
            f"alert with an action group watches its ActiveMessages; DeadletteredMessages "
            "alerts do not count them",
        )
