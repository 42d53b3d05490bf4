"""Cosmos DB account in a single region, or a Strong-consistency account in fewer than three.

## What it does
In a production architecture, flags a Cosmos DB account that lists one region, and an
account with Strong consistency that lists fewer than three.

## Why is this bad?
A single-region account is unavailable for as long as its region is: no failover, no
read region, and the single-region SLA. APRL (43663217) asks for at least two regions;
with Strong consistency a write needs a quorum across regions, so Microsoft Learn's
guidance is three regions to keep writing when one is lost.

## Example
```yaml
data:
  cosmos_accounts:
    - id: cosmos-main
      regions: [{region: eastus2, failover_priority: 0}]
      backup: {mode: continuous}
```

## Use instead
```yaml
data:
  cosmos_accounts:
    - id: cosmos-main
      regions:
        - {region: eastus2, failover_priority: 0}
        - {region: centralus, failover_priority: 1}
      automatic_failover: true
      backup: {mode: continuous}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.data import CosmosAccount
from archlint.rules.api import Violation, rule


@rule(
    "DR060",
    name="cosmos-single-region",
    severity="medium",
    category="dr",
    references=(
        "https://learn.microsoft.com/azure/cosmos-db/high-availability",
        "https://learn.microsoft.com/azure/reliability/reliability-cosmos-db-nosql",
    ),
    pillars=("Reliability",),
    aprl=("43663217-a1d3-844b-80ea-571a2ce37c6c",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("cosmos_account"):
        assert isinstance(account, CosmosAccount)
        count = len(account.regions)
        strong = account.consistency.level == "Strong"
        if count == 1:
            yield Violation.on(
                arch,
                account,
                "regions",
                message=f"{account.label()} lives in one region ({account.regions[0].region}):"
                " a regional outage takes it down with no failover",
            )
        elif strong and count == 2:
            yield Violation.on(
                arch,
                account,
                "regions",
                message=f"{account.label()} uses Strong consistency in two regions: losing "
                "one stops writes; Strong needs three regions to keep writing",
            )
