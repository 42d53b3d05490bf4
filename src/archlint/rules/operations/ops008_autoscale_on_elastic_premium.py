"""Azure Monitor autoscale rules on an Elastic Premium plan.

## What it does
Reports an autoscale setting that targets an App Service plan of the Elastic Premium
family (EP1-EP3, Azure Functions Premium).

## Why is this bad?
Function Apps on a Premium plan scale *by events*: the Functions scale controller adds
and removes instances from the trigger load (queue length, event backlog, HTTP
requests), between the plan's always-ready minimum and its maximum burst. Rule-based
"manual/autoscale" scaling is what Dedicated plans (and App Service Environments) use.
CPU and memory rules on an Elastic Premium plan therefore describe a scaling behaviour
the plan does not have: the capacity the design counts on comes from settings the spec
does not state.

## Example
```yaml
compute:
  plans:
    - {id: plan-functions, sku: EP1, instances: {min: 1, max: 20}}
monitoring:
  autoscale:
    - id: autoscale-functions
      target: plan-functions
      profiles: [{name: default, min: 1, default: 2, max: 20}]
```

## Use instead
Set the plan's always-ready and maximum burst instances (`instances: {min, max}`) and
let the scale controller work; keep autoscale rules for Dedicated or Isolated plans:
```yaml
compute:
  plans:
    - {id: plan-functions, sku: EP1, instances: {min: 2, max: 20}}
```

## In the seed
`autoscale-functions` (CPU > 70 % or memory > 80 %: add 2; CPU < 30 %: remove 1; a
weekend profile) targets `plan-functions`, an EP1 plan. Those rules are not how an
Elastic Premium plan scales. (The seed also places that EP1 plan in the ASE, where only
Isolated v2 plans run; on an I1v2 plan the rules would apply.)
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import FUNCTIONS_PLAN_SCALING, app_service_sku_family
from archlint.model import Architecture
from archlint.model.compute import AppServicePlan
from archlint.rules.api import Violation, rule


@rule(
    "OPS008",
    name="autoscale-on-elastic-premium",
    severity="low",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-functions/functions-scale",
        "https://learn.microsoft.com/azure/azure-functions/functions-premium-plan",
        "https://learn.microsoft.com/azure/azure-functions/event-driven-scaling",
    ),
    pillars=("Performance Efficiency", "Operational Excellence"),
    requires=("monitoring.autoscale",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for setting in arch.monitoring.autoscale:
        plan = arch.get(setting.target)
        if not isinstance(plan, AppServicePlan):
            continue
        family = app_service_sku_family(plan.sku)
        scaling = FUNCTIONS_PLAN_SCALING.get(family.family) if family else None
        if scaling is None or scaling.value != "event_driven":
            continue
        yield Violation.on(
            arch,
            setting,
            "target",
            message=f"{setting.label()} puts autoscale rules on {plan.label()}, an Elastic "
            f"Premium plan ({plan.sku}) that scales by events, not by Azure Monitor rules",
        )
