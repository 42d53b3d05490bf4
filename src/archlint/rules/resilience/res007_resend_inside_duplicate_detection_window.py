"""Resubmitted or re-sent messages meet the duplicate-detection window the wrong way.

## What it does
For Service Bus queues and topics with duplicate detection, compares the
`duplicate_detection_window` with the retry schedules of the components that send to
them on the flows:

- the DLQ processor (`resilience.dlq_handling`) resubmits dead-lettered messages with
  its retry policy: a resubmission sooner than the window after the original send is
  reported;
- any other sender retrying its sends (its binding to the entity or its namespace): a
  retry schedule longer than the window is reported.

## Why is this bad?
Duplicate detection remembers every `MessageId` sent within the window; a message sent
again with a logged id is *accepted* -- the send succeeds -- and then silently dropped.
A DLQ processor that resubmits a copy of the dead-lettered message (the SDK's copy
keeps the `MessageId`) within the window therefore "retries" into the void: the
tracking store records a retry that never happens. Conversely, a sender whose retries
outlast the window can duplicate a message whose first send did succeed.

## Example
```yaml
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - {id: sbq-orders, duplicate_detection: true, duplicate_detection_window: 10m}
resilience:
  retry_policies:
    - {id: retry-dlq, max_attempts: 5, backoff: exponential, base_delay: 1s, max_delay: 60s,
       jitter: true}
  dlq_handling: {processor: func-dlq, retry_policy: retry-dlq}
flows:
  flows:
    - id: dlq
      name: dlq
      flow_kind: dead_letter
      steps:
        - {from: func-dlq, to: sbq-orders, kind: publish, label: resubmit}
```

## Use instead
Resubmit with a new `MessageId` (keeping the original as a property), or wait out the
window before the first resubmission:
```yaml
    - {id: retry-dlq, max_attempts: 5, backoff: exponential, base_delay: 15m, max_delay: 4h,
       jitter: true}
```

## In the seed
The DLQ processor `func-dlq-processor` resubmits failed messages to
`sbq-file-processing` ("retry with backoff") after 1 s, 2 s, 4 s, 8 s and 16 s
(`retry-dlq`), all inside the queue's 10-minute duplicate-detection window. Unless the
processor gives each copy a new `MessageId`, Service Bus drops every resubmission.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import accumulate

from archlint.analysis.retry import describe_seconds, schedule
from archlint.model import Architecture
from archlint.model.flows import StepKind
from archlint.model.messaging import ServiceBusQueue, ServiceBusTopic
from archlint.model.resilience import RetryPolicy
from archlint.rules.api import Violation, rule
from archlint.rules.resilience.helpers import Calls, base_id

_SENDS = frozenset({StepKind.publish, StepKind.forward})


@rule(
    "RES007",
    name="resend-inside-duplicate-detection-window",
    severity="medium",
    category="resilience",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/duplicate-detection",
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-dead-letter-queues",
    ),
    pillars=("Reliability",),
    requires=("flows.flows",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    calls = Calls.of(arch)
    dlq = arch.resilience.dlq_handling
    resubmit = arch.get(dlq.retry_policy or "") if dlq else None
    seen: set[tuple[str, str]] = set()
    for flow in arch.flows.flows:
        for step in flow.steps:
            entity = arch.get(base_id(step.target))
            sender = base_id(step.source)
            if step.kind not in _SENDS or not isinstance(entity, ServiceBusQueue | ServiceBusTopic):
                continue
            window = entity.duplicate_detection_window
            if not entity.duplicate_detection or window is None or (sender, entity.id) in seen:
                continue
            seen.add((sender, entity.id))
            span = window.total_seconds()
            if dlq is not None and sender == dlq.processor:
                if isinstance(resubmit, RetryPolicy):
                    times = list(accumulate(schedule(resubmit).nominal))
                    inside = sum(1 for t in times if t < span)
                    if inside:
                        yield Violation(
                            ("resilience", "dlq_handling", "retry_policy"),
                            f"'{sender}' resubmits to {entity.label()} after "
                            f"{', '.join(describe_seconds(t) for t in times[:inside])} "
                            f"({resubmit.label()}), inside its "
                            f"{describe_seconds(span)} duplicate-detection window: a copy that "
                            "keeps its MessageId is accepted and silently dropped",
                        )
                continue
            bound = calls.binding(sender, entity.id)
            policy = calls.retry(bound) if bound else None
            if bound is None or policy is None:
                continue
            budget = calls.budget(bound)
            if budget.worst > span:
                yield Violation(
                    (*bound.path, "retry"),
                    f"'{sender}' retries its sends to {entity.label()} for up to "
                    f"{describe_seconds(budget.worst)} ({budget.describe()}), longer than the "
                    f"{describe_seconds(span)} duplicate-detection window: a retried send "
                    "after the window duplicates a message that did arrive",
                    sender,
                )
