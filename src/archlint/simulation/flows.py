"""What a scenario does to each flow: survives, degraded or lost, and its RTO and RPO.

A flow's **entries** are its first step's source and every node no step of the flow leads
to; its **sinks** are the nodes it leads nowhere from. The flow:

- **survives** when every component on it is up;
- is **degraded** when some entry still reaches some sink, through a failover (a Cosmos DB
  account in another region, a deployed secondary, a Front Door origin or Traffic Manager
  endpoint the router moves to) or with some of its branches lost;
- is **lost** when no entry reaches any sink.

``lost_at`` names the unavailable components where the flow breaks. The **RTO** is the
time until some path from an entry to a sink serves again: the least, over paths, of the
longest outage on the path (None when no path comes back without unmodelled work). The
**RPO** is the data the flow loses: on a region loss, what its data stores and namespaces
in that region keep elsewhere (:func:`archlint.analysis.recovery.achievable_rpo`); on any
loss, messages that expire while nobody can deliver or consume them (TTL without
dead-lettering on expiry, an Event Grid event TTL with no dead-letter destination). None
means unbounded.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from archlint.analysis.recovery import (
    Detection,
    achievable_rpo,
    origin_group_detection,
    resource_of,
    traffic_manager_detection,
)
from archlint.graph.build import EXTERNAL_LAYER, FlowEdge, FlowGraph, build_flow_graph
from archlint.model import DLQ_SUFFIX, Architecture, Component
from archlint.model.edge import FrontDoor, TrafficManager
from archlint.model.messaging import EventGridSubscription
from archlint.model.types import format_duration
from archlint.simulation.outages import UP, Outage, Status, longest
from archlint.simulation.placement import layout_of
from archlint.simulation.scopes import Scope

__all__ = ["FlowOutcome", "flow_outcomes"]

#: Step kinds that hand data to their target: where a region loss can lose data.
_WRITES = frozenset({"write", "publish", "capture", "forward", "dead_letter", "replicate"})
_MESSAGE_HOLDERS = frozenset({"service_bus_queue", "service_bus_subscription"})


@dataclass
class FlowOutcome:
    id: str
    name: str
    critical: bool
    status: str  # survives, degraded or lost
    lost_at: list[str]
    rto: float | None  # seconds; None: no path comes back by itself (or unknown)
    rpo: float | None  # seconds; None: unbounded
    notes: list[str] = field(default_factory=list)  # messages delayed or lost, reroutes

    @property
    def survives(self) -> bool:
        return self.status != "lost"


def component_id(node: str) -> str:
    """The component behind a flow node (a dead-letter queue: its queue or subscription)."""
    return node.removesuffix(DLQ_SUFFIX)


class _FlowView:
    """One flow's steps as adjacency, with its entries and sinks."""

    def __init__(self, graph: FlowGraph, flow_id: str) -> None:
        edges = [e for e in graph.edges if e.flow == flow_id]
        self.edges = edges
        self.nodes = sorted({e.source for e in edges} | {e.target for e in edges})
        self.successors: dict[str, list[str]] = {n: [] for n in self.nodes}
        targets = set()
        for edge in edges:
            self.successors[edge.source].append(edge.target)
            targets.add(edge.target)
        first = min(edges, key=lambda e: e.origin).source if edges else None
        self.entries = sorted({n for n in self.nodes if n not in targets} | {first} - {None})
        self.sinks = frozenset(n for n in self.nodes if not self.successors[n])
        self.external = frozenset(n for n in self.nodes if graph.nodes[n].layer == EXTERNAL_LAYER)
        self.written = frozenset(e.target for e in edges if e.kind in _WRITES)
        self.components = frozenset(component_id(n) for n in self.nodes if n not in self.external)
        self.nodes_of: dict[str, list[str]] = {}
        for node in self.nodes:
            if node not in self.external:
                self.nodes_of.setdefault(component_id(node), []).append(node)
        self.predecessors: dict[str, list[str]] = {}
        for edge in edges:
            self.predecessors.setdefault(edge.target, []).append(edge.source)
        self.routed = [
            e for e in edges if graph.nodes[e.source].kind in ("front_door", "traffic_manager")
        ]


def _reach(
    successors: dict[str, list[str]], starts: Iterable[str], keep: Callable[[str], bool]
) -> set[str]:
    """The nodes ``keep`` accepts that are reachable from ``starts`` through such nodes."""
    seen = {s for s in starts if keep(s)}
    queue = deque(seen)
    while queue:
        for nxt in successors.get(queue.popleft(), ()):
            if nxt not in seen and keep(nxt):
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _views(arch: Architecture) -> tuple[FlowGraph, dict[str, _FlowView], dict[str, list[str]]]:
    """Every flow's view, and component id -> the flows it is on (built once)."""
    memo = arch.index.memo
    found = memo.get("simulation.flows")
    if found is None:
        graph = build_flow_graph(arch)
        views = {flow_id: _FlowView(graph, flow_id) for flow_id in graph.flows}
        on: dict[str, list[str]] = {}
        for flow_id, view in views.items():
            for component in view.components:
                on.setdefault(component, []).append(flow_id)
        found = memo["simulation.flows"] = (graph, views, on)
    return found  # type: ignore[no-any-return]


def flows_of(arch: Architecture) -> dict[str, frozenset[str]]:
    """Flow id -> the components its steps pass through (actors aside)."""
    return {flow_id: view.components for flow_id, view in _views(arch)[1].items()}


def _routes(
    arch: Architecture, router: Component, target: str
) -> Iterator[tuple[str, str, Detection]]:
    """Where a global router sends traffic when ``target`` fails: (node, what it is, how
    long the router takes to notice)."""
    if isinstance(router, FrontDoor):
        for group in router.origin_groups:
            noticed = origin_group_detection(router, group)
            members = [o for o in group.origins if o.enabled]
            if not any(
                target in (o.target, o.private_link and o.private_link.target) for o in members
            ):
                continue
            for origin in members:
                node = origin.target or (
                    origin.private_link.target if origin.private_link else None
                )
                if node and node != target:
                    yield node, f"Front Door origin '{origin.name}'", noticed
    if isinstance(router, TrafficManager):
        if not any(e.target == target for e in router.endpoints):
            return
        noticed = traffic_manager_detection(router)
        for endpoint in router.endpoints:
            if not endpoint.enabled or not endpoint.deployed or endpoint.target == target:
                continue
            if endpoint.target:
                yield endpoint.target, f"Traffic Manager endpoint '{endpoint.name}'", noticed
            elif endpoint.region:
                yield (
                    f"{router.id}->{endpoint.name}@{endpoint.region}",
                    f"Traffic Manager endpoint '{endpoint.name}' ({endpoint.host or 'host'})",
                    noticed,
                )


class _Evaluation:
    def __init__(
        self,
        arch: Architecture,
        view: _FlowView,
        states: dict[str, Outage],
        scopes: tuple[Scope, ...],
    ) -> None:
        self.arch = arch
        self.view = view
        self.states = states
        self.regions = {s.region for s in scopes if s.kind == "region"}
        self.notes: list[str] = []
        self.successors = view.successors  # copied before a reroute adds to it
        self.sinks = view.sinks
        self.extra: dict[str, Outage] = {}  # routed-to nodes outside the flow
        self.delays: dict[str, float] = {}  # routed-to node -> when the router sends traffic
        # The flow's nodes whose component the scenario affects (every other one is up).
        self.affected = [
            node
            for component in view.components.intersection(states)
            for node in view.nodes_of.get(component, ())
        ]
        self.unavailable = {n for n in self.affected if not states[component_id(n)].available}
        self._reroute()

    def outage(self, node: str) -> Outage:
        if node in self.extra:
            return self.extra[node]
        if node in self.view.external:
            return UP
        return self.states.get(component_id(node), UP)

    def _reroute(self) -> None:
        """Global routers move traffic from a failed origin or endpoint to a healthy one."""
        for edge in self.view.routed:
            router = self.arch.get(edge.source)
            if not isinstance(router, FrontDoor | TrafficManager) or (
                edge.target not in self.unavailable
            ):
                continue
            for node, what, noticed in _routes(self.arch, router, edge.target):
                region = node.rpartition("@")[2] if "@" in node else None
                if region is not None:
                    state = UP if region not in self.regions else Outage(Status.down, None, "lost")
                    self.extra[node] = state
                elif node not in self.view.nodes and self.arch.get(node) is not None:
                    self.extra[node] = self.states.get(node, UP)
                if not self.outage(node).available:
                    self.unavailable.add(node)
                    continue
                if self.successors is self.view.successors:
                    self.successors = {n: list(t) for n, t in self.view.successors.items()}
                    self.sinks = set(self.view.sinks)
                self.successors[edge.source].append(node)
                if node not in self.view.nodes:
                    self.successors.setdefault(node, [])
                    self.sinks = self.sinks | {node}
                seconds = noticed.time.total_seconds()
                self.delays[node] = max(self.delays.get(node, 0.0), seconds)
                self.notes.append(
                    f"{router.id} routes to {what} instead of {edge.target} after "
                    f"{format_duration(noticed.time)} ({noticed.basis})"
                )

    def evaluate(self, flow_id: str, name: str, critical: bool) -> FlowOutcome:
        view = self.view
        if not self.affected:
            return FlowOutcome(flow_id, name, critical, "survives", [], 0.0, 0.0)
        unavailable = self.unavailable
        reachable = _reach(self.successors, view.entries, lambda n: n not in unavailable)
        status = "degraded" if reachable & self.sinks else "lost"
        lost_at = self._lost_at(reachable)
        rto = self._rto()
        rpo = self._rpo()
        return FlowOutcome(flow_id, name, critical, status, lost_at, rto, rpo, self.notes)

    def _lost_at(self, reachable: set[str]) -> list[str]:
        """The unavailable nodes a request or message reaching as far as it can runs into."""
        broken = {e for e in self.view.entries if e in self.unavailable}
        for node in self.unavailable:
            if any(p in reachable for p in self.view.predecessors.get(node, ())):
                broken.add(node)
        return sorted({component_id(n) for n in broken if n not in self.extra})

    def _rto(self) -> float | None:
        """Least, over entry-to-sink paths, of the longest outage on the path."""

        def cost(node: str) -> float:
            seconds = self.outage(node).seconds
            return max(math.inf if seconds is None else seconds, self.delays.get(node, 0.0))

        best: dict[str, float] = {}
        heap = [(cost(e), e) for e in self.view.entries]
        heapq.heapify(heap)
        while heap:
            worst, node = heapq.heappop(heap)
            if node in best:
                continue
            best[node] = worst
            if node in self.sinks:
                return None if math.isinf(worst) else worst
            for nxt in self.successors.get(node, ()):
                if nxt not in best:
                    heapq.heappush(heap, (max(worst, cost(nxt)), nxt))
        return None

    def _rpo(self) -> float | None:
        losses: list[float | None] = []
        # Only affected nodes lose data; the entities their consumers read from hold the
        # messages (one step back for a failed consumer, two for a failed downstream).
        candidates = set(self.affected)
        for node in self.affected:
            for before in self.view.predecessors.get(node, ()):
                candidates.add(before)
                candidates.update(self.view.predecessors.get(before, ()))
        for node in sorted(candidates - self.view.external):
            losses.extend(self._region_loss(node))
            losses.extend(self._expiry(node))
        return longest(losses)

    def _region_loss(self, node: str) -> Iterator[float | None]:
        """The data a store or namespace in a lost region does not keep elsewhere."""
        if not self.regions or node not in self.view.written:
            return
        resource = resource_of(self.arch, node)
        if resource is None or self.outage(resource.id).status is Status.up:
            return
        if layout_of(self.arch).placements[resource.id].region not in self.regions:
            return
        achievable = achievable_rpo(self.arch, resource)
        if achievable is None:
            return
        note = f"{resource.id}: {achievable.basis}"
        if note not in self.notes:
            self.notes.append(note)
        yield None if achievable.rpo is None else achievable.rpo.total_seconds()

    def _expiry(self, node: str) -> Iterator[float | None]:
        """Messages that wait longer than their TTL while their entity or consumer is out."""
        component = self.arch.get(component_id(node))
        if component is None or node.endswith(DLQ_SUFFIX):
            return
        if component.kind in _MESSAGE_HOLDERS:
            waits = [self.outage(node)] + [self.outage(n) for n in self.successors.get(node, ())]
            wait = _longest_wait(waits)
            if wait == 0:
                self._retries_exhausted(node, component)
                return
            ttl = component.default_message_ttl
            shown = "until the outage ends" if wait is None else f"up to {format_duration_s(wait)}"
            if ttl is None or (wait is not None and wait < ttl.total_seconds()):
                self.notes.append(f"{node}: messages delayed {shown}, not lost")
            elif component.dead_lettering_on_message_expiration:
                self.notes.append(
                    f"{node}: messages waiting longer than their {format_duration(ttl)} TTL "
                    "move to the dead-letter queue (kept, not processed)"
                )
            else:
                self.notes.append(
                    f"{node}: messages waiting longer than their {format_duration(ttl)} TTL "
                    "expire and are lost (no dead-lettering on expiry)"
                )
                yield None
        elif isinstance(component, EventGridSubscription):
            yield from self._event_expiry(component)

    def _retries_exhausted(self, node: str, entity: Component) -> None:
        """Consumers that run but fail on something downstream abandon each message until
        its delivery count is spent: Service Bus then dead-letters it (kept, not processed)."""
        for consumer in self.successors.get(node, ()):
            failing = sorted(n for n in self.successors.get(consumer, ()) if n in self.unavailable)
            if failing:
                self.notes.append(
                    f"{node}: {consumer} fails on {', '.join(failing)}; each message moves to "
                    f"the dead-letter queue after {entity.max_delivery_count} deliveries "
                    "(kept, not processed)"
                )
                return

    def _event_expiry(self, subscription: EventGridSubscription) -> Iterator[float | None]:
        wait = _longest_wait([self.outage(subscription.endpoint)])
        if wait == 0:
            return
        policy = subscription.retry_policy
        ttl = policy.event_ttl.total_seconds() if policy else 86400.0
        if wait is not None and wait < ttl:
            self.notes.append(f"{subscription.id}: Event Grid retries delivery, events delayed")
            return
        store = subscription.dead_letter.storage_account if subscription.dead_letter else None
        if store is not None and self.outage(store).available:
            self.notes.append(
                f"{subscription.id}: undelivered events are dead-lettered to {store} after "
                f"{format_duration_s(ttl)} (kept, not processed)"
            )
            return
        self.notes.append(f"{subscription.id}: undelivered events are dropped after their TTL")
        yield None


def _longest_wait(outages: list[Outage]) -> float | None:
    """How long messages wait for the longest of these outages (0 when all are up)."""
    return longest(o.seconds for o in outages if o.status is not Status.up)


def format_duration_s(seconds: float) -> str:
    from datetime import timedelta

    return format_duration(timedelta(seconds=seconds))


def flow_outcomes(
    arch: Architecture, states: dict[str, Outage], scopes: tuple[Scope, ...]
) -> list[FlowOutcome]:
    """Each flow's outcome under the component ``states`` of a scenario, in spec order."""
    graph, views, on = _views(arch)
    touched = {flow_id for c in states for flow_id in on.get(c, ())}
    outcomes = []
    for flow_id, info in graph.flows.items():
        if flow_id not in touched:
            outcomes.append(
                FlowOutcome(flow_id, info.name, info.critical, "survives", [], 0.0, 0.0)
            )
            continue
        evaluation = _Evaluation(arch, views[flow_id], states, scopes)
        outcomes.append(evaluation.evaluate(flow_id, info.name, info.critical))
    return outcomes


def edges_of(arch: Architecture, flow_id: str) -> list[FlowEdge]:
    """The steps of one flow, as the graph holds them."""
    return list(_views(arch)[1][flow_id].edges)
