"""Autoscale profile with incoherent instance bounds.

## What it does
Reports an autoscale profile whose `min <= default <= max` does not hold, or whose
bounds fall outside the instance range of the App Service plan it scales.

## Why is this bad?
Azure Monitor rejects a profile whose minimum exceeds its maximum, or whose default is
outside them, and a profile that asks for more instances than the plan allows (or
fewer than it needs) scales to numbers that never happen: capacity planning, cost
estimates and zone-redundancy minimums all rest on these bounds.

## Example
```yaml
compute:
  plans:
    - {id: plan, sku: P1v3, instances: {min: 2, max: 10}}
monitoring:
  autoscale:
    - id: autoscale
      target: plan
      profiles:
        - {name: default, min: 3, default: 2, max: 20}
```

## Use instead
```yaml
        - {name: default, min: 2, default: 3, max: 10}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import AppServicePlan
from archlint.rules.api import Violation, rule


@rule(
    "OPS006",
    name="autoscale-bounds-incoherent",
    severity="medium",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-monitor/autoscale/autoscale-understanding-settings",
        "https://learn.microsoft.com/azure/azure-monitor/autoscale/autoscale-best-practices",
    ),
    pillars=("Reliability", "Cost Optimization"),
    requires=("monitoring.autoscale",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for setting in arch.monitoring.autoscale:
        plan = arch.get(setting.target)
        for position, profile in enumerate(setting.profiles):
            where = f"{setting.label()} profile '{profile.name}'"
            if not profile.min <= profile.default <= profile.max:
                yield Violation.on(
                    arch,
                    setting,
                    "profiles",
                    position,
                    "default",
                    message=f"{where} has min {profile.min}, default {profile.default}, "
                    f"max {profile.max}: min <= default <= max does not hold",
                )
            if not isinstance(plan, AppServicePlan):
                continue
            low, high = plan.instances.min, plan.instances.max
            if profile.max > high:
                yield Violation.on(
                    arch,
                    setting,
                    "profiles",
                    position,
                    "max",
                    message=f"{where} scales to {profile.max} instances, beyond "
                    f"{plan.label()}'s maximum of {high}",
                )
            if profile.min < low:
                yield Violation.on(
                    arch,
                    setting,
                    "profiles",
                    position,
                    "min",
                    message=f"{where} scales down to {profile.min} instances, below "
                    f"{plan.label()}'s minimum of {low}",
                )
