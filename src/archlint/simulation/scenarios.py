"""Scenarios: one set of failure scopes and what it does, and the standard matrix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archlint.azure.facts import region_has_availability_zones
from archlint.model import Architecture
from archlint.simulation.flows import FlowOutcome, flow_outcomes, flows_of
from archlint.simulation.outages import UNPLACED, Outage, outages
from archlint.simulation.scopes import ZONES, Scope, regions_in_use

__all__ = ["Scenario", "simulate", "standard_scopes"]


@dataclass
class Scenario:
    scopes: tuple[Scope, ...]
    flows: list[FlowOutcome]
    outages: dict[str, Outage]  # the components it affects (every other one is up)

    @property
    def lost_critical(self) -> list[FlowOutcome]:
        return [f for f in self.flows if f.critical and f.status == "lost"]

    @property
    def assumed(self) -> list[str]:
        """Components taken down only because their zone placement is unknown."""
        return [c for c, o in self.outages.items() if o.reason.startswith(UNPLACED)]


def simulate(arch: Architecture, scopes: Iterable[Scope]) -> Scenario:
    """What failing ``scopes`` together does to every component and flow of ``arch``."""
    chosen = tuple(sorted(set(scopes)))
    states = outages(arch, chosen)
    return Scenario(chosen, flow_outcomes(arch, states, chosen), states)


def standard_scopes(arch: Architecture) -> list[tuple[Scope, ...]]:
    """The standard matrix: each zone of each region in use, each region, and each single
    component on a critical flow."""
    regions = regions_in_use(arch)
    matrix: list[tuple[Scope, ...]] = []
    for region in regions:
        if region_has_availability_zones(region):
            matrix.extend((Scope("zone", region=region, zone=zone),) for zone in ZONES)
    matrix.extend((Scope("region", region=region),) for region in regions)
    critical = sorted(
        {
            component
            for flow_id, components in flows_of(arch).items()
            if arch.flows.flows and _critical(arch, flow_id)
            for component in components
        }
    )
    matrix.extend((Scope("component", component=c),) for c in critical)
    return matrix


def _critical(arch: Architecture, flow_id: str) -> bool:
    return any(f.id == flow_id and f.critical for f in arch.flows.flows)
