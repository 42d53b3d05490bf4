"""Where a component runs, for the simulation: its region and its availability-zone placement.

A component is one of:

- **global**: Front Door, Traffic Manager, private DNS zones (``azure/resilience.json``):
  no zone or region failure takes it down;
- **zone-redundant**: spread over the zones of its region (``zone_redundant: true``, two or
  more ``zones``, ZRS/GZRS storage or managed disks, a Cosmos DB region marked
  zone-redundant, or a kind Azure spreads by itself, e.g. Event Grid); it survives the loss
  of one zone;
- **zonal**: pinned to one zone (``zones: [2]``); it fails with that zone;
- **unplaced**: a zone-capable resource whose zone archlint cannot know (LRS storage, a
  namespace or plan without ``zone_redundant``, ``zones: []``). The simulation takes the
  worst case: it fails with any zone of its region, and the output says the placement is
  unknown;
- **follows**: it has no placement of its own (a queue, an app, a container...): it fails
  when what it needs fails (:mod:`archlint.analysis.dependencies`); policies and
  configuration (retry policies, NSGs, identities...) never fail themselves.

A resource of a kind archlint has no zone facts for, that needs nothing else, is unplaced:
the worst case, said so, never a silent survival.

In a region without availability zones there are no zone scenarios.
"""

from __future__ import annotations

import json
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from archlint.analysis.dependencies import needs_of
from archlint.analysis.placement import region_of
from archlint.azure import facts
from archlint.model import Architecture, Component
from archlint.records import record

__all__ = ["Layout", "Placement", "Spread", "layout_of", "placement_of", "platform_facts"]


class Spread(StrEnum):
    global_ = "global"
    zone_redundant = "zone-redundant"
    zonal = "zonal"
    unplaced = "unplaced"
    follows = "follows"


@record
class Placement:
    spread: Spread
    region: str | None  # None for global components
    zone: int | None = None  # the zone of a zonal component
    reason: str = ""  # why: the field or fact the placement rests on


@cache
def platform_facts() -> dict[str, Any]:
    """``azure/resilience.json``: kinds Azure spreads over zones by itself, global kinds."""
    path = Path(facts.__file__).with_name("resilience.json")
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return loaded


# Kinds whose zone placement the simulation reads from their own fields. Any other kind
# with a region and no rule here "follows" what it needs.
_ZONE_CAPABLE = frozenset(
    {
        "app_service_environment",
        "app_service_plan",
        "api_management",
        "application_gateway",
        "backup_vault",
        "bastion",
        "container_app_environment",
        "container_group",
        "cosmos_account",
        "event_hubs_namespace",
        "firewall",
        "kubernetes_cluster",
        "managed_disk",
        "public_ip",
        "redis_cache",
        "service_bus_namespace",
        "storage_account",
        "virtual_machine",
        "vm_scale_set",
    }
)


def placement_of(arch: Architecture, component: Component) -> Placement:
    """Where ``component`` runs (see the module notes)."""
    known = platform_facts()
    if component.kind in known["global"] or component.kind == "actor":
        return Placement(Spread.global_, None, reason="a global service")
    if component.kind in known["not_running"]["kinds"]:
        return Placement(Spread.follows, None, reason="policy or configuration")
    region = _region(arch, component)
    if component.kind in known["zone_redundant_by_platform"]:
        return Placement(Spread.zone_redundant, region, reason="spread over zones by Azure")
    if component.kind in _ZONE_CAPABLE:
        return _zone_capable(component, region)
    entry = arch.index.by_id.get(component.id)
    if (entry is not None and entry.parent is not None) or needs_of(arch).needs.get(component.id):
        return Placement(Spread.follows, region)
    # A resource of its own that archlint has no zone facts for: the worst case, said so.
    return Placement(Spread.unplaced, region, reason=f"no zone facts for kind '{component.kind}'")


def _region(arch: Architecture, component: Component) -> str:
    """A Cosmos DB account runs where it writes (its failover priority 0 region)."""
    if component.kind == "cosmos_account":
        write = min(component.regions, key=lambda r: r.failover_priority)
        return facts.normalize_region(write.region)
    return region_of(arch, component)


def _zone_capable(component: Component, region: str) -> Placement:
    if component.kind == "kubernetes_cluster":
        # The workload runs on the node pools: the cluster is as spread as its least one.
        pools = getattr(component, "node_pools", ())
        if pools and all(len(set(pool.zones)) >= 2 for pool in pools):
            return Placement(Spread.zone_redundant, region, reason="every node pool across zones")
        return Placement(Spread.unplaced, region, reason="a node pool in one zone or none")
    if component.kind == "managed_disk" and str(getattr(component, "sku", "")).endswith("_ZRS"):
        # Zone-redundant storage: the disk is replicated over three zones (Learn,
        # disks-redundancy).
        return Placement(Spread.zone_redundant, region, reason=component.sku)
    zones: list[int] | None = getattr(component, "zones", None)
    if zones is not None:
        if len(set(zones)) >= 2:
            return Placement(Spread.zone_redundant, region, reason=f"zones {sorted(set(zones))}")
        if len(zones) == 1:
            return Placement(Spread.zonal, region, zones[0], reason=f"pinned to zone {zones[0]}")
        return Placement(Spread.unplaced, region, reason="no zones given")
    if component.kind == "storage_account":
        replication = facts.storage_replication_for(component.replication)
        if replication is not None and replication.zone_redundant:
            return Placement(Spread.zone_redundant, region, reason=component.replication)
        return Placement(Spread.unplaced, region, reason=f"{component.replication} in one zone")
    if component.kind == "cosmos_account":
        write = min(component.regions, key=lambda r: r.failover_priority)
        if write.zone_redundant:
            return Placement(Spread.zone_redundant, region, reason=f"zone-redundant in {region}")
        return Placement(Spread.unplaced, region, reason=f"not zone-redundant in {region}")
    if component.kind == "backup_vault":
        if component.redundancy == "ZoneRedundant":
            return Placement(Spread.zone_redundant, region, reason="ZoneRedundant")
        return Placement(Spread.unplaced, region, reason=f"{component.redundancy} in one zone")
    if getattr(component, "zone_redundant", False):
        return Placement(Spread.zone_redundant, region, reason="zone_redundant: true")
    return Placement(Spread.unplaced, region, reason="zone_redundant not set")


@record
class Layout:
    """Every component's placement, and the components of each region (built once)."""

    placements: dict[str, Placement]
    by_region: dict[str, list[str]]


def layout_of(arch: Architecture) -> Layout:
    """The :class:`Layout` of ``arch``, computed once per architecture."""
    memo = arch.index.memo
    found = memo.get("simulation.layout")
    if found is None:
        placements = {
            component_id: placement_of(arch, entry.component)
            for component_id, entry in arch.index.by_id.items()
        }
        by_region: dict[str, list[str]] = {}
        for component_id, place in placements.items():
            if place.region is not None:
                by_region.setdefault(place.region, []).append(component_id)
        found = memo["simulation.layout"] = Layout(placements, by_region)
    assert isinstance(found, Layout)
    return found
