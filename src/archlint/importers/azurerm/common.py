"""Helpers several azurerm mappers share: lists, identities, app settings, zones."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.core import Builder, Draft, View, has_unknown
from archlint.importers.values import SENSITIVE, UNKNOWN, Reference, resource_type_of, scalar

__all__ = [
    "app_insights_from",
    "each",
    "first",
    "identity",
    "settings_list",
    "zones",
]


def first(value: Any) -> Any:
    """The first item of a list value (``address_prefixes[0]``); unknown stays unknown."""
    if isinstance(value, Reference) and isinstance(value.value, list):
        return value.value[0] if value.value else None
    value_ = scalar(value) if not isinstance(value, list) else value
    if value_ is UNKNOWN:
        return UNKNOWN
    if isinstance(value_, list):
        return value_[0] if value_ else None
    return value


def each(converter: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    """Convert every item of a list (a set in Terraform: sorted for a stable model)."""

    def convert_all(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {value!r}")
        return [converter(item) for item in value]

    return convert_all


def tag_map(value: Any) -> dict[str, str]:
    """Resource tags, sorted by key."""
    if not isinstance(value, dict):
        raise ValueError(f"expected a map, got {value!r}")
    return {str(key): convert.text(item) for key, item in sorted(value.items())}


def zones(value: Any) -> list[int]:
    """Availability zones: azurerm writes them as strings ("1", "2", "3")."""
    if isinstance(value, str | int):
        value = [value]
    return sorted(convert.integer(zone) for zone in each(lambda z: z)(value))


def identity(builder: Builder, draft: Draft, view: View, key: str = "identity") -> None:
    """``identity { type = "SystemAssigned, UserAssigned"; identity_ids = [...] }``."""
    block = view.block("identity")
    if block is None:
        if view.unknown("identity"):
            draft.mark_unknown(key)
        return
    kind = block.get("type")
    if kind is UNKNOWN:
        draft.mark_unknown((key, "system_assigned"))
    elif isinstance(kind, str):
        draft.put((key, "system_assigned"), "systemassigned" in kind.replace(" ", "").lower())
    ids = block.raw("identity_ids")
    if ids is not None:
        builder.ref_list(draft, (key, "user_assigned"), ids, ("user_assigned_identity",))


def settings_list(draft: Draft, key: str, settings: Any) -> None:
    """App settings (a map) as the model's list of {name, value}; secrets never copied."""
    if settings is None:
        return
    if scalar(settings) is UNKNOWN:
        draft.mark_unknown(key)
        return
    if not isinstance(settings, dict):
        return
    items: list[dict[str, Any]] = []
    for position, (name, value) in enumerate(sorted(settings.items())):
        item: dict[str, Any] = {"name": str(name)}
        if value is SENSITIVE or has_unknown(value):
            draft.mark_unknown((key, position, "value"))
        elif value is not None:
            item["value"] = (
                str(scalar(value))
                if not isinstance(scalar(value), bool)
                else ("true" if scalar(value) else "false")
            )
        items.append(item)
    draft.put((key,), items)


_INSIGHTS_SETTINGS = ("APPLICATIONINSIGHTS_CONNECTION_STRING", "APPINSIGHTS_INSTRUMENTATIONKEY")


def app_insights_from(builder: Builder, draft: Draft, view: View) -> None:
    """Which Application Insights an app reports to: site_config or the app settings."""
    candidates: list[Any] = []
    site = view.block("site_config")
    if site is not None:
        candidates += [
            site.raw("application_insights_connection_string"),
            site.raw("application_insights_key"),
        ]
    settings = view.raw("app_settings")
    if isinstance(settings, dict):
        candidates += [settings.get(name) for name in _INSIGHTS_SETTINGS]
    for candidate in candidates:
        if isinstance(candidate, Reference):
            builder.ref(draft, "app_insights", candidate, ("application_insights",))
            return
    for address in view.resource.refs.get("app_settings", []):
        if resource_type_of(address) == "azurerm_application_insights":
            builder.ref(draft, "app_insights", Reference(address))
            return
    if any(c is not None for c in candidates):
        # Set, but to a literal or hidden value: which component it names is unknown.
        draft.mark_unknown("app_insights")


DEFAULT_ACTION = "public_network_default_action"


def firewall_default(draft: Draft, view: View, block: str) -> None:
    """The public endpoint's firewall default action, from a network rules block (absent:
    Azure's default, Allow)."""
    rules = view.block(block)
    if rules is not None:
        draft.set(DEFAULT_ACTION, rules.raw("default_action"), convert.default_action)
    elif view.unknown(block):
        draft.mark_unknown(DEFAULT_ACTION)
