"""Public IP prefixes (the association that gives a NAT gateway a prefix's addresses is read with
the NAT gateway's other associations, egress.py)."""

from __future__ import annotations

from archlint.importers import convert
from archlint.importers.azurerm.common import tags, zones
from archlint.importers.azurerm.core import Builder, Draft, View, mapper


@mapper("azurerm_public_ip_prefix", kind="public_ip_prefix")
def public_ip_prefix(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("sku", view.raw("sku"), convert.text)
    draft.set("ip_version", view.raw("ip_version"), convert.text)
    draft.set("prefix_length", view.raw("prefix_length"), convert.integer)
    draft.set("zones", view.raw("zones"), zones)
    draft.set("tags", view.raw("tags"), tags)
