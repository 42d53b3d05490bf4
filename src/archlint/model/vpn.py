"""Site-to-site and VNet-to-VNet connectivity of VPN and ExpressRoute gateways: the local
network gateways that stand for on-premises sites, and the connections between a gateway and a
site, another gateway or an ExpressRoute circuit. They live in the ``network:`` section beside
the gateways (:class:`archlint.model.egress.VirtualNetworkGateway`).

A connection's shared key is a secret: the spec names where it comes from (a Key Vault secret,
a sensitive variable), never the key itself.
"""

from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, Ref, Region, StrictModel, empty_list
from archlint.model.compute import Secret
from archlint.model.types import Cidr


class LocalNetworkGateway(Component):
    """An on-premises site as Azure routes to it: its VPN device and its address ranges."""

    kind: ClassVar[str] = "local_network_gateway"
    title: ClassVar[str] = "local network gateway"

    region: Region
    gateway_address: str | None = Field(
        default=None, description="Public IP address or FQDN of the on-premises VPN device."
    )
    address_space: list[Cidr] = Field(
        default_factory=empty_list,
        description="The on-premises prefixes Azure routes to the site (with BGP, often only "
        "the BGP peer's address).",
    )
    bgp_asn: int | None = Field(default=None, ge=1, description="The site's BGP ASN.")
    bgp_peering_address: str | None = None


class IpsecPolicy(StrictModel):
    """A custom IPsec/IKE policy: the algorithms Azure proposes and accepts, nothing else."""

    ike_encryption: Literal["AES128", "AES192", "AES256", "DES", "DES3", "GCMAES128", "GCMAES256"]
    ike_integrity: Literal["GCMAES128", "GCMAES256", "MD5", "SHA1", "SHA256", "SHA384"]
    dh_group: Literal[
        "DHGroup1", "DHGroup14", "DHGroup2", "DHGroup2048", "DHGroup24", "ECP256", "ECP384", "None"
    ]
    ipsec_encryption: Literal[
        "AES128", "AES192", "AES256", "DES", "DES3", "GCMAES128", "GCMAES192", "GCMAES256", "None"
    ]
    ipsec_integrity: Literal["GCMAES128", "GCMAES192", "GCMAES256", "MD5", "SHA1", "SHA256"]
    pfs_group: Literal[
        "ECP256", "ECP384", "PFS1", "PFS14", "PFS2", "PFS2048", "PFS24", "PFSMM", "None"
    ]
    sa_lifetime_seconds: int | None = Field(default=None, ge=300)
    sa_datasize_kb: int | None = Field(default=None, ge=1024)


class GatewayConnection(Component):
    """A connection of a VPN or ExpressRoute gateway: site-to-site (``IPsec``, to a local
    network gateway), VNet-to-VNet (``Vnet2Vnet``, to another gateway) or ``ExpressRoute``."""

    kind: ClassVar[str] = "gateway_connection"
    title: ClassVar[str] = "gateway connection"

    region: Region
    type: Literal["IPsec", "Vnet2Vnet", "ExpressRoute"]
    gateway: Ref("virtual_network_gateway") = Field(description="The Azure side's gateway.")
    local_gateway: Ref("local_network_gateway") | None = Field(
        default=None, description="IPsec: the on-premises site."
    )
    peer_gateway: Ref("virtual_network_gateway") | None = Field(
        default=None, description="Vnet2Vnet: the other VNet's gateway."
    )
    express_route_circuit: Ref("azure_resource") | None = Field(
        default=None,
        description="ExpressRoute: the circuit (an azurerm_express_route_circuit, a generic "
        "resource).",
    )
    connection_protocol: Literal["IKEv1", "IKEv2"] = Field(
        default="IKEv2", description="IPsec and Vnet2Vnet: the IKE version (Azure's default IKEv2)."
    )
    bgp_enabled: bool = False
    shared_key: Secret | None = Field(
        default=None, description="Where the IPsec pre-shared key comes from (never the key)."
    )
    ipsec_policy: IpsecPolicy | None = Field(
        default=None, description="A custom IPsec/IKE policy; unset: Azure's default proposals."
    )
