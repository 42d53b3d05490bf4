"""Which components a scenario takes down, for how long, and what takes over.

A scenario is a set of :class:`~archlint.simulation.scopes.Scope`. It *hits*:

- ``component:ID``: that component, where it runs (its failover still applies);
- ``region:NAME``: every component running in that region (a Cosmos DB account: when
  the region is its write region; losing a read region loses nothing);
- ``zone:REGION/N``: the components of that region pinned to zone N, and those whose
  zone is unknown (worst case: they are *assumed* down, and the output says so).

A component nested in another (a subnet in its VNet, a queue in its namespace) or that
needs others (an app) is not hit itself: it fails through them. Failures then spread
along what components need (:mod:`~archlint.analysis.dependencies`).
A component whose region is hit, or that is hit itself, is restored by its failover when
it has one that survives the scenario:

- a Cosmos DB account with another region outside the scenario and automatic failover
  (or multi-region writes) fails over;
- a ``disaster_recovery.failover`` design with a deployed ``active_active`` or
  ``automatic_failover`` secondary in a region the scenario spares fails over (the time a
  router takes to notice, when the architecture has one); any other design (redeploy,
  restore, manual failover, a secondary not deployed) leaves the component down until it
  is rebuilt, for its ``estimated_recovery_time`` (or Microsoft's provisioning time);
- a failover never routes around a broken dependency in the same region: with only a
  private endpoint or a plan failed, the component stays down.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from archlint.analysis.dependencies import closure, needs_of
from archlint.analysis.recovery import Detection, detection, failover_of, recovery_time
from archlint.azure.facts import normalize_region
from archlint.model import Architecture, Component
from archlint.model.data import CosmosAccount
from archlint.model.types import format_duration
from archlint.records import record
from archlint.simulation.placement import Placement, Spread, layout_of
from archlint.simulation.scopes import Scope

__all__ = ["Outage", "Status", "longest", "outages"]

_LIVE = ("active_active", "automatic_failover")


class Status(StrEnum):
    up = "up"
    failed_over = "failed_over"  # down, then served elsewhere after ``seconds``
    assumed_down = "assumed_down"  # zone placement unknown: down in the worst case
    down = "down"


_RANK = {Status.up: 0, Status.failed_over: 1, Status.assumed_down: 2, Status.down: 3}


@record
class Outage:
    status: Status
    seconds: float | None  # unavailable for this long; None: until rebuilt by hand or unknown
    reason: str

    @property
    def available(self) -> bool:
        """Serving (perhaps after a failover) in this scenario."""
        return self.status in (Status.up, Status.failed_over)


UP = Outage(Status.up, 0.0, "")
#: How the reason of a component assumed down for want of a known zone begins.
UNPLACED = "zone placement unknown"


def longest(values: Iterable[float | None]) -> float | None:
    """The longest of durations in seconds; None (unbounded) when any is."""
    longest = 0.0
    for value in values:
        if value is None:
            return None
        longest = max(longest, value)
    return longest


class _Scenario:
    def __init__(self, arch: Architecture, scopes: Iterable[Scope]) -> None:
        self.arch = arch
        self.scopes = tuple(scopes)
        self.regions = {s.region for s in self.scopes if s.kind == "region"}
        self.zones = {(s.region, s.zone) for s in self.scopes if s.kind == "zone"}
        self.named = {s.component for s in self.scopes if s.kind == "component"}
        self.touched_regions = self.regions | {region for region, _ in self.zones}
        self.layout = layout_of(arch)
        self.needs = needs_of(arch)
        self.states: dict[str, Outage] = {}

    def placement(self, component: Component) -> Placement:
        return self.layout.placements[component.id]

    @property
    def router(self) -> Detection | None:
        """The fastest global router's failure detection (computed once per architecture)."""
        memo = self.arch.index.memo
        if "simulation.router" not in memo:
            memo["simulation.router"] = detection(self.arch)
        found: Detection | None = memo["simulation.router"]
        return found

    def hit(self, component: Component) -> Outage | None:
        """The outage the scopes cause ``component`` directly, or None."""
        if component.id in self.named:
            return Outage(Status.down, None, "named in the scenario")
        place = self.placement(component)
        if place.region is None:
            return None
        entry = self.arch.index.by_id[component.id]
        if entry.parent is not None or (
            place.spread is Spread.follows and component.id in self.needs.needs
        ):
            return None  # it fails through what it is nested in or needs
        if place.region in self.regions:
            return Outage(Status.down, None, f"{place.region} is lost")
        if place.spread is Spread.zonal and (place.region, place.zone) in self.zones:
            return Outage(Status.down, None, f"pinned to zone {place.zone} of {place.region}")
        if place.spread is Spread.unplaced and any(r == place.region for r, _ in self.zones):
            return Outage(
                Status.assumed_down,
                None,
                f"{UNPLACED} ({place.reason}): assumed in the lost zone",
            )
        return None

    def hits(self) -> list[str]:
        candidates = set(self.named)
        for region in self.touched_regions:
            candidates.update(self.layout.by_region.get(region, ()))
        return sorted(c for c in candidates if self.hit(self.arch.index.by_id[c].component))

    def state(
        self, component_id: str, affected: set[str], needs: dict[str, dict[str, str]]
    ) -> Outage:
        if component_id in self.states:
            return self.states[component_id]
        self.states[component_id] = UP  # a cycle of needs decides nothing
        component = self.arch.get(component_id)
        assert component is not None
        own = self.hit(component)
        inherited = [
            (need, self.state(need, affected, needs))
            for need in needs.get(component_id, {})
            if need in affected
        ]
        failing = [(need, o) for need, o in inherited if o.status is not Status.up]
        outage = own or UP
        if failing:
            worst = max(failing, key=lambda pair: _RANK[pair[1].status])
            status = worst[1].status
            if _RANK[status] > _RANK[outage.status]:
                seconds = longest(o.seconds for _, o in failing)
                reason = f"needs {worst[0]} ({needs[component_id][worst[0]]})"
                outage = Outage(status, seconds, reason)
        if not outage.available and (own is not None or self._region_hit(component)):
            outage = self.failover(component, outage)
        self.states[component_id] = outage
        return outage

    def _region_hit(self, component: Component) -> bool:
        return self.placement(component).region in self.touched_regions

    def failover(self, component: Component, outage: Outage) -> Outage:
        """What takes over from ``component``, down with ``outage``, in this scenario."""
        if isinstance(component, CosmosAccount) and component.id not in self.named:
            spare = [
                r.region
                for r in component.regions
                if normalize_region(r.region) not in self.regions
                and normalize_region(r.region) != self.placement(component).region
            ]
            if spare and component.multi_region_writes:
                return Outage(Status.failed_over, 0.0, f"multi-region writes: {spare[0]} serves")
            if spare and component.automatic_failover:
                return Outage(
                    Status.failed_over,
                    None,
                    f"automatic failover to {spare[0]} (Microsoft states no failover time)",
                )
        found = failover_of(self.arch, component.id)
        if found is None:
            return outage
        design = found[1]
        secondary = normalize_region(design.secondary_region) if design.secondary_region else None
        if secondary is not None and secondary in self.regions:
            return Outage(
                outage.status, None, f"{outage.reason}; its standby {secondary} is lost too"
            )
        strategy = design.strategy.replace("_", " ")
        if design.strategy in _LIVE and design.secondary_deployed:
            if design.strategy == "automatic_failover" and self.router is not None:
                seconds = self.router.time.total_seconds()
                return Outage(
                    Status.failed_over,
                    seconds,
                    f"{strategy} after {format_duration(self.router.time)} "
                    f"({self.router.router.id}: {self.router.basis})",
                )
            return Outage(Status.failed_over, 0.0, f"{strategy}: the secondary serves")
        recovery = recovery_time(self.arch, design)
        where = f" to {secondary}" if secondary else ""
        if recovery is None:
            return Outage(outage.status, None, f"{outage.reason}; {strategy}{where}, time unknown")
        return Outage(
            outage.status,
            recovery[0].total_seconds(),
            f"{outage.reason}; {strategy}{where}: {recovery[1]}",
        )


def outages(arch: Architecture, scopes: Iterable[Scope]) -> dict[str, Outage]:
    """Every component the scenario affects -> its outage (components absent are up)."""
    scenario = _Scenario(arch, scopes)
    needs = needs_of(arch)
    affected = set(closure(needs, scenario.hits()))
    for component_id in sorted(affected):
        scenario.state(component_id, affected, needs.needs)
    return {
        component_id: outage
        for component_id, outage in sorted(scenario.states.items())
        if outage.status is not Status.up
    }
