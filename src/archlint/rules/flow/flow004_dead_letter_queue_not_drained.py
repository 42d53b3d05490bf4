"""Dead-letter queue that no flow drains.

## What it does
Every Service Bus queue and subscription has a dead-letter sub-queue
(`<id>/$deadletterqueue`), whether or not a flow names it. For each one whose entity
receives messages, follows what moves messages out of it — a flow step consuming it,
or `forward_dead_lettered_messages_to` (or a flow `forward` step) to another queue or
topic, and on through further forwards and subscriptions — and reports the dead-letter
queue when no consumer is reached. Forwarding dead letters to a queue that the DLQ
processor consumes counts as draining.

## Why is this bad?
Service Bus moves a message to the dead-letter queue after its maximum delivery count,
on expiry (when dead-lettering on expiration is on) or on a filter error — and then
nothing happens: dead-lettered messages never expire and are never retried by the
service. A dead-letter queue that nobody reads collects failed orders, files and
notifications for ever; the failures are never tracked, retried or escalated, and the
"dead-letter processing" the design promises does not cover them.

## Example
```yaml
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - {id: sbq-orders, max_delivery_count: 5}   # its DLQ is read by nothing
```

## Use instead
```yaml
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - {id: sbq-orders, max_delivery_count: 5,
           forward_dead_lettered_messages_to: sbq-dlq-monitor}
        - {id: sbq-dlq-monitor}
flows:
  flows:
    - id: dlq
      name: Dead letters
      flow_kind: dead_letter
      steps:
        - {from: sbq-dlq-monitor, to: func-dlq-processor, kind: consume}
```

## In the seed
The five business queues and subscriptions forward their dead letters to
`sbq-dlq-monitor`, which the DLQ processor consumes: they are drained. But
`sbq-dlq-monitor` itself dead-letters too (max delivery count 5, dead-lettering on
expiration): a message the DLQ processor fails five times — the poison messages the
processor exists for — lands in `sbq-dlq-monitor/$deadletterqueue`, which no flow reads
and which forwards nowhere. Those messages stay there for good. Only the
namespace-wide `DeadletteredMessages` alert sees them; nothing tracks them in
`ctr-dlq-tracking` or escalates them individually. Give the DLQ processor (or an
operator runbook step) that sub-queue too, and name it in the dead-letter flow.

## Notes
Event Grid subscriptions dead-letter to a storage container, not to a queue: they are
not judged here. A queue or subscription that nothing sends to is skipped (its
dead-letter queue can never fill; FLOW001 reports the unused entity).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure import facts
from archlint.graph.algorithms import adjacency, reachable
from archlint.graph.build import FlowGraph, NodeType, build_flow_graph
from archlint.model import DLQ_SUFFIX, Architecture
from archlint.model.messaging import MessageSettings
from archlint.rules.api import Violation, rule
from archlint.rules.flow.helpers import component_of

#: Edges along which Service Bus itself moves messages between entities.
_MOVES = ("forward", "subscribe")
#: Edges that put a message into an entity.
_FILLS = ("publish", "forward", "subscribe")


@rule(
    "FLOW004",
    name="dead-letter-queue-not-drained",
    severity="high",
    category="flow",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues",
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-auto-forwarding",
    ),
    pillars=("Reliability", "Operational Excellence"),
    requires=("flows.flows",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    graph = build_flow_graph(arch)
    drained = _drained(graph)
    for dlq in graph.of_type(NodeType.dead_letter_queue):
        entity_id = dlq.id.removesuffix(DLQ_SUFFIX)
        if not graph.in_edges(entity_id, _FILLS) or dlq.id in drained:
            continue
        entity = component_of(arch, dlq)
        assert isinstance(entity, MessageSettings)
        forward = entity.forward_dead_lettered_messages_to
        where = (
            f"it is forwarded to '{forward}', from which no flow consumes"
            if forward
            else "no flow consumes it and it is not forwarded to a consumed queue"
        )
        stays = (
            "stay for good (dead-lettered messages never expire)"
            if not facts.SERVICE_BUS_DEAD_LETTER_MESSAGES_EXPIRE.value
            else "wait there until they expire"
        )
        expire = " or expire" if entity.dead_lettering_on_message_expiration else ""
        yield Violation.on(
            arch,
            entity,
            "forward_dead_lettered_messages_to",
            message=f"the dead-letter queue of {entity.label()} is never drained: {where}; "
            f"messages that fail {entity.max_delivery_count} deliveries{expire} land there and "
            f"{stays}",
        )


def _drained(graph: FlowGraph) -> set[str]:
    """Entities from which a consumer is reached: consumed, or moved (forwards, topic to
    subscription) on to one that is. One backward walk for the whole graph."""
    is_entity = {n: node.is_entity for n, node in graph.nodes.items()}
    backwards = adjacency(
        graph.nodes,
        ((e.target, e.source) for e in graph.edges if e.kind in _MOVES),
        keep=is_entity.__getitem__,
    )
    consumed = (e.source for e in graph.edges if e.kind == "consume" and is_entity[e.source])
    return reachable(backwards, consumed)
