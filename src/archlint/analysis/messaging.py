"""Service Bus topology the messaging rules share: owners, forwarding, alert coverage.

Three questions recur across the messaging rules and are answered here once:

- which namespace (and topic) owns a queue or subscription;
- where messages go when Service Bus auto-forwards them (``forward_to``) or forwards
  their dead letters (``forward_dead_lettered_messages_to``), and which dead-letter
  forwards lie on a cycle (a poison message then circles for ever);
- which metric alerts watch an entity: an alert on the entity itself, or on its
  namespace (or topic) whose ``EntityName`` dimension filter is absent, ``*``, or names it.

Everything is linear in the number of entities, forwards and alerts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from archlint.azure.metrics import ENTITY_DIMENSION
from archlint.graph.algorithms import strongly_connected_components as tarjan_components
from archlint.model import Architecture, Component
from archlint.model.messaging import (
    ServiceBusNamespace,
    ServiceBusQueue,
    ServiceBusSubscription,
    ServiceBusTopic,
)
from archlint.model.monitoring import MetricAlert
from archlint.records import record

#: Entities that hold messages and own a dead-letter sub-queue.
ENTITY_KINDS = ("service_bus_queue", "service_bus_subscription")

Entity = ServiceBusQueue | ServiceBusSubscription


def entities(arch: Architecture) -> list[Entity]:
    """Every queue and subscription, in spec order."""
    return arch.index.of_kind(*ENTITY_KINDS)  # type: ignore[return-value]


def namespace_of(arch: Architecture, component: Component) -> ServiceBusNamespace | None:
    """The Service Bus namespace a queue, topic or subscription belongs to."""
    entry = arch.index.by_id.get(component.id)
    while entry is not None and entry.parent is not None:
        if isinstance(entry.parent, ServiceBusNamespace):
            return entry.parent
        entry = arch.index.by_id.get(entry.parent.id)
    return None


def topic_of(arch: Architecture, subscription: Component) -> ServiceBusTopic | None:
    """The topic a subscription belongs to (None for anything else)."""
    entry = arch.index.by_id.get(subscription.id)
    parent = entry.parent if entry else None
    return parent if isinstance(parent, ServiceBusTopic) else None


# --- forwarding ------------------------------------------------------------------------


@record
class Forward:
    """Messages move from ``source`` to ``target`` (ids); ``dead_letters``: only dead letters."""

    source: str
    target: str
    dead_letters: bool


def forwards(arch: Architecture) -> list[Forward]:
    """Every path a message can be moved along by Service Bus itself, in spec order.

    Besides the two forwarding settings, a topic hands each message to every one of its
    subscriptions, so topic -> subscription is an edge too (cycles can pass through it).
    """
    edges: list[Forward] = []
    for entity in entities(arch):
        if entity.forward_to:
            edges.append(Forward(entity.id, entity.forward_to, dead_letters=False))
        if entity.forward_dead_lettered_messages_to:
            edges.append(
                Forward(entity.id, entity.forward_dead_lettered_messages_to, dead_letters=True)
            )
    for topic in arch.index.of_kind("service_bus_topic"):
        assert isinstance(topic, ServiceBusTopic)
        edges += [Forward(topic.id, s.id, dead_letters=False) for s in topic.subscriptions]
    return edges


def dead_letter_sources(arch: Architecture) -> dict[str, list[Entity]]:
    """Target id -> the queues and subscriptions whose dead letters are forwarded to it."""
    sources: dict[str, list[Entity]] = {}
    for entity in entities(arch):
        target = entity.forward_dead_lettered_messages_to
        if target:
            sources.setdefault(target, []).append(entity)
    return sources


def dead_letter_forwards_on_cycles(edges: Iterable[Forward]) -> list[Forward]:
    """The dead-letter forwards that lie on a cycle of forwards, in input order.

    An edge u -> v lies on a cycle exactly when u and v are in the same strongly
    connected component (a self-loop is its own cycle). Components come from an
    iterative Tarjan walk: O(vertices + edges), no recursion limit.
    """
    edge_list = list(edges)
    component = strongly_connected_components((e.source, e.target) for e in edge_list)
    return [
        e
        for e in edge_list
        if e.dead_letters and (e.source == e.target or component[e.source] == component[e.target])
    ]


def strongly_connected_components(arcs: Iterable[tuple[str, str]]) -> dict[str, int]:
    """Vertex -> component number, for the directed graph given by ``arcs``.

    The components come from the graph package's iterative Tarjan walk (one
    implementation of the algorithm in archlint); this only adapts arcs and numbering.
    """
    successors: dict[str, list[str]] = {}
    for source, target in arcs:
        successors.setdefault(source, []).append(target)
        successors.setdefault(target, [])
    return {
        member: number
        for number, component in enumerate(tarjan_components(successors))
        for member in component
    }


# --- alert coverage --------------------------------------------------------------------


class AlertIndex:
    """Metric alerts on some metrics, indexed by target, that notify someone.

    An alert without an action group fires into the void, so it covers nothing.
    """

    def __init__(self, arch: Architecture, metrics: Collection[str]) -> None:
        wanted = {m.casefold() for m in metrics}
        self._arch = arch
        self._by_target: dict[str, list[MetricAlert]] = {}
        for alert in arch.index.of_kind("metric_alert"):
            assert isinstance(alert, MetricAlert)
            if alert.metric.casefold() in wanted and alert.action_groups:
                self._by_target.setdefault(alert.target, []).append(alert)

    def covering(self, entity: Component) -> list[MetricAlert]:
        """Alerts that watch ``entity`` (a queue, topic or subscription)."""
        found = list(self._by_target.get(entity.id, ()))
        # Namespace metrics are per queue or topic: a subscription is seen through its topic.
        topic = topic_of(self._arch, entity)
        metric_entity = topic or entity
        if topic is not None:
            found += self._by_target.get(topic.id, ())
        namespace = namespace_of(self._arch, entity)
        if namespace is not None:
            found += [
                alert
                for alert in self._by_target.get(namespace.id, ())
                if _dimension_selects(alert, metric_entity.resource_name)
            ]
        return found


def _dimension_selects(alert: MetricAlert, entity_name: str) -> bool:
    """True if the alert's EntityName filter is absent, '*', or lists ``entity_name``."""
    values = [v for k, v in alert.dimensions.items() if k.casefold() == ENTITY_DIMENSION.casefold()]
    if not values:
        return True
    names = {n.strip().casefold() for value in values for n in value.split(",")}
    return "*" in names or entity_name.casefold() in names
