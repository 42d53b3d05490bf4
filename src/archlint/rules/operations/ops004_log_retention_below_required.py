"""Log retention shorter than required.

## What it does
Reports a Log Analytics workspace whose `retention` is shorter than its
`required_retention` (the organisation's policy).

## Why is this bad?
Logs are evidence: incident investigations, audits and regulators ask for them months
later. Once the workspace's retention has passed they are deleted for good, and a
policy that requires 90 days is breached silently every day.

## Example
```yaml
monitoring:
  log_analytics:
    - {id: log, retention: 30d, required_retention: 90d}
```

## Use instead
```yaml
monitoring:
  log_analytics:
    - {id: log, retention: 90d, required_retention: 90d}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "OPS004",
    name="log-retention-below-required",
    severity="medium",
    category="operations",
    references=("https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure",),
    mcsb=("LT-6",),
    pillars=("Operational Excellence", "Security"),
    requires=("monitoring.log_analytics",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for workspace in arch.monitoring.log_analytics:
        required = workspace.required_retention
        if required is not None and workspace.retention < required:
            yield Violation.on(
                arch,
                workspace,
                "retention",
                message=f"{workspace.label()} keeps logs {format_duration(workspace.retention)} "
                f"but {format_duration(required)} are required",
            )
