"""Storage account whose replication keeps every copy in one zone.

## What it does
In a production architecture in a region with availability zones, flags a storage
account whose replication is LRS, GRS or RA-GRS: all copies in the primary region
live in a single zone.

## Why is this bad?
A zone outage makes an LRS account unavailable until the zone recovers — and
whatever depends on it stops: Function Apps and Logic Apps cannot run without
their runtime storage, Event Hubs Capture and Event Grid dead-lettering fail.
GRS does not help with a zone: its secondary is in another region and is reached
only by an account failover, which loses the data not yet replicated (no RPO
guarantee) and takes an hour or more. ZRS keeps three synchronous copies across
zones; GZRS/RA-GZRS add the geo copy.

## Example
```yaml
storage_accounts:
  - {id: st-functions, replication: LRS}
  - {id: st-eventstore, replication: GRS}
```

## Use instead
```yaml
storage_accounts:
  - {id: st-functions, replication: ZRS}
  - {id: st-eventstore, replication: GZRS}
```

## In the seed
The seed chooses LRS for the Function runtime account and GRS for the event store,
Logic Apps and Redis backup accounts, all in East US 2, which has availability
zones: `st-functions`, `st-eventstore`, `st-logicapps` and `st-redisbackup` are
each lost for the duration of a zone outage. `st-functions` and `st-logicapps`
back zone-redundant plans (see SKU006). Note for `st-eventstore`: its lifecycle
rules move blobs to the archive tier, which ZRS, GZRS and RA-GZRS do not offer
(SKU007) — moving it to GZRS means replacing archive with the cold tier, or
keeping the archive copy in a separate account.

## Notes
Each finding names the account's region: its VNet's region when it has one in the
model, otherwise the architecture's primary region.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import storage_replication_for
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR007",
    name="storage-not-zone-redundant",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/storage/common/storage-redundancy",
        "https://learn.microsoft.com/azure/reliability/reliability-storage-blob",
    ),
    pillars=("Reliability",),
    environments=("production",),
    aprl=("e6c7e1cc-2f47-264d-aa50-1da421314472",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("storage_account"):
        region = region_of(arch, account)
        replication = storage_replication_for(account.replication)
        if replication is None or replication.zone_redundant:
            continue
        if expects_zones(arch, region):
            yield Violation.on(
                arch,
                account,
                "replication",
                message=f"{account.label()} in {region} uses {account.replication}, which keeps "
                "all primary copies in one zone",
            )
