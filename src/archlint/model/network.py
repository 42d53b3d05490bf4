"""Network layer: VNets, subnets, NSGs, peering, on-premises, private DNS and endpoints;
firewalls, route tables and NAT gateways (in :mod:`archlint.model.egress`)."""

from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.addresses import PublicIpPrefix
from archlint.model.base import Component, DefaultOf, Ref, Region, StrictModel, empty_list
from archlint.model.egress import (
    DnsForwardingRuleset,
    DnsResolver,
    Firewall,
    FirewallPolicy,
    LoadBalancer,
    NatGateway,
    RouteTable,
    VirtualNetworkGateway,
)
from archlint.model.types import Cidr
from archlint.model.vpn import GatewayConnection, LocalNetworkGateway
from archlint.model.vwan import VirtualHub, VirtualHubConnection, VirtualWan


class SubnetPurpose(StrEnum):
    app_service_environment = "app_service_environment"
    private_endpoints = "private_endpoints"
    hybrid_connectivity = "hybrid_connectivity"
    bastion = "bastion"
    management = "management"
    application_gateway = "application_gateway"
    gateway = "gateway"
    firewall = "firewall"
    app_service_integration = "app_service_integration"
    workload = "workload"


class NsgRule(StrictModel):
    name: str
    priority: int = Field(ge=100, le=4096)
    direction: Literal["Inbound", "Outbound"]
    access: Literal["Allow", "Deny"]
    protocol: Literal["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"] = "Tcp"
    source: str = "*"
    source_ports: str = "*"
    destination: str = "*"
    destination_ports: str = "*"


class NetworkSecurityGroup(Component):
    kind: ClassVar[str] = "network_security_group"
    title: ClassVar[str] = "NSG"

    rules: list[NsgRule] = Field(default_factory=empty_list)


class Subnet(Component):
    kind: ClassVar[str] = "subnet"
    title: ClassVar[str] = "subnet"

    cidr: Cidr
    purpose: SubnetPurpose
    delegation: str | None = Field(
        default=None, description="Service delegation, e.g. 'Microsoft.Web/hostingEnvironments'."
    )
    nsg: Ref("network_security_group") | None = None
    route_table: Ref("route_table") | None = None
    nat_gateway: Ref("nat_gateway") | None = None
    private_endpoint_network_policies: (
        Literal["Disabled", "Enabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled"] | None
    ) = None
    service_endpoints: list[str] = Field(default_factory=empty_list)


class VirtualNetwork(Component):
    kind: ClassVar[str] = "virtual_network"
    title: ClassVar[str] = "VNet"

    region: Region
    address_space: list[Cidr] = Field(min_length=1)
    subnets: list[Subnet] = Field(default_factory=empty_list)
    ddos_protection_plan: Ref("ddos_protection_plan") | None = None
    dns_servers: list[str] = Field(default_factory=empty_list)


class VnetPeering(Component):
    kind: ClassVar[str] = "vnet_peering"
    title: ClassVar[str] = "VNet peering"

    local: Ref("virtual_network")
    remote: Ref("virtual_network")
    allow_forwarded_traffic: bool = False
    allow_gateway_transit: bool = False
    use_remote_gateways: bool = False


class OnPremSqlServer(StrictModel):
    """The on-premises SQL Server reached over the hybrid connection."""

    host: str
    database: str
    port: int = Field(default=1433, ge=1, le=65535)


class HybridConnection(Component):
    kind: ClassVar[str] = "hybrid_connection"
    title: ClassVar[str] = "hybrid connection"

    mechanism: Literal[
        "app_service_hybrid_connection", "vpn_gateway", "expressroute", "vnet_integration"
    ]
    subnet: Ref("subnet") | None = None
    used_by: list[Ref("function_app", "web_app", "logic_app")] = Field(default_factory=empty_list)
    sql_server: OnPremSqlServer


class OnPremises(StrictModel):
    ranges: list[Cidr] = Field(
        default_factory=empty_list, description="On-premises address ranges."
    )
    connections: list[HybridConnection] = Field(default_factory=empty_list)


class DnsVnetLink(StrictModel):
    vnet: Ref("virtual_network")
    registration_enabled: bool = False


class PrivateDnsZone(Component):
    kind: ClassVar[str] = "private_dns_zone"
    title: ClassVar[str] = "private DNS zone"

    zone: str = Field(description="DNS zone name, e.g. 'privatelink.servicebus.windows.net'.")
    vnet_links: list[DnsVnetLink] = Field(default_factory=empty_list)


class PrivateEndpoint(Component):
    kind: ClassVar[str] = "private_endpoint"
    title: ClassVar[str] = "private endpoint"

    target: Ref()
    subresource: str = Field(description="Private link group id, e.g. 'namespace', 'blob', 'Sql'.")
    subnet: Ref("subnet")
    dns_zone_group: list[Ref("private_dns_zone")] = Field(
        default_factory=empty_list,
        description="Private DNS zones the endpoint registers its A record in.",
    )


class DdosProtectionPlan(Component):
    kind: ClassVar[str] = "ddos_protection_plan"
    title: ClassVar[str] = "DDoS protection plan"

    tier: Literal["network", "ip"] = "network"


class PublicIp(Component):
    kind: ClassVar[str] = "public_ip"
    title: ClassVar[str] = "public IP"

    sku: Literal["Basic", "Standard", "StandardV2"] = "Standard"
    zones: list[int] = Field(default_factory=empty_list)
    ddos_protection: Literal["VirtualNetworkInherited", "Enabled", "Disabled"] = (
        "VirtualNetworkInherited"
    )
    vnet: Ref("virtual_network") | None = Field(
        default=None, description="VNet whose DDoS plan an inherited setting comes from."
    )


class Network(StrictModel):
    vnets: list[VirtualNetwork] = Field(default_factory=empty_list)
    nsgs: list[NetworkSecurityGroup] = Field(default_factory=empty_list)
    peerings: list[VnetPeering] = Field(default_factory=empty_list)
    on_premises: OnPremises = Field(default_factory=DefaultOf(OnPremises))
    private_dns_zones: list[PrivateDnsZone] = Field(default_factory=empty_list)
    private_endpoints: list[PrivateEndpoint] = Field(default_factory=empty_list)
    ddos_protection_plans: list[DdosProtectionPlan] = Field(default_factory=empty_list)
    public_ips: list[PublicIp] = Field(default_factory=empty_list)
    public_ip_prefixes: list[PublicIpPrefix] = Field(default_factory=empty_list)
    firewalls: list[Firewall] = Field(default_factory=empty_list)
    firewall_policies: list[FirewallPolicy] = Field(default_factory=empty_list)
    route_tables: list[RouteTable] = Field(default_factory=empty_list)
    nat_gateways: list[NatGateway] = Field(default_factory=empty_list)
    gateways: list[VirtualNetworkGateway] = Field(
        default_factory=empty_list, description="VPN and ExpressRoute gateways."
    )
    load_balancers: list[LoadBalancer] = Field(default_factory=empty_list)
    dns_resolvers: list[DnsResolver] = Field(default_factory=empty_list)
    dns_forwarding_rulesets: list[DnsForwardingRuleset] = Field(default_factory=empty_list)
    local_network_gateways: list[LocalNetworkGateway] = Field(
        default_factory=empty_list, description="On-premises sites of site-to-site VPNs."
    )
    gateway_connections: list[GatewayConnection] = Field(
        default_factory=empty_list,
        description="Site-to-site, VNet-to-VNet and ExpressRoute connections of the gateways.",
    )
    virtual_wans: list[VirtualWan] = Field(default_factory=empty_list)
    virtual_hubs: list[VirtualHub] = Field(default_factory=empty_list)
    hub_connections: list[VirtualHubConnection] = Field(
        default_factory=empty_list, description="VNets attached to virtual hubs."
    )
