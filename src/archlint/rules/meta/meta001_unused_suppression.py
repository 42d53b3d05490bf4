"""Suppression suppresses nothing.

## What it does
Reports a `suppress:` entry on a component for which the rule it names ran and
reported nothing on that component (like ruff's unused `noqa`, RUF100). Only
suppressions of rules that ran are judged: an entry for a rule left out by
`--select`/`--ignore` or the configuration is not reported. An expired entry that
suppresses nothing is reported too.

## Why is this bad?
An accepted risk that no longer exists still reads as one: auditors see an exception
that is not needed, and when the risk comes back (a setting is reverted, a component
is copied) the old entry silently hides the new finding instead of putting it in
front of a reviewer again. Azure Policy exemptions are reviewed and removed for the
same reason.

## Example
```yaml
queues:
  - id: sbq-orders
    dead_lettering_on_message_expiration: true   # MSG001 holds: nothing to suppress
    suppress:
      - {rule: MSG001, reason: "orders are replayed from the event store"}
```

## Use instead
```yaml
queues:
  - id: sbq-orders
    dead_lettering_on_message_expiration: true
```

## Notes
The engine decides this rule after every other selected rule has run, because it
judges their results; its check on the model alone reports nothing. Its findings
cannot be suppressed inline (an entry naming META001 suppresses nothing, and is
reported itself): remove the stale entry, or `--ignore META001`.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule

UNUSED_SUPPRESSION = "META001"


@rule(
    UNUSED_SUPPRESSION,
    name="unused-suppression",
    severity="medium",
    category="meta",
    references=(
        "https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure",
    ),
    pillars=("Operational Excellence",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    # The engine (archlint.engine.runner) reports unused suppressions from the other
    # rules' results; nothing can be judged from the model alone.
    return iter(())
