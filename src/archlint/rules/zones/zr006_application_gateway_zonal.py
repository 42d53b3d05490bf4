"""Application Gateway pinned to a single zone.

## What it does
In a production architecture in a region with availability zones, flags an
Application Gateway v2 that lists exactly one zone.

## Why is this bad?
A gateway that lists one zone is *zonal*: all its instances run in that zone, and
Microsoft is explicit that "by itself, a zonal gateway doesn't provide resiliency
to an availability zone outage". The gateway is the ingress of everything behind
it, so that zone's outage is a full outage of the application.

## Example
```yaml
application_gateways:
  - {id: agw-main, sku: WAF_v2, zones: [1], subnet: snet-appgw}
```

## Use instead
```yaml
application_gateways:
  - {id: agw-main, sku: WAF_v2, zones: [1, 2, 3], subnet: snet-appgw}
  # or list no zones: new v2 gateways are zone-redundant by default
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, pinned_to_one_zone, region_of


@rule(
    "ZR006",
    name="application-gateway-zonal",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/reliability/reliability-application-gateway-v2",
    ),
    pillars=("Reliability",),
    environments=("production",),
    aprl=("c9c00f2a-3888-714b-a72b-b4c9e8fcffb2",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for gateway in arch.index.of_kind("application_gateway"):
        region = region_of(arch, gateway)
        pinned = pinned_to_one_zone(arch, gateway, gateway.zones, region)
        if pinned and expects_zones(arch, region):
            yield pinned
