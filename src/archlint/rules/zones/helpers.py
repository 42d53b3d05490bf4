"""Whether the zone rules expect zone redundancy where a component runs
(:func:`region_of`, from :mod:`archlint.analysis.placement`, says where that is)."""

from __future__ import annotations

from archlint.analysis.placement import region_of
from archlint.azure.facts import region_has_availability_zones
from archlint.model import Architecture, Component
from archlint.rules.api import Violation

__all__ = ["expects_zones", "pinned_to_one_zone", "region_of"]


def expects_zones(arch: Architecture, region: str) -> bool:
    """Zone redundancy is expected wherever the region has zones (the rules that ask run in
    production only: their ``environments``, which the engine applies)."""
    return region_has_availability_zones(region)


def pinned_to_one_zone(
    arch: Architecture, component: Component, zones: list[int], region: str
) -> Violation | None:
    """A finding when ``zones`` lists exactly one zone: the component is zonal, not redundant.

    An empty list is not judged here: for the services that use this (Redis, Application
    Gateway, public IPs) Azure now spreads an unpinned resource across zones by default.
    """
    if len(zones) != 1:
        return None
    return Violation.on(
        arch,
        component,
        "zones",
        message=f"{component.label()} in {region} is pinned to zone {zones[0]}",
    )
