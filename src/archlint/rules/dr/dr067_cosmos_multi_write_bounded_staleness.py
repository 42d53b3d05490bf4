"""Cosmos DB account with multi-region writes and Bounded Staleness consistency.

## What it does
Flags a Cosmos DB account that writes in several regions (`multi_region_writes: true`)
with Bounded Staleness consistency.

## Why is this bad?
Bounded Staleness promises that reads lag writes by at most K versions or T seconds. With
several write regions every region accepts writes, and keeping that bound means
coordinating replication across them: writes slow down or are throttled when the lag
approaches the bound, which undoes the latency and availability multi-region writes are
bought for. APRL (9ce78192) calls this combination an anti-pattern; Microsoft Learn's
consistency guidance pairs multi-region writes with Session, Consistent Prefix or Eventual.
(Strong consistency with multi-region writes is refused by Azure outright.)

## Example
```yaml
data:
  cosmos_accounts:
    - {id: cosmos-main, regions: [...], multi_region_writes: true,
       consistency: {level: BoundedStaleness, max_staleness_prefix: 100000,
                     max_interval: 5m},
       backup: {mode: continuous}}
```

## Use instead
```yaml
       consistency: {level: Session}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.data import CosmosAccount
from archlint.rules.api import Violation, rule


@rule(
    "DR067",
    name="cosmos-multi-write-bounded-staleness",
    severity="medium",
    category="dr",
    references=(
        "https://learn.microsoft.com/azure/cosmos-db/consistency-levels",
        "https://learn.microsoft.com/azure/cosmos-db/how-to-multi-master",
    ),
    pillars=("Reliability", "Performance Efficiency"),
    aprl=("9ce78192-74a0-104c-b5bb-9a443f941649",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("cosmos_account"):
        assert isinstance(account, CosmosAccount)
        if account.multi_region_writes and account.consistency.level == "BoundedStaleness":
            yield Violation.on(
                arch,
                account,
                "consistency",
                "level",
                message=f"{account.label()} writes in several regions with Bounded Staleness: "
                "holding the staleness bound across write regions throttles writes; use "
                "Session or weaker",
            )
