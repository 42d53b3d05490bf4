"""Traffic control: Azure Firewall, firewall policies and rule collection groups, route tables
and routes, NAT gateways, VPN/ExpressRoute gateways, load balancers (with their pools, probes
and rules), and the associations that put them on subnets."""

from __future__ import annotations

from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import each, zones
from archlint.importers.azurerm.core import Builder, Draft, View, mapper
from archlint.importers.azurerm.vwan import firewall_hub
from archlint.importers.values import UNKNOWN, Reference

SUBNET = ("subnet",)
VNET = ("virtual_network",)
FIREWALL = ("firewall",)
FIREWALL_POLICY = ("firewall_policy",)
ROUTE_TABLE = ("route_table",)
NAT_GATEWAY = ("nat_gateway",)
PUBLIC_IP = ("public_ip",)


# --- Azure Firewall --------------------------------------------------------------------------


@mapper("azurerm_firewall", kind="firewall")
def firewall(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("tier", view.raw("sku_tier"), convert.text)
    draft.set("sku", view.raw("sku_name"), convert.text)
    draft.set("zones", view.raw("zones"), zones)
    draft.set("dns_proxy_enabled", view.raw("dns_proxy_enabled"), convert.boolean)
    draft.set("threat_intelligence_mode", view.raw("threat_intel_mode"), convert.text)
    builder.ref(draft, "policy", view.raw("firewall_policy_id"), FIREWALL_POLICY)
    firewall_hub(builder, view, draft)
    configurations = _ip_configurations(builder, view, draft)
    if configurations is None:
        draft.mark_unknown("private_ip")
        return
    if not configurations:
        return  # a hub firewall: its private IP is in its virtual_hub block
    # Azure assigns the private IP: a plan of an existing firewall knows it, HCL does not.
    private_ip = configurations[0].raw("private_ip_address")
    if private_ip is None:
        draft.mark_unknown("private_ip")
    draft.set("private_ip", private_ip, convert.text)


def _ip_configurations(builder: Builder, view: View, draft: Draft) -> list[View] | None:
    """A firewall's or gateway's ``ip_configuration`` blocks: the subnet (the one block that
    names it) and every public IP go to ``subnet`` and ``public_ips``. None (both marked
    unknown) when the blocks themselves are unknown."""
    if view.unknown("ip_configuration"):
        draft.mark_unknown("subnet")
        draft.mark_unknown("public_ips")
        return None
    configurations = view.blocks("ip_configuration")
    subnets = [c.raw("subnet_id") for c in configurations if c.raw("subnet_id") is not None]
    builder.ref(draft, "subnet", subnets[0] if subnets else None, SUBNET)
    ips = [
        c.raw("public_ip_address_id")
        for c in configurations
        if c.raw("public_ip_address_id") is not None
    ]
    if ips:
        builder.ref_list(draft, "public_ips", ips, PUBLIC_IP)
    return configurations


@mapper("azurerm_firewall_policy", kind="firewall_policy")
def firewall_policy(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("tier", view.raw("sku"), convert.text)
    draft.set("threat_intelligence_mode", view.raw("threat_intelligence_mode"), convert.text)
    builder.ref(draft, "base_policy", view.raw("base_policy_id"), FIREWALL_POLICY)
    dns = view.block("dns")
    if dns is not None:
        draft.set(("dns", "proxy_enabled"), dns.raw("proxy_enabled"), convert.boolean)
        draft.set(("dns", "servers"), dns.raw("servers"), each(convert.text))
    elif view.unknown("dns"):
        draft.mark_unknown("dns")


_COLLECTIONS = (
    ("network_rule_collection", "network"),
    ("application_rule_collection", "application"),
    ("nat_rule_collection", "nat"),
)


@mapper("azurerm_firewall_policy_rule_collection_group")
def rule_collection_group(builder: Builder, view: View, draft: Draft | None) -> None:
    policy = builder.attached_to(
        view.resource, view.raw("firewall_policy_id"), FIREWALL_POLICY, "firewall policy"
    )
    if policy is None:
        return
    group: dict[str, Any] = {}
    policy.data.setdefault("rule_collection_groups", []).append(group)
    sub = policy.sub(group, view.resource)
    sub.set("name", view.raw("name"), convert.text)
    sub.set("priority", view.raw("priority"), convert.integer)
    group["collections"] = []
    for block_name, collection_type in _COLLECTIONS:
        if view.unknown(block_name):
            sub.mark_unknown("collections")
            continue
        for block in view.blocks(block_name):
            collection: dict[str, Any] = {"type": collection_type, "rules": []}
            group["collections"].append(collection)
            base = ("collections", len(group["collections"]) - 1)
            sub.set((*base, "name"), block.raw("name"), convert.text)
            sub.set((*base, "priority"), block.raw("priority"), convert.integer)
            sub.set((*base, "action"), block.raw("action"), convert.text)
            for position, rule in enumerate(block.blocks("rule")):
                collection["rules"].append({})
                _firewall_rule(sub, (*base, "rules", position), rule, collection_type)


def _firewall_rule(draft: Draft, base: tuple[str | int, ...], rule: View, kind: str) -> None:
    draft.set((*base, "name"), rule.raw("name"), convert.text)
    draft.set((*base, "source_addresses"), rule.raw("source_addresses"), each(convert.text))
    draft.set((*base, "destination_fqdns"), rule.raw("destination_fqdns"), each(convert.text))
    destinations = rule.raw("destination_addresses")
    single = rule.raw("destination_address")  # NAT rules: one address
    if single is not None:
        destinations = [single]
    draft.set((*base, "destination_addresses"), destinations, each(convert.text))
    draft.set((*base, "destination_ports"), rule.raw("destination_ports"), each(convert.text))
    if kind == "application":
        protocols = rule.blocks("protocols")
        draft.set(
            (*base, "protocols"),
            [f"{p.get('type')}:{p.get('port')}" for p in protocols] or None,
            each(convert.text),
        )
    else:
        draft.set((*base, "protocols"), rule.raw("protocols"), each(convert.text))
    if kind == "nat":
        draft.set((*base, "translated_address"), rule.raw("translated_address"), convert.text)
        draft.set((*base, "translated_port"), rule.raw("translated_port"), convert.integer)


# --- route tables --------------------------------------------------------------------------


@mapper("azurerm_route_table", kind="route_table")
def route_table(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    enabled = view.raw("bgp_route_propagation_enabled")
    if enabled is not None:
        draft.set("bgp_route_propagation", enabled, convert.boolean)
    else:  # 3.x: disable_bgp_route_propagation (true meant propagation off)
        draft.set(
            "bgp_route_propagation",
            view.raw("disable_bgp_route_propagation"),
            lambda v: not convert.boolean(v),
        )
    if view.unknown("route"):
        draft.mark_unknown("routes")
        return
    routes = view.blocks("route")
    draft.data["routes"] = [{} for _ in routes]
    for position, route in enumerate(routes):
        _route_fields(builder, draft, ("routes", position), route)


@mapper("azurerm_route", phase=1)  # after the tables, whose inline routes come first
def route(builder: Builder, view: View, draft: Draft | None) -> None:
    target = builder.resolve_name(
        view.raw("route_table_name"), ("azurerm_route_table",), view.resource, ROUTE_TABLE
    )
    table = builder.draft_of(target if isinstance(target, str) else None)
    if table is None:
        builder.not_attached(view.resource, "route table")
        return
    entry: dict[str, Any] = {}
    table.data.setdefault("routes", []).append(entry)
    _route_fields(builder, table.sub(entry, view.resource), (), view)


def _route_fields(builder: Builder, draft: Draft, base: tuple[str | int, ...], view: View) -> None:
    draft.set((*base, "name"), view.raw("name"), convert.text)
    draft.set((*base, "address_prefix"), view.raw("address_prefix"), convert.text)
    draft.set((*base, "next_hop_type"), view.raw("next_hop_type"), convert.text)
    hop = view.raw("next_hop_in_ip_address")
    if isinstance(hop, Reference):
        # ``azurerm_firewall.hub.ip_configuration[0].private_ip_address``: the firewall itself.
        target = builder.resolve(hop, FIREWALL)
        if isinstance(target, str) and target is not UNKNOWN:
            draft.put((*base, "appliance"), target)
    draft.set((*base, "next_hop_ip"), hop, convert.text)


# --- NAT gateways ----------------------------------------------------------------------------


@mapper("azurerm_nat_gateway", kind="nat_gateway")
def nat_gateway(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("sku", view.raw("sku_name"), convert.text)
    draft.set("zones", view.raw("zones"), zones)
    draft.set("idle_timeout_minutes", view.raw("idle_timeout_in_minutes"), convert.integer)


# Association resource -> (the NAT gateway's field, the argument naming what it gets, its kinds).
_NAT_ASSOCIATIONS = {
    "azurerm_nat_gateway_public_ip_association": ("public_ips", "public_ip_address_id", PUBLIC_IP),
    "azurerm_nat_gateway_public_ip_prefix_association": (
        "public_ip_prefixes",
        "public_ip_prefix_id",
        ("public_ip_prefix",),
    ),
}


@mapper(*_NAT_ASSOCIATIONS)
def nat_public_ip(builder: Builder, view: View, draft: Draft | None) -> None:
    """A public IP or a public IP prefix given to a NAT gateway by its own resource."""
    key, argument, kinds = _NAT_ASSOCIATIONS[view.resource.type]
    gateway = builder.attached_to(
        view.resource, view.raw("nat_gateway_id"), NAT_GATEWAY, "NAT gateway"
    )
    if gateway is None:
        return
    addresses: list[str] = gateway.data.setdefault(key, [])
    target = builder.resolve(view.raw(argument), kinds)
    if isinstance(target, str) and target is not UNKNOWN:
        if target not in addresses:
            addresses.append(target)
    else:  # an address outside the configuration: which one is unknown
        gateway.mark_unknown(key)


# Association resource -> (the subnet's field, the argument naming what it gets, its kinds).
_SUBNET_ASSOCIATIONS = {
    "azurerm_subnet_route_table_association": ("route_table", "route_table_id", ROUTE_TABLE),
    "azurerm_subnet_nat_gateway_association": ("nat_gateway", "nat_gateway_id", NAT_GATEWAY),
}


@mapper(*_SUBNET_ASSOCIATIONS)
def subnet_association(builder: Builder, view: View, draft: Draft | None) -> None:
    """A route table or NAT gateway put on a subnet by its own resource."""
    key, argument, kinds = _SUBNET_ASSOCIATIONS[view.resource.type]
    subnet = builder.attached_to(view.resource, view.raw("subnet_id"), SUBNET, "subnet")
    if subnet is not None:
        builder.ref(subnet, key, view.raw(argument), kinds)


# --- VPN and ExpressRoute gateways ---------------------------------------------------------


@mapper("azurerm_virtual_network_gateway", kind="virtual_network_gateway")
def virtual_network_gateway(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("type", view.raw("type"), convert.text)
    draft.set("sku", view.raw("sku"), convert.text)
    draft.set("generation", view.raw("generation"), convert.text)
    draft.set("active_active", view.raw("active_active"), convert.boolean)
    draft.set("bgp_enabled", view.raw("bgp_enabled", "enable_bgp"), convert.boolean)
    _ip_configurations(builder, view, draft)


# --- load balancers --------------------------------------------------------------------------

LOAD_BALANCER = ("load_balancer",)


@mapper("azurerm_lb", kind="load_balancer")
def load_balancer(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    # azurerm 4.x defaults the SKU to Standard; 3.x defaulted to Basic.
    draft.set("sku", builder.or_default(view, "sku", view.raw("sku")), convert.text)
    draft.set("tier", view.raw("sku_tier"), convert.text)
    if view.unknown("frontend_ip_configuration"):
        draft.mark_unknown("frontends")
        return
    frontends = view.blocks("frontend_ip_configuration")
    draft.data["frontends"] = [{} for _ in frontends]
    for position, frontend in enumerate(frontends):
        base = ("frontends", position)
        draft.set((*base, "name"), frontend.raw("name"), convert.text)
        builder.ref(draft, (*base, "public_ip"), frontend.raw("public_ip_address_id"), PUBLIC_IP)
        builder.ref(draft, (*base, "subnet"), frontend.raw("subnet_id"), SUBNET)
        draft.set((*base, "private_ip"), frontend.raw("private_ip_address"), convert.text)
        draft.set((*base, "zones"), frontend.raw("zones"), zones)


def _lb_of(builder: Builder, view: View, what: str) -> Draft | None:
    return builder.attached_to(
        view.resource, view.raw("loadbalancer_id"), LOAD_BALANCER, f"load balancer for its {what}"
    )


def _name_of(builder: Builder, value: Any) -> Any:
    """The name of the resource a reference points at (a probe, a backend pool)."""
    if isinstance(value, Reference) and value.address in builder.by_address:
        return builder.by_address[value.address].values.get("name", UNKNOWN)
    return UNKNOWN


@mapper("azurerm_lb_backend_address_pool", phase=1)
def lb_backend_pool(builder: Builder, view: View, draft: Draft | None) -> None:
    lb = _lb_of(builder, view, "backend pool")
    if lb is None:
        return
    pools: list[Any] = lb.data.setdefault("backend_pools", [])
    pools.append(None)
    lb.set(("backend_pools", len(pools) - 1), view.raw("name"), convert.text)


@mapper("azurerm_lb_probe", phase=1)
def lb_probe(builder: Builder, view: View, draft: Draft | None) -> None:
    sub = _lb_part(builder, view, "probes", "probe")
    if sub is None:
        return
    sub.set("protocol", view.raw("protocol"), convert.text)
    sub.set("port", view.raw("port"), convert.integer)
    sub.set("path", view.raw("request_path"), convert.text)
    sub.set("interval_seconds", view.raw("interval_in_seconds"), convert.integer)
    sub.set("threshold", view.raw("probe_threshold"), convert.integer)


@mapper("azurerm_lb_rule", phase=1)
def lb_rule(builder: Builder, view: View, draft: Draft | None) -> None:
    sub = _lb_part(builder, view, "rules", "rule")
    if sub is None:
        return
    sub.set("frontend", view.raw("frontend_ip_configuration_name"), convert.text)
    sub.set("protocol", view.raw("protocol"), convert.text)
    sub.set("frontend_port", view.raw("frontend_port"), convert.integer)
    sub.set("backend_port", view.raw("backend_port"), convert.integer)
    sub.set("floating_ip", view.raw("floating_ip_enabled", "enable_floating_ip"), convert.boolean)
    sub.set("disable_outbound_snat", view.raw("disable_outbound_snat"), convert.boolean)
    sub.set("idle_timeout_minutes", view.raw("idle_timeout_in_minutes"), convert.integer)
    probe = view.raw("probe_id")
    if probe is not None:  # absent: the rule has no probe
        sub.set("probe", _name_of(builder, probe), convert.text)
    pools = view.raw("backend_address_pool_ids")
    if isinstance(pools, list):
        sub.set("backend_pools", [_name_of(builder, p) for p in pools], each(convert.text))
    elif pools is not None:
        sub.mark_unknown("backend_pools")


#: Azure reads transport protocols case-insensitively; old examples write ``tcp``.
_LB_PROTOCOLS = {"tcp": "Tcp", "udp": "Udp", "all": "All"}


def _lb_protocol(value: Any) -> str:
    return _LB_PROTOCOLS[convert.lower(value)]


def _lb_part(builder: Builder, view: View, attribute: str, what: str) -> Draft | None:
    """A new named entry of the load balancer's ``attribute`` list (its probes, rules...), as
    a sub-draft, or None (with a note) when the load balancer is not found."""
    lb = _lb_of(builder, view, what)
    if lb is None:
        return None
    part: dict[str, Any] = {}
    lb.data.setdefault(attribute, []).append(part)
    sub = lb.sub(part, view.resource)
    sub.set("name", view.raw("name"), convert.text)
    return sub


def _inbound_nat(builder: Builder, view: View, attribute: str, what: str) -> Draft | None:
    """An inbound NAT rule or pool: what the two share."""
    sub = _lb_part(builder, view, attribute, what)
    if sub is not None:
        sub.set("protocol", view.raw("protocol"), _lb_protocol)
        sub.set("frontend", view.raw("frontend_ip_configuration_name"), convert.text)
        sub.set("frontend_port_start", view.raw("frontend_port_start"), convert.integer)
        sub.set("frontend_port_end", view.raw("frontend_port_end"), convert.integer)
        sub.set("backend_port", view.raw("backend_port"), convert.integer)
    return sub


@mapper("azurerm_lb_nat_rule", phase=1)
def lb_nat_rule(builder: Builder, view: View, draft: Draft | None) -> None:
    sub = _inbound_nat(builder, view, "nat_rules", "inbound NAT rule")
    if sub is None:
        return
    sub.set("frontend_port", view.raw("frontend_port"), convert.integer)
    sub.set("floating_ip", view.raw("floating_ip_enabled", "enable_floating_ip"), convert.boolean)
    sub.set("idle_timeout_minutes", view.raw("idle_timeout_in_minutes"), convert.integer)
    pool = view.raw("backend_address_pool_id")
    if pool is not None:
        sub.set("backend_pool", _name_of(builder, pool), convert.text)


@mapper("azurerm_lb_nat_pool", phase=1)
def lb_nat_pool(builder: Builder, view: View, draft: Draft | None) -> None:
    _inbound_nat(builder, view, "nat_pools", "inbound NAT pool")


@mapper("azurerm_lb_outbound_rule", phase=1)
def lb_outbound_rule(builder: Builder, view: View, draft: Draft | None) -> None:
    sub = _lb_part(builder, view, "outbound_rules", "outbound rule")
    if sub is None:
        return
    sub.set("protocol", view.raw("protocol"), _lb_protocol)
    sub.set("idle_timeout_minutes", view.raw("idle_timeout_in_minutes"), convert.integer)
    sub.set("backend_pool", _name_of(builder, view.raw("backend_address_pool_id")), convert.text)
    sub.set("allocated_outbound_ports", view.raw("allocated_outbound_ports"), convert.integer)
    if view.unknown("frontend_ip_configuration"):
        sub.mark_unknown("frontends")
        return
    frontends = [block.raw("name") for block in view.blocks("frontend_ip_configuration")]
    sub.set("frontends", frontends, each(convert.text))


# --- DNS Private Resolver --------------------------------------------------------------------

DNS_RESOLVER = ("dns_resolver",)
RULESET = ("dns_forwarding_ruleset",)


@mapper("azurerm_private_dns_resolver", kind="dns_resolver")
def dns_resolver(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    builder.ref(draft, "vnet", view.raw("virtual_network_id"), VNET, required=True)


def _endpoint(builder: Builder, view: View, key: str) -> tuple[Draft, Draft] | None:
    """A new endpoint of the resolver a resource names, as (the resolver, the endpoint)."""
    resolver = builder.attached_to(
        view.resource, view.raw("private_dns_resolver_id"), DNS_RESOLVER, "DNS resolver"
    )
    if resolver is None:
        return None
    endpoint: dict[str, Any] = {}
    resolver.data.setdefault(key, []).append(endpoint)
    sub = resolver.sub(endpoint, view.resource)
    sub.set("name", view.raw("name"), convert.text)
    return resolver, sub


@mapper("azurerm_private_dns_resolver_inbound_endpoint", phase=1)
def resolver_inbound(builder: Builder, view: View, draft: Draft | None) -> None:
    found = _endpoint(builder, view, "inbound_endpoints")
    if found is None:
        return
    configuration = view.block("ip_configurations")
    _, endpoint = found
    subnet = configuration.raw("subnet_id") if configuration else None
    builder.ref(endpoint, "subnet", subnet, SUBNET, required=True)
    if configuration is not None:
        endpoint.set("private_ip", configuration.raw("private_ip_address"), convert.text)
    if endpoint.data.get("private_ip") is None:  # dynamic: Azure picks it at apply
        endpoint.mark_unknown("private_ip")


@mapper("azurerm_private_dns_resolver_outbound_endpoint", phase=1)
def resolver_outbound(builder: Builder, view: View, draft: Draft | None) -> None:
    found = _endpoint(builder, view, "outbound_endpoints")
    if found is not None:
        builder.ref(found[1], "subnet", view.raw("subnet_id"), SUBNET, required=True)


@mapper("azurerm_private_dns_resolver_dns_forwarding_ruleset", kind="dns_forwarding_ruleset")
def forwarding_ruleset(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    # The ruleset names outbound endpoints; the model names the resolver they belong to.
    endpoints = view.raw("private_dns_resolver_outbound_endpoint_ids")
    first_endpoint = endpoints[0] if isinstance(endpoints, list) and endpoints else None
    resolver_id: Any = None
    if isinstance(first_endpoint, Reference) and first_endpoint.address in builder.by_address:
        resolver_id = builder.by_address[first_endpoint.address].values.get(
            "private_dns_resolver_id"
        )
    builder.ref(draft, "resolver", resolver_id, DNS_RESOLVER, required=True)


def _ruleset_of(builder: Builder, view: View) -> Draft | None:
    return builder.attached_to(
        view.resource, view.raw("dns_forwarding_ruleset_id"), RULESET, "DNS forwarding ruleset"
    )


@mapper("azurerm_private_dns_resolver_forwarding_rule", phase=1)
def forwarding_rule(builder: Builder, view: View, draft: Draft | None) -> None:
    ruleset = _ruleset_of(builder, view)
    if ruleset is None:
        return
    entry: dict[str, Any] = {}
    ruleset.data.setdefault("rules", []).append(entry)
    sub = ruleset.sub(entry, view.resource)
    sub.set("name", view.raw("name"), convert.text)
    sub.set("domain", view.raw("domain_name"), convert.text)
    sub.set("enabled", view.raw("enabled"), convert.boolean)
    if view.unknown("target_dns_servers"):
        sub.mark_unknown("target_dns_servers")
        entry["target_dns_servers"] = ["0.0.0.0"]
        return
    servers = []
    for position, server in enumerate(view.blocks("target_dns_servers")):
        address, port = server.raw("ip_address"), server.get("port")
        servers.append(None)
        sub.put(("target_dns_servers",), servers)
        sub.set(
            ("target_dns_servers", position),
            address,
            lambda ip, port=port: f"{convert.text(ip)}:{port}" if port not in (None, 53) else ip,
        )


@mapper("azurerm_private_dns_resolver_virtual_network_link", phase=1)
def ruleset_vnet_link(builder: Builder, view: View, draft: Draft | None) -> None:
    ruleset = _ruleset_of(builder, view)
    if ruleset is None:
        return
    links: list[str] = ruleset.data.setdefault("vnet_links", [])
    target = builder.resolve(view.raw("virtual_network_id"), VNET)
    if isinstance(target, str) and target is not UNKNOWN:
        if target not in links:
            links.append(target)
    else:
        ruleset.mark_unknown("vnet_links")
