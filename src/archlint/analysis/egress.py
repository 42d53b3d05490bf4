"""Where routed traffic goes: the firewalls routes and DNS settings point at.

- which firewall a route's next hop is (the route names it, or its IP is the firewall's
  private IP);
- whether a firewall answers DNS (its policy's DNS proxy, or its own for classic rules),
  and the model path that decision rests on;
- a route table's default route (``0.0.0.0/0``);
- which VNet's Azure DNS answers a VNet's queries (its own, or that of the firewall DNS
  proxy or DNS Private Resolver its DNS servers are), and the fields that decide it;
- whether an address may be in a virtual hub.
"""

from __future__ import annotations

import ipaddress

from archlint.model import Architecture, Path
from archlint.model.egress import Firewall, FirewallPolicy, Route, RouteTable
from archlint.model.network import VirtualNetwork
from archlint.records import record

DEFAULT_ROUTE = "0.0.0.0/0"


def firewalls_by_ip(arch: Architecture) -> dict[str, Firewall]:
    """Private IP -> the firewall that has it (firewalls whose IP the model knows)."""
    return {fw.private_ip: fw for fw in arch.network.firewalls if fw.private_ip}


def route_firewall(arch: Architecture, route: Route) -> Firewall | None:
    """The firewall a VirtualAppliance route sends traffic to, when the model says which."""
    if route.next_hop_type != "VirtualAppliance":
        return None
    if route.appliance:
        named = arch.get(route.appliance)
        return named if isinstance(named, Firewall) else None
    if route.next_hop_ip:
        return firewalls_by_ip(arch).get(route.next_hop_ip)
    return None


def default_route(table: RouteTable) -> tuple[int, Route] | None:
    """The position and route of the table's ``0.0.0.0/0`` route, if it has one."""
    for position, route in enumerate(table.routes):
        if route.address_prefix.strip() == DEFAULT_ROUTE:
            return position, route
    return None


def dns_proxy(arch: Architecture, firewall: Firewall) -> tuple[bool, Path]:
    """Whether ``firewall`` proxies DNS, and the model path of the setting that says so."""
    policy = arch.get(firewall.policy) if firewall.policy else None
    if isinstance(policy, FirewallPolicy):
        return policy.dns.proxy_enabled, (*arch.path_of(policy.id), "dns", "proxy_enabled")
    return firewall.dns_proxy_enabled, (*arch.path_of(firewall.id), "dns_proxy_enabled")


def vnet_of_firewall(arch: Architecture, firewall: Firewall) -> VirtualNetwork | None:
    """The VNet of the subnet the firewall is deployed in."""
    entry = arch.index.by_id.get(firewall.subnet) if firewall.subnet else None
    parent = entry.parent if entry else None
    return parent if isinstance(parent, VirtualNetwork) else None


def vnet_containing(arch: Architecture, address: str) -> VirtualNetwork | None:
    """The VNet whose address space holds ``address`` (None when none does, or not an IP)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    for vnet in arch.network.vnets:
        if any(ip.version == space.version and ip in space for space in vnet.address_space):
            return vnet
    return None


def hub_may_hold(arch: Architecture, address: str) -> bool:
    """Whether ``address`` may be in a virtual hub (a Microsoft-managed VNet, where a hub
    firewall lives): a hub's address prefix holds it, or a hub's prefix is not stated."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(
        hub.address_prefix is None
        or (ip.version == hub.address_prefix.version and ip in hub.address_prefix)
        for hub in arch.network.virtual_hubs
    )


@record
class Resolution:
    """The VNet whose Azure DNS answers a VNet's queries, and the model fields that say so
    (a finding about that answer rests on them)."""

    vnet: VirtualNetwork
    premises: tuple[Path, ...]


def resolution(arch: Architecture, vnet: VirtualNetwork) -> Resolution | None:
    """Where Azure DNS answers ``vnet``'s queries, which is where private DNS zones must be
    linked: ``vnet`` itself when it has no custom DNS servers; when every server is one Azure
    service that resolves with Azure DNS from its own VNet (an Azure Firewall whose DNS proxy
    forwards to Azure DNS, no custom servers in its policy, or a DNS Private Resolver's
    inbound endpoint), that service's VNet. None otherwise (other servers, a firewall that
    does not proxy): what those answer is unknown."""
    servers = (*arch.path_of(vnet.id), "dns_servers")
    if not vnet.dns_servers:
        return Resolution(vnet, (servers,))
    homes = [_home_of_dns_server(arch, ip) for ip in vnet.dns_servers]
    first = homes[0]
    if first is None or any(home is None or home.vnet.id != first.vnet.id for home in homes):
        return None
    premises = dict.fromkeys(p for home in homes if home for p in home.premises)
    return Resolution(first.vnet, (servers, *premises))


def _home_of_dns_server(arch: Architecture, address: str) -> Resolution | None:
    for resolver in arch.network.dns_resolvers:
        for position, endpoint in enumerate(resolver.inbound_endpoints):
            if endpoint.private_ip != address:
                continue
            found = arch.get(resolver.vnet)
            if not isinstance(found, VirtualNetwork):
                return None
            at = arch.path_of(resolver.id)
            address_at = (*at, "inbound_endpoints", position, "private_ip")
            return Resolution(found, ((*at, "vnet"), address_at))
    firewall = firewalls_by_ip(arch).get(address)
    if firewall is None:
        return None
    enabled, proxy = dns_proxy(arch, firewall)
    policy = arch.get(firewall.policy) if firewall.policy else None
    if not enabled or (isinstance(policy, FirewallPolicy) and policy.dns.servers):
        return None
    home = vnet_of_firewall(arch, firewall)
    if home is None:
        return None
    at = arch.path_of(firewall.id)
    premises = [(*at, "private_ip"), (*at, "subnet"), (*at, "policy"), proxy]
    if isinstance(policy, FirewallPolicy):
        premises.append((*arch.path_of(policy.id), "dns", "servers"))
    return Resolution(home, tuple(premises))
