"""Application Gateway v2 with a fixed instance count instead of autoscaling.

## What it does
In a production architecture, flags an Application Gateway on a v2 SKU (`Standard_v2`,
`WAF_v2`) without an `autoscale` range.

## Why is this bad?
A v2 gateway with a fixed capacity serves a traffic peak with the instances it has: when
they saturate, requests queue and time out, and scaling out is a manual change made during
the incident. With autoscale, the gateway adds instances with the load between the minimum
and maximum you set (keep the minimum at the steady-state need: a new instance takes
minutes). APRL (823b0cff) recommends it; in azurerm it takes an
`autoscale_configuration` block, without which `sku.capacity` is fixed.

## Example
```yaml
edge:
  application_gateways:
    - {id: agw-main, sku: WAF_v2, zones: [1, 2, 3], subnet: snet-appgw}
```

## Use instead
```yaml
edge:
  application_gateways:
    - {id: agw-main, sku: WAF_v2, zones: [1, 2, 3], subnet: snet-appgw,
       autoscale: {min: 2, max: 10}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.edge import ApplicationGateway
from archlint.rules.api import Violation, rule


@rule(
    "SKU062",
    name="application-gateway-fixed-capacity",
    severity="low",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/application-gateway/application-gateway-autoscaling-zone-redundant",
        "https://learn.microsoft.com/azure/well-architected/service-guides/azure-application-gateway",
    ),
    pillars=("Reliability", "Performance Efficiency"),
    aprl=("823b0cff-05c0-2e4e-a1e7-9965e1cfa16f",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for gateway in arch.index.of_kind("application_gateway"):
        assert isinstance(gateway, ApplicationGateway)
        if gateway.sku.endswith("_v2") and gateway.autoscale is None:
            yield Violation.on(
                arch,
                gateway,
                "sku",
                message=f"{gateway.label()} is {gateway.sku} with a fixed instance count: a "
                "traffic peak saturates it; give it an autoscale range",
            )
