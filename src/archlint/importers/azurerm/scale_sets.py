"""VM scale sets (Uniform: ``azurerm_linux|windows_virtual_machine_scale_set``; Flexible:
``azurerm_orchestrated_virtual_machine_scale_set``) and availability sets. Their arguments are
spelt the same in azurerm 3.x and 4.x (4.0 added ``upgrade_mode`` to the orchestrated set,
whose absence means Manual, the model's default, as it does for the Uniform resources)."""

from __future__ import annotations

from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import identity
from archlint.importers.azurerm.core import Builder, Draft, View, mapper

_UPGRADE_MODES = {"manual": "manual", "automatic": "automatic", "rolling": "rolling"}


def _zones(value: Any) -> list[int]:
    return sorted(convert.integer(zone) for zone in value)


def _primary(blocks: list[View]) -> View | None:
    """The block marked ``primary = true``, else the first (azurerm's order)."""
    for block in blocks:
        if block.get("primary") is True:
            return block
    return blocks[0] if blocks else None


def _subnet(builder: Builder, view: View, draft: Draft) -> None:
    """Subnet of the primary network interface's primary IP configuration."""
    if view.unknown("network_interface"):
        draft.mark_unknown("subnet")
        return
    nic = _primary(view.blocks("network_interface"))
    if nic is None:
        return
    if nic.unknown("ip_configuration"):
        draft.mark_unknown("subnet")
        return
    ip = _primary(nic.blocks("ip_configuration"))
    builder.ref(draft, "subnet", ip.raw("subnet_id") if ip else None, ("subnet",))


def _shared(builder: Builder, view: View, draft: Draft) -> None:
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("instances", view.raw("instances"), convert.integer)
    draft.set("zones", view.raw("zones"), _zones)
    draft.set("zone_balance", view.raw("zone_balance"), convert.boolean)
    draft.set("fault_domains", view.raw("platform_fault_domain_count"), convert.integer)
    draft.set("upgrade_mode", view.raw("upgrade_mode"), lambda v: _UPGRADE_MODES[convert.lower(v)])
    identity(builder, draft, view)
    _subnet(builder, view, draft)


@mapper(
    "azurerm_linux_virtual_machine_scale_set",
    "azurerm_windows_virtual_machine_scale_set",
    kind="vm_scale_set",
)
def uniform_scale_set(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.data["os"] = "linux" if view.resource.type.startswith("azurerm_linux") else "windows"
    draft.set("sku", view.raw("sku"), convert.text)
    draft.set("admin_username", view.raw("admin_username"), convert.text)
    _shared(builder, view, draft)


@mapper("azurerm_orchestrated_virtual_machine_scale_set", kind="vm_scale_set")
def flexible_scale_set(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.data["orchestration"] = "flexible"
    draft.set("sku", view.raw("sku_name"), convert.text)
    profile = view.block("os_profile")
    if profile is not None:
        for os in ("linux", "windows"):
            configuration = profile.block(f"{os}_configuration")
            if configuration is not None:
                draft.data["os"] = os
                draft.set("admin_username", configuration.raw("admin_username"), convert.text)
    elif view.unknown("os_profile"):
        draft.mark_unknown("os")
    _shared(builder, view, draft)


@mapper("azurerm_availability_set", kind="availability_set")
def availability_set(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("fault_domains", view.raw("platform_fault_domain_count"), convert.integer)
    draft.set("update_domains", view.raw("platform_update_domain_count"), convert.integer)
