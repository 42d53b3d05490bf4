"""Network, continued: local network gateways and the connections of VPN and ExpressRoute
gateways. A shared key is always a ``@secure()`` parameter, never a value."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import sub_ref
from archlint.generators.bicep.writer import BValue
from archlint.generators.common import is_ip_address
from archlint.model.vpn import GatewayConnection, IpsecPolicy, LocalNetworkGateway

LAYER = "network"


def vpn(b: Bicep) -> None:
    network = b.architecture.network
    for site in network.local_network_gateways:
        _local_gateway(b, site)
    for connection in network.gateway_connections:
        _connection(b, connection)


def _local_gateway(b: Bicep, site: LocalNetworkGateway) -> None:
    address = site.gateway_address
    bgp = (
        {"asn": site.bgp_asn, "bgpPeeringAddress": site.bgp_peering_address}
        if site.bgp_asn is not None and site.bgp_peering_address
        else None
    )
    b.add(
        LAYER,
        "Microsoft.Network/localNetworkGateways",
        b.symbols[site.id],
        site.resource_name,
        {
            "location": b.location(site.region),
            "tags": b.tags(site),
            "properties": {
                "gatewayIpAddress": address if address and is_ip_address(address) else None,
                "fqdn": address if address and not is_ip_address(address) else None,
                "localNetworkAddressSpace": {
                    "addressPrefixes": [str(network) for network in site.address_space]
                },
                "bgpSettings": bgp,
            },
        },
    )


def _connection(b: Bicep, connection: GatewayConnection) -> None:
    vpn = connection.type != "ExpressRoute"
    key = connection.shared_key
    b.add(
        LAYER,
        "Microsoft.Network/connections",
        b.symbols[connection.id],
        connection.resource_name,
        {
            "location": b.location(connection.region),
            "tags": b.tags(connection),
            "properties": {
                "connectionType": connection.type,
                "virtualNetworkGateway1": _gateway(b, connection.gateway),
                "localNetworkGateway2": _gateway(b, connection.local_gateway),
                "virtualNetworkGateway2": _gateway(b, connection.peer_gateway),
                "peer": sub_ref(b, connection.express_route_circuit),
                "connectionProtocol": connection.connection_protocol if vpn else None,
                "enableBgp": connection.bgp_enabled,
                "sharedKey": b.secret(key, connection, "shared key") if key is not None else None,
                "ipsecPolicies": [_ipsec_policy(connection.ipsec_policy)]
                if connection.ipsec_policy
                else None,
            },
        },
    )


def _gateway(b: Bicep, component_id: str | None) -> dict[str, BValue] | None:
    """A gateway the connection names: ARM asks for it as an object with its properties."""
    reference = sub_ref(b, component_id)
    return {**reference, "properties": {}} if reference else None


def _ipsec_policy(policy: IpsecPolicy) -> dict[str, BValue]:
    return {
        "dhGroup": policy.dh_group,
        "ikeEncryption": policy.ike_encryption,
        "ikeIntegrity": policy.ike_integrity,
        "ipsecEncryption": policy.ipsec_encryption,
        "ipsecIntegrity": policy.ipsec_integrity,
        "pfsGroup": policy.pfs_group,
        "saLifeTimeSeconds": policy.sa_lifetime_seconds,
        "saDataSizeKilobytes": policy.sa_datasize_kb,
    }
