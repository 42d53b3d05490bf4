"""App Service plan SKU that cannot run where the spec puts it.

## What it does
Flags an App Service plan placed in an App Service Environment v3 whose SKU is not
Isolated v2 (I1v2...I6v2, I1mv2...), and an Isolated v2 plan outside any App
Service Environment.

## Why is this bad?
An App Service Environment v3 hosts Isolated v2 plans and nothing else; Isolated
v2 exists only inside an environment. A Functions Elastic Premium (EP) plan "in
the ASE" cannot be created: either the deployment fails, or the plan ends up in
the multi-tenant service, outside the isolated network the design relies on
(private inbound through the ILB, the ASE's subnet and NSG, no public endpoint).

## Example
```yaml
plans:
  - {id: plan-functions, sku: EP1, ase: ase-main, instances: {min: 1, max: 20}}
```

## Use instead
```yaml
plans:
  - {id: plan-functions, sku: I1v2, ase: ase-main, instances: {min: 2, max: 20}}
# or keep EP1 outside the ASE, with VNet integration and private endpoints
```

## In the seed
The seed's compute layer puts "Elastic Premium (EP1) for Functions" on the App
Service Environment v3 alongside the Isolated v2 Web App plan. `plan-functions`
(EP1, `ase: ase-main`) cannot exist there: the Functions need an Isolated v2 plan
in the ASE (and lose elastic, event-driven scale-out: scale is by autoscale rules),
or an EP1 plan outside it with VNet integration and private endpoints.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import APP_SERVICE_SKUS, app_service_sku_family
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "SKU003",
    name="plan-sku-not-allowed-in-ase",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/app-service/environment/using",
        "https://learn.microsoft.com/azure/app-service/environment/overview",
    ),
    mcsb=("NS-1",),
    pillars=("Reliability", "Security"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    allowed = sorted(f.arm_tier for f in APP_SERVICE_SKUS.values() if f.ase_v3_supported)
    for plan in arch.index.of_kind("app_service_plan"):
        family = app_service_sku_family(plan.sku)
        in_ase = family is not None and family.ase_v3_supported
        if plan.ase and not in_ase:
            kind = family.arm_tier if family else "an unrecognised SKU"
            yield Violation.on(
                arch,
                plan,
                "sku",
                message=f"{plan.label()} ({plan.sku}, {kind}) is placed in App Service "
                f"Environment '{plan.ase}', which hosts only {', '.join(allowed)} plans",
            )
        elif not plan.ase and in_ase:
            yield Violation.on(
                arch,
                plan,
                "sku",
                message=f"{plan.label()} ({plan.sku}) is an Isolated v2 plan outside any App "
                "Service Environment; Isolated v2 exists only inside one",
            )
