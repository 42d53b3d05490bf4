"""Local network gateways and the connections of VPN and ExpressRoute gateways
(``azurerm_virtual_network_gateway_connection``). A connection's shared key is never copied:
the model records only that the configuration writes one as a literal."""

from __future__ import annotations

from archlint.importers import convert
from archlint.importers.azurerm.common import LITERAL_SECRET, each, tags
from archlint.importers.azurerm.core import Builder, Draft, View, mapper
from archlint.importers.values import SENSITIVE, UNKNOWN, Reference, scalar

GATEWAY = ("virtual_network_gateway",)
LOCAL_GATEWAY = ("local_network_gateway",)

_IPSEC = (
    ("ike_encryption", "ike_encryption", convert.text),
    ("ike_integrity", "ike_integrity", convert.text),
    ("dh_group", "dh_group", convert.text),
    ("ipsec_encryption", "ipsec_encryption", convert.text),
    ("ipsec_integrity", "ipsec_integrity", convert.text),
    ("pfs_group", "pfs_group", convert.text),
    ("sa_lifetime_seconds", "sa_lifetime", convert.integer),
    ("sa_datasize_kb", "sa_datasize", convert.integer),
)


@mapper("azurerm_local_network_gateway", kind="local_network_gateway")
def local_network_gateway(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("gateway_address", view.raw("gateway_address", "gateway_fqdn"), convert.text)
    draft.set("address_space", view.raw("address_space"), each(convert.cidr))
    draft.set("tags", view.raw("tags"), tags)
    if view.unknown("bgp_settings"):
        draft.mark_unknown("bgp_asn")
        draft.mark_unknown("bgp_peering_address")
        return
    bgp = view.block("bgp_settings")
    if bgp is not None:
        draft.set("bgp_asn", bgp.raw("asn"), convert.integer)
        draft.set("bgp_peering_address", bgp.raw("bgp_peering_address"), convert.text)


@mapper("azurerm_virtual_network_gateway_connection", kind="gateway_connection")
def gateway_connection(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("type", view.raw("type"), convert.text)
    builder.ref(draft, "gateway", view.raw("virtual_network_gateway_id"), GATEWAY, required=True)
    builder.ref(draft, "local_gateway", view.raw("local_network_gateway_id"), LOCAL_GATEWAY)
    builder.ref(draft, "peer_gateway", view.raw("peer_virtual_network_gateway_id"), GATEWAY)
    builder.ref(
        draft, "express_route_circuit", view.raw("express_route_circuit_id"), ("azure_resource",)
    )
    # Absent: IKEv2 (azurerm's default in 3.x and 4.x, and Azure's).
    draft.set("connection_protocol", view.raw("connection_protocol"), convert.text)
    draft.set("bgp_enabled", view.raw("bgp_enabled", "enable_bgp"), convert.boolean)
    draft.set("tags", view.raw("tags"), tags)
    _shared_key(draft, view)
    if view.unknown("ipsec_policy"):
        draft.mark_unknown("ipsec_policy")
        return
    policy = view.block("ipsec_policy")
    if policy is not None:
        draft.data["ipsec_policy"] = {}
        for field, argument, converter in _IPSEC:
            draft.set(("ipsec_policy", field), policy.raw(argument), converter)


def _shared_key(draft: Draft, view: View) -> None:
    key = view.raw("shared_key")
    if key is None:
        return
    if key is SENSITIVE or isinstance(key, Reference) or scalar(key) is UNKNOWN:
        # From a variable, a data source or a random_password: where it comes from, archlint
        # does not follow; a plan's sensitive value is not copied either.
        draft.mark_unknown("shared_key")
    else:
        draft.data["shared_key"] = LITERAL_SECRET  # written in the configuration: never copied
