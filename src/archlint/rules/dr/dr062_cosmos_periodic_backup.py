"""Cosmos DB account on periodic backup instead of continuous backup.

## What it does
In a production architecture, flags a Cosmos DB account whose backup mode is periodic.

## Why is this bad?
Periodic backup takes a snapshot every few hours (4 by default) and restoring one means a
support request to Microsoft: the data written since the last snapshot is lost, and the
restore takes as long as the ticket. Continuous backup restores, self-service, to any
second in the last 7 or 30 days, into a new account. APRL (e544520b) recommends it; azurerm
(and the Cosmos DB API) default to periodic.

## Example
```yaml
data:
  cosmos_accounts:
    - {id: cosmos-main, regions: [...], consistency: {level: Session},
       backup: {mode: periodic, interval: 4h, retention: 8h}}
```

## Use instead
```yaml
       backup: {mode: continuous, tier: Continuous7Days}
```

## Notes
Some configurations cannot use continuous backup (for example multi-region writes on some
APIs before Learn lists them as supported); suppress the finding with that reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.data import CosmosAccount
from archlint.rules.api import Violation, rule


@rule(
    "DR062",
    name="cosmos-periodic-backup",
    severity="medium",
    category="dr",
    references=(
        "https://learn.microsoft.com/azure/cosmos-db/continuous-backup-restore-introduction",
        "https://learn.microsoft.com/azure/cosmos-db/periodic-backup-restore-introduction",
    ),
    mcsb=("BR-1",),
    pillars=("Reliability",),
    aprl=("e544520b-8505-7841-9e77-1f1974ee86ec",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("cosmos_account"):
        assert isinstance(account, CosmosAccount)
        if account.backup.mode == "periodic":
            yield Violation.on(
                arch,
                account,
                "backup",
                "mode",
                message=f"{account.label()} uses periodic backup: a restore needs a support "
                "request and loses what was written since the last snapshot; use continuous",
            )
