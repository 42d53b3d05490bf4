"""BGP asked of a VPN gateway on the Basic SKU.

## What it does
Flags a VPN gateway on the Basic SKU that has BGP enabled, and each of its connections
(`network.gateway_connections`) that enables BGP.

## Why is this bad?
Microsoft Learn: BGP isn't supported on the Basic SKU. A design that counts on BGP (routes
learned from the on-premises site instead of a static address space, failover between tunnels,
transit between sites) does not get it on this gateway: the SKU has to change.

## Example
```yaml
network:
  gateways:
    - {id: vpngw, region: westeurope, type: Vpn, sku: Basic, bgp_enabled: true}
```

## Use instead
```yaml
network:
  gateways:
    - {id: vpngw, region: westeurope, type: Vpn, sku: VpnGw1AZ, bgp_enabled: true}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.vpn_facts import VPN_SKUS_WITHOUT_BGP
from archlint.model import Architecture
from archlint.model.egress import VirtualNetworkGateway
from archlint.rules.api import Violation, field_path, rule


@rule(
    "SKU036",
    name="bgp-on-basic-vpn-gateway",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-skus-legacy",
        "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-bgp-overview",
    ),
    requires=("network.gateways",),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for gateway in arch.network.gateways:
        if _without_bgp(gateway) and gateway.bgp_enabled:
            yield Violation.on(
                arch,
                gateway,
                "bgp_enabled",
                message=f"{gateway.label()} enables BGP on the {gateway.sku} SKU, which does "
                "not support BGP",
                depends_on=(field_path(arch, gateway, "sku"),),
            )
    for connection in arch.network.gateway_connections:
        gateway = arch.get(connection.gateway)
        if not connection.bgp_enabled or not isinstance(gateway, VirtualNetworkGateway):
            continue
        if _without_bgp(gateway):
            yield Violation.on(
                arch,
                connection,
                "bgp_enabled",
                message=f"{connection.label()} enables BGP on {gateway.label()}, whose "
                f"{gateway.sku} SKU does not support BGP",
                depends_on=(field_path(arch, gateway, "sku"),),
            )


def _without_bgp(gateway: VirtualNetworkGateway) -> bool:
    return gateway.type == "Vpn" and gateway.sku in VPN_SKUS_WITHOUT_BGP.value
