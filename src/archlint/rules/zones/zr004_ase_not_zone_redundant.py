"""App Service Environment without zone redundancy.

## What it does
In a production architecture, flags an App Service Environment v3 in a region with
availability zones that is not `zone_redundant`.

## Why is this bad?
Every app in the environment runs on its instances. A non-zone-redundant
environment cannot host zone-redundant plans ("configure both your App Service
Environment and your plans"), so a single zone outage can take down every
Function App, Web App and Logic App in it at once — and rebuilding an ASE v3
elsewhere takes more than an hour.

## Example
```yaml
app_service_environments:
  - {id: ase-main, subnet: snet-ase}
```

## Use instead
```yaml
app_service_environments:
  - {id: ase-main, subnet: snet-ase, zone_redundant: true}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR004",
    name="ase-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/reliability/reliability-app-service-environment",
    ),
    pillars=("Reliability",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for ase in arch.index.of_kind("app_service_environment"):
        region = region_of(arch, ase)
        if not ase.zone_redundant and expects_zones(arch, region):
            yield Violation.on(
                arch,
                ase,
                "zone_redundant",
                message=f"{ase.label()} in {region} is not zone-redundant, so none of its "
                "plans can be",
            )
