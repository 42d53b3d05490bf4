"""Network, continued: virtual WANs, virtual hubs and their VNet connections. A hub's firewall
is written with the other firewalls (egress.py)."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import sub_ref

LAYER = "network"


def vwan(b: Bicep) -> None:
    network = b.architecture.network
    for wan in network.virtual_wans:
        b.add(
            LAYER,
            "Microsoft.Network/virtualWans",
            b.symbols[wan.id],
            wan.resource_name,
            {
                "location": b.location(wan.region),
                "tags": b.tags(wan),
                "properties": {"type": wan.type},
            },
        )
    for hub in network.virtual_hubs:
        b.add(
            LAYER,
            "Microsoft.Network/virtualHubs",
            b.symbols[hub.id],
            hub.resource_name,
            {
                "location": b.location(hub.region),
                "tags": b.tags(hub),
                "properties": {
                    "virtualWan": sub_ref(b, hub.wan),
                    "addressPrefix": str(hub.address_prefix) if hub.address_prefix else None,
                    "sku": hub.sku,
                },
            },
        )
    for connection in network.hub_connections:
        b.add(
            LAYER,
            "Microsoft.Network/virtualHubs/hubVirtualNetworkConnections",
            b.symbols[connection.id],
            connection.resource_name,
            {
                "properties": {
                    "remoteVirtualNetwork": sub_ref(b, connection.vnet),
                    "enableInternetSecurity": connection.internet_security_enabled,
                },
            },
            parent=b.symbols[connection.hub],
        )
