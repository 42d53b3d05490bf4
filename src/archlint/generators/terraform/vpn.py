"""``network.tf``, continued: local network gateways and the connections of VPN and
ExpressRoute gateways. A shared key is never written: it comes from a sensitive variable or a
Key Vault secret (:meth:`Terraform.secret`)."""

from __future__ import annotations

from archlint.generators.common import is_ip_address
from archlint.generators.hcl import Block
from archlint.generators.terraform.core import Terraform
from archlint.model.vpn import GatewayConnection, IpsecPolicy, LocalNetworkGateway

FILE = "network.tf"


def emit(tf: Terraform) -> None:
    network = tf.architecture.network
    for site in network.local_network_gateways:
        _local_gateway(tf, site)
    for connection in network.gateway_connections:
        _connection(tf, connection)


def _local_gateway(tf: Terraform, site: LocalNetworkGateway) -> None:
    address = site.gateway_address
    bgp = None
    if site.bgp_asn is not None and site.bgp_peering_address:
        bgp = Block.of(
            "bgp_settings",
            items=[("asn", site.bgp_asn), ("bgp_peering_address", site.bgp_peering_address)],
        )
    tf.resource(
        FILE,
        "azurerm_local_network_gateway",
        tf.address(site.id).name,
        [
            *tf.common(site, site.region),
            ("gateway_address", address if address and is_ip_address(address) else None),
            ("gateway_fqdn", address if address and not is_ip_address(address) else None),
            ("address_space", [str(network) for network in site.address_space] or None),
            ("tags", tf.tags(site)),
            *([bgp] if bgp else []),
        ],
    )


def _connection(tf: Terraform, connection: GatewayConnection) -> None:
    vpn = connection.type != "ExpressRoute"
    key = connection.shared_key
    tf.resource(
        FILE,
        "azurerm_virtual_network_gateway_connection",
        tf.address(connection.id).name,
        [
            *tf.common(connection, connection.region),
            ("type", connection.type),
            ("virtual_network_gateway_id", tf.ref(connection.gateway)),
            (
                "local_network_gateway_id",
                tf.ref(connection.local_gateway) if connection.local_gateway else None,
            ),
            (
                "peer_virtual_network_gateway_id",
                tf.ref(connection.peer_gateway) if connection.peer_gateway else None,
            ),
            (
                "express_route_circuit_id",
                tf.ref(connection.express_route_circuit)
                if connection.express_route_circuit
                else None,
            ),
            ("connection_protocol", connection.connection_protocol if vpn else None),
            ("bgp_enabled", connection.bgp_enabled),
            ("shared_key", tf.secret(key, connection, "shared_key") if key is not None else None),
            ("tags", tf.tags(connection)),
            *([_ipsec_policy(connection.ipsec_policy)] if connection.ipsec_policy else []),
        ],
    )


def _ipsec_policy(policy: IpsecPolicy) -> Block:
    return Block.of(
        "ipsec_policy",
        items=[
            ("dh_group", policy.dh_group),
            ("ike_encryption", policy.ike_encryption),
            ("ike_integrity", policy.ike_integrity),
            ("ipsec_encryption", policy.ipsec_encryption),
            ("ipsec_integrity", policy.ipsec_integrity),
            ("pfs_group", policy.pfs_group),
            ("sa_lifetime", policy.sa_lifetime_seconds),
            ("sa_datasize", policy.sa_datasize_kb),
        ],
    )
