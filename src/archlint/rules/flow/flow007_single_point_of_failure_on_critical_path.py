"""Single point of failure on a critical flow: one zone or one region takes it down.

## What it does
For every flow marked `critical: true`, takes the components its steps pass through
(actors, alerts and action groups aside) and reports each one that stops when one
availability zone or one region does:

- **zone**: a single VM; an Application Gateway or Redis cache pinned to one zone; an
  app whose App Service plan or App Service Environment is not zone-redundant; a storage
  account whose replication is not zone-redundant; a Cosmos DB account not
  zone-redundant in its write region; an Event Hubs Dedicated cluster below the zone
  minimum; anything in a region without availability zones. What hosts a component
  counts: a container is as redundant as its Cosmos DB account, an app as its plan.
- **region**: the component (or what hosts it) runs in one region and nothing takes
  over by itself elsewhere — no `disaster_recovery.failover` entry with an
  `active_active` or `automatic_failover` strategy whose secondary is deployed, no
  Cosmos DB account with several regions and automatic failover, no read-access
  geo-redundant storage. Global services (Front Door, Traffic Manager) are not
  regional.

## Why is this bad?
A critical synchronous flow is only as available as its least available step: users
wait on every hop. One zonal component makes a zone outage a full outage; one
single-region component makes a regional outage one that lasts as long as it takes to
rebuild that component elsewhere — and a recovery that has to deploy infrastructure
first rarely fits a recovery time objective of an hour.

## Example
```yaml
compute:
  plans:
    - {id: plan-web, sku: P1v3, instances: {min: 2, max: 10}}   # not zone-redundant
flows:
  flows:
    - id: checkout
      name: Checkout
      flow_kind: synchronous
      critical: true
      steps:
        - {from: user, to: app-web, kind: sync_call}
```

## Use instead
```yaml
compute:
  plans:
    - {id: plan-web, sku: P1v3, zone_redundant: true, instances: {min: 3, max: 10}}
disaster_recovery:
  failover:
    - {component: plan-web, strategy: active_active, secondary_region: westus2,
       secondary_deployed: true}
```

## In the seed
The synchronous request flow is critical. Front Door is global and the read models
live in a three-region Cosmos DB account with automatic failover, but the Application
Gateway, the Web App, the Function App and the Redis cache exist only in East US 2:
every one of them is zone-redundant, yet a regional outage stops the flow. The apps'
App Service Environment recovers by redeploying to West US 2 (not deployed; estimated
90 minutes, against an RTO of one hour), Redis by restore, and the gateway has no
failover plan at all. The seed's "Next steps" (deploy the secondary region) is exactly
this fix.

## Notes
The zone part overlaps the zone rules (ZR001-ZR008), which judge every component; this
rule adds which of them sit on a critical flow, and the regional part. Components the
rule cannot judge (a kind it has no zone or region facts for) are not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.graph.build import EXTERNAL_LAYER, NodeType, build_flow_graph
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.flow.helpers import (
    component_of,
    failover_plans,
    region_weakness,
    zone_weakness,
)

_NOT_ON_THE_PATH = frozenset({NodeType.alert, NodeType.action_group})


@rule(
    "FLOW007",
    name="single-point-of-failure-on-critical-path",
    severity="high",
    category="flow",
    references=(
        "https://learn.microsoft.com/azure/well-architected/reliability/failure-mode-analysis",
        "https://learn.microsoft.com/azure/well-architected/reliability/redundancy",
        "https://learn.microsoft.com/azure/reliability/availability-zones-overview",
        "https://learn.microsoft.com/azure/reliability/reliability-azure-container-apps",
    ),
    pillars=("Reliability",),
    requires=("flows.flows",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    graph = build_flow_graph(arch)
    failovers = failover_plans(arch)
    judged: set[str] = set()
    for edge in graph.edges:
        flow = graph.flows.get(edge.flow or "")
        if flow is None or not flow.critical:
            continue
        for node in (graph.nodes[edge.source], graph.nodes[edge.target]):
            if node.layer == EXTERNAL_LAYER or node.type in _NOT_ON_THE_PATH:
                continue
            component = component_of(arch, node)  # a dead-letter queue is its queue
            if component.id in judged:
                continue
            judged.add(component.id)
            reasons = [
                reason
                for reason in (
                    zone_weakness(arch, component),
                    region_weakness(arch, component, failovers),
                )
                if reason
            ]
            if reasons:
                yield Violation.on(
                    arch,
                    component,
                    message=f"{component.label()} is a single point of failure on critical "
                    f"flow '{flow.name}': {'; '.join(reasons)}",
                )
