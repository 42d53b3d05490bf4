"""Subscription TTL longer than its topic's TTL.

## What it does
Flags a topic subscription whose `default_message_ttl` is longer than the
`default_message_ttl` of its topic.

## Why is this bad?
A topic's default TTL is a ceiling: a message enqueued in the topic has its TTL cut
down to it before it reaches any subscription. A subscription that says "keep
messages 14 days" under a topic that says 7 keeps them 7. The setting misleads
whoever sizes the consumer's tolerated downtime or the replay window from it.

## Example
```yaml
topics:
  - id: sbt-events
    default_message_ttl: 7d
    subscriptions:
      - {id: sbs-audit, default_message_ttl: 14d}
```

## Use instead
```yaml
topics:
  - id: sbt-events
    default_message_ttl: 14d          # the longest any subscription needs
    subscriptions:
      - {id: sbs-audit, default_message_ttl: 14d}
      - {id: sbs-notifications, default_message_ttl: 1d}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "MSG010",
    name="subscription-ttl-exceeds-topic-ttl",
    severity="low",
    category="messaging",
    references=("https://learn.microsoft.com/azure/service-bus-messaging/message-expiration",),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for topic in arch.index.of_kind("service_bus_topic"):
        ceiling = topic.default_message_ttl
        if ceiling is None:
            continue
        for subscription in topic.subscriptions:
            ttl = subscription.default_message_ttl
            if ttl is not None and ttl > ceiling:
                yield Violation.on(
                    arch,
                    subscription,
                    "default_message_ttl",
                    message=f"{subscription.label()} message TTL {format_duration(ttl)} is "
                    f"longer than the {format_duration(ceiling)} of {topic.label()}, which caps it",
                )
