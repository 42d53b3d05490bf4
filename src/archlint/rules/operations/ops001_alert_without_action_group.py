"""Alert that notifies nobody.

## What it does
Reports a metric alert with no action group.

## Why is this bad?
An alert rule without an action group fires into the Azure portal and nowhere else:
nobody is paged, e-mailed or called, and the condition it was written to catch goes
unnoticed until a user reports it. The rule costs money and gives a false sense of
coverage.

## Example
```yaml
monitoring:
  alerts:
    - {id: alert-5xx, target: func, metric: Http5xx, operator: GreaterThan, threshold: 10,
       window: 5m, severity: 1}
```

## Use instead
```yaml
monitoring:
  action_groups:
    - id: ag-oncall
      channels: [{kind: pagerduty, target: "https://events.pagerduty.com/integration/KEY/enqueue"}]
  alerts:
    - {id: alert-5xx, target: func, metric: Http5xx, operator: GreaterThan, threshold: 10,
       window: 5m, severity: 1, action_groups: [ag-oncall]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "OPS001",
    name="alert-without-action-group",
    severity="medium",
    category="operations",
    references=("https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups",),
    mcsb=("IR-2",),
    pillars=("Operational Excellence",),
    requires=("monitoring.alerts",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for alert in arch.monitoring.alerts:
        if not alert.action_groups:
            yield Violation.on(
                arch,
                alert,
                "action_groups",
                message=f"{alert.label()} on '{alert.target}' ({alert.metric}) has no action "
                "group: when it fires, nobody is told",
            )
