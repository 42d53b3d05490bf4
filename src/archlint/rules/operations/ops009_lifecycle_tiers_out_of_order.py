"""Storage lifecycle rule whose tiering steps are out of order.

## What it does
Reports a lifecycle rule whose actions do not happen in the order
cool < cold < archive < delete (for the actions it has).

## Why is this bad?
Lifecycle management moves blobs down the tiers as they age. A step scheduled after a
colder one never runs -- a blob already in archive is not moved "back" to cool by
lifecycle management -- and a delete before a tiering step makes the tiering
pointless. The rule then does something other than what its author (and the cost
estimate) assumed.

## Example
```yaml
lifecycle_rules:
  - {name: logs, cool_after: 90d, archive_after: 30d, delete_after: 365d}
```

## Use instead
```yaml
lifecycle_rules:
  - {name: logs, cool_after: 30d, archive_after: 90d, delete_after: 365d}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from archlint.model import Architecture
from archlint.model.data import StorageAccount
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule

_ORDER = ("cool_after", "cold_after", "archive_after", "delete_after")


@rule(
    "OPS009",
    name="lifecycle-tiers-out-of-order",
    severity="low",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/storage/blobs/lifecycle-management-overview",
        "https://learn.microsoft.com/azure/storage/blobs/access-tiers-overview",
    ),
    pillars=("Cost Optimization",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("storage_account"):
        assert isinstance(account, StorageAccount)
        for position, lifecycle in enumerate(account.lifecycle_rules):
            steps = [(name, getattr(lifecycle, name)) for name in _ORDER]
            present = [(name, value) for name, value in steps if value is not None]
            for (earlier, first), (later, second) in pairwise(present):
                if second > first:
                    continue
                yield Violation.on(
                    arch,
                    account,
                    "lifecycle_rules",
                    position,
                    later,
                    message=f"{account.label()} lifecycle rule '{lifecycle.name}' has "
                    f"{later} {format_duration(second)}, not after {earlier} "
                    f"{format_duration(first)}: the tiers must go cool < cold < archive < delete",
                )
