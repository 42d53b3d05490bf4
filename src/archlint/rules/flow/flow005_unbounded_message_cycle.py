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
The seed's dead-letter flow has the DLQ processor re-submit to the file-processing queue
(retry with backoff); it is the `dlq_handling` processor with `retry-dlq` (5 attempts),
so that loop is bounded and not reported.

A maximum delivery count bounds *failed* deliveries of one message. A loop of successful
hand-offs (A's event makes B publish an event that makes A publish again) is application
logic the graph cannot see; the rule does not claim to find it.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure import facts
from archlint.graph.algorithms import (
    adjacency,
    cycle_through,
    cyclic_components,
    reachable,
    shortest_path,
)
from archlint.graph.build import MESSAGE_KINDS, FlowGraph, NodeType, build_flow_graph
from archlint.model import DLQ_SUFFIX, Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.flow.helpers import component_of, flow_name

#: What Service Bus and Event Grid do by themselves between entities (dead-lettering apart).
_MOVES = MESSAGE_KINDS - {"dead_letter"}


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
    yield from _resubmission_loops(arch, graph)
    bounding = _bounding_kinds()
    unbounded = adjacency(graph.nodes, arcs, keep=lambda n: graph.nodes[n].kind not in bounding)
    yield from _loops_without_bound(arch, graph, unbounded)


def _resubmission_loops(arch: Architecture, graph: FlowGraph) -> Iterator[Violation]:
    """Handlers that publish dead-lettered messages back into the entity they failed in.

    Linear per handler and re-submission: the entities whose messages reach a handler
    (one backward walk per handler and flow) and the entities a re-submission lands in
    (one forward walk), both along the moves Service Bus and Event Grid make by
    themselves between entities (forwards, topic to subscription...).
    """
    is_entity = {n: node.is_entity for n, node in graph.nodes.items()}
    moved = [(e.source, e.target) for e in graph.edges if e.kind in _MOVES]
    moves = adjacency(graph.nodes, moved, keep=is_entity.__getitem__)
    backwards = adjacency(graph.nodes, ((t, s) for s, t in moved), keep=is_entity.__getitem__)
    handling = arch.resilience.dlq_handling
    bounded = handling.processor if handling and handling.retry_policy else None
    for handler, node in graph.nodes.items():
        if node.is_entity or handler == bounded:
            continue
        feeds: dict[str | None, set[str]] = {}  # flow -> entities handing messages to it
        for entering in graph.in_edges(handler, ("consume", "publish")):
            if is_entity[entering.source]:
                feeds.setdefault(entering.flow, set()).add(entering.source)
        fed_by_flow: dict[str | None, tuple[set[str], set[str]]] = {}
        for resubmit in graph.out_edges(handler, ("publish",)) if feeds else ():
            if resubmit.flow not in fed_by_flow:
                sources = feeds.get(resubmit.flow, set()) | feeds.get(None, set())
                fed_by_flow[resubmit.flow] = sources, reachable(backwards, sources)
            sources, fed_by = fed_by_flow[resubmit.flow]
            landed = sorted(reachable(moves, [resubmit.target]))
            failing = next((q for q in landed if q + DLQ_SUFFIX in fed_by), None)
            if failing is None:
                continue
            dlq = failing + DLQ_SUFFIX
            into = next(p for x in sorted(sources) if (p := shortest_path(moves, dlq, x)))
            back = shortest_path(moves, resubmit.target, failing) or []
            component = component_of(arch, node)
            loop = " -> ".join([failing, *into, handler, *back])
            yield Violation(
                resubmit.origin,
                f"{component.label()} takes dead-lettered messages of "
                f"{graph.nodes[failing].label()} and publishes them back "
                f"({flow_name(graph, resubmit.flow)}) with no retry limit (it is not the "
                "dlq_handling processor with a retry_policy): a message that always fails "
                f"goes round {loop} for ever",
                component.id,
            )


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
