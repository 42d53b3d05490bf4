"""Retry policy with degenerate backoff settings.

## What it does
Reports a retry policy that

- has no jitter;
- has a `max_delay` below its `base_delay` (every delay is cut to `max_delay`);
- backs off linearly or exponentially from a `base_delay` that already reaches
  `max_delay`, so the backoff never grows.

## Why is this bad?
Without jitter, every client that failed at the same moment retries at the same
moments, so each retry wave hits the recovering service together (Microsoft's retry
guidance: "use randomization"). A cap below the base or a backoff that starts at its
cap silently turns an exponential policy into a fixed one: the policy does not do
what its name says, and the arithmetic other rules do on it surprises its author.

## Example
```yaml
resilience:
  retry_policies:
    - {id: retry, max_attempts: 5, backoff: exponential, base_delay: 30s, max_delay: 10s}
```

## Use instead
```yaml
resilience:
  retry_policies:
    - {id: retry, max_attempts: 5, backoff: exponential, base_delay: 1s, max_delay: 30s,
       jitter: true}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.retry import describe_seconds
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "RES006",
    name="degenerate-retry-policy",
    severity="low",
    category="resilience",
    references=(
        "https://learn.microsoft.com/azure/architecture/best-practices/transient-faults",
        "https://learn.microsoft.com/azure/architecture/patterns/retry",
    ),
    pillars=("Reliability",),
    requires=("resilience.retry_policies",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for policy in arch.resilience.retry_policies:
        base = policy.base_delay.total_seconds()
        cap = policy.max_delay.total_seconds()
        if not policy.jitter and policy.max_attempts > 0 and base > 0:
            yield Violation.on(
                arch,
                policy,
                "jitter",
                message=f"{policy.label()} retries without jitter: callers that failed "
                "together retry together, in waves",
            )
        if cap < base:
            yield Violation.on(
                arch,
                policy,
                "max_delay",
                message=f"{policy.label()} caps its delays at {describe_seconds(cap)}, below "
                f"its {describe_seconds(base)} base delay: every delay is {describe_seconds(cap)}",
            )
        elif policy.backoff != "fixed" and policy.max_attempts > 1 and base >= cap:
            yield Violation.on(
                arch,
                policy,
                "backoff",
                message=f"{policy.label()} backs off {policy.backoff}ly from "
                f"{describe_seconds(base)}, which is already its {describe_seconds(cap)} cap: "
                "the backoff never grows",
            )
