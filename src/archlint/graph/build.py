"""Model -> event-flow graph: components as typed nodes, flow steps as edges.

The graph answers questions about the architect's intended flows: does every message
have a consumer, does every dead-letter queue drain somewhere, which components carry
a critical request. It is built from two sources:

- **flow steps** (``flows.flows[*].steps``): one edge per step, carrying its flow id,
  kind and label. A ``consume`` step always points from the messaging entity to its
  consumer (messages move that way); a step written the other way round
  (``{from: logic-app, to: queue, kind: consume}``) is turned round and marked
  ``reoriented``.
- **facts the model states outside the flows**, as edges with ``flow=None``:
  every Service Bus queue and subscription dead-letters into its implicit
  ``<id>/$deadletterqueue`` node (so every DLQ is in the graph, named by a flow or not);
  ``forward_to`` and ``forward_dead_lettered_messages_to`` (forward); a topic hands
  messages to its subscriptions (subscribe); an Event Grid system topic's source
  publishes to it, an Event Grid subscription subscribes to its source, publishes to
  its endpoint and dead-letters to its storage account; an event hub feeds its consumer
  groups (subscribe) and its capture storage account (capture). A fact that a flow
  already states (same source, target and kind) is not added twice.

This module is plain Python on purpose: the graph rules run on every ``archlint lint``,
and networkx costs ~80 ms to import (a quarter of a whole lint run on the seed).
:mod:`archlint.graph.nxgraph` turns the result into a networkx ``MultiDiGraph`` for
rendering and for API users.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from archlint.model import DLQ_SUFFIX, Architecture, Component, Path
from archlint.model.flows import Actor
from archlint.records import record


class NodeType(StrEnum):
    """What a node is in the flow, whatever Azure service implements it."""

    producer = "producer"
    topic = "topic"
    subscription = "subscription"
    queue = "queue"
    dead_letter_queue = "dead_letter_queue"
    hub = "hub"
    consumer_group = "consumer_group"
    namespace = "namespace"
    function = "function"
    logic_app = "logic_app"
    web_app = "web_app"
    vm = "vm"
    cluster = "cluster"
    store = "store"
    cache = "cache"
    gateway = "gateway"
    user = "user"
    external = "external"
    alert = "alert"
    action_group = "action_group"
    other = "other"


#: Nodes that hold or route messages: a consumer reads from them, a producer sends to them.
MESSAGE_ENTITIES = frozenset(
    {
        NodeType.topic,
        NodeType.subscription,
        NodeType.queue,
        NodeType.dead_letter_queue,
        NodeType.hub,
        NodeType.consumer_group,
    }
)
#: Nodes that run code: they consume, call and publish.
COMPUTE = frozenset(
    {NodeType.function, NodeType.logic_app, NodeType.web_app, NodeType.vm, NodeType.cluster}
)
#: Where a message's journey legitimately ends: stored, or handed to someone outside.
SINKS = frozenset({NodeType.store, NodeType.user, NodeType.external})

#: Edge kinds along which a message itself moves between entities and handlers.
MESSAGE_KINDS = frozenset({"publish", "subscribe", "consume", "forward", "dead_letter"})

_KIND_TYPES: dict[str, NodeType] = {
    "service_bus_queue": NodeType.queue,
    "service_bus_subscription": NodeType.subscription,
    "service_bus_topic": NodeType.topic,
    "event_grid_topic": NodeType.topic,
    "event_grid_system_topic": NodeType.topic,
    "event_grid_subscription": NodeType.subscription,
    "event_hub": NodeType.hub,
    "event_hub_consumer_group": NodeType.consumer_group,
    "service_bus_namespace": NodeType.namespace,
    "event_hubs_namespace": NodeType.namespace,
    "function_app": NodeType.function,
    "logic_app": NodeType.logic_app,
    "logic_app_workflow": NodeType.logic_app,
    "web_app": NodeType.web_app,
    "virtual_machine": NodeType.vm,
    "vm_scale_set": NodeType.vm,
    "kubernetes_cluster": NodeType.cluster,
    "container_app_environment": NodeType.cluster,
    "container_app": NodeType.web_app,
    "container_group": NodeType.vm,
    "container_registry": NodeType.store,
    "cosmos_account": NodeType.store,
    "cosmos_database": NodeType.store,
    "cosmos_container": NodeType.store,
    "storage_account": NodeType.store,
    "redis_cache": NodeType.cache,
    "sql_server": NodeType.store,
    "sql_database": NodeType.store,
    "sql_managed_instance": NodeType.store,
    "postgresql_flexible_server": NodeType.store,
    "mysql_flexible_server": NodeType.store,
    "front_door": NodeType.gateway,
    "application_gateway": NodeType.gateway,
    "traffic_manager": NodeType.gateway,
    "firewall": NodeType.gateway,
    "nat_gateway": NodeType.gateway,
    "virtual_network_gateway": NodeType.gateway,
    "load_balancer": NodeType.gateway,
    "metric_alert": NodeType.alert,
    "action_group": NodeType.action_group,
}
_ACTOR_TYPES: dict[str, NodeType] = {
    "user": NodeType.user,
    "operator": NodeType.user,
    "external_system": NodeType.external,
    "event_source": NodeType.producer,
}
#: Actors live under ``flows:`` in the model; in the picture they stand outside the system.
EXTERNAL_LAYER = "external"


@record
class Node:
    id: str
    type: NodeType
    layer: str  # the model section it comes from (messaging, compute...) or "external"
    kind: str  # the model kind ("service_bus_queue", "actor"...); "dead_letter_queue"
    path: Path  # where it is in the model (a dead-letter queue: its entity's path)
    title: str  # what the model calls this kind of thing ("queue", "Function App"...)

    @property
    def is_entity(self) -> bool:
        return self.type in MESSAGE_ENTITIES

    def label(self) -> str:
        """How rule messages name the node, as Component.label() does."""
        return f"{self.title} '{self.id}'"


@record
class FlowEdge:
    source: str
    target: str
    kind: str  # a flows StepKind value: publish, consume, dead_letter, forward...
    flow: str | None  # the flow's id; None for a fact the model states outside the flows
    label: str | None
    origin: Path  # the flow step or model field that states this edge
    reoriented: bool = False  # a consume step written consumer -> entity, turned round

    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (self.source, self.target, self.kind, self.flow or "", self.label or "")


@record
class FlowInfo:
    id: str
    name: str
    flow_kind: str
    critical: bool
    path: Path


@dataclass
class FlowGraph:
    """Nodes by id and edges, both sorted; adjacency lists for the algorithms."""

    nodes: dict[str, Node]
    edges: tuple[FlowEdge, ...]
    flows: dict[str, FlowInfo]
    _out: dict[str, list[FlowEdge]] = field(init=False, repr=False)
    _in: dict[str, list[FlowEdge]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._out = {node: [] for node in self.nodes}
        self._in = {node: [] for node in self.nodes}
        for edge in self.edges:
            self._out[edge.source].append(edge)
            self._in[edge.target].append(edge)

    def out_edges(self, node: str, kinds: Iterable[str] | None = None) -> list[FlowEdge]:
        return _of_kinds(self._out.get(node, []), kinds)

    def in_edges(self, node: str, kinds: Iterable[str] | None = None) -> list[FlowEdge]:
        return _of_kinds(self._in.get(node, []), kinds)

    def of_type(self, *types: NodeType) -> list[Node]:
        return [n for n in self.nodes.values() if n.type in types]

    def flow(self, name: str) -> FlowInfo | None:
        """A flow by id or by name (case-insensitive)."""
        if name in self.flows:
            return self.flows[name]
        wanted = name.casefold()
        return next(
            (f for f in self.flows.values() if wanted in (f.id.casefold(), f.name.casefold())), None
        )

    def select(self, flow_id: str) -> FlowGraph:
        """The subgraph of one flow: its steps and the nodes they touch."""
        edges = tuple(e for e in self.edges if e.flow == flow_id)
        touched = {e.source for e in edges} | {e.target for e in edges}
        nodes = {i: n for i, n in self.nodes.items() if i in touched}
        return FlowGraph(nodes, edges, {flow_id: self.flows[flow_id]})


def _of_kinds(edges: list[FlowEdge], kinds: Iterable[str] | None) -> list[FlowEdge]:
    if kinds is None:
        return edges
    wanted = frozenset(kinds)
    return [e for e in edges if e.kind in wanted]


# --- building --------------------------------------------------------------------------

# One graph per Architecture object, as the model caches its own index: rules are pure
# functions of an unchanging model, and seven of them ask for the same graph.
_CACHE: dict[int, FlowGraph] = {}


def build_flow_graph(arch: Architecture) -> FlowGraph:
    """The event-flow graph of ``arch`` (cached for the life of the object)."""
    key = id(arch)
    graph = _CACHE.get(key)
    if graph is None:
        graph = _Builder(arch).build()
        _CACHE[key] = graph
        weakref.finalize(arch, _CACHE.pop, key, None)
    return graph


def node_type_of(component: Component) -> NodeType:
    if isinstance(component, Actor):
        return _ACTOR_TYPES.get(component.actor_kind, NodeType.external)
    return _KIND_TYPES.get(component.kind, NodeType.other)


class _Builder:
    def __init__(self, arch: Architecture) -> None:
        self.arch = arch
        self.nodes: dict[str, Node] = {}
        self.flow_edges: list[FlowEdge] = []
        self.fact_edges: list[FlowEdge] = []

    def build(self) -> FlowGraph:
        self._entities()
        self._flow_steps()
        self._service_bus_facts()
        self._event_grid_facts()
        self._event_hub_facts()
        stated = {(e.source, e.target, e.kind) for e in self.flow_edges}
        facts = [e for e in self.fact_edges if (e.source, e.target, e.kind) not in stated]
        edges = sorted(_unique(self.flow_edges + facts), key=FlowEdge.sort_key)
        flows = {
            flow.id: FlowInfo(
                flow.id, flow.name, flow.flow_kind, flow.critical, ("flows", "flows", i)
            )
            for i, flow in enumerate(self.arch.flows.flows)
        }
        return FlowGraph(dict(sorted(self.nodes.items())), tuple(edges), flows)

    # nodes

    def node(self, ref: str) -> Node:
        """The node for a component id or a '<entity>/$deadletterqueue' reference."""
        if ref in self.nodes:
            return self.nodes[ref]
        if ref.endswith(DLQ_SUFFIX):
            return self._dead_letter_queue(self._component(ref[: -len(DLQ_SUFFIX)]))
        component = self._component(ref)
        path = self.arch.path_of(component.id)
        layer = EXTERNAL_LAYER if isinstance(component, Actor) else str(path[0])
        node = Node(
            component.id, node_type_of(component), layer, component.kind, path, component.title
        )
        self.nodes[node.id] = node
        return node

    def _component(self, component_id: str) -> Component:
        component = self.arch.get(component_id)
        if component is None:  # the loader checks every reference; a model built in code may not
            raise ValueError(f"the flows refer to '{component_id}', which does not exist")
        return component

    def _dead_letter_queue(self, entity: Component) -> Node:
        dlq_id = entity.id + DLQ_SUFFIX
        if dlq_id not in self.nodes:
            path = self.arch.path_of(entity.id)
            self.nodes[dlq_id] = Node(
                dlq_id,
                NodeType.dead_letter_queue,
                str(path[0]),
                "dead_letter_queue",
                path,
                "dead-letter queue",
            )
        return self.nodes[dlq_id]

    def _entities(self) -> None:
        """Every messaging entity is a node, used by a flow or not (an unused one is news)."""
        for entry in self.arch.index.by_id.values():
            if node_type_of(entry.component) in MESSAGE_ENTITIES:
                self.node(entry.component.id)

    # edges

    def _flow_steps(self) -> None:
        for f, flow in enumerate(self.arch.flows.flows):
            for s, step in enumerate(flow.steps):
                source, target = self.node(step.source), self.node(step.target)
                kind = str(step.kind)
                reoriented = kind == "consume" and not source.is_entity and target.is_entity
                if reoriented:
                    source, target = target, source
                self.flow_edges.append(
                    FlowEdge(
                        source.id,
                        target.id,
                        kind,
                        flow.id,
                        step.label,
                        ("flows", "flows", f, "steps", s),
                        reoriented,
                    )
                )

    def _fact(self, source: str, target: str, kind: str, origin: Path) -> None:
        self.fact_edges.append(
            FlowEdge(self.node(source).id, self.node(target).id, kind, None, None, origin)
        )

    def _service_bus_facts(self) -> None:
        for entity in self.arch.index.of_kind("service_bus_queue", "service_bus_subscription"):
            path = self.arch.path_of(entity.id)
            dlq = self._dead_letter_queue(entity).id
            self._fact(entity.id, dlq, "dead_letter", path)
            if entity.forward_to:
                self._fact(entity.id, entity.forward_to, "forward", (*path, "forward_to"))
            if entity.forward_dead_lettered_messages_to:
                field_path = (*path, "forward_dead_lettered_messages_to")
                self._fact(dlq, entity.forward_dead_lettered_messages_to, "forward", field_path)
        for topic in self.arch.index.of_kind("service_bus_topic"):
            for subscription in topic.subscriptions:
                self._fact(
                    topic.id, subscription.id, "subscribe", self.arch.path_of(subscription.id)
                )

    def _event_grid_facts(self) -> None:
        for system_topic in self.arch.index.of_kind("event_grid_system_topic"):
            path = self.arch.path_of(system_topic.id)
            self._fact(system_topic.source, system_topic.id, "publish", (*path, "source"))
        for subscription in self.arch.index.of_kind("event_grid_subscription"):
            path = self.arch.path_of(subscription.id)
            self._fact(subscription.source, subscription.id, "subscribe", (*path, "source"))
            self._fact(subscription.id, subscription.endpoint, "publish", (*path, "endpoint"))
            if subscription.dead_letter is not None:
                account = subscription.dead_letter.storage_account
                self._fact(subscription.id, account, "dead_letter", (*path, "dead_letter"))

    def _event_hub_facts(self) -> None:
        for hub in self.arch.index.of_kind("event_hub"):
            path = self.arch.path_of(hub.id)
            for group in hub.consumer_groups:
                self._fact(hub.id, group.id, "subscribe", self.arch.path_of(group.id))
            if hub.capture is not None and hub.capture.enabled:
                self._fact(hub.id, hub.capture.storage_account, "capture", (*path, "capture"))


def _unique(edges: Iterable[FlowEdge]) -> Iterator[FlowEdge]:
    seen: set[tuple[str, str, str, str, str]] = set()
    for edge in edges:
        key = edge.sort_key()
        if key not in seen:
            seen.add(key)
            yield edge
