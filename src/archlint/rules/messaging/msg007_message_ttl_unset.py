"""Queue or subscription whose messages never expire.

## What it does
Flags a Service Bus queue, or a subscription whose topic sets no TTL either,
without a `default_message_ttl`, on the Standard and Premium tiers.

## Why is this bad?
Azure's default TTL is `TimeSpan.MaxValue`: the message lives for ever. After an
outage of the consumer, a week-old "send the confirmation e-mail" or "reserve the
stock" message is processed as if it were new, and a queue nobody drains grows
until it hits its size quota and senders fail. An explicit TTL states how long a
message stays meaningful; with `dead_lettering_on_message_expiration` the expired
ones land in the dead-letter queue for review instead of running late. (Without a
TTL, dead-lettering on expiration never triggers at all.)

## Example
```yaml
queues:
  - {id: sbq-notifications, dead_lettering_on_message_expiration: true}
```

## Use instead
```yaml
queues:
  - {id: sbq-notifications, default_message_ttl: 7d,
     dead_lettering_on_message_expiration: true}
```

## Notes
Low severity: it is Azure's default and loses nothing; the cost is stale work and
unbounded growth. Basic-tier entities are skipped: there the default (and maximum)
TTL is 14 days. A subscription inherits its topic's TTL as a ceiling, so it is
flagged only when neither sets one.

A policy rule (not in the default selection): whether a message may wait for ever is the
design's choice, and Azure's default is a legitimate one for commands that stay valid.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.messaging import entities, namespace_of, topic_of
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "MSG007",
    name="message-ttl-unset",
    severity="low",
    policy=True,
    category="messaging",
    references=("https://learn.microsoft.com/azure/service-bus-messaging/message-expiration",),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for entity in entities(arch):
        if entity.default_message_ttl is not None:
            continue
        namespace = namespace_of(arch, entity)
        if namespace is not None and namespace.tier == "basic":
            continue
        topic = topic_of(arch, entity)
        if topic is not None and topic.default_message_ttl is not None:
            continue
        yield Violation.on(
            arch,
            entity,
            "default_message_ttl",
            message=f"{entity.label()} sets no message TTL"
            + (f" (nor does {topic.label()})" if topic else "")
            + ": messages never expire and are processed however late they are",
        )
