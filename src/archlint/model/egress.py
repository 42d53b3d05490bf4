"""Network traffic control: Azure Firewall and its policies, route tables, NAT gateways,
VPN and ExpressRoute gateways, load balancers, DNS Private Resolvers and forwarding rulesets.

These live in the ``network:`` section beside the VNets they steer. A subnet names its route
table and NAT gateway (as Azure's subnet resource does); a route names the firewall it sends
traffic to when the next hop is one (``appliance``), or just the appliance's IP.
"""

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, Ref, Region, StrictModel, empty_list

IPv4 = Annotated[
    str,
    Field(
        pattern=r"^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$",
        description="An IPv4 address, e.g. '10.0.1.4'.",
    ),
]
Zone = Annotated[int, Field(ge=1, le=3)]


class FirewallPolicyDns(StrictModel):
    """The DNS settings a policy gives every firewall it is attached to."""

    proxy_enabled: bool = Field(
        default=False,
        description="The firewall listens on port 53 and forwards queries (Azure's default "
        "is off). Needed when VNets use the firewall's private IP as their DNS server, and "
        "for FQDNs in network rules.",
    )
    servers: list[str] = Field(
        default_factory=empty_list,
        description="Custom DNS servers the firewall forwards to; empty: Azure DNS "
        "(168.63.129.16), resolved from the firewall's own VNet.",
    )


class FirewallRule(StrictModel):
    """One rule of a collection. Which fields apply depends on the collection's type."""

    name: str
    protocols: list[str] = Field(
        default_factory=empty_list,
        description="Network and NAT rules: 'TCP', 'UDP', 'ICMP', 'Any'. Application rules: "
        "'Http:80', 'Https:443', 'Mssql:1433'.",
    )
    source_addresses: list[str] = Field(default_factory=empty_list)
    destination_addresses: list[str] = Field(default_factory=empty_list)
    destination_fqdns: list[str] = Field(default_factory=empty_list)
    destination_ports: list[str] = Field(default_factory=empty_list)
    translated_address: str | None = Field(default=None, description="NAT rules only.")
    translated_port: int | None = Field(default=None, ge=1, le=65535)


class FirewallRuleCollection(StrictModel):
    name: str
    type: Literal["network", "application", "nat"]
    priority: int = Field(ge=100, le=65000)
    action: Literal["Allow", "Deny", "Dnat"]
    rules: list[FirewallRule] = Field(default_factory=empty_list)


class FirewallRuleCollectionGroup(StrictModel):
    name: str
    priority: int = Field(ge=100, le=65000)
    collections: list[FirewallRuleCollection] = Field(default_factory=empty_list)


class FirewallPolicy(Component):
    kind: ClassVar[str] = "firewall_policy"
    title: ClassVar[str] = "firewall policy"

    region: Region
    tier: Literal["Basic", "Standard", "Premium"] = "Standard"
    threat_intelligence_mode: Literal["Off", "Alert", "Deny"] = Field(
        default="Alert", description="Azure's default is Alert."
    )
    dns: FirewallPolicyDns = Field(default_factory=FirewallPolicyDns)
    base_policy: Ref("firewall_policy") | None = None
    rule_collection_groups: list[FirewallRuleCollectionGroup] = Field(default_factory=empty_list)


class Firewall(Component):
    kind: ClassVar[str] = "firewall"
    title: ClassVar[str] = "Azure Firewall"

    region: Region
    tier: Literal["Basic", "Standard", "Premium"] = Field(
        default="Standard", description="SKU tier (azurerm sku_tier)."
    )
    sku: Literal["AZFW_VNet", "AZFW_Hub"] = Field(
        default="AZFW_VNet",
        description="AZFW_VNet: in a VNet's AzureFirewallSubnet; AZFW_Hub: in a Virtual WAN hub.",
    )
    zones: list[Zone] = Field(
        default_factory=empty_list,
        description="Empty: Azure makes the firewall zone redundant in regions with "
        "availability zones; one zone pins every instance there.",
    )
    subnet: Ref("subnet") | None = Field(
        default=None, description="The AzureFirewallSubnet the firewall is deployed in."
    )
    virtual_hub: Ref("virtual_hub") | None = Field(
        default=None, description="AZFW_Hub: the virtual hub the firewall secures."
    )
    hub_public_ip_count: int | None = Field(
        default=None,
        ge=1,
        description="AZFW_Hub: how many public IPs Azure gives the firewall (unset: one).",
    )
    public_ips: list[Ref("public_ip")] = Field(default_factory=empty_list)
    private_ip: IPv4 | None = Field(
        default=None,
        description="The firewall's private IP (Azure assigns it from the subnet): the "
        "address routes and VNet DNS settings point at.",
    )
    policy: Ref("firewall_policy") | None = None
    dns_proxy_enabled: bool = Field(
        default=False,
        description="DNS proxy of a firewall without a policy (classic rules); with a "
        "policy, the policy's dns settings apply.",
    )
    threat_intelligence_mode: Literal["Off", "Alert", "Deny"] = Field(
        default="Alert", description="Of a firewall without a policy (classic rules)."
    )


NextHopType = Literal["VirtualNetworkGateway", "VnetLocal", "Internet", "VirtualAppliance", "None"]


class Route(StrictModel):
    name: str
    address_prefix: str = Field(
        description="A CIDR ('0.0.0.0/0', '10.1.0.0/16') or a service tag ('AzureCloud')."
    )
    next_hop_type: NextHopType
    next_hop_ip: IPv4 | None = Field(
        default=None, description="VirtualAppliance routes: the appliance's private IP."
    )
    appliance: Ref("firewall") | None = Field(
        default=None,
        description="VirtualAppliance routes: the firewall whose private IP the next hop is "
        "(the importer sets it when the route refers to the firewall).",
    )


class RouteTable(Component):
    kind: ClassVar[str] = "route_table"
    title: ClassVar[str] = "route table"

    region: Region
    routes: list[Route] = Field(default_factory=empty_list)
    bgp_route_propagation: bool = Field(
        default=True, description="Routes learned by the VNet gateway are added (Azure default)."
    )


class NatGateway(Component):
    kind: ClassVar[str] = "nat_gateway"
    title: ClassVar[str] = "NAT gateway"

    region: Region
    sku: Literal["Standard", "StandardV2"] = "Standard"
    zones: list[Zone] = Field(
        default_factory=empty_list,
        description="Standard: at most one zone (empty: no zone, placed by Azure).",
    )
    public_ips: list[Ref("public_ip")] = Field(default_factory=empty_list)
    public_ip_prefixes: list[Ref("public_ip_prefix")] = Field(
        default_factory=empty_list, description="Prefixes whose addresses the gateway uses too."
    )
    idle_timeout_minutes: int = Field(default=4, ge=4, le=120)


GatewaySku = Literal[
    "Basic",
    "VpnGw1",
    "VpnGw2",
    "VpnGw3",
    "VpnGw4",
    "VpnGw5",
    "VpnGw1AZ",
    "VpnGw2AZ",
    "VpnGw3AZ",
    "VpnGw4AZ",
    "VpnGw5AZ",
    "Standard",
    "HighPerformance",
    "UltraPerformance",
    "ErGw1AZ",
    "ErGw2AZ",
    "ErGw3AZ",
    "ErGwScale",
]


class VirtualNetworkGateway(Component):
    """A VPN or ExpressRoute gateway in a VNet's GatewaySubnet."""

    kind: ClassVar[str] = "virtual_network_gateway"
    title: ClassVar[str] = "virtual network gateway"

    region: Region
    type: Literal["Vpn", "ExpressRoute"]
    sku: GatewaySku = Field(
        description="Gateway SKU: the *AZ SKUs (and ErGwScale) spread the gateway over "
        "availability zones; the others do not."
    )
    generation: Literal["Generation1", "Generation2"] | None = None
    active_active: bool = False
    bgp_enabled: bool = False
    subnet: Ref("subnet") | None = Field(
        default=None, description="The GatewaySubnet the gateway is deployed in."
    )
    public_ips: list[Ref("public_ip")] = Field(default_factory=empty_list)


class LbFrontend(StrictModel):
    name: str
    public_ip: Ref("public_ip") | None = Field(
        default=None, description="Public frontend: its zones are the public IP's."
    )
    subnet: Ref("subnet") | None = Field(default=None, description="Internal frontend.")
    private_ip: IPv4 | None = None
    zones: list[Zone] = Field(
        default_factory=empty_list,
        description="Internal frontends: [1, 2, 3] zone redundant, one zone zonal, empty "
        "no zone (no zone guarantee).",
    )


class LbProbe(StrictModel):
    name: str
    protocol: Literal["Tcp", "Http", "Https"] = "Tcp"
    port: int = Field(ge=1, le=65535)
    path: str | None = Field(default=None, description="Http and Https probes.")
    interval_seconds: int = Field(default=15, ge=5)
    threshold: int = Field(default=1, ge=1, description="Failed probes before unhealthy.")


class LbRule(StrictModel):
    name: str
    frontend: str = Field(description="Name of one of the load balancer's frontends.")
    backend_pools: list[str] = Field(
        default_factory=empty_list, description="Names of backend pools of the load balancer."
    )
    probe: str | None = Field(default=None, description="Name of the rule's health probe.")
    protocol: Literal["Tcp", "Udp", "All"]
    frontend_port: int = Field(ge=0, le=65534)
    backend_port: int = Field(ge=0, le=65535)
    floating_ip: bool = False
    disable_outbound_snat: bool = False
    idle_timeout_minutes: int = Field(default=4, ge=4, le=100)


class LbNatRule(StrictModel):
    """An inbound NAT rule: one frontend port to one backend instance's port (or, with a
    backend pool, a frontend port range mapped onto the pool's instances)."""

    name: str
    frontend: str = Field(description="Name of one of the load balancer's frontends.")
    protocol: Literal["Tcp", "Udp", "All"]
    frontend_port: int | None = Field(
        default=None, ge=1, le=65534, description="Single-instance rule: the published port."
    )
    frontend_port_start: int | None = Field(default=None, ge=1, le=65534)
    frontend_port_end: int | None = Field(default=None, ge=1, le=65534)
    backend_port: int = Field(ge=1, le=65535)
    backend_pool: str | None = Field(
        default=None, description="Name of a backend pool (port-range rules)."
    )
    floating_ip: bool = False
    idle_timeout_minutes: int = Field(default=4, ge=4, le=100)


class LbNatPool(StrictModel):
    """An inbound NAT pool (Uniform VM scale sets): a frontend port range, one port per
    instance, to the same backend port."""

    name: str
    frontend: str = Field(description="Name of one of the load balancer's frontends.")
    protocol: Literal["Tcp", "Udp", "All"]
    frontend_port_start: int = Field(ge=1, le=65534)
    frontend_port_end: int = Field(ge=1, le=65534)
    backend_port: int = Field(ge=1, le=65535)


class LbOutboundRule(StrictModel):
    """Outbound (SNAT) connectivity of a backend pool through the frontends' public IPs."""

    name: str
    frontends: list[str] = Field(min_length=1, description="Names of the frontends used.")
    backend_pool: str = Field(description="Name of the backend pool whose traffic it carries.")
    protocol: Literal["Tcp", "Udp", "All"]
    allocated_outbound_ports: int | None = Field(
        default=None, ge=0, description="SNAT ports per instance (unset: Azure allocates)."
    )
    idle_timeout_minutes: int = Field(default=4, ge=4, le=120)


class LoadBalancer(Component):
    kind: ClassVar[str] = "load_balancer"
    title: ClassVar[str] = "load balancer"

    region: Region
    sku: Literal["Basic", "Standard", "Gateway"] = Field(
        default="Standard", description="Basic was retired on 30 September 2025."
    )
    tier: Literal["Regional", "Global"] = "Regional"
    frontends: list[LbFrontend] = Field(default_factory=empty_list)
    backend_pools: list[str] = Field(default_factory=empty_list)
    probes: list[LbProbe] = Field(default_factory=empty_list)
    rules: list[LbRule] = Field(default_factory=empty_list)
    nat_rules: list[LbNatRule] = Field(default_factory=empty_list)
    nat_pools: list[LbNatPool] = Field(default_factory=empty_list)
    outbound_rules: list[LbOutboundRule] = Field(default_factory=empty_list)


class ResolverInboundEndpoint(StrictModel):
    name: str
    subnet: Ref("subnet")
    private_ip: IPv4 | None = Field(
        default=None, description="The address VNets and on-premises forwarders send queries to."
    )


class ResolverOutboundEndpoint(StrictModel):
    name: str
    subnet: Ref("subnet")


class DnsResolver(Component):
    """An Azure DNS Private Resolver: it answers with Azure DNS as seen from its VNet."""

    kind: ClassVar[str] = "dns_resolver"
    title: ClassVar[str] = "DNS Private Resolver"

    region: Region
    vnet: Ref("virtual_network")
    inbound_endpoints: list[ResolverInboundEndpoint] = Field(default_factory=empty_list)
    outbound_endpoints: list[ResolverOutboundEndpoint] = Field(default_factory=empty_list)


class ForwardingRule(StrictModel):
    name: str
    domain: str = Field(description="The domain forwarded, with its trailing dot: 'corp.example.'")
    target_dns_servers: list[str] = Field(
        min_length=1, description="'ip' or 'ip:port' of the servers the queries go to."
    )
    enabled: bool = True


class DnsForwardingRuleset(Component):
    kind: ClassVar[str] = "dns_forwarding_ruleset"
    title: ClassVar[str] = "DNS forwarding ruleset"

    region: Region
    resolver: Ref("dns_resolver") = Field(
        description="The resolver whose outbound endpoints send the forwarded queries."
    )
    rules: list[ForwardingRule] = Field(default_factory=empty_list)
    vnet_links: list[Ref("virtual_network")] = Field(
        default_factory=empty_list, description="VNets whose Azure DNS queries use these rules."
    )
