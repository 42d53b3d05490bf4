"""API Management: ``azurerm_api_management`` (tier and units from ``sku_name``, zones,
VNet mode and subnet)."""

from __future__ import annotations

from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import zones
from archlint.importers.azurerm.core import Builder, Draft, View, mapper


def _sku(value: Any) -> tuple[str, int]:
    """``Developer_1`` -> (``Developer``, 1); ``Consumption_0`` -> (``Consumption``, 0)."""
    tier, _, units = convert.text(value).partition("_")
    if not units.isdigit():
        raise ValueError(f"expected '<tier>_<units>', got {value!r}")
    return tier, int(units)


@mapper("azurerm_api_management", kind="api_management")
def api_management(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("sku", view.raw("sku_name"), lambda v: _sku(v)[0])
    draft.set("capacity", view.raw("sku_name"), lambda v: _sku(v)[1])
    draft.set("zones", view.raw("zones"), zones)
    draft.set("virtual_network_type", view.raw("virtual_network_type"), convert.text)
    network = view.block("virtual_network_configuration")
    builder.ref(draft, "subnet", network.raw("subnet_id") if network else None, ("subnet",))
    builder.ref(draft, "public_ip", view.raw("public_ip_address_id"), ("public_ip",))
    draft.set("public_network_access", view.raw("public_network_access_enabled"), convert.boolean)
    draft.set("publisher_name", view.raw("publisher_name"), convert.text)
    draft.set("publisher_email", view.raw("publisher_email"), convert.text)
