"""Bulkhead queue longer than the caller is willing to wait.

## What it does
For every policy binding with a bulkhead and a timeout, computes how long a call can
wait in the bulkhead's queue before it even starts: with `max_concurrency` calls
running and `max_queued` waiting, the last queued call waits for
`ceil(max_queued / max_concurrency)` rounds of calls, each of which may run for the
binding's timeout. It reports the binding when that wait is longer than the timeout
of a synchronous caller of the component (a gateway's or a binding's).

## Why is this bad?
A bulkhead's queue absorbs bursts; it is not a waiting room longer than the caller's
patience. Calls queued beyond the caller's timeout are abandoned by the caller but
still run later, when their answer is no longer wanted -- wasted capacity at the very
moment the dependency is saturated. Size the queue so that a queued call can still
finish in time, and reject the rest at once (fail fast).

## Example
```yaml
resilience:
  bulkheads:
    - {id: bulkhead, max_concurrency: 20, max_queued: 100}   # 5 rounds x 10s = 50s
  timeouts:
    - {id: timeout-db, dependency_kind: database, timeout: 10s}
  bindings:
    - {component: app, dependency: cosmos, timeout: timeout-db, bulkhead: bulkhead}
```
behind an Application Gateway that waits 30 s for `app`.

## Use instead
```yaml
  bulkheads:
    - {id: bulkhead, max_concurrency: 20, max_queued: 40}    # 2 rounds x 10s = 20s
```

## Notes
Each call holding a slot is counted at one try's timeout, not its whole retry budget:
the wait is a lower bound, so a finding never overstates it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from archlint.analysis.retry import describe_seconds
from archlint.model import Architecture
from archlint.model.resilience import Bulkhead
from archlint.rules.api import Violation, rule
from archlint.rules.resilience.helpers import Calls, sync_waits


@rule(
    "RES005",
    name="bulkhead-queue-outwaits-caller",
    severity="medium",
    category="resilience",
    references=(
        "https://learn.microsoft.com/azure/architecture/patterns/bulkhead",
        "https://learn.microsoft.com/dotnet/core/resilience/http-resilience",
    ),
    pillars=("Reliability", "Performance Efficiency"),
    requires=("resilience.bulkheads", "flows.flows"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    calls = Calls.of(arch)
    patience: dict[str, tuple[float, str]] = {}
    for wait in sync_waits(arch, calls):
        known = patience.get(wait.callee.id)
        if known is None or wait.seconds < known[0]:
            patience[wait.callee.id] = (wait.seconds, wait.caller.label())
    for bound in (b for group in calls.bindings.values() for b in group):
        bulkhead = arch.get(bound.binding.bulkhead or "")
        timeout = calls.timeout(bound)
        caller = patience.get(bound.binding.component)
        if not isinstance(bulkhead, Bulkhead) or timeout is None or caller is None:
            continue
        rounds = math.ceil(bulkhead.max_queued / bulkhead.max_concurrency)
        queued = rounds * timeout.timeout.total_seconds()
        if queued <= caller[0]:
            continue
        target = bound.binding.dependency or bound.binding.dependency_kind or "its dependency"
        yield Violation(
            (*bound.path, "bulkhead"),
            f"'{bound.binding.component}' queues calls to {target} in {bulkhead.label()} "
            f"({bulkhead.max_concurrency} concurrent, {bulkhead.max_queued} queued): a queued "
            f"call can wait {rounds} x {describe_seconds(timeout.timeout.total_seconds())} = "
            f"{describe_seconds(queued)} before it starts, but {caller[1]} waits only "
            f"{describe_seconds(caller[0])} for '{bound.binding.component}'",
            bound.binding.component,
        )
