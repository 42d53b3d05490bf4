"""App Service plan whose instances all share one zone.

## What it does
In a production architecture in a region with availability zones, flags an App
Service plan that is not `zone_redundant`, or that is but sits in an App Service
Environment that is not.

## Why is this bad?
Without zone redundancy the plan's instances may all be placed in one zone, so a
zone outage stops every app on the plan, however many instances it has. Inside an
App Service Environment zone redundancy must be enabled on the environment *and*
on the plan: a zone-redundant plan in a non-zone-redundant environment is not
spread over zones.

## Example
```yaml
plans:
  - {id: plan-web, sku: P1v3, instances: {min: 3, max: 10}}
```

## Use instead
```yaml
plans:
  - {id: plan-web, sku: P1v3, zone_redundant: true, instances: {min: 3, max: 10}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR005",
    name="app-service-plan-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/reliability/reliability-app-service",
        "https://learn.microsoft.com/azure/reliability/reliability-app-service-environment",
    ),
    pillars=("Reliability",),
    environments=("production",),
    aprl=("88cb90c2-3b99-814b-9820-821a63f600dd",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for plan in arch.index.of_kind("app_service_plan"):
        region = region_of(arch, plan)
        if not expects_zones(arch, region):
            continue
        ase = arch.get(plan.ase) if plan.ase else None
        if not plan.zone_redundant:
            yield Violation.on(
                arch,
                plan,
                "zone_redundant",
                message=f"{plan.label()} ({plan.sku}) in {region} is not zone-redundant",
            )
        elif ase is not None and not ase.zone_redundant:
            yield Violation.on(
                arch,
                plan,
                "ase",
                message=f"{plan.label()} in {region} asks for zone redundancy but its "
                f"{ase.label()} is not zone-redundant, so the plan is not either",
            )
