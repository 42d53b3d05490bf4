"""Application Insights resource that names no Log Analytics workspace.

## What it does
Flags an Application Insights resource without a `workspace`.

## Why is this bad?
Classic (workspace-less) Application Insights was retired on 29 February 2024; Azure now
keeps every Application Insights resource's telemetry in a Log Analytics workspace. One
that the design does not name is either a classic resource awaiting migration (APRL
dac421ec) or one Azure attached to a default workspace of its own choosing -- with that
workspace's retention, region and access rules, none of which the design controls, and
outside the workspace its queries and alerts read.

## Example
```yaml
monitoring:
  app_insights:
    - {id: appi-main}
```

## Use instead
```yaml
monitoring:
  app_insights:
    - {id: appi-main, workspace: log-main}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.monitoring import ApplicationInsights
from archlint.rules.api import Violation, rule


@rule(
    "OPS061",
    name="app-insights-without-workspace",
    severity="medium",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-monitor/app/convert-classic-resource",
        "https://learn.microsoft.com/azure/azure-monitor/app/create-workspace-resource",
    ),
    mcsb=("LT-5",),
    pillars=("Operational Excellence",),
    aprl=("dac421ec-2832-4c37-839e-b6dc5a38f2fa",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for insights in arch.index.of_kind("application_insights"):
        assert isinstance(insights, ApplicationInsights)
        if insights.workspace is None:
            yield Violation.on(
                arch,
                insights,
                "workspace",
                message=f"{insights.label()} names no Log Analytics workspace: classic "
                "Application Insights is retired, and a default workspace is outside the "
                "design's retention and access",
            )
