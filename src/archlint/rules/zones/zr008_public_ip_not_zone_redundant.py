"""Public IP address that lives in one zone, or cannot use zones.

## What it does
In a production architecture in a region with availability zones, flags a public
IP address on the Basic SKU (no zone support) or one that lists exactly one zone.

## Why is this bad?
The public IP is the front door of whatever uses it (an Application Gateway, a
Bastion host, a load balancer). A zonal IP goes down with its zone even if the
resource behind it is zone-redundant; a Basic IP cannot be zone-redundant at all
(and the Basic SKU is retired).

## Example
```yaml
public_ips:
  - {id: pip-appgw, sku: Standard, zones: [1]}
```

## Use instead
```yaml
public_ips:
  - {id: pip-appgw, sku: Standard, zones: [1, 2, 3]}
  # or list no zones: Standard public IPs are zone-redundant by default
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import PUBLIC_IP_BASIC_SUPPORTS_ZONES
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, pinned_to_one_zone, region_of


@rule(
    "ZR008",
    name="public-ip-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses",
        "https://learn.microsoft.com/azure/reliability/reliability-load-balancer",
    ),
    pillars=("Reliability",),
    environments=("production",),
    aprl=("c63b81fb-7afc-894c-a840-91bb8a8dcfaf",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for address in arch.index.of_kind("public_ip"):
        region = region_of(arch, address)
        if not expects_zones(arch, region):
            continue
        if address.sku == "Basic" and not PUBLIC_IP_BASIC_SUPPORTS_ZONES.value:
            yield Violation.on(
                arch,
                address,
                "sku",
                message=f"{address.label()} in {region} is on the Basic SKU, which has no "
                "zone support",
            )
        elif pinned := pinned_to_one_zone(arch, address, address.zones, region):
            yield pinned
