"""IKEv1 connection on a VPN gateway SKU that cannot create one.

## What it does
Flags a site-to-site or VNet-to-VNet connection (`network.gateway_connections`) whose
`connection_protocol` is `IKEv1` when its VPN gateway is on the Basic SKU or a legacy SKU
(Standard, HighPerformance).

## Why is this bad?
IKEv1 connections can be created on every route-based VPN gateway SKU except Basic, Standard
and the other legacy SKUs. On those the connection cannot be created as designed: the on-premises
device that only speaks IKEv1 (the reason to choose it) never gets a tunnel.

## Example
```yaml
network:
  gateways:
    - {id: vpngw, region: westeurope, type: Vpn, sku: Basic}
  gateway_connections:
    - {id: cn-branch, region: westeurope, type: IPsec, gateway: vpngw,
       local_gateway: lgw-branch, connection_protocol: IKEv1}
```

## Use instead
```yaml
network:
  gateways:
    - {id: vpngw, region: westeurope, type: Vpn, sku: VpnGw1AZ}
```
or `connection_protocol: IKEv2` where the device supports it (Azure's default).

## Notes
azurerm and Azure default `connection_protocol` to IKEv2: only a connection that asks for IKEv1
is judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.vpn_facts import VPN_SKUS_WITHOUT_IKEV1
from archlint.model import Architecture
from archlint.model.egress import VirtualNetworkGateway
from archlint.rules.api import Violation, field_path, rule


@rule(
    "SKU035",
    name="ikev1-on-gateway-sku-without-it",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vpn-faq#how-do-i-create-connections-with-the-ikev1-or-ikev2-protocol-type",
        "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-skus-legacy",
    ),
    requires=("network.gateway_connections",),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for connection in arch.network.gateway_connections:
        if connection.type == "ExpressRoute" or connection.connection_protocol != "IKEv1":
            continue
        gateway = arch.get(connection.gateway)
        if not isinstance(gateway, VirtualNetworkGateway) or gateway.type != "Vpn":
            continue
        if gateway.sku in VPN_SKUS_WITHOUT_IKEV1.value:
            yield Violation.on(
                arch,
                connection,
                "connection_protocol",
                message=f"{connection.label()} uses IKEv1, which {gateway.label()} on the "
                f"{gateway.sku} SKU cannot create: IKEv1 needs a VpnGw SKU",
                depends_on=(field_path(arch, gateway, "sku"),),
            )
