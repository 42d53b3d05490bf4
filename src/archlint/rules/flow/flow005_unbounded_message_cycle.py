"""Message cycle with no dead-letter or max-delivery bound.

## What it does
Looks for cycles along the edges messages travel (publish, subscribe, consume, forward,
dead-letter) and reports two kinds:

1. **Re-submission without a limit.** A message failed and was dead-lettered; a handler
   that receives it from the dead-letter queue (directly or through forwards) publishes it
   back into the entity it failed in (directly, or through a topic or forward that leads
   there), closing the loop entity -> DLQ -> handler -> entity. It is bounded only if that
   handler counts its retries: it is the `resilience.dlq_handling.processor` and
   `dlq_handling.retry_policy` is set (its `max_attempts` is the bound). The handler
   counts as re-submitting only when the same flow both hands it the dead-lettered
   message and has it publish — a Function App or Logic App hosting several handlers is
   one node, and the flow says which handler does what.
2. **No bound at all.** After removing every entity that gives up on a message after a
   maximum number of deliveries (Service Bus queues and subscriptions dead-letter after
   `max_delivery_count`; Event Grid subscriptions stop after `max_delivery_attempts`),
   a cycle remains — for example a function that reads an event hub and publishes back
   into it.

## Why is this bad?
A poison message in an unbounded loop is retried for ever: it burns compute and
messaging units, floods the logs and the dead-letter tracking store, and can starve
healthy messages — while its failure is never escalated to a person. A retry loop must
end in a place where a person looks (an alert, a parked-message store) after a known
number of attempts.

## Example
```yaml
flows:
  flows:
    - id: dlq
      name: Dead letters
      flow_kind: dead_letter
      steps:
        - {from: sbq-orders/$deadletterqueue, to: func-retry, kind: consume}
        - {from: func-retry, to: sbq-orders, kind: publish, label: resubmit}
```

## Use instead
```yaml
resilience:
  retry_policies:
    - {id: retry-dlq, max_attempts: 5, backoff: exponential, base_delay: 1s,
       max_delay: 60s, jitter: true}
  dlq_handling:
    processor: func-retry
    retry_policy: retry-dlq        # after 5 re-submissions the message is parked
```

## Notes
A maximum delivery count bounds *failed* deliveries of one message. A loop of successful
hand-offs (A's event makes B publish an event that makes A publish again) is application
logic the graph cannot see; the rule does not claim to find it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from archlint.azure import facts
from archlint.graph.algorithms import adjacency, cycle_through, cyclic_components, shortest_path
from archlint.graph.build import MESSAGE_KINDS, FlowEdge, FlowGraph, NodeType, build_flow_graph
from archlint.model import DLQ_SUFFIX, Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.flow.helpers import component_of, flow_name


def _bounding_kinds() -> frozenset[str]:
    """Model kinds that stop redelivering a message after a maximum number of attempts."""
    kinds: set[str] = {"dead_letter_queue"}
    if facts.SERVICE_BUS_DEAD_LETTERS_AFTER_MAX_DELIVERY.value:
        kinds |= {"service_bus_queue", "service_bus_subscription"}
    if facts.EVENT_GRID_DELIVERY_ATTEMPTS_BOUNDED.value:
        kinds.add("event_grid_subscription")
    return frozenset(kinds)


@rule(
    "FLOW005",
    name="unbounded-message-cycle",
    severity="high",
    category="flow",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues",
        "https://learn.microsoft.com/azure/event-grid/delivery-and-retry",
        "https://learn.microsoft.com/azure/architecture/patterns/retry",
    ),
    pillars=("Reliability", "Cost Optimization"),
    requires=("flows.flows",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    graph = build_flow_graph(arch)
    arcs = [(e.source, e.target) for e in graph.edges if e.kind in MESSAGE_KINDS]
    brokered = adjacency(graph.nodes, arcs, keep=lambda n: graph.nodes[n].is_entity)
    yield from _resubmission_loops(arch, graph, brokered)
    bounding = _bounding_kinds()
    unbounded = adjacency(graph.nodes, arcs, keep=lambda n: graph.nodes[n].kind not in bounding)
    yield from _loops_without_bound(arch, graph, unbounded)


def _resubmission_loops(
    arch: Architecture, graph: FlowGraph, brokered: dict[str, list[str]]
) -> Iterator[Violation]:
    """Handlers that publish dead-lettered messages back into the entity they failed in.

    ``brokered``: the moves Service Bus and Event Grid make by themselves (forwards,
    topic to subscription...), between entities only.
    """
    handling = arch.resilience.dlq_handling
    bounded = handling.processor if handling and handling.retry_policy else None
    for dlq in graph.of_type(NodeType.dead_letter_queue):
        entity = dlq.id.removesuffix(DLQ_SUFFIX)
        for handler, entering in _handlers(graph, dlq.id):
            if handler == bounded:
                continue
            for resubmit in graph.out_edges(handler, ("publish",)):
                if entering.flow is not None and resubmit.flow != entering.flow:
                    continue
                back = shortest_path(brokered, resubmit.target, entity)
                into = shortest_path(brokered, dlq.id, entering.source)
                if back is None or into is None:
                    continue
                component = component_of(arch, graph.nodes[handler])
                loop = " -> ".join([entity, *into, handler, *back])
                yield Violation(
                    resubmit.origin,
                    f"{component.label()} takes dead-lettered messages of "
                    f"{graph.nodes[entity].label()} and publishes them back "
                    f"({flow_name(graph, resubmit.flow)}) with no retry limit (it is not the "
                    "dlq_handling processor with a retry_policy): a message that always fails "
                    f"goes round {loop} for ever",
                    component.id,
                )


def _handlers(graph: FlowGraph, dlq: str) -> Iterator[tuple[str, FlowEdge]]:
    """The non-entity nodes that receive messages moved out of ``dlq``, with the edge."""
    seen = {dlq}
    queue = deque([dlq])
    while queue:
        node = queue.popleft()
        for edge in graph.out_edges(node, MESSAGE_KINDS):
            target = graph.nodes[edge.target]
            if target.is_entity:
                if target.id not in seen:
                    seen.add(target.id)
                    queue.append(target.id)
            elif edge.kind in ("consume", "publish"):
                yield target.id, edge


def _loops_without_bound(
    arch: Architecture, graph: FlowGraph, successors: dict[str, list[str]]
) -> Iterator[Violation]:
    for members in cyclic_components(successors):
        start = next((n for n in members if not graph.nodes[n].is_entity), members[0])
        cycle = cycle_through(successors, start)
        assert cycle is not None
        first = next(e for e in graph.out_edges(start, MESSAGE_KINDS) if e.target == cycle[1])
        node = graph.nodes[start]
        component = component_of(arch, node)
        hubs = [graph.nodes[n].label() for n in cycle if graph.nodes[n].type is NodeType.hub]
        via = f", and {', '.join(hubs)} keeps no delivery count" if hubs else ""
        yield Violation(
            first.origin,
            f"messages can go round {' -> '.join(cycle)} without limit: nothing on the loop "
            "gives up on a message after a maximum number of deliveries (there is no Service "
            f"Bus queue or subscription and no Event Grid subscription on it{via})",
            component.id,
        )
