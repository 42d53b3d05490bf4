"""Zone-redundant App Service plan allowed fewer instances than zone redundancy needs.

## What it does
For every zone-redundant App Service plan whose SKU family has a documented
minimum instance count for zone redundancy (2 today), flags a plan whose
`instances.min` — or an autoscale profile on it whose `min` — is below that
minimum.

## Why is this bad?
One instance cannot be in two zones. Azure does not run the plan below the
minimum: it silently enforces (and bills) the minimum instance count. The spec
then describes a capacity and a cost that are not what runs — a "scale in to 1 at
the weekend" profile that never takes effect, a budget computed for one instance
that pays for two — and nobody notices the plan was sized on a false premise.

## Example
```yaml
plans:
  - {id: plan-functions, sku: EP1, zone_redundant: true, instances: {min: 1, max: 20}}
```

## Use instead
```yaml
plans:
  - {id: plan-functions, sku: EP1, zone_redundant: true, instances: {min: 2, max: 20}}
```

## In the seed
`plan-functions` (EP1) is zone-redundant with the seed's "1-20 instances", and its
autoscale setting `autoscale-functions` scales it down to 1 instance in both the
default and the "weekend (lower baseline)" profiles: Azure keeps at least 2
always-ready instances, so the seed's weekend saving does not exist. `plan-logic`
(a value the spec chose, `instances: {min: 1}`) has the same problem.

## Notes
Low severity: Azure corrects it, at a cost the spec does not show. The minimum
comes from `APP_SERVICE_SKUS` (older documentation and tools still say 3).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import app_service_sku_family
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "SKU005",
    name="zone-redundant-plan-below-minimum",
    severity="low",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/reliability/reliability-app-service",
        "https://learn.microsoft.com/azure/reliability/reliability-app-service-environment",
        "https://learn.microsoft.com/azure/azure-functions/functions-zone-redundancy",
    ),
    pillars=("Cost Optimization", "Reliability"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    minimum_of: dict[str, int] = {}
    for plan in arch.index.of_kind("app_service_plan"):
        family = app_service_sku_family(plan.sku)
        minimum = family.min_zone_redundant_instances if family else None
        if not plan.zone_redundant or not minimum:
            continue
        minimum_of[plan.id] = minimum
        if plan.instances.min < minimum:
            yield Violation.on(
                arch,
                plan,
                "instances",
                "min",
                message=f"{plan.label()} ({plan.sku}) is zone-redundant with a minimum of "
                f"{plan.instances.min} instance(s); Azure runs and bills at least {minimum}",
            )
    for setting in arch.index.of_kind("autoscale_setting"):
        minimum = minimum_of.get(setting.target)
        if minimum is None:
            continue
        for position, profile in enumerate(setting.profiles):
            if profile.min < minimum:
                yield Violation.on(
                    arch,
                    setting,
                    "profiles",
                    position,
                    "min",
                    message=f"{setting.label()} profile '{profile.name}' scales zone-redundant "
                    f"plan '{setting.target}' down to {profile.min}; it never goes below "
                    f"{minimum}",
                )
