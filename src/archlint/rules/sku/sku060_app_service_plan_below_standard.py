"""Production App Service plan on the Free, Shared or Basic tier.

## What it does
In a production architecture, flags an App Service plan whose SKU is Free (`F1`), Shared
(`D1`, `SHARED`) or Basic (`B1`-`B3`).

## Why is this bad?
These tiers are for development and test. Free and Shared run on shared workers with
quotas and no SLA; Basic has no autoscale, no deployment slots, no zone redundancy and at
most three instances. A production workload there cannot scale with load, cannot deploy
without downtime, and goes down with a zone. APRL (b2113023) and PSRule
(Azure.AppService.MinPlan) ask for Standard or Premium.

## Example
```yaml
compute:
  plans:
    - {id: plan-web, sku: B1, instances: {min: 1, max: 3}}
```

## Use instead
```yaml
compute:
  plans:
    - {id: plan-web, sku: P1v3, zone_redundant: true, instances: {min: 3, max: 10}}
```

## Notes
Consumption (`Y1`, `FC1`), Elastic Premium and Workflow Standard plans are not App Service
tiers in this sense and are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import AppServicePlan
from archlint.rules.api import Violation, rule

#: Plan SKUs of the Free, Shared and Basic tiers (Microsoft Learn, App Service plans).
DEV_TEST_SKUS = frozenset({"F1", "D1", "SHARED", "B1", "B2", "B3"})


@rule(
    "SKU060",
    name="app-service-plan-below-standard",
    severity="medium",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/app-service/overview-hosting-plans",
        "https://learn.microsoft.com/azure/well-architected/service-guides/app-service-web-apps",
    ),
    pillars=("Reliability", "Performance Efficiency"),
    aprl=("b2113023-a553-2e41-9789-597e2fb54c31",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for plan in arch.index.of_kind("app_service_plan"):
        assert isinstance(plan, AppServicePlan)
        if plan.sku.upper() in DEV_TEST_SKUS:
            yield Violation.on(
                arch,
                plan,
                "sku",
                message=f"{plan.label()} is on {plan.sku}, a development tier: no autoscale, "
                "slots or zone redundancy; use Standard or Premium for production",
            )
