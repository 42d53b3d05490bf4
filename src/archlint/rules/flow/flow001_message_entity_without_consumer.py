"""Queue, topic, subscription or event hub that nothing takes messages out of.

## What it does
Builds the event-flow graph (the flows' steps plus what the model states outside them:
topic -> subscription, Event Grid subscription -> endpoint, event hub -> consumer group
or capture, `forward_to`) and reports every Service Bus queue, topic and subscription,
Event Grid topic and event hub with no outgoing edge other than dead-lettering: no flow
consumes from it, it forwards nowhere, has no subscription or consumer group and no
capture.

## Why is this bad?
A message sent to an entity nobody reads is never processed. On Service Bus it waits
until its time-to-live runs out and is then dead-lettered (or deleted); until then the
queue fills towards its size quota. The producer sees every send succeed, so nothing
tells anyone the work is not being done — the order is never shipped, the file never
processed. Either a consumer is missing from the design or the entity is dead weight.

## Example
```yaml
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - {id: sbq-orders, default_message_ttl: 14d,
           dead_lettering_on_message_expiration: true}
flows:
  flows:
    - id: orders
      name: Orders
      flow_kind: asynchronous
      steps:
        - {from: func-api, to: sbq-orders, kind: publish}
        # nothing consumes sbq-orders
```

## Use instead
```yaml
flows:
  flows:
    - id: orders
      name: Orders
      flow_kind: asynchronous
      steps:
        - {from: func-api, to: sbq-orders, kind: publish}
        - {from: sbq-orders, to: func-orders, kind: consume}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.graph.build import NodeType, build_flow_graph
from archlint.model import Architecture, Component
from archlint.model.messaging import MessageSettings
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule
from archlint.rules.flow.helpers import component_of

_JUDGED = (NodeType.queue, NodeType.topic, NodeType.subscription, NodeType.hub)


@rule(
    "FLOW001",
    name="message-entity-without-consumer",
    severity="high",
    category="flow",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-queues-topics-subscriptions",
        "https://learn.microsoft.com/azure/service-bus-messaging/message-expiration",
        "https://learn.microsoft.com/azure/event-hubs/event-hubs-features",
    ),
    pillars=("Reliability", "Operational Excellence"),
    requires=("flows.flows",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    graph = build_flow_graph(arch)
    for node in graph.of_type(*_JUDGED):
        if node.kind == "event_grid_subscription":
            continue
        if any(e.kind != "dead_letter" for e in graph.out_edges(node.id)):
            continue
        component = component_of(arch, node)
        senders = sorted({e.source for e in graph.in_edges(node.id)})
        verb = "sends" if len(senders) == 1 else "send"
        sent = (
            f" ({', '.join(senders)} {verb} to it)" if senders else " (nothing sends to it either)"
        )
        yield Violation.on(
            arch,
            component,
            message=f"{component.label()} has no consumer: no flow reads it and it passes "
            f"messages nowhere{sent}{_fate(component)}",
        )


def _fate(component: Component) -> str:
    """What happens to the messages on a Service Bus queue or subscription nobody reads."""
    if not isinstance(component, MessageSettings):
        return ""
    ttl = component.default_message_ttl
    if ttl is None:
        return "; its messages never expire and pile up until the entity is full"
    if component.dead_lettering_on_message_expiration:
        return f"; its messages are dead-lettered after {format_duration(ttl)}"
    return f"; its messages are deleted after {format_duration(ttl)}"
