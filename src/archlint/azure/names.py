"""Azure's closed sets of names, kept as data: regions and SKUs.

``regions.json`` lists every public Azure region (programmatic name, display name,
availability zones, paired region) and ``skus.json`` the SKU values each model field
accepts; each file names the Microsoft Learn (or provider documentation) pages it was
taken from. A region opened after the list was last checked is added to the file.

The files are read on first use, not at import: a run that checks no name reads neither.
Standard library only; records are NamedTuples, which cost a fraction of a dataclass to
define (this module is imported by every run that loads a spec).
"""

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "Region",
    "SkuSet",
    "azurerm_types",
    "closest",
    "region",
    "regions",
    "regions_source",
    "sku_set",
    "sku_sets",
    "unknown_azurerm_type",
    "unknown_region",
    "unknown_sku",
]


class Region(NamedTuple):
    """One Azure region as Microsoft's regions list describes it."""

    name: str
    display_name: str
    availability_zones: bool
    paired_region: str | None
    access: str = "general"  # "restricted" or "coming_soon" otherwise
    note: str = ""


class Retirement(NamedTuple):
    """A value Azure has retired: since when, what replaces it, what happens now."""

    value: str
    on: str  # ISO date
    instead: str
    after: str  # what Azure does with what is left
    source: str


class SkuSet(NamedTuple):
    """The values one model field (``kind``.``field``) may take, with their source."""

    kind: str
    field: str
    values: tuple[str, ...]
    source: str
    extra_sources: tuple[str, ...] = ()
    note: str = ""
    retired: dict[str, Retirement] = {}  # value -> retirement (a default never mutated)


_HERE = Path(__file__).resolve().parent


def _load(name: str) -> Any:
    return json.loads((_HERE / name).read_text("utf-8"))


@cache
def _regions_document() -> dict[str, Any]:
    document: dict[str, Any] = _load("regions.json")
    return document


@cache
def regions() -> dict[str, Region]:
    """Every public region by programmatic name (``eastus2``), in the list's order."""
    return {entry["name"]: Region(**entry) for entry in _regions_document()["regions"]}


def regions_source() -> tuple[str, ...]:
    """The pages the region list comes from, the regions list first."""
    document = _regions_document()
    return (document["source"], *document["extra_sources"])


def region(name: str) -> Region | None:
    """The region with programmatic name ``name`` (exactly as Azure spells it), or None."""
    return regions().get(name)


@cache
def sku_sets() -> dict[tuple[str, str], SkuSet]:
    """Every SKU set by (component kind, field)."""
    found = {}
    for entry in _load("skus.json")["skus"]:
        sku = SkuSet(
            kind=entry["kind"],
            field=entry["field"],
            values=tuple(entry["values"]),
            source=entry["source"],
            extra_sources=tuple(entry.get("extra_sources", ())),
            note=entry.get("note", ""),
            retired={
                value: Retirement(
                    value, when["on"], when["instead"], entry["after_retirement"], when["source"]
                )
                for value, when in entry.get("retired", {}).items()
            },
        )
        found[(sku.kind, sku.field)] = sku
    return found


def sku_set(kind: str, field: str) -> SkuSet | None:
    return sku_sets().get((kind, field))


def _squash(text: str) -> str:
    """Lower case without spaces, dashes or underscores: how a near miss is recognised."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def closest(value: str, names: tuple[str, ...] | list[str]) -> str | None:
    """The name ``value`` most likely meant: the same name written another way (case,
    spaces), else the closest spelling."""
    squashed = _squash(value)
    for name in names:
        if _squash(name) == squashed:
            return name
    hint = difflib.get_close_matches(value, names, n=1, cutoff=0.6)
    if not hint:
        by_squashed = {_squash(name): name for name in names}
        hint = [by_squashed[m] for m in difflib.get_close_matches(squashed, by_squashed, n=1)]
    return hint[0] if hint else None


def _did_you_mean(hint: str | None) -> str:
    return f"; did you mean '{hint}'?" if hint else ""


def unknown_region(value: str) -> str | None:
    """Why ``value`` is not a region's programmatic name, or None when it is one.

    A display name (``West Europe``) or another spelling (``WestEurope``) is pointed at
    the programmatic name; a typo at the closest region.
    """
    known = regions()
    if value in known:
        return None
    by_display = {r.display_name.lower(): r.name for r in known.values()}
    hint = by_display.get(value.strip().lower()) or closest(value, list(known))
    return f"unknown region '{value}'{_did_you_mean(hint)}"


def unknown_sku(kind: str, field: str, value: str) -> str | None:
    """Why ``value`` is not a valid ``kind``.``field`` SKU, or None when it is one (or the
    field has no closed set)."""
    sku = sku_set(kind, field)
    if sku is None or value in sku.values:
        return None
    hint = closest(value, sku.values)
    if hint is None:
        return f"unknown {field} '{value}'; expected one of: {', '.join(sku.values)}"
    return f"unknown {field} '{value}'{_did_you_mean(hint)}"


@cache
def azurerm_types() -> frozenset[str]:
    """Every azurerm resource type of the provider schemas archlint ships (3.x and 4.x)."""
    return frozenset(_load("azurerm_types.json")["types"])


def unknown_azurerm_type(value: str) -> str | None:
    """Why ``value`` is not an azurerm resource type, or None when it is one."""
    known = azurerm_types()
    if value in known:
        return None
    hint = closest(value, sorted(known))
    if hint is None and not value.startswith("azurerm_"):
        hint = closest(f"azurerm_{value}", sorted(known))
    return (
        f"unknown azurerm resource type '{value}' (not in the azurerm 3.x or 4.x provider "
        f"schema){_did_you_mean(hint)}"
    )
