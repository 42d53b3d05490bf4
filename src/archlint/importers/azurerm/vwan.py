"""Virtual WAN: virtual WANs, virtual hubs and the connections that attach VNets to a hub.
A hub's firewall (``sku_name = "AZFW_Hub"``, a ``virtual_hub`` block) is read with the other
firewalls (egress.py)."""

from __future__ import annotations

from archlint.importers import convert
from archlint.importers.azurerm.common import tags
from archlint.importers.azurerm.core import Builder, Draft, View, mapper

VIRTUAL_WAN = ("virtual_wan",)
VIRTUAL_HUB = ("virtual_hub",)
VNET = ("virtual_network",)


@mapper("azurerm_virtual_wan", kind="virtual_wan")
def virtual_wan(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("type", view.raw("type"), convert.text)  # absent: Standard, in 3.x and 4.x
    draft.set("tags", view.raw("tags"), tags)


@mapper("azurerm_virtual_hub", kind="virtual_hub")
def virtual_hub(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    builder.ref(draft, "wan", view.raw("virtual_wan_id"), VIRTUAL_WAN)
    draft.set("address_prefix", view.raw("address_prefix"), convert.cidr)
    draft.set("sku", view.raw("sku"), convert.text)
    draft.set("tags", view.raw("tags"), tags)


@mapper("azurerm_virtual_hub_connection", kind="virtual_hub_connection")
def hub_connection(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    builder.ref(draft, "hub", view.raw("virtual_hub_id"), VIRTUAL_HUB, required=True)
    builder.ref(draft, "vnet", view.raw("remote_virtual_network_id"), VNET, required=True)
    draft.set("internet_security_enabled", view.raw("internet_security_enabled"), convert.boolean)


def firewall_hub(builder: Builder, view: View, draft: Draft) -> None:
    """A hub firewall's ``virtual_hub { virtual_hub_id, public_ip_count }`` block."""
    if view.unknown("virtual_hub"):
        for key in ("virtual_hub", "hub_public_ip_count", "private_ip"):
            draft.mark_unknown(key)
        return
    hub = view.block("virtual_hub")
    if hub is None:
        return
    builder.ref(draft, "virtual_hub", hub.raw("virtual_hub_id"), VIRTUAL_HUB)
    draft.set("hub_public_ip_count", hub.raw("public_ip_count"), convert.integer)
    # Azure assigns the private IP in the hub: a plan of an existing firewall knows it.
    private_ip = hub.raw("private_ip_address")
    if private_ip is None:
        draft.mark_unknown("private_ip")
    draft.set("private_ip", private_ip, convert.text)
