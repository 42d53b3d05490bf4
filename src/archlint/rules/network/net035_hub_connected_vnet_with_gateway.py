"""A VNet connected to a virtual hub has its own VPN or ExpressRoute gateway.

## What it does
Flags a virtual network gateway (`network.gateways`) whose GatewaySubnet is in a VNet that a
virtual hub connection (`network.hub_connections`) attaches to a hub.

## Why is this bad?
Microsoft Learn's Virtual WAN FAQ is explicit: a spoke VNet cannot have a virtual network
gateway if it is connected to the virtual hub. In Virtual WAN the hub's own gateways carry
site-to-site, point-to-site and ExpressRoute traffic for every VNet connected to it; a design
with both is not a configuration Azure supports.

## Example
```yaml
network:
  gateways:
    - {id: vpngw-spoke, region: westeurope, type: Vpn, sku: VpnGw2AZ, subnet: snet-gateway}
  hub_connections:
    - {id: vhub-spoke, hub: vhub, vnet: vnet-spoke}   # snet-gateway is in vnet-spoke
```

## Use instead
Connect the branch to the hub's VPN gateway (or ExpressRoute gateway) and remove the spoke's
own gateway; or keep the spoke out of the virtual WAN and reach it through peering.

## Notes
A gateway whose subnet the model does not know is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.network import VirtualNetwork
from archlint.rules.api import Violation, field_path, rule


@rule(
    "NET035",
    name="hub-connected-vnet-with-gateway",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/virtual-wan/virtual-wan-faq#can-a-spoke-vnet-have-a-virtual-network-gateway",
        "https://learn.microsoft.com/azure/virtual-wan/virtual-wan-about#resources",
    ),
    requires=("network.gateways", "network.hub_connections"),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    connection_of = {}
    for connection in arch.network.hub_connections:
        connection_of.setdefault(connection.vnet, connection)
    for gateway in arch.network.gateways:
        entry = arch.index.by_id.get(gateway.subnet) if gateway.subnet else None
        vnet = entry.parent if entry else None
        if not isinstance(vnet, VirtualNetwork) or vnet.id not in connection_of:
            continue
        connection = connection_of[vnet.id]
        yield Violation.on(
            arch,
            gateway,
            "subnet",
            message=f"{gateway.label()} is in {vnet.label()}, which {connection.label()} "
            f"connects to virtual hub '{connection.hub}': a VNet connected to a virtual hub "
            "cannot have its own gateway",
            depends_on=(field_path(arch, connection, "vnet"),),
        )
