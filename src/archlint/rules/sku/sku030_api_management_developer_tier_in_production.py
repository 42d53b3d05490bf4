"""API Management on the Developer tier in a production architecture.

## What it does
In an architecture whose `metadata.environment` is `production`, flags an API Management
service on the `Developer` tier.

A policy rule (not in the default selection): some teams deliberately run a Developer
instance in a production subscription for internal tooling. Opt in where production APIs
must be on a supported tier.

## Why is this bad?
The Developer tier is for evaluation and development: it has no SLA, runs a single unit
that cannot be scaled out or spread over zones, and is taken down while it is updated. A
production API behind it is down whenever that unit is, and nothing in Azure warns about it.

## Example
```yaml
edge:
  api_management:
    - {id: apim, region: westeurope, sku: Developer}
```

## Use instead
```yaml
edge:
  api_management:
    - {id: apim, region: westeurope, sku: Premium, capacity: 2, zones: [1, 2]}
```

## Notes
The Developer tier has no SLA and is meant for evaluation: in a development or test
environment it is the right choice, so the rule runs only when the environment is production.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "SKU030",
    name="api-management-developer-tier-in-production",
    severity="medium",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/api-management/api-management-features",
        "https://learn.microsoft.com/azure/api-management/v2-service-tiers-overview",
    ),
    requires=("edge.api_management",),
    pillars=("Reliability",),
    policy=True,
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for service in arch.edge.api_management:
        if service.sku == "Developer":
            yield Violation.on(
                arch,
                service,
                "sku",
                message=f"{service.label()} is on the Developer tier (no SLA, one unit) in a "
                "production architecture",
            )
