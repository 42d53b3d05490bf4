"""``network.tf``: VNets, subnets, NSGs, peerings, hybrid connections, private DNS and
private endpoints, DDoS plans and public IPs."""

from __future__ import annotations

from archlint.generators.hcl import Block, Comment, Expr
from archlint.generators.terraform import egress, vpn, vwan
from archlint.generators.terraform.core import RG_NAME, Terraform
from archlint.model.network import (
    HybridConnection,
    NetworkSecurityGroup,
    NsgRule,
    PrivateDnsZone,
    PrivateEndpoint,
    PublicIp,
    Subnet,
    VirtualNetwork,
    VnetPeering,
)

FILE = "network.tf"

# Actions Azure adds to a delegation; writing them avoids a perpetual diff in plans.
_DELEGATION_ACTIONS: dict[str, list[str]] = {
    "Microsoft.Web/hostingEnvironments": ["Microsoft.Network/virtualNetworks/subnets/action"],
    "Microsoft.Web/serverFarms": ["Microsoft.Network/virtualNetworks/subnets/action"],
}


def emit(tf: Terraform) -> None:
    network = tf.architecture.network
    for plan in network.ddos_protection_plans:
        if plan.tier == "network":
            tf.resource(
                FILE,
                "azurerm_network_ddos_protection_plan",
                tf.address(plan.id).name,
                [*tf.common(plan), ("tags", tf.tags(plan))],
            )
        else:
            tf.add(FILE, Comment(f"DDoS '{plan.id}': IP protection is set on each public IP."))
    for nsg in network.nsgs:
        _nsg(tf, nsg)
    for vnet in network.vnets:
        _vnet(tf, vnet)
    for peering in network.peerings:
        _peering(tf, peering)
    for ip in network.public_ips:
        _public_ip(tf, ip)
    for prefix in network.public_ip_prefixes:
        tf.resource(
            FILE,
            "azurerm_public_ip_prefix",
            tf.address(prefix.id).name,
            [
                *tf.common(prefix, prefix.region),
                ("sku", prefix.sku),
                ("ip_version", prefix.ip_version),
                ("prefix_length", prefix.prefix_length),
                ("zones", [str(zone) for zone in prefix.zones] or None),
                ("tags", tf.tags(prefix)),
            ],
        )
    vwan.emit(tf)
    egress.emit(tf)
    vpn.emit(tf)
    for zone in network.private_dns_zones:
        _dns_zone(tf, zone)
    for endpoint in network.private_endpoints:
        _private_endpoint(tf, endpoint)
    for connection in network.on_premises.connections:
        _hybrid_connection(tf, connection)


def _vnet(tf: Terraform, vnet: VirtualNetwork) -> None:
    ddos = None
    plan = tf.component(vnet.ddos_protection_plan) if vnet.ddos_protection_plan else None
    if plan is not None and getattr(plan, "tier", None) == "network":
        ddos = Block.of("ddos_protection_plan", items=[("id", tf.ref(plan.id)), ("enable", True)])
    tf.resource(
        FILE,
        "azurerm_virtual_network",
        tf.address(vnet.id).name,
        [
            *tf.common(vnet, vnet.region),
            ("address_space", [str(cidr) for cidr in vnet.address_space]),
            ("dns_servers", vnet.dns_servers or None),
            ("tags", tf.tags(vnet)),
            ddos,
        ],
    )
    for subnet in vnet.subnets:
        _subnet(tf, vnet, subnet)


def _subnet(tf: Terraform, vnet: VirtualNetwork, subnet: Subnet) -> None:
    delegation = None
    if subnet.delegation:
        delegation = Block.of(
            "delegation",
            items=[
                ("name", "delegation"),
                Block.of(
                    "service_delegation",
                    items=[
                        ("name", subnet.delegation),
                        ("actions", _DELEGATION_ACTIONS.get(subnet.delegation)),
                    ],
                ),
            ],
        )
    name = tf.address(subnet.id).name
    tf.resource(
        FILE,
        "azurerm_subnet",
        name,
        [
            ("name", subnet.resource_name),
            ("resource_group_name", RG_NAME),
            ("virtual_network_name", tf.ref(vnet.id, "name")),
            ("address_prefixes", [str(subnet.cidr)]),
            ("private_endpoint_network_policies", subnet.private_endpoint_network_policies),
            ("service_endpoints", subnet.service_endpoints or None),
            delegation,
        ],
    )
    if subnet.nsg and tf.ref(subnet.nsg):
        tf.resource(
            FILE,
            "azurerm_subnet_network_security_group_association",
            tf.local_name("azurerm_subnet_network_security_group_association", name),
            [("subnet_id", tf.ref(subnet.id)), ("network_security_group_id", tf.ref(subnet.nsg))],
        )
    egress.subnet_associations(tf, subnet, name)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _one_or_many(singular: str, plural: str, value: str) -> tuple[str, str | list[str]]:
    """NSG rules take ``x_range`` for one value and ``x_ranges`` for several."""
    parts = _split(value) or ["*"]
    return (singular, parts[0]) if len(parts) == 1 else (plural, parts)


def _rule(rule: NsgRule) -> Block:
    return Block.of(
        "security_rule",
        items=[
            ("name", rule.name),
            ("priority", rule.priority),
            ("direction", rule.direction),
            ("access", rule.access),
            ("protocol", rule.protocol),
            _one_or_many("source_port_range", "source_port_ranges", rule.source_ports),
            _one_or_many(
                "destination_port_range", "destination_port_ranges", rule.destination_ports
            ),
            _one_or_many("source_address_prefix", "source_address_prefixes", rule.source),
            _one_or_many(
                "destination_address_prefix", "destination_address_prefixes", rule.destination
            ),
        ],
    )


def _nsg(tf: Terraform, nsg: NetworkSecurityGroup) -> None:
    tf.resource(
        FILE,
        "azurerm_network_security_group",
        tf.address(nsg.id).name,
        [*tf.common(nsg), ("tags", tf.tags(nsg)), [_rule(rule) for rule in nsg.rules]],
    )


def _peering(tf: Terraform, peering: VnetPeering) -> None:
    tf.resource(
        FILE,
        "azurerm_virtual_network_peering",
        tf.address(peering.id).name,
        [
            ("name", peering.resource_name),
            ("resource_group_name", RG_NAME),
            ("virtual_network_name", tf.ref(peering.local, "name")),
            ("remote_virtual_network_id", tf.ref(peering.remote)),
            ("allow_virtual_network_access", True),
            ("allow_forwarded_traffic", peering.allow_forwarded_traffic),
            ("allow_gateway_transit", peering.allow_gateway_transit),
            ("use_remote_gateways", peering.use_remote_gateways),
        ],
    )


def _public_ip(tf: Terraform, ip: PublicIp) -> None:
    tf.resource(
        FILE,
        "azurerm_public_ip",
        tf.address(ip.id).name,
        [
            *tf.common(ip, _vnet_region(tf, ip.vnet)),
            # Standard public IPs are always static.
            ("allocation_method", "Dynamic" if ip.sku == "Basic" else "Static"),
            ("sku", ip.sku),
            ("zones", [str(zone) for zone in ip.zones] or None),
            ("ddos_protection_mode", ip.ddos_protection),
            ("tags", tf.tags(ip)),
        ],
    )


def _vnet_region(tf: Terraform, vnet_id: str | None) -> str | None:
    vnet = tf.component(vnet_id) if vnet_id else None
    return vnet.region if isinstance(vnet, VirtualNetwork) else None


def subnet_region(tf: Terraform, subnet_id: str) -> str | None:
    """The region of the VNet a subnet belongs to (what its resources must be deployed in)."""
    entry = tf.architecture.index.by_id.get(subnet_id)
    parent = entry.parent if entry else None
    return parent.region if isinstance(parent, VirtualNetwork) else None


def _dns_zone(tf: Terraform, zone: PrivateDnsZone) -> None:
    zone_name = tf.address(zone.id).name
    tf.resource(
        FILE,
        "azurerm_private_dns_zone",
        zone_name,
        [("name", zone.zone), ("resource_group_name", RG_NAME), ("tags", tf.tags(zone))],
    )
    for link in zone.vnet_links:
        vnet = tf.component(link.vnet)
        if vnet is None:
            continue
        tf.resource(
            FILE,
            "azurerm_private_dns_zone_virtual_network_link",
            tf.local_name(
                "azurerm_private_dns_zone_virtual_network_link", f"{zone_name}_{vnet.id}"
            ),
            [
                ("name", f"link-{vnet.resource_name}"),
                ("resource_group_name", RG_NAME),
                ("private_dns_zone_name", tf.ref(zone.id, "name")),
                ("virtual_network_id", tf.ref(vnet.id)),
                ("registration_enabled", link.registration_enabled),
                ("tags", tf.tags(zone)),
            ],
        )


def _private_endpoint(tf: Terraform, endpoint: PrivateEndpoint) -> None:
    target = tf.ref(endpoint.target)
    if target is None:
        tf.add(
            FILE,
            Comment(
                f"private endpoint '{endpoint.id}': its target '{endpoint.target}' is not an "
                "azurerm resource of this configuration; not generated"
            ),
        )
        return
    zones = [tf.ref(zone) for zone in endpoint.dns_zone_group if tf.ref(zone)]
    zone_group = None
    if zones:
        zone_group = Block.of(
            "private_dns_zone_group", items=[("name", "default"), ("private_dns_zone_ids", zones)]
        )
    tf.resource(
        FILE,
        "azurerm_private_endpoint",
        tf.address(endpoint.id).name,
        [
            *tf.common(endpoint, subnet_region(tf, endpoint.subnet)),
            ("subnet_id", tf.ref(endpoint.subnet)),
            ("tags", tf.tags(endpoint)),
            Block.of(
                "private_service_connection",
                items=[
                    ("name", endpoint.resource_name),
                    ("private_connection_resource_id", target),
                    ("subresource_names", [endpoint.subresource]),
                    ("is_manual_connection", False),
                ],
            ),
            zone_group,
        ],
    )


# App types that Azure Relay hybrid connections can be attached to, and the argument naming the
# app in each attachment resource.
_HYBRID_ATTACHMENTS: dict[str, tuple[str, str]] = {
    "function_app": ("azurerm_function_app_hybrid_connection", "function_app_id"),
    "web_app": ("azurerm_web_app_hybrid_connection", "web_app_id"),
}


def _hybrid_connection(tf: Terraform, connection: HybridConnection) -> None:
    if connection.mechanism != "app_service_hybrid_connection":
        tf.add(
            FILE,
            Comment(
                f"hybrid connection '{connection.id}' ({connection.mechanism}): the gateway "
                "needs details the model does not hold (shared keys, on-premises gateway "
                "address); not generated"
            ),
        )
        return
    relay = tf.local_name("azurerm_relay_namespace", connection.id)
    tf.resource(
        FILE,
        "azurerm_relay_namespace",
        relay,
        [
            ("name", f"relay-{connection.resource_name}"),
            ("location", tf.location(None)),
            ("resource_group_name", RG_NAME),
            ("sku_name", "Standard"),
            ("tags", tf.tags(connection)),
        ],
    )
    sql = connection.sql_server
    tf.resource(
        FILE,
        "azurerm_relay_hybrid_connection",
        tf.address(connection.id).name,
        [
            ("name", connection.resource_name),
            ("resource_group_name", RG_NAME),
            ("relay_namespace_name", Expr(f"azurerm_relay_namespace.{relay}.name")),
            ("requires_client_authorization", True),
            ("user_metadata", f"{sql.host}:{sql.port}"),
        ],
    )
    for app_id in connection.used_by:
        app = tf.component(app_id)
        attachment = _HYBRID_ATTACHMENTS.get(app.kind) if app else None
        if app is None or attachment is None:
            tf.add(
                FILE,
                Comment(
                    f"hybrid connection '{connection.id}' for '{app_id}': azurerm has no "
                    "resource to attach a hybrid connection to this app type; attach it in "
                    "the portal or with the Azure CLI"
                ),
            )
            continue
        resource_type, app_argument = attachment
        tf.resource(
            FILE,
            resource_type,
            tf.local_name(resource_type, f"{connection.id}_{app.id}"),
            [
                (app_argument, tf.ref(app.id)),
                ("relay_id", tf.ref(connection.id)),
                ("hostname", sql.host),
                ("port", sql.port),
            ],
        )
