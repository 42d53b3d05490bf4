"""Declared RPO not achievable by a data store's replication and backups.

## What it does
For every resource the flows store data in (Cosmos DB accounts, storage accounts,
Service Bus and Event Hubs namespaces, Redis caches that are not a cache-aside copy,
VMs, SQL databases, PostgreSQL and MySQL flexible servers), works out how much data a
loss of the primary region can cost given its replication and backup settings, and
reports it when that exceeds `disaster_recovery.objectives.rpo`.

## Why is this bad?
An RPO is a promise about data loss. It is kept by the slowest copy, not by the
fastest: a multi-region Cosmos DB account does not help messages that sit in a
single-region Service Bus namespace, and a daily backup cannot meet a 15-minute RPO.
A declared RPO that the design cannot meet is discovered during the disaster.

## Example
```yaml
disaster_recovery:
  objectives: {rto: 1h, rpo: 15m}
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues: [{id: sbq-orders}]
flows:
  flows:
    - id: orders
      name: orders
      flow_kind: asynchronous
      steps:
        - {from: api, to: sbq-orders, kind: publish}
```

## Use instead
Replicate what the RPO covers to a deployed secondary (Service Bus or Event Hubs
geo-replication, a multi-region Cosmos DB account, geo-redundant storage) and say so:
```yaml
disaster_recovery:
  failover:
    - {component: sb, strategy: automatic_failover, secondary_region: westus2,
       secondary_deployed: true, notes: Service Bus geo-replication}
```

## In the seed
- `sb-main` exists only in East US 2 (`strategy: redeploy`, no secondary). Orders,
  files and notifications waiting in its queues and subscriptions when the region is
  lost are gone; a redeployed namespace starts empty. Geo-DR pairing would not help
  (it copies metadata only); Service Bus geo-replication does.
- `evhns-main` is single-region too. Its domain events survive only through Capture
  into `st-eventstore`: every 5 minutes, then geo-replicated with GRS's typical lag of
  up to 15 minutes -- up to 20 minutes of events, beyond the 15-minute RPO.

Cosmos DB (3 regions, Session: under 15 minutes) and `st-eventstore` (GRS: typically
under 15 minutes) meet the objective, if only just and without an SLA for storage.

## Notes
Judged for the loss of the primary region; see `archlint.analysis.recovery` for the
figures used per service. A Function App's runtime storage and a cache-aside Redis hold
no data of record and are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.recovery import achievable_rpo, data_of_record
from archlint.model import Architecture
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "DR001",
    name="rpo-not-achievable",
    severity="high",
    category="disaster-recovery",
    references=(
        "https://learn.microsoft.com/azure/storage/common/storage-disaster-recovery-guidance",
        "https://learn.microsoft.com/azure/reliability/reliability-cosmos-db-nosql",
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-geo-dr",
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-geo-replication",
        "https://learn.microsoft.com/azure/event-hubs/event-hubs-capture-overview",
        "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-how-to-import-export-data",
        "https://learn.microsoft.com/azure/azure-sql/database/"
        "business-continuity-high-availability-disaster-recover-hadr-overview",
        "https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-business-continuity",
    ),
    mcsb=("BR-1",),
    pillars=("Reliability",),
    requires=("disaster_recovery.objectives",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    objectives = arch.disaster_recovery.objectives
    assert objectives is not None
    for component in data_of_record(arch):
        achievable = achievable_rpo(arch, component)
        if achievable is None:
            continue
        if achievable.rpo is not None and achievable.rpo <= objectives.rpo:
            continue
        loss = (
            "an unbounded amount"
            if achievable.rpo is None
            else f"up to {format_duration(achievable.rpo)}"
        )
        where = (achievable.field,) if achievable.field else ()
        yield Violation.on(
            arch,
            component,
            *where,
            message=f"{component.label()} can lose {loss} of data when its region is lost "
            f"({achievable.basis}); the declared RPO is {format_duration(objectives.rpo)}",
        )
