"""Messaging or database feature that the chosen tier does not offer.

## What it does
Checks each Service Bus namespace, Event Hubs namespace and Cosmos DB account
against what its tier offers:

- Service Bus: topics, sessions, duplicate detection and auto-forwarding (Basic
  has none of them); private endpoints (Premium only);
- Event Hubs: Capture and private endpoints (not on Basic); partitions per event
  hub, consumer groups per event hub (the `$Default` group counts) and retention
  above the tier's quota;
- Cosmos DB: a serverless account in more than one region.

## Why is this bad?
The deployment fails, or the feature silently is not there: sessions that were
supposed to keep orders in sequence, duplicate detection that was supposed to make
retries safe, a private endpoint that was supposed to take the namespace off the
internet. The tier is usually chosen for cost early on and the features are added
later by someone else; this is where the two meet.

## Example
```yaml
service_bus:
  - id: sb-main
    tier: standard
    queues:
      - {id: sbq-orders, requires_session: true}
network:
  private_endpoints:
    - {id: pe-sb, target: sb-main, subresource: namespace, subnet: snet-pe}
```

## Use instead
```yaml
service_bus:
  - id: sb-main
    tier: premium          # private endpoints need Premium
    queues:
      - {id: sbq-orders, requires_session: true}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from archlint.azure.facts import COSMOS_FACTS, EVENT_HUBS_TIERS, SERVICE_BUS_TIERS
from archlint.model import Architecture
from archlint.model.messaging import EventHubsNamespace, ServiceBusNamespace
from archlint.model.network import PrivateEndpoint
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule

# Entity settings that need a Service Bus tier capability: (field, capability, wording).
_SERVICE_BUS_FEATURES = (
    ("requires_session", "sessions_supported", "sessions"),
    ("duplicate_detection", "duplicate_detection_supported", "duplicate detection"),
    ("forward_to", "auto_forwarding_supported", "auto-forwarding"),
    ("forward_dead_lettered_messages_to", "auto_forwarding_supported", "auto-forwarding"),
)
# The $Default consumer group exists in every event hub and counts against the quota.
_DEFAULT_CONSUMER_GROUP = "$Default"


@rule(
    "SKU004",
    name="feature-not-in-tier",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas",
        "https://learn.microsoft.com/azure/service-bus-messaging/private-link-service",
        "https://learn.microsoft.com/azure/event-hubs/event-hubs-quotas",
        "https://learn.microsoft.com/azure/event-hubs/compare-tiers",
        "https://learn.microsoft.com/azure/cosmos-db/serverless",
    ),
    mcsb=("NS-2",),
    pillars=("Reliability", "Security"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    endpoints: dict[str, list[PrivateEndpoint]] = {}
    for endpoint in arch.index.of_kind("private_endpoint"):
        endpoints.setdefault(endpoint.target, []).append(endpoint)
    for namespace in arch.index.of_kind("service_bus_namespace"):
        yield from _service_bus(arch, namespace, endpoints.get(namespace.id, []))
    for namespace in arch.index.of_kind("event_hubs_namespace"):
        yield from _event_hubs(arch, namespace, endpoints.get(namespace.id, []))
    multi_region = COSMOS_FACTS["serverless_multi_region_supported"].value
    for account in arch.index.of_kind("cosmos_account"):
        if account.capacity_mode == "serverless" and len(account.regions) > 1 and not multi_region:
            yield Violation.on(
                arch,
                account,
                "regions",
                message=f"{account.label()} is serverless but lists {len(account.regions)} "
                "regions; a serverless account runs in one region only",
            )


def _service_bus(
    arch: Architecture, namespace: ServiceBusNamespace, endpoints: list[PrivateEndpoint]
) -> Iterator[Violation]:
    tier = SERVICE_BUS_TIERS.get(namespace.tier)
    if tier is None:
        return
    where = f"on {namespace.label()} ({namespace.tier} tier)"
    if not tier.topics_supported:
        for topic in namespace.topics:
            yield Violation.on(
                arch,
                topic,
                message=f"{topic.label()} is on {namespace.label()}, whose {namespace.tier} "
                "tier has no topics",
            )
    entities = [
        *namespace.queues,
        *namespace.topics,
        *(s for t in namespace.topics for s in t.subscriptions),
    ]
    for entity in entities:
        for field, capability, wording in _SERVICE_BUS_FEATURES:
            if getattr(entity, field, None) and not getattr(tier, capability):
                yield Violation.on(
                    arch,
                    entity,
                    field,
                    message=f"{entity.label()} uses {wording} {where}, which does not offer it",
                )
    if not tier.private_endpoints_supported:
        yield from _endpoints_refused(arch, namespace, endpoints)


def _event_hubs(
    arch: Architecture, namespace: EventHubsNamespace, endpoints: list[PrivateEndpoint]
) -> Iterator[Violation]:
    tier = EVENT_HUBS_TIERS.get(namespace.tier)
    if tier is None:
        return
    where = f"the {namespace.tier} tier of {namespace.label()}"
    if not tier.private_endpoints_supported:
        yield from _endpoints_refused(arch, namespace, endpoints)
    for hub in namespace.hubs:
        if hub.capture is not None and hub.capture.enabled and not tier.capture_supported:
            yield Violation.on(
                arch, hub, "capture", message=f"{hub.label()} uses Capture, which {where} lacks"
            )
        if hub.partitions > tier.max_partitions_per_event_hub:
            yield Violation.on(
                arch,
                hub,
                "partitions",
                message=f"{hub.label()} has {hub.partitions} partitions; {where} allows "
                f"{tier.max_partitions_per_event_hub}",
            )
        groups = len(hub.consumer_groups) + (
            0 if any(g.resource_name == _DEFAULT_CONSUMER_GROUP for g in hub.consumer_groups) else 1
        )
        if groups > tier.max_consumer_groups_per_event_hub:
            yield Violation.on(
                arch,
                hub,
                "consumer_groups",
                message=f"{hub.label()} needs {groups} consumer groups (with "
                f"{_DEFAULT_CONSUMER_GROUP}); {where} allows "
                f"{tier.max_consumer_groups_per_event_hub}",
            )
        if hub.retention > timedelta(days=tier.max_retention_days):
            yield Violation.on(
                arch,
                hub,
                "retention",
                message=f"{hub.label()} keeps events {format_duration(hub.retention)}; {where} "
                f"keeps them at most {format_duration(timedelta(days=tier.max_retention_days))}",
            )


def _endpoints_refused(
    arch: Architecture,
    namespace: ServiceBusNamespace | EventHubsNamespace,
    endpoints: list[PrivateEndpoint],
) -> Iterator[Violation]:
    for endpoint in endpoints:
        yield Violation.on(
            arch,
            endpoint,
            "target",
            message=f"{endpoint.label()} targets {namespace.label()}, whose "
            f"{namespace.tier} tier has no private endpoints",
        )
