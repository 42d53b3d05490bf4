"""Zone redundancy asked of an App Service plan SKU that cannot have it.

## What it does
Flags a `zone_redundant` App Service plan whose SKU family (Basic B1-B3, Standard
S1-S3) does not support availability zones.

## Why is this bad?
Zone redundancy needs Premium v2/v3/v4, Isolated v2 or Elastic Premium. On Basic
or Standard the setting is refused; if the SKU is later lowered to save cost the
plan silently loses the zone redundancy the design still claims.

## Example
```yaml
plans:
  - {id: plan-web, sku: S1, zone_redundant: true, instances: {min: 2, max: 4}}
```

## Use instead
```yaml
plans:
  - {id: plan-web, sku: P0v3, zone_redundant: true, instances: {min: 2, max: 4}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import APP_SERVICE_SKUS, app_service_sku_family
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "SKU008",
    name="zone-redundancy-not-in-plan-sku",
    severity="high",
    category="sku",
    references=("https://learn.microsoft.com/azure/reliability/reliability-app-service",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    capable = sorted(f.arm_tier for f in APP_SERVICE_SKUS.values() if f.zone_redundancy_supported)
    for plan in arch.index.of_kind("app_service_plan"):
        family = app_service_sku_family(plan.sku)
        if plan.zone_redundant and family is not None and not family.zone_redundancy_supported:
            yield Violation.on(
                arch,
                plan,
                "sku",
                message=f"{plan.label()} is zone-redundant on {plan.sku} ({family.arm_tier}), "
                f"which has no zone redundancy; use one of {', '.join(capable)}",
            )
