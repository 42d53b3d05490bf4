"""Storage account allows anonymous public read access to blobs.

## What it does
Flags storage accounts with `allow_blob_public_access: true`.

## Why is this bad?
With the account-level setting on, any container can be switched to anonymous read access,
and everything in it is readable by anyone who guesses its URL, with no key, token or log
of who read it. Event stores, captures and audit logs such as the seed's are exactly what
must never leak. Microsoft recommends disallowing anonymous access on every account that
does not host a public website.

## Example
```yaml
storage_accounts:
  - {id: st-eventstore, replication: GRS, allow_blob_public_access: true}
```

## Use instead
```yaml
storage_accounts:
  - {id: st-eventstore, replication: GRS, allow_blob_public_access: false}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.data import StorageAccount
from archlint.rules.api import Violation, rule


@rule(
    "SEC010",
    name="blob-public-access",
    severity="high",
    category="security",
    references=("https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent",),
    mcsb=("DP-2", "NS-2"),
    pillars=("Security",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for account in arch.index.of_kind("storage_account"):
        assert isinstance(account, StorageAccount)
        if account.allow_blob_public_access:
            yield Violation.on(
                arch,
                account,
                "allow_blob_public_access",
                message=f"{account.label()} allows anonymous public read access to its blobs",
            )
