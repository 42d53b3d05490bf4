"""Network: resource groups, VNets, subnets, NSGs, peering, private DNS, private endpoints."""

from __future__ import annotations

from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import each, first, zones
from archlint.importers.azurerm.core import Builder, Draft, View, mapper
from archlint.importers.values import UNKNOWN, scalar

VNET = ("virtual_network",)
SUBNET = ("subnet",)


@mapper("azurerm_resource_group", "azurerm_network_interface")
def read_elsewhere(builder: Builder, view: View, draft: Draft | None) -> None:
    """Resource groups give the regions (metadata); NICs are read by the VM mapper."""


@mapper("azurerm_virtual_network_dns_servers")
def vnet_dns_servers(builder: Builder, view: View, draft: Draft | None) -> None:
    """Custom DNS servers set apart from the VNet (a hub's firewall DNS proxy, say)."""
    vnet = builder.attached_to(
        view.resource, view.raw("virtual_network_id"), VNET, "virtual network"
    )
    if vnet is None:
        return
    vnet.set("dns_servers", view.raw("dns_servers"), each(convert.text))


@mapper("azurerm_virtual_network", kind="virtual_network")
def virtual_network(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("address_space", view.raw("address_space"), each(convert.cidr))
    draft.set("dns_servers", view.raw("dns_servers"), each(convert.text))
    plan = view.block("ddos_protection_plan")
    if plan is not None:
        builder.ref(draft, "ddos_protection_plan", plan.raw("id"), ("ddos_protection_plan",))
    for position, block in enumerate(view.blocks("subnet")):
        name = block.get("name")
        label = name if isinstance(name, str) else f"{draft.id}-subnet-{position}"
        subnet_id = builder.unique_id(label)
        subnet = builder.new_draft(
            view.resource, "subnet", subnet_id, order=(view.resource.address, position + 1)
        )
        subnet.parent = draft.id
        arm_id = block.get("id")
        if isinstance(arm_id, str):
            builder.component_by_arm[arm_id.lower()] = subnet_id
        _subnet_fields(builder, block, subnet)
        builder.ref(subnet, "nsg", block.raw("security_group"), ("network_security_group",))
        builder.ref(subnet, "route_table", block.raw("route_table_id"), ("route_table",))


@mapper("azurerm_subnet", kind="subnet")
def subnet(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _subnet_fields(builder, view, draft)
    parent = builder.resolve_name(
        view.raw("virtual_network_name"), ("azurerm_virtual_network",), view.resource, VNET
    )
    if isinstance(parent, str):
        draft.parent = parent
    elif parent is not None and parent is not UNKNOWN:
        draft.parent = builder.stub(VNET, parent, view.resource)


def _subnet_fields(builder: Builder, view: View, draft: Draft) -> None:
    draft.set("name", view.raw("name"), convert.text)
    prefixes = view.raw("address_prefixes")
    draft.set(
        "cidr",
        first(prefixes) if prefixes is not None else view.raw("address_prefix"),
        convert.cidr,
    )
    draft.set("service_endpoints", view.raw("service_endpoints"), each(convert.text))
    delegation = view.block("delegation")
    service = delegation.block("service_delegation") if delegation else None
    if service is not None:
        draft.set("delegation", service.raw("name"), convert.text)
    elif delegation is None and view.unknown("delegation"):
        draft.mark_unknown("delegation")
    _pe_policies(builder, view, draft)
    builder.later(lambda: _infer_purpose(builder, draft))


def _pe_policies(builder: Builder, view: View, draft: Draft) -> None:
    """4.x: a string; 3.x: ``private_endpoint_network_policies_enabled``; older 3.x:
    ``enforce_private_link_endpoint_network_policies`` (true meant policies *disabled*);
    none of them: the pinned version's default (3.x enabled them, 4.x disables them)."""
    current = view.raw("private_endpoint_network_policies")
    if current is not None:
        draft.set("private_endpoint_network_policies", current, convert.text)
        return
    enabled = view.raw("private_endpoint_network_policies_enabled")
    if enabled is not None:
        draft.set(
            "private_endpoint_network_policies",
            enabled,
            lambda v: "Enabled" if convert.boolean(v) else "Disabled",
        )
        return
    enforce = view.raw("enforce_private_link_endpoint_network_policies")
    if enforce is not None:
        draft.set(
            "private_endpoint_network_policies",
            enforce,
            lambda v: "Disabled" if convert.boolean(v) else "Enabled",
        )
        return
    inline = view.resource.type != "azurerm_subnet"  # a subnet block of its virtual network
    argument = f"{'subnet.' if inline else ''}private_endpoint_network_policies"
    draft.set("private_endpoint_network_policies", builder.or_default(view, argument, None))


_SPECIAL_NAMES = {
    "azurebastionsubnet": "bastion",
    "gatewaysubnet": "gateway",
    "azurefirewallsubnet": "firewall",
    "azurefirewallmanagementsubnet": "firewall",
}
_DELEGATIONS = {
    "microsoft.web/hostingenvironments": "app_service_environment",
    "microsoft.web/serverfarms": "app_service_integration",
}
# Who uses a subnet says what it is for: (kind of user, its field) -> purpose.
_USES = (
    ("app_service_environment", "subnet", "app_service_environment"),
    ("bastion", "subnet", "bastion"),
    ("application_gateway", "subnet", "application_gateway"),
    ("private_endpoint", "subnet", "private_endpoints"),
    ("function_app", "vnet_integration", "app_service_integration"),
    ("web_app", "vnet_integration", "app_service_integration"),
    ("logic_app", "vnet_integration", "app_service_integration"),
    ("virtual_machine", "subnet", "workload"),
)


def _usage(builder: Builder) -> dict[str, str]:
    """Subnet id -> purpose implied by the components that use it (computed once)."""
    cached: dict[str, str] | None = getattr(builder, "_subnet_usage", None)
    if cached is not None:
        return cached
    usage: dict[str, str] = {}
    for kind, key, purpose in _USES:
        for draft in builder.drafts.values():
            if draft.kind == kind and isinstance(draft.data.get(key), str):
                usage.setdefault(draft.data[key], purpose)
    builder._subnet_usage = usage  # type: ignore[attr-defined]
    return usage


def _infer_purpose(builder: Builder, draft: Draft) -> None:
    """The model's subnet purpose is not a Terraform fact: infer it from evidence, in
    order of strength (the names Azure reserves, delegation, the resources placed in it);
    with no evidence the purpose is unknown, so no rule judges the subnet by a guess. A
    subnet's own name is no evidence: "snet-bastion" holds whatever is put in it."""
    name = str(draft.data.get("name") or "")
    purpose = _SPECIAL_NAMES.get(name.lower())
    delegation = draft.data.get("delegation")
    if purpose is None and isinstance(delegation, str):
        purpose = _DELEGATIONS.get(delegation.lower())
    if purpose is None:
        purpose = _usage(builder).get(draft.id)
    if purpose is None:
        purpose = "workload"
        draft.mark_unknown("purpose")
    draft.data["purpose"] = purpose


@mapper("azurerm_network_security_group", kind="network_security_group")
def network_security_group(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    if view.unknown("security_rule"):
        draft.mark_unknown("rules")
        return
    rules = view.blocks("security_rule")
    draft.data["rules"] = [{} for _ in rules]
    for position, rule in enumerate(rules):
        _rule_fields(draft, ("rules", position), rule)


def _joined(view: View, single: str, several: str) -> Any:
    one = view.raw(single)
    if one is not None:
        return one
    many = view.raw(several)
    if many is None or scalar(many) is UNKNOWN:
        return many
    if isinstance(many, list):
        if not many:
            return None
        return (
            ",".join(str(scalar(item)) for item in many)
            if all(scalar(item) is not UNKNOWN for item in many)
            else UNKNOWN
        )
    return many


_PROTOCOLS = {"tcp": "Tcp", "udp": "Udp", "icmp": "Icmp", "esp": "Esp", "ah": "Ah", "*": "*"}


def _protocol(value: Any) -> str:
    key = convert.text(value).lower()
    if key not in _PROTOCOLS:
        raise ValueError(f"unknown protocol {value!r}")
    return _PROTOCOLS[key]


def _rule_fields(draft: Draft, base: tuple[str | int, ...], rule: View) -> None:
    draft.set((*base, "name"), rule.raw("name"), convert.text)
    draft.set((*base, "priority"), rule.raw("priority"), convert.integer)
    draft.set((*base, "direction"), rule.raw("direction"), convert.text)
    draft.set((*base, "access"), rule.raw("access"), convert.text)
    draft.set((*base, "protocol"), rule.raw("protocol"), _protocol)
    draft.set(
        (*base, "source"),
        _joined(rule, "source_address_prefix", "source_address_prefixes"),
        convert.text,
    )
    draft.set(
        (*base, "source_ports"),
        _joined(rule, "source_port_range", "source_port_ranges"),
        convert.text,
    )
    draft.set(
        (*base, "destination"),
        _joined(rule, "destination_address_prefix", "destination_address_prefixes"),
        convert.text,
    )
    draft.set(
        (*base, "destination_ports"),
        _joined(rule, "destination_port_range", "destination_port_ranges"),
        convert.text,
    )


@mapper("azurerm_network_security_rule")
def network_security_rule(builder: Builder, view: View, draft: Draft | None) -> None:
    target = builder.resolve_name(
        view.raw("network_security_group_name"),
        ("azurerm_network_security_group",),
        view.resource,
        ("network_security_group",),
    )
    nsg = builder.draft_of(target if isinstance(target, str) else None)
    if nsg is None:
        builder.not_attached(view.resource, "network security group")
        return
    rules = nsg.data.setdefault("rules", [])
    rule: dict[str, Any] = {}
    rules.append(rule)
    _rule_fields(nsg.sub(rule, view.resource), (), view)


@mapper("azurerm_subnet_network_security_group_association")
def nsg_association(builder: Builder, view: View, draft: Draft | None) -> None:
    subnet_draft = builder.attached_to(view.resource, view.raw("subnet_id"), SUBNET, "subnet")
    if subnet_draft is None:
        return
    builder.ref(
        subnet_draft, "nsg", view.raw("network_security_group_id"), ("network_security_group",)
    )


@mapper("azurerm_virtual_network_peering", kind="vnet_peering")
def vnet_peering(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    local = builder.resolve_name(
        view.raw("virtual_network_name"), ("azurerm_virtual_network",), view.resource, VNET
    )
    builder.ref(
        draft, "local", view.raw("virtual_network_name"), VNET, required=True, resolved=local
    )
    builder.ref(draft, "remote", view.raw("remote_virtual_network_id"), VNET, required=True)
    for key in ("allow_forwarded_traffic", "allow_gateway_transit", "use_remote_gateways"):
        draft.set(key, view.raw(key), convert.boolean)


@mapper("azurerm_private_dns_zone", kind="private_dns_zone")
def private_dns_zone(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("zone", view.raw("name"), convert.lower)


@mapper("azurerm_private_dns_zone_virtual_network_link")
def dns_vnet_link(builder: Builder, view: View, draft: Draft | None) -> None:
    # azurerm 5.x names the zone by id (private_dns_zone_id); 3.x and 4.x by name.
    target = builder.resolve(view.raw("private_dns_zone_id"), ("private_dns_zone",))
    if target is None:
        target = builder.resolve_name(
            view.raw("private_dns_zone_name"),
            ("azurerm_private_dns_zone",),
            view.resource,
            ("private_dns_zone",),
        )
    zone = builder.draft_of(target if isinstance(target, str) else None)
    link: dict[str, Any] = {}
    if zone is not None:
        zone.data.setdefault("vnet_links", []).append(link)
        sub = zone.sub(link, view.resource)
    elif builder.lends_to(target):  # a spoke's link to the hub's zone, read together
        sub = Draft(builder, link, view.resource)
    else:
        builder.not_attached(view.resource, "private DNS zone")
        if target is UNKNOWN:  # its zone could be any of them: none is known to lack it
            for other in builder.drafts.values():
                if other.kind == "private_dns_zone":
                    other.mark_unknown("vnet_links")
        return
    builder.ref(sub, "vnet", view.raw("virtual_network_id"), VNET, required=True)
    sub.set("registration_enabled", view.raw("registration_enabled"), convert.boolean)
    if zone is None:
        builder.lend(str(target), "vnet_links", sub)


@mapper("azurerm_private_endpoint", kind="private_endpoint")
def private_endpoint(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    connection = view.block("private_service_connection")
    target = None
    if connection is not None:
        target = connection.raw(
            "private_connection_resource_id", "private_connection_resource_alias"
        )
        draft.set("subresource", first(connection.raw("subresource_names")), convert.text)
    else:
        draft.mark_unknown("subresource")
    builder.ref(draft, "target", target, (), required=True)
    builder.ref(draft, "subnet", view.raw("subnet_id"), SUBNET, required=True)
    group = view.block("private_dns_zone_group")
    if group is not None:
        builder.ref_list(
            draft, "dns_zone_group", group.raw("private_dns_zone_ids"), ("private_dns_zone",)
        )
    elif view.unknown("private_dns_zone_group") or view.resource.ignores_changes(
        "private_dns_zone_group"
    ):
        # Ignored changes: a policy (the landing zones' DeployIfNotExists) adds the group.
        draft.mark_unknown("dns_zone_group")


@mapper("azurerm_network_ddos_protection_plan", kind="ddos_protection_plan")
def ddos_protection_plan(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)


_DDOS_MODES = {
    "virtualnetworkinherited": "VirtualNetworkInherited",
    "enabled": "Enabled",
    "disabled": "Disabled",
}


@mapper("azurerm_public_ip", kind="public_ip")
def public_ip(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    # azurerm 4.x defaults the SKU to Standard; 3.x defaulted to Basic.
    draft.set("sku", builder.or_default(view, "sku", view.raw("sku")), convert.text)
    draft.set("zones", view.raw("zones"), zones)
    draft.set(
        "ddos_protection", view.raw("ddos_protection_mode"), lambda v: _DDOS_MODES[convert.lower(v)]
    )
