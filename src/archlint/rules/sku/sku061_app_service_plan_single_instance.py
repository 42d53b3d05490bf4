"""Production App Service plan that may run on a single instance.

## What it does
In a production architecture, flags an App Service plan (Standard, Premium or Isolated)
whose minimum instance count is below two. Zone-redundant plans are SKU005's; Consumption,
Elastic Premium and Workflow Standard plans, whose instances the platform manages, are not
judged.

## Why is this bad?
One instance is a single point of failure: every platform update, instance recycle or
hardware fault restarts the only copy of the app, and requests fail until it is back.
With two or more, App Service moves traffic to the healthy instance (with health check)
while the other is replaced. APRL (855ca19a) asks for a minimum of two, three for apps
with a long warm-up; PSRule's Azure.AppService.PlanInstanceCount the same.

## Example
```yaml
compute:
  plans:
    - {id: plan-web, sku: P1v3, instances: {min: 1, max: 10}}
```

## Use instead
```yaml
compute:
  plans:
    - {id: plan-web, sku: P1v3, instances: {min: 2, max: 10}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import AppServicePlan
from archlint.rules.api import Violation, rule

#: Plans whose instance count the platform manages (serverless and elastic plans).
_PLATFORM_SCALED = ("Y1", "FC1", "EP", "WS")


@rule(
    "SKU061",
    name="app-service-plan-single-instance",
    severity="medium",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/well-architected/service-guides/app-service-web-apps",
        "https://learn.microsoft.com/azure/app-service/manage-scale-up",
    ),
    pillars=("Reliability",),
    aprl=("855ca19a-6518-4f2e-9e5a-01796fbca9f8",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for plan in arch.index.of_kind("app_service_plan"):
        assert isinstance(plan, AppServicePlan)
        if plan.zone_redundant or plan.sku.upper().startswith(_PLATFORM_SCALED):
            continue
        if plan.instances.min < 2:
            yield Violation.on(
                arch,
                plan,
                "instances",
                "min",
                message=f"{plan.label()} may run {plan.instances.min} instance(s): one "
                "restart or fault takes the app down; keep at least two",
            )
