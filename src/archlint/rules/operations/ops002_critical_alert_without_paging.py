"""Critical alert that pages nobody.

## What it does
Reports a metric alert of severity 0 (critical) or 1 (error) none of whose action
groups has a paging channel: PagerDuty, SMS or voice call.

## Why is this bad?
Severity 0 and 1 mean "act now". An e-mail or a webhook to a chat channel is read
when someone happens to look; outside office hours that is the next morning. A
critical alert needs a channel that wakes the on-call engineer, or its severity is a
label rather than a response time.

## Example
```yaml
monitoring:
  action_groups:
    - {id: ag-team, channels: [{kind: email, target: team@example.com}]}
  alerts:
    - {id: alert-dlq, target: sb, metric: DeadletteredMessages, operator: GreaterThan,
       threshold: 5, window: 5m, severity: 0, action_groups: [ag-team]}
```

## Use instead
```yaml
  action_groups:
    - id: ag-critical
      channels:
        - {kind: sms, target: "+1-555-0100"}
        - {kind: email, target: team@example.com}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.monitoring import ActionGroup
from archlint.rules.api import Violation, rule

#: Channels that reach a person at any hour.
PAGING_CHANNELS = frozenset({"pagerduty", "sms", "voice"})
#: Azure Monitor severities: 0 critical, 1 error, 2 warning, 3 informational, 4 verbose.
PAGING_SEVERITIES = frozenset({0, 1})


@rule(
    "OPS002",
    name="critical-alert-without-paging",
    severity="medium",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-monitor/alerts/action-groups",
        "https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-overview",
    ),
    mcsb=("IR-2",),
    pillars=("Operational Excellence", "Reliability"),
    requires=("monitoring.alerts",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for alert in arch.monitoring.alerts:
        if alert.severity not in PAGING_SEVERITIES or not alert.action_groups:
            continue
        groups = [arch.get(group) for group in alert.action_groups]
        kinds = {
            channel.kind
            for group in groups
            if isinstance(group, ActionGroup)
            for channel in group.channels
        }
        if kinds & PAGING_CHANNELS:
            continue
        found = ", ".join(sorted(kinds)) or "no channel"
        yield Violation.on(
            arch,
            alert,
            "action_groups",
            message=f"{alert.label()} is severity {alert.severity} but its action groups "
            f"({', '.join(alert.action_groups)}) only have {found}: nobody is paged",
        )
