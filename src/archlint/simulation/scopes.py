"""Failure scopes: ``region:NAME``, ``zone:REGION/N`` and ``component:ID``.

A scope names something the architecture has: a region some component runs in, a zone
of such a region (a region with availability zones has zones 1, 2 and 3), or a component
id. Anything else is a :class:`ScopeError` with a did-you-mean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archlint.azure import names as azure_names
from archlint.azure.facts import normalize_region, region_has_availability_zones
from archlint.errors import did_you_mean
from archlint.model import DLQ_SUFFIX, Architecture
from archlint.simulation.placement import placement_of

__all__ = ["ZONES", "Scope", "ScopeError", "parse_scope", "regions_in_use"]

#: Availability zones of a region that has them, as Azure numbers them.
ZONES = (1, 2, 3)
KINDS = ("region", "zone", "component")


class ScopeError(ValueError):
    """A --fail value the architecture has no match for."""


@dataclass(frozen=True, slots=True, order=True)
class Scope:
    kind: str  # region, zone or component
    region: str = ""  # region and zone scopes
    zone: int = 0  # zone scopes
    component: str = ""  # component scopes

    def __str__(self) -> str:
        if self.kind == "region":
            return f"region:{self.region}"
        if self.kind == "zone":
            return f"zone:{self.region}/{self.zone}"
        return f"component:{self.component}"


def regions_in_use(arch: Architecture) -> list[str]:
    """The regions the architecture runs in or fails over to (the primary first, then
    sorted): its components', its Cosmos DB regions, its secondary regions, its failover
    designs' and its Traffic Manager endpoints' regions."""
    found = {normalize_region(arch.metadata.primary_region)}
    for entry in arch.index.by_id.values():
        region = placement_of(arch, entry.component).region
        if region is not None:
            found.add(region)
    for account in arch.index.of_kind("cosmos_account"):
        found.update(normalize_region(r.region) for r in account.regions)
    # Standby regions count: failing one is how a DR review asks what is left.
    found.update(normalize_region(r) for r in arch.metadata.secondary_regions)
    found.update(
        normalize_region(f.secondary_region)
        for f in arch.disaster_recovery.failover
        if f.secondary_region
    )
    for manager in arch.index.of_kind("traffic_manager"):
        found.update(normalize_region(e.region) for e in manager.endpoints if e.region)
    # An importer writes a placeholder where Terraform left the region unknown: no scope
    # can name it, so it is not a region in use.
    known = {region for region in found if azure_names.region(region) is not None}
    primary = normalize_region(arch.metadata.primary_region)
    head = [primary] if primary in known else []
    return [*head, *sorted(known - {primary})]


def parse_scope(arch: Architecture, text: str, regions: Iterable[str] | None = None) -> Scope:
    """The scope ``text`` names in ``arch``, or a ScopeError saying what it could mean."""
    kind, sep, value = text.partition(":")
    kind = kind.strip().lower()
    if not sep or kind not in KINDS:
        hint = did_you_mean(kind, KINDS) if sep else ""
        raise ScopeError(
            f"unknown failure scope '{text}'{hint}; expected region:NAME, zone:REGION/N "
            "or component:ID"
        )
    value = value.strip()
    in_use = list(regions if regions is not None else regions_in_use(arch))
    if kind == "component":
        return Scope("component", component=_component(arch, value))
    if kind == "region":
        return Scope("region", region=_region(value, in_use))
    region_text, slash, zone_text = value.rpartition("/")
    if not slash:
        raise ScopeError(f"zone scope '{text}' needs a region and a zone: zone:REGION/N")
    region = _region(region_text, in_use)
    if not region_has_availability_zones(region):
        raise ScopeError(f"region '{region}' has no availability zones: use region:{region}")
    if not zone_text.isdigit() or int(zone_text) not in ZONES:
        raise ScopeError(f"zone '{zone_text}' of {region}: zones are numbered 1, 2 and 3")
    return Scope("zone", region=region, zone=int(zone_text))


def _component(arch: Architecture, value: str) -> str:
    base = value.removesuffix(DLQ_SUFFIX)
    if base in arch.index.by_id:
        return base
    raise ScopeError(
        f"no component '{value}' in the architecture{did_you_mean(base, arch.index.by_id)}"
    )


def _region(value: str, in_use: list[str]) -> str:
    region = normalize_region(value)
    if region in in_use:
        return region
    near = did_you_mean(region, in_use)  # the regions in use first: that is what is meant
    if azure_names.region(region) is not None:
        raise ScopeError(
            f"no component runs in region '{value}' (regions in use: {', '.join(in_use)}){near}"
        )
    hint = near or did_you_mean(region, azure_names.regions())
    raise ScopeError(f"unknown region '{value}'{hint}")
