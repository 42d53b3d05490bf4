"""Producer whose messages reach no store and no one.

## What it does
For every component that publishes messages (a `publish` edge from anything that is
not itself a queue, topic, subscription or hub: an app, an actor, a store emitting
events, a namespace emitting system events), follows the graph downstream from what it
publishes to — along publish, subscribe, consume, forward, capture, write, call and
invoke edges — and reports the producer when no path reaches a **sink**: a store
(Cosmos DB, storage), a user or operator, or an external system.

Dead-letter edges are not followed (a message that only ever reaches a dead-letter
store failed), nor are reads or alerts (reading data or raising an alert does not carry
the message anywhere).

## Why is this bad?
Messages are published so that something happens: state is stored, a user is told,
a partner system is called. If nothing on any path from the producer does any of that,
the messages are processed into nothing (or not processed at all) — the design has a
dead end, usually a missing consumer or a missing "store the result" step.

## Example
```yaml
flows:
  flows:
    - id: f
      name: Orders
      flow_kind: asynchronous
      steps:
        - {from: func-api, to: sbt-orders, kind: publish}
        - {from: sbt-orders, to: sbs-audit, kind: subscribe}
        # sbs-audit is read by nothing, and nothing else reads the topic
```

## Use instead
```yaml
        - {from: sbs-audit, to: func-audit, kind: consume}
        - {from: func-audit, to: ctr-audit, kind: write}
```

## Notes
One reachable sink is enough: a topic that fans out to one live and one dead branch is
not reported here (FLOW001 reports the dead branch).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.graph.algorithms import adjacency, reachable
from archlint.graph.build import SINKS, build_flow_graph
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.flow.helpers import component_of, flow_name

#: Edges that do not carry a message onwards to a destination.
_NOT_FOLLOWED = frozenset({"dead_letter", "read", "alert"})


@rule(
    "FLOW003",
    name="messages-reach-no-sink",
    severity="high",
    category="flow",
    references=(
        "https://learn.microsoft.com/azure/architecture/guide/architecture-styles/event-driven",
        "https://learn.microsoft.com/azure/well-architected/reliability/failure-mode-analysis",
    ),
    pillars=("Reliability",),
    requires=("flows.flows",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    graph = build_flow_graph(arch)
    backwards = adjacency(
        graph.nodes, ((e.target, e.source) for e in graph.edges if e.kind not in _NOT_FOLLOWED)
    )
    reaches_sink = reachable(backwards, (n.id for n in graph.nodes.values() if n.type in SINKS))
    for node in graph.nodes.values():
        if node.is_entity:
            continue
        published = graph.out_edges(node.id, ("publish",))
        if not published or any(e.target in reaches_sink for e in published):
            continue
        producer = component_of(arch, node)
        targets = ", ".join(sorted({e.target for e in published}))
        first = published[0]
        yield Violation(
            first.origin,
            f"{producer.label()} publishes to {targets} ({flow_name(graph, first.flow)}), but no "
            "path from there reaches a store, a user or an external system: its messages "
            "end nowhere",
            producer.id,
        )
