"""Circuit breaker keeps its state in the dependency it protects.

## What it does
Reports a circuit breaker whose `state_store` lies in the same resource (the same
Cosmos DB account or Redis cache) as a dependency that a binding protects with it.

## Why is this bad?
A shared breaker state lets all instances agree that a dependency is down. But when
that dependency *is* the state store, the breaker loses its memory exactly when it is
needed: reading or writing "open" fails or times out along with the calls it should
stop, so every instance keeps calling (or, failing closed, stops calling even after the
dependency recovers). The breaker's state must live somewhere that fails
independently of what it guards -- another account, or the instance's own memory.

## Example
```yaml
resilience:
  circuit_breakers:
    - {id: cb-db, dependency_kind: database, failure_threshold: 3, break_duration: 30s,
       state_store: ctr-breaker-state}      # a container in cosmos
  bindings:
    - {component: app, dependency: cosmos, circuit_breaker: cb-db}
```

## Use instead
```yaml
  circuit_breakers:
    - {id: cb-db, dependency_kind: database, failure_threshold: 3, break_duration: 30s,
       state_store: redis}                  # fails independently of Cosmos DB
```

## In the seed
`cb-database` guards `app-web`'s and `func-main`'s calls to `cosmos-main` and keeps its
state in `ctr-circuit-breaker-state`, a container of the same `cosmos-main` account
("State Management: Stored in Cosmos DB"). A Cosmos DB outage takes the breaker's
state down with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.resilience import CircuitBreaker
from archlint.rules.api import Violation, rule
from archlint.rules.resilience.helpers import Calls, lineage


@rule(
    "RES008",
    name="breaker-state-in-protected-dependency",
    severity="medium",
    category="resilience",
    references=("https://learn.microsoft.com/azure/architecture/patterns/circuit-breaker",),
    pillars=("Reliability",),
    requires=("resilience.circuit_breakers",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    calls = Calls.of(arch)
    reported: set[str] = set()
    for bound in (b for group in calls.bindings.values() for b in group):
        breaker = arch.get(bound.binding.circuit_breaker or "")
        dependency = bound.binding.dependency
        if not isinstance(breaker, CircuitBreaker) or not breaker.state_store or not dependency:
            continue
        if breaker.id in reported:
            continue
        shared = set(lineage(arch, breaker.state_store)) & set(lineage(arch, dependency))
        if not shared:
            continue
        reported.add(breaker.id)
        home = lineage(arch, breaker.state_store)[-1]
        yield Violation.on(
            arch,
            breaker,
            "state_store",
            message=f"{breaker.label()} guards '{bound.binding.component}' -> '{dependency}' "
            f"but keeps its state in '{breaker.state_store}', inside '{home}': an outage of "
            "the dependency takes the breaker's state down with it",
        )
