"""Caller gives up before its callee's timeouts and retries have run their course.

## What it does
Walks the synchronous call tree of every flow (`sync_call` and `read` steps) and, for
each caller that has a timeout -- an Application Gateway's `request_timeout`, a Front
Door's `response_timeout`, or the timeout of the caller's policy binding -- compares it
with the longest time the callee can spend before it answers: the sum, over the
callee's own calls, of *tries x per-try timeout + backoff delays (with jitter)*.

## Why is this bad?
Timeouts must shrink along a call chain. When the caller waits less than the callee can
spend retrying, the caller times out first: the user gets a 504 while the callee keeps
retrying a dependency that is already struggling, and any retry of the caller starts a
second, overlapping chain of retries (the retry-storm antipattern). The callee's retries
are then pure extra load, never a better answer.

## Example
```yaml
edge:
  application_gateways:
    - {id: agw, sku: WAF_v2, subnet: snet-appgw, request_timeout: 30s}
resilience:
  retry_policies:
    - {id: retry, max_attempts: 5, backoff: exponential, base_delay: 1s, max_delay: 60s,
       jitter: true}
  timeouts:
    - {id: timeout-db, dependency_kind: database, timeout: 10s}
  bindings:
    - {component: app, dependency: cosmos, retry: retry, timeout: timeout-db}
flows:
  flows:
    - id: request
      name: request
      flow_kind: synchronous
      steps:
        - {from: agw, to: app, kind: sync_call}
        - {from: app, to: cosmos, kind: read}   # 6 x 10s + 39s backoff > 30s
```

## Use instead
Give each hop less time than its caller: fewer retries or shorter per-try timeouts
below the gateway, or a longer gateway timeout above a slow but bounded chain.
```yaml
resilience:
  retry_policies:
    - {id: retry, max_attempts: 2, backoff: exponential, base_delay: 200ms, max_delay: 2s,
       jitter: true}
  timeouts:
    - {id: timeout-db, dependency_kind: database, timeout: 5s}   # 3 x 5s + 1s < 30s
```

## In the seed
`agw-main` waits 30 s (`request_timeout`, chosen to match the seed's 30 s HTTP timeout)
for `app-web` and `func-main`. Behind it, `app-web` reads Redis (`retry-transient`:
6 tries x 5 s `timeout-cache`) and, on a cache miss, Cosmos DB (6 tries x 10 s
`timeout-database`), each with up to 40 s of backoff; `func-main` reads Cosmos DB the
same way. A struggling Cosmos DB keeps these apps retrying for minutes after the
gateway has answered 504. The seed's retry and timeout values ("5 attempts, 1s-60s",
"Database: 10 seconds") suit background work, not a request a user is waiting for.

## Notes
Tries = `max_attempts + 1`; jitter is counted at its upper bound (see
`archlint.analysis.retry`). Work whose duration the model does not give counts as
zero, and a cache-aside miss (`read` from a cache to a store) is charged to the
cache's caller. All `sync_call`/`read` steps count, whatever the flow's kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.retry import describe_seconds
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.resilience.helpers import Calls, sync_waits


@rule(
    "RES003",
    name="caller-timeout-shorter-than-callee-retries",
    severity="high",
    category="resilience",
    references=(
        "https://learn.microsoft.com/azure/architecture/best-practices/transient-faults",
        "https://learn.microsoft.com/azure/architecture/antipatterns/retry-storm/",
        "https://learn.microsoft.com/azure/application-gateway/configuration-http-settings",
        "https://learn.microsoft.com/dotnet/core/resilience/http-resilience",
    ),
    pillars=("Reliability", "Performance Efficiency"),
    requires=("flows.flows", "resilience.bindings"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    calls = Calls.of(arch)
    reported: set[tuple[str, str]] = set()
    for wait in sync_waits(arch, calls):
        pair = (wait.caller.id, wait.callee.id)
        if pair in reported:
            continue
        worst = calls.callee_worst(wait.callee.id, wait.children)
        if worst.seconds <= wait.seconds:
            continue
        reported.add(pair)
        yield Violation(
            wait.path,
            f"{wait.caller.label()} waits {describe_seconds(wait.seconds)} for "
            f"{wait.callee.label()}, which can spend {describe_seconds(worst.seconds)} before "
            f"it answers when its dependencies fail ({worst.explain()}): the caller gives up "
            "while the callee is still at work",
            wait.caller.id,
        )
