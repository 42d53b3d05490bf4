"""Circuit breaker that cannot do its job where it is bound.

## What it does
Checks every circuit breaker against the bindings that use it:

- the retry policy on the same binding waits, between two tries, at least as long as
  the breaker's `break_duration` (nominal delays, before jitter);
- the binding has no timeout;
- the breaker has no `half_open` state.

## Why is this bad?
A breaker exists to stop calling a dependency that is failing, for `break_duration`,
and then to test it with a few trial calls (half-open) before letting all traffic
back. It cannot do that:

- when the retry behind it waits longer than the break: by the time the next try runs
  the breaker is half-open again, so the retry's tries are the trial calls and the
  breaker never sheds this caller's load;
- without a timeout: a dependency that hangs never *fails* a call, so the breaker never
  counts a failure and never opens -- the calls pile up instead;
- without a half-open state: when the break ends, every caller returns at once to a
  dependency that may have just recovered (a thundering herd), and the breaker either
  trips again or closes blindly.

## Example
```yaml
resilience:
  retry_policies:
    - {id: retry, max_attempts: 4, backoff: exponential, base_delay: 5s, max_delay: 60s,
       jitter: true}          # waits 5s, 10s, 20s, 40s
  circuit_breakers:
    - {id: cb, dependency_kind: database, failure_threshold: 3, break_duration: 15s}
  bindings:
    - {component: app, dependency: cosmos, retry: retry, circuit_breaker: cb}
```

## Use instead
```yaml
  circuit_breakers:
    - {id: cb, dependency_kind: database, failure_threshold: 3, break_duration: 60s,
       half_open: {trial_calls: 1}}
  timeouts:
    - {id: timeout-db, dependency_kind: database, timeout: 5s}
  bindings:
    - {component: app, dependency: cosmos, retry: retry, circuit_breaker: cb,
       timeout: timeout-db}
```

## Notes
A failure threshold larger than the tries one call makes is *not* reported: breakers
count failures across all calls of all callers (Microsoft's own example pairs a
5-failure breaker with 6 retries), so a threshold says nothing about one call.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.retry import describe_seconds, schedule
from archlint.model import Architecture
from archlint.model.resilience import CircuitBreaker
from archlint.rules.api import Violation, rule
from archlint.rules.resilience.helpers import Calls


@rule(
    "RES004",
    name="incoherent-circuit-breaker",
    severity="medium",
    category="resilience",
    references=(
        "https://learn.microsoft.com/azure/architecture/patterns/circuit-breaker",
        "https://learn.microsoft.com/dotnet/architecture/microservices/implement-resilient-applications/implement-circuit-breaker-pattern",
        "https://learn.microsoft.com/dotnet/core/resilience/http-resilience",
    ),
    pillars=("Reliability",),
    requires=("resilience.circuit_breakers",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    calls = Calls.of(arch)
    for breaker in arch.resilience.circuit_breakers:
        if breaker.half_open is None:
            yield Violation.on(
                arch,
                breaker,
                "break_duration",
                message=f"{breaker.label()} has no half-open state: after its "
                f"{describe_seconds(breaker.break_duration.total_seconds())} break all traffic "
                "returns at once instead of a few trial calls",
            )
    for bound in (b for group in calls.bindings.values() for b in group):
        breaker = arch.get(bound.binding.circuit_breaker or "")
        if not isinstance(breaker, CircuitBreaker):
            continue
        target = bound.binding.dependency or bound.binding.dependency_kind or "its dependency"
        if bound.binding.timeout is None:
            yield Violation(
                (*bound.path, "circuit_breaker"),
                f"'{bound.binding.component}' calls {target} through {breaker.label()} without "
                "a timeout: a hanging call never counts as a failure, so the breaker never opens",
                bound.binding.component,
            )
        policy = calls.retry(bound)
        if policy is None:
            continue
        longest = max(schedule(policy).nominal, default=0.0)
        pause = breaker.break_duration.total_seconds()
        if longest >= pause:
            yield Violation(
                (*bound.path, "retry"),
                f"'{bound.binding.component}' retries {target} with {policy.label()}, which "
                f"waits up to {describe_seconds(longest)} between tries, no shorter than the "
                f"{describe_seconds(pause)} break of {breaker.label()}: each retry finds the "
                "breaker half-open again, so it never sheds this caller's load",
                bound.binding.component,
            )
