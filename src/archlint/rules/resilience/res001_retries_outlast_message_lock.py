"""Message handler's retries outlast the message lock it holds.

## What it does
For every `consume` step from a Service Bus queue or subscription, adds up what the
consumer may spend on that message: the calls it makes while handling it (each
binding's *tries x per-try timeout + backoff delays with jitter*), its own retries
against the namespace, and -- for the DLQ processor -- the resubmission backoff. It
reports the entity when that worst case exceeds the time the message stays locked:
the entity's `lock_duration`, or the Functions host's automatic lock renewal (5
minutes by default) for a Function App consumer.

## Why is this bad?
A peek-locked message is delivered again as soon as its lock expires, to this or
another instance, while the first handler is still retrying. The message is now
processed twice in parallel (duplicate side effects: two payments, two e-mails), the
first handler's `Complete` fails with `MessageLockLost`, and the delivery count climbs
towards dead-lettering a message that never really failed. Logic Apps peek-lock
triggers do not renew the lock on their own.

## Example
```yaml
messaging:
  service_bus:
    - id: sb
      tier: premium
      topics:
        - id: sbt-orders
          subscriptions:
            - {id: sbs-orders, lock_duration: 1m}
resilience:
  retry_policies:
    - {id: retry, max_attempts: 3, backoff: exponential, base_delay: 5s, max_delay: 30s,
       jitter: true}
  timeouts:
    - {id: timeout-http, dependency_kind: http, timeout: 30s}
  bindings:
    - {component: logic, dependency: payment, retry: retry, timeout: timeout-http}
flows:
  flows:
    - id: orders
      name: orders
      flow_kind: orchestration
      steps:
        - {from: sbs-orders, to: logic, kind: consume}
        - {from: logic, to: payment, kind: sync_call}   # 4 x 30s + 46s > 1m
```

## Use instead
Keep the handler's worst case inside the lock: raise the lock duration (up to 5
minutes), shorten the retries, or renew the lock explicitly while retrying.
```yaml
            - {id: sbs-orders, lock_duration: 5m}
```

## Notes
The handler is the consumer's steps after its `consume` step, up to the next message
it consumes in the same flow. Calls without a binding count as zero, and a binding
without a timeout counts only its backoff, so the total is a lower bound of the worst
case. Tries = `max_attempts + 1`; jitter at its upper bound (`archlint.analysis.retry`).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.retry import describe_seconds
from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.resilience.helpers import message_handlers


@rule(
    "RES001",
    name="retries-outlast-message-lock",
    severity="high",
    category="resilience",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/message-transfers-locks-settlement",
        "https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger",
        "https://learn.microsoft.com/azure/connectors/connectors-create-api-servicebus",
        "https://learn.microsoft.com/azure/architecture/best-practices/transient-faults",
    ),
    pillars=("Reliability",),
    requires=("flows.flows", "resilience.bindings"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for handler in message_handlers(arch):
        if handler.cost.seconds <= handler.window:
            continue
        yield Violation.on(
            arch,
            handler.entity,
            "lock_duration",
            message=f"{handler.consumer.label()} can spend "
            f"{describe_seconds(handler.cost.seconds)} on one message of "
            f"{handler.entity.label()} ({handler.cost.explain()}), longer than the "
            f"{handler.window_basis}: the message is redelivered while it is still being "
            "processed",
        )
