"""Event Hubs consumer group that no flow reads.

## What it does
Reports every consumer group of an event hub from which no flow step consumes
(`{from: <consumer group>, to: <reader>, kind: consume}`).

## Why is this bad?
A consumer group is one reader's independent view of the stream: it exists so that a
particular pipeline (analytics, materialisation, real-time processing) reads every event
at its own pace. A group nobody reads means that pipeline does not exist: its events are
kept for the hub's retention period and then deleted unread, and whoever expects that
pipeline's output (a dashboard, a store) silently gets nothing. If the group is simply
unused, it is configuration that misleads every reader of the design.

## Example
```yaml
messaging:
  event_hubs:
    - id: evhns
      tier: standard
      hubs:
        - id: evh-telemetry
          partitions: 4
          consumer_groups: [{id: cg-analytics}]   # read by nothing
```

## Use instead
```yaml
flows:
  flows:
    - id: telemetry
      name: Telemetry
      flow_kind: asynchronous
      steps:
        - {from: func-ingest, to: evh-telemetry, kind: publish}
        - {from: evh-telemetry, to: cg-analytics, kind: subscribe}
        - {from: cg-analytics, to: analytics-pipeline, kind: consume}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.graph.build import NodeType, build_flow_graph
from archlint.model import Architecture
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule
from archlint.rules.flow.helpers import component_of


@rule(
    "FLOW002",
    name="consumer-group-without-reader",
    severity="medium",
    category="flow",
    references=("https://learn.microsoft.com/azure/event-hubs/event-hubs-features",),
    pillars=("Reliability", "Operational Excellence"),
    requires=("flows.flows",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    graph = build_flow_graph(arch)
    for node in graph.of_type(NodeType.consumer_group):
        if graph.out_edges(node.id, ("consume",)):
            continue
        group = component_of(arch, node)
        hub = arch.index.by_id[group.id].parent
        if hub is None or hub.kind != "event_hub":
            continue
        unfed = "" if graph.in_edges(hub.id) else f"; no flow publishes to {hub.label()} either"
        yield Violation.on(
            arch,
            group,
            message=f"{group.label()} of {hub.label()} has no reader: no flow consumes from it, "
            f"so its events are deleted unread after the hub's {format_duration(hub.retention)} "
            f"retention{unfed}",
        )
