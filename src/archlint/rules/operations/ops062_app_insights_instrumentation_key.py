"""App that reaches Application Insights with an instrumentation key, not a connection string.

## What it does
Flags a Function App, Web App or Logic App whose app settings set
`APPINSIGHTS_INSTRUMENTATIONKEY` and not `APPLICATIONINSIGHTS_CONNECTION_STRING`.

## Why is this bad?
Instrumentation-key ingestion sends telemetry to the global ingestion endpoint, and
Microsoft ended its support on 31 March 2025: it still works, but gets no updates or
support, and regional endpoints and Microsoft Entra authentication for ingestion need a
connection string. An app configured with the key alone depends on an ingestion path Azure
no longer maintains (APRL 092f5c85).

## Example
```yaml
compute:
  web_apps:
    - id: app-web
      plan: plan-web
      app_settings:
        - {name: APPINSIGHTS_INSTRUMENTATIONKEY, value: 00000000-0000-0000-0000-000000000000}
```

## Use instead
```yaml
      app_insights: appi-main      # archlint writes APPLICATIONINSIGHTS_CONNECTION_STRING
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import HostedApp
from archlint.rules.api import Violation, rule

_KEY = "APPINSIGHTS_INSTRUMENTATIONKEY"
_CONNECTION_STRING = "APPLICATIONINSIGHTS_CONNECTION_STRING"


@rule(
    "OPS062",
    name="app-insights-instrumentation-key",
    severity="medium",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-monitor/app/migrate-from-instrumentation-keys-to-connection-strings",
        "https://learn.microsoft.com/azure/azure-monitor/app/connection-strings",
    ),
    pillars=("Operational Excellence", "Reliability"),
    aprl=("092f5c85-bffb-48b0-b85d-d543c6b54800",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for app in arch.index.of_kind("function_app", "web_app", "logic_app"):
        assert isinstance(app, HostedApp)
        names = [setting.name.upper() for setting in app.app_settings]
        if _KEY in names and _CONNECTION_STRING not in names:
            yield Violation.on(
                arch,
                app,
                "app_settings",
                names.index(_KEY),
                message=f"{app.label()} sends telemetry with {_KEY} alone: instrumentation-key "
                f"ingestion is out of support; set {_CONNECTION_STRING}",
            )
