"""The availability budget: a flow's composite availability from published SLAs.

A flow is available when every service its steps pass through is. Each service counts
once, at the level its SLA is given (a queue is its namespace, a container its Cosmos DB
account, a workflow its Logic App), together with what it needs that carries an SLA of
its own (the private endpoints it is reached through, the Key Vaults its settings come
from, a Function App's runtime storage; see :mod:`archlint.analysis.dependencies`).

- **series**: the flow's availability is the product of its services' availabilities;
- **parallel**: a component with a deployed ``active_active`` or ``automatic_failover``
  secondary counts as two instances, ``1 - (1 - a)^2``; targets a Front Door origin group
  or a Traffic Manager profile on the flow can route between are one parallel set,
  ``1 - prod(1 - a_i)``.

SLA figures come from ``azure/slas.json``, each with the page it was read on. A service
without a sourced figure is *unknown*: it can only lower the product, so the composite is
an upper bound and says so. In a parallel set, an unknown member may be perfect, so the
set's bound is 1.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from archlint.analysis.dependencies import needs_of
from archlint.analysis.recovery import failover_of
from archlint.azure.facts import GLOBAL_SERVICES
from archlint.model import DLQ_SUFFIX, Architecture, Component
from archlint.model.edge import FrontDoor, TrafficManager
from archlint.model.flows import Actor, Flow
from archlint.records import record

__all__ = ["Budget", "Term", "budget", "budgets", "sla_of", "sla_table"]

_LIVE = ("active_active", "automatic_failover")
#: Kinds on a flow that are not part of the service it delivers (the alerting branch).
_OUTSIDE = frozenset({"metric_alert", "action_group"})
#: Needs that carry an SLA of their own.
_NEEDS_WITH_SLA = frozenset({"private_endpoint", "key_vault", "storage_account"})


@cache
def sla_table() -> dict[str, Any]:
    """``azure/slas.json``."""
    path = Path(__file__).resolve().parent.parent / "azure" / "slas.json"
    loaded: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return loaded


def _spans_zones(component: Component) -> bool:
    """The component is spread over availability zones, as the SLAs that distinguish it
    mean: zone redundant, or placed in two or more zones (an AKS cluster: every node pool;
    a Cosmos DB account: its write region)."""
    if component.kind == "cosmos_account":
        write = min(getattr(component, "regions", ()), key=lambda r: r.failover_priority)
        return bool(write.zone_redundant)
    if component.kind == "kubernetes_cluster":
        pools = getattr(component, "node_pools", ())
        return bool(pools) and all(len(pool.zones) >= 2 for pool in pools)
    return getattr(component, "zone_redundant", None) is True or (
        len(getattr(component, "zones", None) or ()) >= 2
    )


def _holds(component: Component, when: dict[str, Any]) -> bool:
    for key, wanted in when.items():
        if key == "multi_region":
            value: Any = len(getattr(component, "regions", ())) > 1
        elif key == "spans_zones":
            value = _spans_zones(component)
        else:
            value = getattr(component, key, None)
        if value not in wanted if isinstance(wanted, list) else value != wanted:
            return False
    return True


@record
class Sla:
    percent: float | None  # None: no sourced figure
    service: str
    source: str | None  # the page the figure was read on, or why there is none
    # The figure covers the service's own redundancy across regions (a multi-region Cosmos
    # DB account, a global service): a failover design adds no second instance to it.
    counts_regions: bool = False


def sla_of(component: Component) -> Sla | None:
    """The SLA of ``component``'s service, or None for a kind without an SLA entry."""
    table = sla_table()
    for entry in table["services"]:
        if entry["kind"] == component.kind and _holds(component, entry.get("when", {})):
            counts_regions = "multi_region" in entry.get("when", {}) or component.kind in (
                GLOBAL_SERVICES
            )
            return Sla(entry["sla"], entry["service"], entry["source"], counts_regions)
    reason = table["not_sourced"].get(component.kind)
    if reason is not None:
        return Sla(None, component.title, reason)
    return None


@record
class Term:
    """One factor of a flow's product: a service, or a parallel set of them."""

    components: tuple[str, ...]
    availability: float | None  # a fraction; None: unknown
    basis: str  # how the figure was reached, for the text output
    sources: tuple[str, ...] = ()


@dataclass
class Budget:
    flow: str
    name: str
    terms: list[Term]
    slo: float | None  # percent
    availability: float | None = None  # fraction; an upper bound when ``unknown`` is not empty
    unknown: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return None if self.availability is None else self.availability * 100

    @property
    def below_slo(self) -> bool:
        """The SLO cannot be reached: even the upper bound is below it."""
        return self.slo is not None and self.percent is not None and self.percent < self.slo


def service_of(arch: Architecture, component_id: str) -> Component | None:
    """The component whose SLA covers ``component_id`` (itself or an ancestor), or None."""
    entry = arch.index.by_id.get(component_id.removesuffix(DLQ_SUFFIX))
    while entry is not None:
        component = entry.component
        if isinstance(component, Actor) or component.kind in _OUTSIDE:
            return None
        if sla_of(component) is not None:
            return component
        entry = arch.index.by_id.get(entry.parent.id) if entry.parent is not None else None
    return None


def _services(arch: Architecture, flow: Flow) -> list[Component]:
    """The flow's services and the needs with an SLA of their own, in first-seen order."""
    needs = needs_of(arch).needs
    found: dict[str, Component] = {}
    pending = [s for step in flow.steps for s in (step.source, step.target)]
    seen: set[str] = set()
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        service = service_of(arch, current)
        if service is not None:
            found.setdefault(service.id, service)
        base = current.removesuffix(DLQ_SUFFIX)
        for host in _chain(arch, base):
            for need in needs.get(host, {}):
                component = arch.get(need)
                if component is not None and component.kind in _NEEDS_WITH_SLA:
                    pending.append(need)
    return list(found.values())


def _chain(arch: Architecture, component_id: str) -> Iterator[str]:
    """The component and everything that hosts it (parents, plan, environment)."""
    seen: set[str] = set()
    pending = [component_id]
    needs = needs_of(arch).needs
    while pending:
        current = pending.pop()
        if current in seen or current not in arch.index.by_id:
            continue
        seen.add(current)
        yield current
        entry = arch.index.by_id[current]
        if entry.parent is not None:
            pending.append(entry.parent.id)
        pending.extend(n for n, why in needs.get(current, {}).items() if why.startswith("its plan"))
        pending.extend(n for n, why in needs.get(current, {}).items() if why.startswith("its ase"))


def _alternatives(arch: Architecture, flow: Flow) -> list[set[str]]:
    """Sets of services one router on the flow routes between: the targets of its steps
    that are origins of one origin group, or deployed endpoints of one profile (two or more)."""
    sets: list[set[str]] = []
    routed: dict[str, set[str]] = {}
    for step in flow.steps:
        routed.setdefault(step.source, set()).add(step.target)
    for step in flow.steps:
        router = arch.get(step.source)
        if isinstance(router, FrontDoor):
            for group in router.origin_groups:
                members = {o.target for o in group.origins if o.enabled and o.target}
                members |= {
                    o.private_link.target for o in group.origins if o.enabled and o.private_link
                }
                sets.append(members & routed[router.id])
        elif isinstance(router, TrafficManager):
            deployed = {e.target for e in router.endpoints if e.enabled and e.deployed and e.target}
            sets.append(deployed & routed[router.id])
    chosen: list[set[str]] = []
    for members in sets:
        services = {
            service.id for member in members if (service := service_of(arch, member)) is not None
        }
        if len(services) >= 2 and services not in chosen:
            chosen.append(services)
    return chosen


def _single(arch: Architecture, service: Component) -> Term:
    sla = sla_of(service)
    assert sla is not None
    if sla.percent is None:
        return Term((service.id,), None, f"{sla.service}: no sourced SLA ({sla.source})")
    availability = sla.percent / 100
    basis = f"{sla.percent:g}% {sla.service}"
    found = failover_of(arch, service.id)
    if (
        found is not None
        and found[1].strategy in _LIVE
        and found[1].secondary_deployed
        and not sla.counts_regions
    ):
        availability = 1 - (1 - availability) ** 2
        basis += f", two deployed instances: 1 - (1 - {sla.percent / 100:g})^2"
    return Term((service.id,), availability, basis, (sla.source,) if sla.source else ())


def _parallel(terms: Iterable[Term]) -> Term:
    members = list(terms)
    ids = tuple(c for t in members for c in t.components)
    if any(t.availability is None for t in members):
        return Term(ids, 1.0, f"parallel {', '.join(ids)}: a member has no sourced SLA, bound 1")
    failure = 1.0
    for term in members:
        assert term.availability is not None
        failure *= 1 - term.availability
    return Term(
        ids,
        1 - failure,
        f"parallel {', '.join(ids)}: 1 - prod(1 - a)",
        tuple(s for t in members for s in t.sources),
    )


def budget(arch: Architecture, flow: Flow) -> Budget:
    """The availability budget of ``flow`` (see the module notes)."""
    services = _services(arch, flow)
    singles = {s.id: _single(arch, s) for s in services}
    terms: list[Term] = []
    grouped: set[str] = set()
    for members in _alternatives(arch, flow):
        if members & grouped:
            continue
        grouped |= members
        terms.append(_parallel(singles[m] for m in sorted(members) if m in singles))
    terms.extend(t for s, t in singles.items() if s not in grouped)
    unknown = [c for t in terms if t.availability is None for c in t.components]
    known = [t.availability for t in terms if t.availability is not None]
    product: float | None = None
    if known:
        product = 1.0
        for value in known:
            product *= value
    return Budget(flow.id, flow.name, terms, flow.slo, product, unknown)


def budgets(arch: Architecture) -> list[Budget]:
    """Every flow's budget, in spec order."""
    return [budget(arch, flow) for flow in arch.flows.flows]
