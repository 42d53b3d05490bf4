"""``network.tf``, continued: Azure Firewall and its policies, route tables, NAT gateways, VPN
and ExpressRoute gateways, load balancers, DNS resolvers, and the associations that put a
route table or a NAT gateway on a subnet."""

from __future__ import annotations

from archlint.generators.hcl import Block, BodyEntry, Comment, Expr
from archlint.generators.terraform.core import RG_NAME, Terraform
from archlint.model.egress import (
    DnsForwardingRuleset,
    DnsResolver,
    Firewall,
    FirewallPolicy,
    FirewallRule,
    FirewallRuleCollection,
    LbNatPool,
    LbNatRule,
    LoadBalancer,
    NatGateway,
    Route,
    RouteTable,
    VirtualNetworkGateway,
)
from archlint.model.network import Subnet

FILE = "network.tf"


def emit(tf: Terraform) -> None:
    network = tf.architecture.network
    for policy in network.firewall_policies:
        _policy(tf, policy)
    for firewall in network.firewalls:
        _firewall(tf, firewall)
    for table in network.route_tables:
        _route_table(tf, table)
    for gateway in network.nat_gateways:
        _nat_gateway(tf, gateway)
    for vng in network.gateways:
        _gateway(tf, vng)
    for balancer in network.load_balancers:
        _load_balancer(tf, balancer)
    for resolver in network.dns_resolvers:
        _dns_resolver(tf, resolver)
    for ruleset in network.dns_forwarding_rulesets:
        _ruleset(tf, ruleset)


def subnet_associations(tf: Terraform, subnet: Subnet, name: str) -> None:
    """The route table and NAT gateway a subnet uses (association resources in azurerm)."""
    if subnet.route_table and tf.ref(subnet.route_table):
        tf.resource(
            FILE,
            "azurerm_subnet_route_table_association",
            tf.local_name("azurerm_subnet_route_table_association", name),
            [("subnet_id", tf.ref(subnet.id)), ("route_table_id", tf.ref(subnet.route_table))],
        )
    if subnet.nat_gateway and tf.ref(subnet.nat_gateway):
        tf.resource(
            FILE,
            "azurerm_subnet_nat_gateway_association",
            tf.local_name("azurerm_subnet_nat_gateway_association", name),
            [("subnet_id", tf.ref(subnet.id)), ("nat_gateway_id", tf.ref(subnet.nat_gateway))],
        )


# --- firewall ----------------------------------------------------------------------------


def _firewall(tf: Terraform, firewall: Firewall) -> None:
    policy = tf.ref(firewall.policy) if firewall.policy else None
    configurations: list[BodyEntry] = []
    if firewall.sku == "AZFW_VNet":
        # The first configuration carries the subnet; further public IPs have their own.
        configurations += _ip_configurations(tf, firewall.subnet, firewall.public_ips, False)
    elif firewall.virtual_hub and tf.ref(firewall.virtual_hub):
        configurations.append(
            Block.of(
                "virtual_hub",
                items=[
                    ("virtual_hub_id", tf.ref(firewall.virtual_hub)),
                    ("public_ip_count", firewall.hub_public_ip_count),
                ],
            )
        )
    else:
        configurations.append(
            Comment("Virtual WAN hub: set virtual_hub { virtual_hub_id } to the hub's id")
        )
    tf.resource(
        FILE,
        "azurerm_firewall",
        tf.address(firewall.id).name,
        [
            *tf.common(firewall, firewall.region),
            ("sku_name", firewall.sku),
            ("sku_tier", firewall.tier),
            ("zones", [str(zone) for zone in firewall.zones] or None),
            ("firewall_policy_id", policy),
            # Without a policy the firewall's own (classic) settings apply.
            ("dns_proxy_enabled", firewall.dns_proxy_enabled if policy is None else None),
            ("threat_intel_mode", firewall.threat_intelligence_mode if policy is None else None),
            ("tags", tf.tags(firewall)),
            *configurations,
        ],
    )


def _ip_configurations(
    tf: Terraform,
    subnet: str | None,
    public_ips: list[str],
    subnet_on_each: bool,
    *extra: BodyEntry,
) -> list[Block]:
    """One ``ip_configuration`` per public IP (one without, when there are none); the subnet
    on the first only, or on each (``subnet_on_each``)."""
    ips = [tf.ref(ip) for ip in public_ips] or [None]
    return [
        Block.of(
            "ip_configuration",
            items=[
                ("name", f"ipconfig{position + 1}"),
                (
                    "subnet_id",
                    tf.ref(subnet) if subnet and (subnet_on_each or position == 0) else None,
                ),
                ("public_ip_address_id", ip),
                *extra,
            ],
        )
        for position, ip in enumerate(ips)
    ]


def _policy(tf: Terraform, policy: FirewallPolicy) -> None:
    name = tf.address(policy.id).name
    dns = None
    if policy.dns.proxy_enabled or policy.dns.servers:
        dns = Block.of(
            "dns",
            items=[
                ("proxy_enabled", policy.dns.proxy_enabled),
                ("servers", policy.dns.servers or None),
            ],
        )
    tf.resource(
        FILE,
        "azurerm_firewall_policy",
        name,
        [
            *tf.common(policy, policy.region),
            ("sku", policy.tier),
            ("threat_intelligence_mode", policy.threat_intelligence_mode),
            ("base_policy_id", tf.ref(policy.base_policy) if policy.base_policy else None),
            ("tags", tf.tags(policy)),
            dns,
        ],
    )
    for group in policy.rule_collection_groups:
        tf.resource(
            FILE,
            "azurerm_firewall_policy_rule_collection_group",
            tf.local_name("azurerm_firewall_policy_rule_collection_group", f"{name}_{group.name}"),
            [
                ("name", group.name),
                ("firewall_policy_id", tf.ref(policy.id)),
                ("priority", group.priority),
                *(_collection(collection) for collection in group.collections),
            ],
        )


def _collection(collection: FirewallRuleCollection) -> Block:
    return Block.of(
        f"{collection.type}_rule_collection",
        items=[
            ("name", collection.name),
            ("priority", collection.priority),
            ("action", collection.action),
            *(_rule(rule, collection.type) for rule in collection.rules),
        ],
    )


def _rule(rule: FirewallRule, kind: str) -> Block:
    addresses = rule.destination_addresses or None
    items: list[BodyEntry] = [("name", rule.name), ("source_addresses", rule.source_addresses)]
    if kind == "application":
        items += [
            ("destination_fqdns", rule.destination_fqdns or None),
            ("destination_addresses", addresses),
            *(_app_protocol(protocol) for protocol in rule.protocols),
        ]
    elif kind == "network":
        items += [
            ("protocols", rule.protocols),
            ("destination_addresses", addresses),
            ("destination_fqdns", rule.destination_fqdns or None),
            ("destination_ports", rule.destination_ports),
        ]
    else:
        items += [
            ("protocols", rule.protocols),
            ("destination_address", addresses[0] if addresses else None),
            ("destination_ports", rule.destination_ports),
            ("translated_address", rule.translated_address),
            ("translated_port", rule.translated_port),
        ]
    return Block.of("rule", items=items)


def _app_protocol(protocol: str) -> Block:
    kind, _, port = protocol.partition(":")
    return Block.of("protocols", items=[("type", kind), ("port", int(port) if port else 443)])


# --- routes and NAT ----------------------------------------------------------------------


def _route_table(tf: Terraform, table: RouteTable) -> None:
    tf.resource(
        FILE,
        "azurerm_route_table",
        tf.address(table.id).name,
        [
            *tf.common(table, table.region),
            ("bgp_route_propagation_enabled", table.bgp_route_propagation),
            ("tags", tf.tags(table)),
            *(_route(tf, route) for route in table.routes),
        ],
    )


def _route(tf: Terraform, route: Route) -> Block:
    hop: str | Expr | None = route.next_hop_ip
    firewall = tf.ref(route.appliance, "ip_configuration") if route.appliance else None
    if firewall is not None:
        hop = Expr(f"{firewall.text}[0].private_ip_address")
    return Block.of(
        "route",
        items=[
            ("name", route.name),
            ("address_prefix", route.address_prefix),
            ("next_hop_type", route.next_hop_type),
            ("next_hop_in_ip_address", hop),
        ],
    )


def _nat_gateway(tf: Terraform, gateway: NatGateway) -> None:
    name = tf.address(gateway.id).name
    tf.resource(
        FILE,
        "azurerm_nat_gateway",
        name,
        [
            *tf.common(gateway, gateway.region),
            ("sku_name", gateway.sku),
            ("zones", [str(zone) for zone in gateway.zones] or None),
            ("idle_timeout_in_minutes", gateway.idle_timeout_minutes),
            ("tags", tf.tags(gateway)),
        ],
    )
    associations = (
        ("azurerm_nat_gateway_public_ip_association", "public_ip_address_id", gateway.public_ips),
        (
            "azurerm_nat_gateway_public_ip_prefix_association",
            "public_ip_prefix_id",
            gateway.public_ip_prefixes,
        ),
    )
    for resource_type, argument, targets in associations:
        for target in targets:
            if tf.ref(target):
                tf.resource(
                    FILE,
                    resource_type,
                    tf.local_name(resource_type, f"{name}_{target}"),
                    [("nat_gateway_id", tf.ref(gateway.id)), (argument, tf.ref(target))],
                )


def _gateway(tf: Terraform, gateway: VirtualNetworkGateway) -> None:
    # Active-active takes two IP configurations, each with its own public IP and the subnet.
    configurations = _ip_configurations(
        tf, gateway.subnet, gateway.public_ips, True, ("private_ip_address_allocation", "Dynamic")
    )
    tf.resource(
        FILE,
        "azurerm_virtual_network_gateway",
        tf.address(gateway.id).name,
        [
            *tf.common(gateway, gateway.region),
            ("type", gateway.type),
            ("vpn_type", "RouteBased" if gateway.type == "Vpn" else None),
            ("sku", gateway.sku),
            ("generation", gateway.generation),
            ("active_active", gateway.active_active),
            ("bgp_enabled", gateway.bgp_enabled),
            ("tags", tf.tags(gateway)),
            *configurations,
        ],
    )


def _load_balancer(tf: Terraform, balancer: LoadBalancer) -> None:
    name = tf.address(balancer.id).name
    frontends = [
        Block.of(
            "frontend_ip_configuration",
            items=[
                ("name", frontend.name),
                (
                    "public_ip_address_id",
                    tf.ref(frontend.public_ip) if frontend.public_ip else None,
                ),
                ("subnet_id", tf.ref(frontend.subnet) if frontend.subnet else None),
                ("private_ip_address", frontend.private_ip),
                ("private_ip_address_allocation", "Static" if frontend.private_ip else None),
                ("zones", [str(zone) for zone in frontend.zones] or None),
            ],
        )
        for frontend in balancer.frontends
    ]
    tf.resource(
        FILE,
        "azurerm_lb",
        name,
        [
            *tf.common(balancer, balancer.region),
            ("sku", balancer.sku),
            ("sku_tier", balancer.tier),
            ("tags", tf.tags(balancer)),
            *frontends,
        ],
    )
    pools = {
        pool: tf.named("azurerm_lb_backend_address_pool", f"{name}_{pool}")
        for pool in balancer.backend_pools
    }
    for pool, local in pools.items():
        tf.resource(
            FILE,
            "azurerm_lb_backend_address_pool",
            local,
            [("name", pool), ("loadbalancer_id", tf.ref(balancer.id))],
        )
    probes = {
        probe.name: tf.local_name("azurerm_lb_probe", f"{name}_{probe.name}")
        for probe in balancer.probes
    }
    for probe in balancer.probes:
        tf.resource(
            FILE,
            "azurerm_lb_probe",
            probes[probe.name],
            [
                ("name", probe.name),
                ("loadbalancer_id", tf.ref(balancer.id)),
                ("protocol", probe.protocol),
                ("port", probe.port),
                ("request_path", probe.path if probe.protocol != "Tcp" else None),
                ("interval_in_seconds", probe.interval_seconds),
                ("probe_threshold", probe.threshold),
            ],
        )
    for rule in balancer.rules:
        probe = probes.get(rule.probe or "")
        tf.resource(
            FILE,
            "azurerm_lb_rule",
            tf.local_name("azurerm_lb_rule", f"{name}_{rule.name}"),
            [
                ("name", rule.name),
                ("loadbalancer_id", tf.ref(balancer.id)),
                ("frontend_ip_configuration_name", rule.frontend),
                ("protocol", rule.protocol),
                ("frontend_port", rule.frontend_port),
                ("backend_port", rule.backend_port),
                (
                    "backend_address_pool_ids",
                    [
                        Expr(f"azurerm_lb_backend_address_pool.{pools[p]}.id")
                        for p in rule.backend_pools
                        if p in pools
                    ]
                    or None,
                ),
                ("probe_id", Expr(f"azurerm_lb_probe.{probe}.id") if probe else None),
                ("floating_ip_enabled", rule.floating_ip),
                ("disable_outbound_snat", rule.disable_outbound_snat),
                ("idle_timeout_in_minutes", rule.idle_timeout_minutes),
            ],
        )
    _nat_and_outbound_rules(tf, balancer, pools)


def _nat_and_outbound_rules(tf: Terraform, balancer: LoadBalancer, pools: dict[str, str]) -> None:
    """Inbound NAT rules and pools, outbound rules: each its own azurerm resource."""
    name = tf.address(balancer.id).name
    for rule in balancer.nat_rules:
        pool = pools.get(rule.backend_pool or "")
        tf.resource(
            FILE,
            "azurerm_lb_nat_rule",
            tf.named("azurerm_lb_nat_rule", f"{name}_{rule.name}"),
            [
                *_inbound_nat(tf, balancer, rule),
                ("frontend_port", rule.frontend_port),
                ("frontend_port_start", rule.frontend_port_start),
                ("frontend_port_end", rule.frontend_port_end),
                ("backend_port", rule.backend_port),
                (
                    "backend_address_pool_id",
                    Expr(f"azurerm_lb_backend_address_pool.{pool}.id") if pool else None,
                ),
                ("floating_ip_enabled", rule.floating_ip),
                ("idle_timeout_in_minutes", rule.idle_timeout_minutes),
            ],
        )
    for nat_pool in balancer.nat_pools:
        tf.resource(
            FILE,
            "azurerm_lb_nat_pool",
            tf.local_name("azurerm_lb_nat_pool", f"{name}_{nat_pool.name}"),
            [
                *_inbound_nat(tf, balancer, nat_pool),
                ("frontend_port_start", nat_pool.frontend_port_start),
                ("frontend_port_end", nat_pool.frontend_port_end),
                ("backend_port", nat_pool.backend_port),
            ],
        )
    for rule in balancer.outbound_rules:
        pool = pools.get(rule.backend_pool)
        if pool is None:
            tf.add(
                FILE,
                Comment(
                    f"{balancer.label()} outbound rule '{rule.name}' names backend pool "
                    f"'{rule.backend_pool}', which it does not have: not written"
                ),
            )
            continue
        tf.resource(
            FILE,
            "azurerm_lb_outbound_rule",
            tf.local_name("azurerm_lb_outbound_rule", f"{name}_{rule.name}"),
            [
                ("name", rule.name),
                ("loadbalancer_id", tf.ref(balancer.id)),
                ("protocol", rule.protocol),
                ("backend_address_pool_id", Expr(f"azurerm_lb_backend_address_pool.{pool}.id")),
                ("allocated_outbound_ports", rule.allocated_outbound_ports),
                ("idle_timeout_in_minutes", rule.idle_timeout_minutes),
                *(
                    Block.of("frontend_ip_configuration", items=[("name", frontend)])
                    for frontend in rule.frontends
                ),
            ],
        )


def _inbound_nat(
    tf: Terraform, balancer: LoadBalancer, part: LbNatRule | LbNatPool
) -> list[BodyEntry]:
    """The arguments an inbound NAT rule and an inbound NAT pool share."""
    return [
        ("name", part.name),
        ("resource_group_name", RG_NAME),
        ("loadbalancer_id", tf.ref(balancer.id)),
        ("frontend_ip_configuration_name", part.frontend),
        ("protocol", part.protocol),
    ]


def _dns_resolver(tf: Terraform, resolver: DnsResolver) -> None:
    name = tf.address(resolver.id).name
    tf.resource(
        FILE,
        "azurerm_private_dns_resolver",
        name,
        [
            *tf.common(resolver, resolver.region),
            ("virtual_network_id", tf.ref(resolver.vnet)),
            ("tags", tf.tags(resolver)),
        ],
    )
    for inbound in resolver.inbound_endpoints:
        tf.resource(
            FILE,
            "azurerm_private_dns_resolver_inbound_endpoint",
            tf.named("azurerm_private_dns_resolver_inbound_endpoint", f"{name}_{inbound.name}"),
            [
                ("name", inbound.name),
                ("private_dns_resolver_id", tf.ref(resolver.id)),
                ("location", tf.location(resolver.region)),
                Block.of(
                    "ip_configurations",
                    items=[
                        ("subnet_id", tf.ref(inbound.subnet)),
                        ("private_ip_allocation_method", "Static" if inbound.private_ip else None),
                        ("private_ip_address", inbound.private_ip),
                    ],
                ),
            ],
        )
    for outbound in resolver.outbound_endpoints:
        tf.resource(
            FILE,
            _OUTBOUND,
            _outbound_name(tf, resolver.id, outbound.name),
            [
                ("name", outbound.name),
                ("private_dns_resolver_id", tf.ref(resolver.id)),
                ("location", tf.location(resolver.region)),
                ("subnet_id", tf.ref(outbound.subnet)),
            ],
        )


_OUTBOUND = "azurerm_private_dns_resolver_outbound_endpoint"


def _outbound_name(tf: Terraform, resolver_id: str, endpoint: str) -> str:
    """The local name of a resolver's outbound endpoint (the ruleset refers to it too)."""
    address = tf.address(resolver_id)
    return tf.named(_OUTBOUND, f"{address.name if address else resolver_id}_{endpoint}")


def _ruleset(tf: Terraform, ruleset: DnsForwardingRuleset) -> None:
    name = tf.address(ruleset.id).name
    resolver = tf.component(ruleset.resolver)
    outbound = resolver.outbound_endpoints if isinstance(resolver, DnsResolver) else []
    endpoints = [
        Expr(f"{_OUTBOUND}.{_outbound_name(tf, ruleset.resolver, e.name)}.id") for e in outbound
    ]
    tf.resource(
        FILE,
        "azurerm_private_dns_resolver_dns_forwarding_ruleset",
        name,
        [
            *tf.common(ruleset, ruleset.region),
            ("private_dns_resolver_outbound_endpoint_ids", endpoints),
            ("tags", tf.tags(ruleset)),
        ],
    )
    for forwarding in ruleset.rules:
        tf.resource(
            FILE,
            "azurerm_private_dns_resolver_forwarding_rule",
            tf.local_name(
                "azurerm_private_dns_resolver_forwarding_rule", f"{name}_{forwarding.name}"
            ),
            [
                ("name", forwarding.name),
                ("dns_forwarding_ruleset_id", tf.ref(ruleset.id)),
                ("domain_name", forwarding.domain),
                ("enabled", forwarding.enabled),
                *(_target(server) for server in forwarding.target_dns_servers),
            ],
        )
    for vnet in ruleset.vnet_links:
        tf.resource(
            FILE,
            "azurerm_private_dns_resolver_virtual_network_link",
            tf.local_name("azurerm_private_dns_resolver_virtual_network_link", f"{name}_{vnet}"),
            [
                ("name", f"link-{vnet}"),
                ("dns_forwarding_ruleset_id", tf.ref(ruleset.id)),
                ("virtual_network_id", tf.ref(vnet)),
            ],
        )


def _target(server: str) -> Block:
    address, _, port = server.partition(":")
    return Block.of(
        "target_dns_servers", items=[("ip_address", address), ("port", int(port) if port else 53)]
    )
