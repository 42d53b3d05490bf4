"""Lifecycle rule moving blobs to the archive tier on an account that has none.

## What it does
Flags a storage lifecycle rule with `archive_after` on an account whose replication
(ZRS, GZRS, RA-GZRS) does not support the archive access tier.

## Why is this bad?
The archive tier is offered only on LRS, GRS and RA-GRS accounts. On a
zone-redundant account the tiering action cannot run: blobs stay in the cool (or
cold) tier, the storage bill is several times what the design assumed, and the
retention plan built on archive pricing ("keep everything seven years") becomes
the most expensive line in it. The conflict often appears when an account is moved
to ZRS/GZRS for zone redundancy and its old lifecycle policy is kept.

## Example
```yaml
storage_accounts:
  - id: st-events
    replication: GZRS
    lifecycle_rules:
      - {name: events, cool_after: 30d, archive_after: 90d, delete_after: 7y}
```

## Use instead
```yaml
storage_accounts:
  - id: st-events
    replication: GZRS
    lifecycle_rules:
      - {name: events, cool_after: 30d, cold_after: 90d, delete_after: 7y}
# or archive from a separate LRS/GRS account that holds only the long-term copy
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import storage_replication_for
from archlint.model import Architecture
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "SKU007",
    name="archive-tier-unsupported-by-replication",
    severity="medium",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview",
        "https://learn.microsoft.com/azure/storage/common/storage-redundancy",
    ),
    pillars=("Cost Optimization",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("storage_account"):
        replication = storage_replication_for(account.replication)
        if replication is None or replication.archive_tier_supported:
            continue
        for position, lifecycle in enumerate(account.lifecycle_rules):
            if lifecycle.archive_after is not None:
                yield Violation.on(
                    arch,
                    account,
                    "lifecycle_rules",
                    position,
                    "archive_after",
                    message=f"{account.label()} lifecycle rule '{lifecycle.name}' archives "
                    f"after {format_duration(lifecycle.archive_after)}, but "
                    f"{account.replication} accounts have no archive tier",
                )
