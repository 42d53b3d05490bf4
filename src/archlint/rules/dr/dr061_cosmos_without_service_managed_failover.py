"""Multi-region Cosmos DB account with one write region and no service-managed failover.

## What it does
Flags a Cosmos DB account with more than one region, a single write region
(`multi_region_writes: false`) and `automatic_failover: false`.

## Why is this bad?
With one write region, the account's writes live in that region. If it fails and
service-managed failover is off, Cosmos DB does not promote a secondary: writes stay down
until the region recovers or someone forces a failover by hand. The
secondary regions then serve reads only, and the RTO is set by who is awake. APRL
(9cabded7) asks for service-managed failover on such accounts; azurerm leaves
`automatic_failover_enabled` off by default.

## Example
```yaml
data:
  cosmos_accounts:
    - id: cosmos-main
      regions:
        - {region: eastus2, failover_priority: 0}
        - {region: centralus, failover_priority: 1}
      consistency: {level: Session}
      backup: {mode: continuous}
```

## Use instead
```yaml
      automatic_failover: true
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.data import CosmosAccount
from archlint.rules.api import Violation, rule


@rule(
    "DR061",
    name="cosmos-without-service-managed-failover",
    severity="high",
    category="dr",
    references=(
        "https://learn.microsoft.com/azure/cosmos-db/high-availability",
        "https://learn.microsoft.com/azure/cosmos-db/how-to-manage-database-account",
    ),
    pillars=("Reliability",),
    aprl=("9cabded7-a1fc-6e4a-944b-d7dd98ea31a2",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("cosmos_account"):
        assert isinstance(account, CosmosAccount)
        single_writer = len(account.regions) > 1 and not account.multi_region_writes
        if single_writer and not account.automatic_failover:
            write = min(account.regions, key=lambda r: r.failover_priority).region
            yield Violation.on(
                arch,
                account,
                "automatic_failover",
                message=f"{account.label()} writes only in {write} and service-managed "
                "failover is off: if that region fails, writes stay down until a manual "
                "failover",
            )
