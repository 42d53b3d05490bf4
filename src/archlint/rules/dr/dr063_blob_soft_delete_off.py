"""Storage account whose deleted blobs cannot be recovered.

## What it does
In a production architecture, flags a storage account with blob soft delete off
(`soft_delete.blobs` unset).

## Why is this bad?
Without soft delete, a blob deleted or overwritten by a bug, a bad lifecycle rule or a
compromised identity is gone: redundancy replicates the deletion to every copy. Blob soft
delete keeps deleted data for a retention period (1 to 365 days) during which it can be
undeleted. APRL (03263c57) and the Learn data-protection overview recommend it for every
account; through the API and azurerm it is off unless a `delete_retention_policy` is set.

## Example
```yaml
data:
  storage_accounts:
    - {id: st-data, replication: ZRS}
```

## Use instead
```yaml
data:
  storage_accounts:
    - {id: st-data, replication: ZRS, soft_delete: {blobs: 14d, containers: 14d}}
```

## In the seed
`st-functions`, `st-logicapps` and `st-redisbackup` set no soft delete; only
`st-eventstore` does. The Logic Apps state and the Redis persistence files are data the
design needs back after a mistaken delete, and the Functions account holds the host's
keys and trigger state: all three are reported.

## Notes
Premium file-share accounts (`FileStorage`) have no blob service and are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.data import StorageAccount
from archlint.rules.api import Violation, rule


@rule(
    "DR063",
    name="blob-soft-delete-off",
    severity="medium",
    category="dr",
    references=(
        "https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview",
        "https://learn.microsoft.com/azure/storage/blobs/data-protection-overview",
    ),
    mcsb=("BR-1", "DP-8"),
    pillars=("Reliability",),
    aprl=("03263c57-c869-3841-9e0a-3dbb9ef3e28d",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("storage_account"):
        assert isinstance(account, StorageAccount)
        if account.account_kind != "FileStorage" and account.soft_delete.blobs is None:
            yield Violation.on(
                arch,
                account,
                "soft_delete",
                "blobs",
                message=f"{account.label()} has blob soft delete off: a deleted or overwritten "
                "blob cannot be recovered",
            )
