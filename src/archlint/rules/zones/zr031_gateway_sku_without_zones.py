"""VPN or ExpressRoute gateway on a SKU without availability zone support.

## What it does
In a production architecture in a region with availability zones, flags a virtual network
gateway whose SKU does not spread it over zones: VPN `Basic` and `VpnGw1`-`VpnGw5` (use the
`VpnGw1AZ`-`VpnGw5AZ` SKUs), ExpressRoute `Standard`, `HighPerformance` and
`UltraPerformance` (use `ErGw1AZ`-`ErGw3AZ` or `ErGwScale`).

## Why is this bad?
The gateway is the only path between the VNets and on-premises. A non-AZ gateway's
instances may share one zone; when it fails, the site-to-site tunnels or the ExpressRoute
connection drop for the whole hub. The AZ SKUs place the instances in different zones (zone
redundant with zone-redundant public IPs) at the same performance. Microsoft is moving
existing gateways off the non-AZ SKUs; new designs should not start on them.

## Example
```yaml
gateways:
  - {id: vgw-hub, region: westeurope, type: Vpn, sku: VpnGw2, subnet: snet-gateway}
```

## Use instead
```yaml
gateways:
  - {id: vgw-hub, region: westeurope, type: Vpn, sku: VpnGw2AZ, subnet: snet-gateway}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import GATEWAY_ZONE_SKUS
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR031",
    name="gateway-sku-without-zones",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/vpn-gateway/about-zone-redundant-vnet-gateways",
        "https://learn.microsoft.com/azure/expressroute/gateway-migration",
        "https://learn.microsoft.com/azure/vpn-gateway/gateway-sku-upgrade",
    ),
    requires=("network.gateways",),
    pillars=("Reliability",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for gateway in arch.network.gateways:
        region = region_of(arch, gateway)
        if not expects_zones(arch, region):
            continue
        zonal = GATEWAY_ZONE_SKUS.value[gateway.type]
        if gateway.sku not in zonal:
            yield Violation.on(
                arch,
                gateway,
                "sku",
                message=f"{gateway.label()} in {region} is on {gateway.sku}, which does not "
                f"spread it over availability zones (zone SKUs: {', '.join(sorted(zonal))})",
            )
