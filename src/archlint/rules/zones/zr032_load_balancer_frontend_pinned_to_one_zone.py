"""Internal load balancer frontend pinned to one availability zone.

## What it does
In a production architecture in a region with availability zones, flags a frontend of a
Standard load balancer that has a private IP in a subnet and lists exactly one zone.

## Why is this bad?
A zonal frontend's address is served from that zone only: when the zone fails, clients lose
the address, even though the backends in the other zones are healthy. A zone-redundant
frontend (`zones: [1, 2, 3]`) is served from every zone and survives the loss of one.

## Example
```yaml
frontends: [{name: internal, subnet: snet-apps, zones: [1]}]
```

## Use instead
```yaml
frontends: [{name: internal, subnet: snet-apps, zones: [1, 2, 3]}]
```

## Notes
A public frontend takes its zones from its public IP (ZR008 judges those). A frontend with
no zones is not flagged here: the model cannot tell whether Azure placed it in a zone.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR032",
    name="load-balancer-frontend-pinned-to-one-zone",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/load-balancer/load-balancer-standard-availability-zones",
        "https://learn.microsoft.com/azure/reliability/reliability-load-balancer",
    ),
    requires=("network.load_balancers",),
    pillars=("Reliability",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for balancer in arch.network.load_balancers:
        region = region_of(arch, balancer)
        if balancer.sku != "Standard" or not expects_zones(arch, region):
            continue
        for position, frontend in enumerate(balancer.frontends):
            if frontend.subnet and len(frontend.zones) == 1:
                yield Violation.on(
                    arch,
                    balancer,
                    "frontends",
                    position,
                    "zones",
                    message=f"{balancer.label()} frontend '{frontend.name}' in {region} is "
                    f"pinned to zone {frontend.zones[0]}",
                )
