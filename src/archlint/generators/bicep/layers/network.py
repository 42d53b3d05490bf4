"""Network: VNets and subnets (one at a time), NSGs, peerings, DNS zones, private endpoints,
public IPs, relays."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import (
    sub_ref,
    sub_resource,
    subnet_region,
)
from archlint.generators.bicep.layers.egress import egress
from archlint.generators.bicep.layers.vpn import vpn
from archlint.generators.bicep.layers.vwan import vwan
from archlint.generators.bicep.writer import BValue
from archlint.model.network import NsgRule, VirtualNetwork


def _ports(singular: str, plural: str, value: str) -> dict[str, BValue]:
    parts = [p.strip() for p in value.split(",") if p.strip()] or ["*"]
    return {singular: parts[0]} if len(parts) == 1 else {plural: parts}


def _nsg_rule(rule: NsgRule) -> dict[str, BValue]:
    return {
        "name": rule.name,
        "properties": {
            "priority": rule.priority,
            "direction": rule.direction,
            "access": rule.access,
            "protocol": rule.protocol,
            **_ports("sourcePortRange", "sourcePortRanges", rule.source_ports),
            **_ports("destinationPortRange", "destinationPortRanges", rule.destination_ports),
            **_ports("sourceAddressPrefix", "sourceAddressPrefixes", rule.source),
            **_ports("destinationAddressPrefix", "destinationAddressPrefixes", rule.destination),
        },
    }


def network(b: Bicep) -> None:
    layer = "network"
    net = b.architecture.network
    for plan in net.ddos_protection_plans:
        if plan.id in b.symbols:
            b.add(
                layer,
                "Microsoft.Network/ddosProtectionPlans",
                b.symbols[plan.id],
                plan.resource_name,
                {"location": b.location(), "tags": b.tags(plan), "properties": {}},
            )
        else:
            b.note(layer, f"DDoS '{plan.id}': IP protection is set on each public IP.")
    for nsg in net.nsgs:
        b.add(
            layer,
            "Microsoft.Network/networkSecurityGroups",
            b.symbols[nsg.id],
            nsg.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(nsg),
                "properties": {"securityRules": [_nsg_rule(r) for r in nsg.rules]},
            },
        )
    vwan(b)
    egress(b)
    vpn(b)
    for vnet in net.vnets:
        _vnet(b, vnet)
    for peering in net.peerings:
        b.add(
            layer,
            "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
            b.symbols[peering.id],
            peering.resource_name,
            {
                "properties": {
                    "remoteVirtualNetwork": sub_resource(b.ref(peering.remote)),
                    "allowVirtualNetworkAccess": True,
                    "allowForwardedTraffic": peering.allow_forwarded_traffic,
                    "allowGatewayTransit": peering.allow_gateway_transit,
                    "useRemoteGateways": peering.use_remote_gateways,
                }
            },
            parent=b.symbols.get(peering.local),
        )
    for ip in net.public_ips:
        vnet = b.component(ip.vnet)
        b.add(
            layer,
            "Microsoft.Network/publicIPAddresses",
            b.symbols[ip.id],
            ip.resource_name,
            {
                "location": b.location(getattr(vnet, "region", None)),
                "tags": b.tags(ip),
                "sku": {"name": ip.sku, "tier": "Regional"},
                "zones": [str(z) for z in ip.zones] or None,
                "properties": {
                    "publicIPAllocationMethod": "Dynamic" if ip.sku == "Basic" else "Static",
                    "ddosSettings": {"protectionMode": ip.ddos_protection},
                },
            },
        )
    for prefix in net.public_ip_prefixes:
        b.add(
            layer,
            "Microsoft.Network/publicIPPrefixes",
            b.symbols[prefix.id],
            prefix.resource_name,
            {
                "location": b.location(prefix.region),
                "tags": b.tags(prefix),
                "sku": {"name": prefix.sku, "tier": "Regional"},
                "zones": [str(z) for z in prefix.zones] or None,
                "properties": {
                    "prefixLength": prefix.prefix_length,
                    "publicIPAddressVersion": prefix.ip_version,
                },
            },
        )
    for zone in net.private_dns_zones:
        symbol = b.symbols[zone.id]
        b.add(
            layer,
            "Microsoft.Network/privateDnsZones",
            symbol,
            zone.zone,
            {"location": "global", "tags": b.tags(zone)},
        )
        for link in zone.vnet_links:
            vnet = b.component(link.vnet)
            if vnet is None:
                continue
            b.add(
                layer,
                "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
                b.new_symbol(f"{zone.id}-{vnet.id}-link"),
                f"link-{vnet.resource_name}",
                {
                    "location": "global",
                    "properties": {
                        "registrationEnabled": link.registration_enabled,
                        "virtualNetwork": sub_resource(b.ref(vnet.id)),
                    },
                },
                parent=symbol,
            )
    for endpoint in net.private_endpoints:
        target = b.ref(endpoint.target)
        if target is None:
            b.note(
                layer,
                f"private endpoint '{endpoint.id}': target '{endpoint.target}' is "
                "not a resource here; not generated",
            )
            continue
        symbol = b.symbols[endpoint.id]
        b.add(
            layer,
            "Microsoft.Network/privateEndpoints",
            symbol,
            endpoint.resource_name,
            {
                "location": b.location(subnet_region(b, endpoint.subnet)),
                "tags": b.tags(endpoint),
                "properties": {
                    "subnet": sub_resource(b.ref(endpoint.subnet)),
                    "privateLinkServiceConnections": [
                        {
                            "name": endpoint.resource_name,
                            "properties": {
                                "privateLinkServiceId": target,
                                "groupIds": [endpoint.subresource],
                            },
                        }
                    ],
                },
            },
        )
        configs = [
            {"name": z.replace(".", "-"), "properties": {"privateDnsZoneId": b.ref(z)}}
            for z in endpoint.dns_zone_group
            if b.ref(z)
        ]
        if configs:
            b.add(
                layer,
                "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
                b.new_symbol(f"{endpoint.id}-dns"),
                "default",
                {"properties": {"privateDnsZoneConfigs": configs}},
                parent=symbol,
            )
    for connection in net.on_premises.connections:
        if connection.id not in b.symbols:
            b.note(
                layer,
                f"hybrid connection '{connection.id}' ({connection.mechanism}): "
                "needs gateway details the model does not hold; not generated",
            )
            continue
        relay = b.new_symbol(f"relay-{connection.id}")
        b.add(
            layer,
            "Microsoft.Relay/namespaces",
            relay,
            f"relay-{connection.resource_name}",
            {
                "location": b.location(),
                "tags": b.tags(connection),
                "sku": {"name": "Standard", "tier": "Standard"},
            },
        )
        sql = connection.sql_server
        b.add(
            layer,
            "Microsoft.Relay/namespaces/hybridConnections",
            b.symbols[connection.id],
            connection.resource_name,
            {
                "properties": {
                    "requiresClientAuthorization": True,
                    "userMetadata": f"{sql.host}:{sql.port}",
                }
            },
            parent=relay,
            comment=f"Attach to {', '.join(connection.used_by)} with the Azure CLI "
            "(az webapp hybrid-connection add): it needs the relay's send key.",
        )


def _vnet(b: Bicep, vnet: VirtualNetwork) -> None:
    layer = "network"
    symbol = b.symbols[vnet.id]
    ddos = b.ref(vnet.ddos_protection_plan) if vnet.ddos_protection_plan else None
    b.add(
        layer,
        "Microsoft.Network/virtualNetworks",
        symbol,
        vnet.resource_name,
        {
            "location": b.location(vnet.region),
            "tags": b.tags(vnet),
            "properties": {
                "addressSpace": {"addressPrefixes": [str(c) for c in vnet.address_space]},
                "dhcpOptions": {"dnsServers": vnet.dns_servers} if vnet.dns_servers else None,
                "enableDdosProtection": True if ddos else None,
                "ddosProtectionPlan": sub_resource(ddos),
            },
        },
    )
    previous: tuple[str, ...] = ()
    for subnet in vnet.subnets:
        sub_symbol = b.symbols[subnet.id]
        b.add(
            layer,
            "Microsoft.Network/virtualNetworks/subnets",
            sub_symbol,
            subnet.resource_name,
            {
                "properties": {
                    "addressPrefix": str(subnet.cidr),
                    "networkSecurityGroup": sub_ref(b, subnet.nsg),
                    "routeTable": sub_ref(b, subnet.route_table),
                    "natGateway": sub_ref(b, subnet.nat_gateway),
                    "privateEndpointNetworkPolicies": subnet.private_endpoint_network_policies,
                    "serviceEndpoints": [{"service": s} for s in subnet.service_endpoints] or None,
                    "delegations": [
                        {"name": "delegation", "properties": {"serviceName": subnet.delegation}}
                    ]
                    if subnet.delegation
                    else None,
                }
            },
            parent=symbol,
            depends_on=previous,
            # One subnet at a time: parallel subnet writes on a VNet conflict.
            comment=None,
        )
        previous = (sub_symbol,)
