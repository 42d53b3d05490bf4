"""Network, continued: Azure Firewall and its policies, route tables, NAT gateways, VPN and
ExpressRoute gateways, load balancers, DNS resolvers. Subnets refer to their route table and
NAT gateway (network.py)."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import sub_ref, sub_resource
from archlint.generators.bicep.writer import BExpr, BValue, quote
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

LAYER = "network"

_RULE_TYPES = {"network": "NetworkRule", "application": "ApplicationRule", "nat": "NatRule"}
_COLLECTION_TYPES = {
    "network": "FirewallPolicyFilterRuleCollection",
    "application": "FirewallPolicyFilterRuleCollection",
    "nat": "FirewallPolicyNatRuleCollection",
}


def egress(b: Bicep) -> None:
    network = b.architecture.network
    for policy in network.firewall_policies:
        _policy(b, policy)
    for firewall in network.firewalls:
        _firewall(b, firewall)
    for table in network.route_tables:
        _route_table(b, table)
    for gateway in network.nat_gateways:
        _nat_gateway(b, gateway)
    for vng in network.gateways:
        _gateway(b, vng)
    for balancer in network.load_balancers:
        _load_balancer(b, balancer)
    for resolver in network.dns_resolvers:
        _dns_resolver(b, resolver)
    for ruleset in network.dns_forwarding_rulesets:
        _ruleset(b, ruleset)


def _firewall(b: Bicep, firewall: Firewall) -> None:
    ips = [b.ref(ip) for ip in firewall.public_ips] or [None]
    configurations: list[BValue] = [
        {
            "name": f"ipconfig{position + 1}",
            "properties": {
                "subnet": sub_ref(b, firewall.subnet) if position == 0 else None,
                "publicIPAddress": sub_resource(ip),
            },
        }
        for position, ip in enumerate(ips)
    ]
    classic = firewall.policy is None
    b.add(
        LAYER,
        "Microsoft.Network/azureFirewalls",
        b.symbols[firewall.id],
        firewall.resource_name,
        {
            "location": b.location(firewall.region),
            "tags": b.tags(firewall),
            "zones": [str(zone) for zone in firewall.zones] or None,
            "properties": {
                "sku": {"name": firewall.sku, "tier": firewall.tier},
                "firewallPolicy": sub_ref(b, firewall.policy),
                "threatIntelMode": firewall.threat_intelligence_mode if classic else None,
                "additionalProperties": {"Network.DNS.EnableProxy": "true"}
                if classic and firewall.dns_proxy_enabled
                else None,
                "ipConfigurations": configurations if firewall.sku == "AZFW_VNet" else None,
                "virtualHub": sub_ref(b, firewall.virtual_hub),
                "hubIPAddresses": {"publicIPs": {"count": firewall.hub_public_ip_count}}
                if firewall.hub_public_ip_count
                else None,
            },
        },
    )


def _policy(b: Bicep, policy: FirewallPolicy) -> None:
    symbol = b.symbols[policy.id]
    b.add(
        LAYER,
        "Microsoft.Network/firewallPolicies",
        symbol,
        policy.resource_name,
        {
            "location": b.location(policy.region),
            "tags": b.tags(policy),
            "properties": {
                "sku": {"tier": policy.tier},
                "threatIntelMode": policy.threat_intelligence_mode,
                "basePolicy": sub_ref(b, policy.base_policy),
                "dnsSettings": {
                    "enableProxy": policy.dns.proxy_enabled,
                    "servers": policy.dns.servers or None,
                },
            },
        },
    )
    previous: tuple[str, ...] = ()
    for group in policy.rule_collection_groups:
        group_symbol = b.new_symbol(f"{policy.id}-{group.name}")
        b.add(
            LAYER,
            "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
            group_symbol,
            group.name,
            {
                "properties": {
                    "priority": group.priority,
                    "ruleCollections": [_collection(c) for c in group.collections],
                }
            },
            parent=symbol,
            # One group at a time: Azure refuses parallel writes to one policy.
            depends_on=previous,
        )
        previous = (group_symbol,)


def _collection(collection: FirewallRuleCollection) -> dict[str, BValue]:
    return {
        "ruleCollectionType": _COLLECTION_TYPES[collection.type],
        "name": collection.name,
        "priority": collection.priority,
        "action": {"type": collection.action},
        "rules": [_rule(rule, collection.type) for rule in collection.rules],
    }


def _rule(rule: FirewallRule, kind: str) -> dict[str, BValue]:
    out: dict[str, BValue] = {
        "ruleType": _RULE_TYPES[kind],
        "name": rule.name,
        "sourceAddresses": list(rule.source_addresses),
    }
    if kind == "application":
        out["targetFqdns"] = list(rule.destination_fqdns) or None
        out["destinationAddresses"] = list(rule.destination_addresses) or None
        out["protocols"] = [_app_protocol(p) for p in rule.protocols]
    else:
        out["ipProtocols"] = list(rule.protocols)
        out["destinationAddresses"] = list(rule.destination_addresses) or None
        out["destinationPorts"] = list(rule.destination_ports)
    if kind == "network":
        out["destinationFqdns"] = list(rule.destination_fqdns) or None
    if kind == "nat":
        out["translatedAddress"] = rule.translated_address
        out["translatedPort"] = str(rule.translated_port) if rule.translated_port else None
    return {key: value for key, value in out.items() if value is not None}


def _app_protocol(protocol: str) -> dict[str, BValue]:
    kind, _, port = protocol.partition(":")
    return {"protocolType": kind, "port": int(port) if port else 443}


def _route_table(b: Bicep, table: RouteTable) -> None:
    b.add(
        LAYER,
        "Microsoft.Network/routeTables",
        b.symbols[table.id],
        table.resource_name,
        {
            "location": b.location(table.region),
            "tags": b.tags(table),
            "properties": {
                "disableBgpRoutePropagation": not table.bgp_route_propagation,
                "routes": [_route(b, route) for route in table.routes],
            },
        },
    )


def _route(b: Bicep, route: Route) -> dict[str, BValue]:
    hop: BValue | None = route.next_hop_ip
    if route.appliance and route.appliance in b.symbols:
        hop = BExpr.symbol(
            b.symbols[route.appliance], "properties.ipConfigurations[0].properties.privateIPAddress"
        )
    return {
        "name": route.name,
        "properties": {
            "addressPrefix": route.address_prefix,
            "nextHopType": route.next_hop_type,
            "nextHopIpAddress": hop,
        },
    }


def _nat_gateway(b: Bicep, gateway: NatGateway) -> None:
    b.add(
        LAYER,
        "Microsoft.Network/natGateways",
        b.symbols[gateway.id],
        gateway.resource_name,
        {
            "location": b.location(gateway.region),
            "tags": b.tags(gateway),
            "sku": {"name": gateway.sku},
            "zones": [str(zone) for zone in gateway.zones] or None,
            "properties": {
                "idleTimeoutInMinutes": gateway.idle_timeout_minutes,
                "publicIpAddresses": [sub_ref(b, ip) for ip in gateway.public_ips] or None,
                "publicIpPrefixes": [sub_ref(b, prefix) for prefix in gateway.public_ip_prefixes]
                or None,
            },
        },
    )


def _gateway(b: Bicep, gateway: VirtualNetworkGateway) -> None:
    ips = [b.ref(ip) for ip in gateway.public_ips] or [None]
    b.add(
        LAYER,
        "Microsoft.Network/virtualNetworkGateways",
        b.symbols[gateway.id],
        gateway.resource_name,
        {
            "location": b.location(gateway.region),
            "tags": b.tags(gateway),
            "properties": {
                "gatewayType": gateway.type,
                "vpnType": "RouteBased" if gateway.type == "Vpn" else None,
                "vpnGatewayGeneration": gateway.generation,
                "sku": {"name": gateway.sku, "tier": gateway.sku},
                "activeActive": gateway.active_active,
                "enableBgp": gateway.bgp_enabled,
                "ipConfigurations": [
                    {
                        "name": f"ipconfig{position + 1}",
                        "properties": {
                            "subnet": sub_ref(b, gateway.subnet),
                            "publicIPAddress": sub_resource(ip),
                            "privateIPAllocationMethod": "Dynamic",
                        },
                    }
                    for position, ip in enumerate(ips)
                ],
            },
        },
    )


def _child(balancer: LoadBalancer, kind: str, name: str) -> dict[str, BValue]:
    """``{ id: resourceId(...) }`` of a part of the load balancer (a frontend, a pool...)."""
    return {
        "id": BExpr(
            f"resourceId('Microsoft.Network/loadBalancers/{kind}', "
            f"{quote(balancer.resource_name)}, {quote(name)})"
        )
    }


def _load_balancer(b: Bicep, balancer: LoadBalancer) -> None:
    b.add(
        LAYER,
        "Microsoft.Network/loadBalancers",
        b.symbols[balancer.id],
        balancer.resource_name,
        {
            "location": b.location(balancer.region),
            "tags": b.tags(balancer),
            "sku": {"name": balancer.sku, "tier": balancer.tier},
            "properties": {
                "frontendIPConfigurations": [
                    {
                        "name": frontend.name,
                        "zones": [str(zone) for zone in frontend.zones] or None,
                        "properties": {
                            "publicIPAddress": sub_ref(b, frontend.public_ip),
                            "subnet": sub_ref(b, frontend.subnet),
                            "privateIPAddress": frontend.private_ip,
                            "privateIPAllocationMethod": "Static" if frontend.private_ip else None,
                        },
                    }
                    for frontend in balancer.frontends
                ],
                "backendAddressPools": [{"name": pool} for pool in balancer.backend_pools],
                "probes": [
                    {
                        "name": probe.name,
                        "properties": {
                            "protocol": probe.protocol,
                            "port": probe.port,
                            "requestPath": probe.path if probe.protocol != "Tcp" else None,
                            "intervalInSeconds": probe.interval_seconds,
                            "probeThreshold": probe.threshold,
                        },
                    }
                    for probe in balancer.probes
                ],
                "loadBalancingRules": [
                    {
                        "name": rule.name,
                        "properties": {
                            "frontendIPConfiguration": _child(
                                balancer, "frontendIPConfigurations", rule.frontend
                            ),
                            "backendAddressPools": [
                                _child(balancer, "backendAddressPools", pool)
                                for pool in rule.backend_pools
                            ]
                            or None,
                            "probe": _child(balancer, "probes", rule.probe) if rule.probe else None,
                            "protocol": rule.protocol,
                            "frontendPort": rule.frontend_port,
                            "backendPort": rule.backend_port,
                            "enableFloatingIP": rule.floating_ip,
                            "disableOutboundSnat": rule.disable_outbound_snat,
                            "idleTimeoutInMinutes": rule.idle_timeout_minutes,
                        },
                    }
                    for rule in balancer.rules
                ],
                **_nat_and_outbound_rules(balancer),
            },
        },
    )


def _nat_and_outbound_rules(balancer: LoadBalancer) -> dict[str, BValue]:
    """``inboundNatRules``, ``inboundNatPools`` and ``outboundRules`` (absent when empty)."""
    nat_rules: list[BValue] = [
        {
            "name": rule.name,
            "properties": {
                **_inbound_nat(balancer, rule),
                "frontendPort": rule.frontend_port,
                "backendAddressPool": _child(balancer, "backendAddressPools", rule.backend_pool)
                if rule.backend_pool
                else None,
                "enableFloatingIP": rule.floating_ip,
                "idleTimeoutInMinutes": rule.idle_timeout_minutes,
            },
        }
        for rule in balancer.nat_rules
    ]
    nat_pools: list[BValue] = [
        {"name": pool.name, "properties": _inbound_nat(balancer, pool)}
        for pool in balancer.nat_pools
    ]
    outbound: list[BValue] = [
        {
            "name": rule.name,
            "properties": {
                "frontendIPConfigurations": [
                    _child(balancer, "frontendIPConfigurations", frontend)
                    for frontend in rule.frontends
                ],
                "backendAddressPool": _child(balancer, "backendAddressPools", rule.backend_pool),
                "protocol": rule.protocol,
                "allocatedOutboundPorts": rule.allocated_outbound_ports,
                "idleTimeoutInMinutes": rule.idle_timeout_minutes,
            },
        }
        for rule in balancer.outbound_rules
    ]
    parts = {"inboundNatRules": nat_rules, "inboundNatPools": nat_pools, "outboundRules": outbound}
    return {key: value for key, value in parts.items() if value}


def _inbound_nat(balancer: LoadBalancer, part: LbNatRule | LbNatPool) -> dict[str, BValue]:
    """The properties an inbound NAT rule and an inbound NAT pool share."""
    return {
        "frontendIPConfiguration": _child(balancer, "frontendIPConfigurations", part.frontend),
        "protocol": part.protocol,
        "frontendPortRangeStart": part.frontend_port_start,
        "frontendPortRangeEnd": part.frontend_port_end,
        "backendPort": part.backend_port,
    }


def _dns_resolver(b: Bicep, resolver: DnsResolver) -> None:
    symbol = b.symbols[resolver.id]
    b.add(
        LAYER,
        "Microsoft.Network/dnsResolvers",
        symbol,
        resolver.resource_name,
        {
            "location": b.location(resolver.region),
            "tags": b.tags(resolver),
            "properties": {"virtualNetwork": sub_ref(b, resolver.vnet)},
        },
    )
    for inbound in resolver.inbound_endpoints:
        b.add(
            LAYER,
            "Microsoft.Network/dnsResolvers/inboundEndpoints",
            b.new_symbol(f"{resolver.id}-{inbound.name}"),
            inbound.name,
            {
                "location": b.location(resolver.region),
                "properties": {
                    "ipConfigurations": [
                        {
                            "subnet": sub_ref(b, inbound.subnet),
                            "privateIpAddress": inbound.private_ip,
                            "privateIpAllocationMethod": "Static"
                            if inbound.private_ip
                            else "Dynamic",
                        }
                    ]
                },
            },
            parent=symbol,
        )
    for outbound in resolver.outbound_endpoints:
        b.add(
            LAYER,
            "Microsoft.Network/dnsResolvers/outboundEndpoints",
            _outbound_symbol(b, resolver.id, outbound.name),
            outbound.name,
            {
                "location": b.location(resolver.region),
                "properties": {"subnet": sub_ref(b, outbound.subnet)},
            },
            parent=symbol,
        )


def _outbound_symbol(b: Bicep, resolver_id: str, endpoint: str) -> str:
    """One symbol per outbound endpoint, the same wherever it is asked for."""
    key = (resolver_id, f"outbound endpoint {endpoint}")
    symbol = b.endpoint_symbols.get(key)
    if symbol is None:
        symbol = b.endpoint_symbols[key] = b.new_symbol(f"{resolver_id}-{endpoint}")
    return symbol


def _ruleset(b: Bicep, ruleset: DnsForwardingRuleset) -> None:
    symbol = b.symbols[ruleset.id]
    resolver = b.component(ruleset.resolver)
    outbound = resolver.outbound_endpoints if isinstance(resolver, DnsResolver) else []
    b.add(
        LAYER,
        "Microsoft.Network/dnsForwardingRulesets",
        symbol,
        ruleset.resource_name,
        {
            "location": b.location(ruleset.region),
            "tags": b.tags(ruleset),
            "properties": {
                "dnsResolverOutboundEndpoints": [
                    {"id": BExpr.symbol(_outbound_symbol(b, ruleset.resolver, e.name), "id")}
                    for e in outbound
                ]
            },
        },
    )
    for forwarding in ruleset.rules:
        b.add(
            LAYER,
            "Microsoft.Network/dnsForwardingRulesets/forwardingRules",
            b.new_symbol(f"{ruleset.id}-{forwarding.name}"),
            forwarding.name,
            {
                "properties": {
                    "domainName": forwarding.domain,
                    "forwardingRuleState": "Enabled" if forwarding.enabled else "Disabled",
                    "targetDnsServers": [
                        _target(server) for server in forwarding.target_dns_servers
                    ],
                }
            },
            parent=symbol,
        )
    for vnet in ruleset.vnet_links:
        b.add(
            LAYER,
            "Microsoft.Network/dnsForwardingRulesets/virtualNetworkLinks",
            b.new_symbol(f"{ruleset.id}-{vnet}-link"),
            f"link-{vnet}",
            {"properties": {"virtualNetwork": sub_ref(b, vnet)}},
            parent=symbol,
        )


def _target(server: str) -> dict[str, BValue]:
    address, _, port = server.partition(":")
    return {"ipAddress": address, "port": int(port) if port else 53}
