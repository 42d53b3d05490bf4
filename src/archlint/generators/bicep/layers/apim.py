"""Edge, continued: API Management services."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import subnet_region

LAYER = "edge"


def api_management(b: Bicep) -> None:
    for service in b.architecture.edge.api_management:
        injected = service.virtual_network_type != "None" and service.subnet is not None
        region = subnet_region(b, service.subnet) if service.subnet else None
        b.add(
            LAYER,
            "Microsoft.ApiManagement/service",
            b.symbols[service.id],
            service.resource_name,
            {
                "location": b.location(region or service.region),
                "tags": b.tags(service),
                "sku": {"name": service.sku, "capacity": service.capacity},
                "zones": [str(zone) for zone in service.zones] or None,
                "properties": {
                    "publisherName": service.publisher_name,
                    "publisherEmail": service.publisher_email,
                    "virtualNetworkType": service.virtual_network_type,
                    "virtualNetworkConfiguration": {"subnetResourceId": b.ref(service.subnet)}
                    if injected
                    else None,
                    "publicIpAddressId": b.ref(service.public_ip) if service.public_ip else None,
                    "publicNetworkAccess": "Enabled"
                    if service.public_network_access
                    else "Disabled",
                },
            },
        )
