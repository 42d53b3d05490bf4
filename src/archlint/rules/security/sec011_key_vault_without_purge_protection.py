"""Key Vault without purge protection.

## What it does
Flags Key Vaults with `purge_protection: false`.

## Why is this bad?
Soft delete keeps a deleted vault or secret recoverable for its retention period, but
without purge protection anyone with the permission (or an attacker holding it) can purge
it immediately, and keys used for encryption at rest, certificates and connection secrets are
gone for good. Purge protection cannot be turned off once on, which is why it must be in the
design from the start.

## Example
```yaml
key_vaults:
  - {id: kv-main, purge_protection: false}
```

## Use instead
```yaml
key_vaults:
  - {id: kv-main, purge_protection: true, soft_delete_retention: 90}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.security import KeyVault
from archlint.rules.api import Violation, rule


@rule(
    "SEC011",
    name="key-vault-without-purge-protection",
    severity="medium",
    category="security",
    references=("https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview",),
    mcsb=("DP-8", "BR-2"),
    pillars=("Security", "Reliability"),
    environments=("production",),
    aprl=("70fcfe6d-00e9-5544-a63a-fff42b9f2edb",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vault in arch.index.of_kind("key_vault"):
        assert isinstance(vault, KeyVault)
        if not vault.purge_protection:
            yield Violation.on(
                arch,
                vault,
                "purge_protection",
                message=f"{vault.label()} has no purge protection: a deleted vault or secret "
                "can be purged before its soft-delete retention ends",
            )
