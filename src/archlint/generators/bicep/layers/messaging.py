"""Messaging: Event Grid (delivery with managed identity), Event Hubs, Service Bus."""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import (
    DAY,
    MINUTE,
    SECOND,
    enabled,
)
from archlint.generators.bicep.writer import BExpr, BValue
from archlint.generators.common import (
    iso8601,
    whole,
)

_ENDPOINTS = {
    "service_bus_queue": ("ServiceBusQueue", "Azure Service Bus Data Sender"),
    "service_bus_topic": ("ServiceBusTopic", "Azure Service Bus Data Sender"),
    "event_hub": ("EventHub", "Azure Event Hubs Data Sender"),
}


def messaging(b: Bicep) -> None:
    layer = "messaging"
    msg = b.architecture.messaging
    needs_identity = {
        s.source for s in msg.event_grid.subscriptions if s.delivery_identity != "none"
    }
    for topic in msg.event_grid.system_topics:
        b.add(
            layer,
            "Microsoft.EventGrid/systemTopics",
            b.symbols[topic.id],
            topic.resource_name,
            {
                "location": b.location(topic.region),
                "tags": b.tags(topic),
                "identity": {"type": "SystemAssigned"} if topic.id in needs_identity else None,
                "properties": {"source": b.ref(topic.source), "topicType": topic.topic_type},
            },
        )
    for topic in msg.event_grid.topics:
        b.add(
            layer,
            "Microsoft.EventGrid/topics",
            b.symbols[topic.id],
            topic.resource_name,
            {
                "location": b.location(topic.region),
                "tags": b.tags(topic),
                "identity": {"type": "SystemAssigned"} if topic.id in needs_identity else None,
                "properties": {
                    "inputSchema": topic.input_schema,
                    "publicNetworkAccess": enabled(topic.public_network_access),
                    "disableLocalAuth": not topic.local_auth_enabled,
                },
            },
        )
    for subscription in msg.event_grid.subscriptions:
        endpoint = b.component(subscription.endpoint)
        source = b.component(subscription.source)
        if subscription.id not in b.symbols or endpoint is None or source is None:
            b.note(
                layer,
                f"Event Grid subscription '{subscription.id}': this endpoint type "
                "needs details the model does not hold; not generated",
            )
            continue
        endpoint_type, role = _ENDPOINTS[endpoint.kind]
        destination = {
            "endpointType": endpoint_type,
            "properties": {"resourceId": b.ref(endpoint.id)},
        }
        identity = (
            {"type": "SystemAssigned"} if subscription.delivery_identity == "system" else None
        )
        properties: dict[str, BValue] = {
            "eventDeliverySchema": "EventGridSchema"
            if source.kind == "event_grid_system_topic"
            else getattr(source, "input_schema", "EventGridSchema"),
            "filter": {"includedEventTypes": subscription.event_types or None},
        }
        if identity:
            properties["deliveryWithResourceIdentity"] = {
                "identity": identity,
                "destination": destination,
            }
        else:
            properties["destination"] = destination
        if subscription.retry_policy:
            properties["retryPolicy"] = {
                "maxDeliveryAttempts": subscription.retry_policy.max_delivery_attempts,
                "eventTimeToLiveInMinutes": whole(subscription.retry_policy.event_ttl, MINUTE),
            }
        dead_letter = subscription.dead_letter
        if dead_letter and b.ref(dead_letter.storage_account):
            target = {
                "endpointType": "StorageBlob",
                "properties": {
                    "resourceId": b.ref(dead_letter.storage_account),
                    "blobContainerName": dead_letter.container,
                },
            }
            if identity:
                properties["deadLetterWithResourceIdentity"] = {
                    "identity": identity,
                    "deadLetterDestination": target,
                }
            else:
                properties["deadLetterDestination"] = target
        system = source.kind == "event_grid_system_topic"
        b.add(
            layer,
            "Microsoft.EventGrid/systemTopics/eventSubscriptions"
            if system
            else "Microsoft.EventGrid/eventSubscriptions",
            b.symbols[subscription.id],
            subscription.resource_name,
            {"properties": properties},
            parent=b.symbols[source.id] if system else None,
            scope=None if system else b.symbols[source.id],
        )
        if identity:
            who = b.ref(source.id, "identity.principalId")
            b.role(layer, source.id, who, endpoint.id, role)
            if dead_letter:
                b.role(
                    layer,
                    source.id,
                    who,
                    dead_letter.storage_account,
                    "Storage Blob Data Contributor",
                )
    for namespace in msg.event_hubs:
        cluster = None
        if namespace.tier == "dedicated":
            cluster = b.new_symbol(f"{namespace.id}-cluster")
            b.add(
                layer,
                "Microsoft.EventHub/clusters",
                cluster,
                f"evhc-{namespace.resource_name}",
                {
                    "location": b.location(),
                    "sku": {"name": "Dedicated", "capacity": namespace.capacity},
                },
            )
        inflate = namespace.auto_inflate
        symbol = b.symbols[namespace.id]
        tier = "Standard" if cluster else namespace.tier.capitalize()
        b.add(
            layer,
            "Microsoft.EventHub/namespaces",
            symbol,
            namespace.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(namespace),
                "sku": {"name": tier, "tier": tier, "capacity": namespace.capacity},
                "properties": {
                    "clusterArmId": BExpr.symbol(cluster, "id") if cluster else None,
                    "isAutoInflateEnabled": inflate.enabled if inflate else None,
                    "maximumThroughputUnits": inflate.max_throughput_units
                    if inflate and inflate.enabled
                    else None,
                    "zoneRedundant": namespace.zone_redundant,
                    "publicNetworkAccess": enabled(namespace.public_network_access),
                    "disableLocalAuth": not namespace.local_auth_enabled,
                    "minimumTlsVersion": namespace.min_tls_version,
                },
            },
        )
        _network_rule_set(b, "Microsoft.EventHub/namespaces", namespace)
        for hub in namespace.hubs:
            capture = None
            if hub.capture and b.ref(hub.capture.storage_account):
                settings = hub.capture
                capture = {
                    "enabled": settings.enabled,
                    "encoding": settings.encoding,
                    "intervalInSeconds": whole(settings.interval, SECOND),
                    "sizeLimitInBytes": settings.size_limit,
                    "skipEmptyArchives": settings.skip_empty_archives,
                    "destination": {
                        "name": "EventHubArchive.AzureBlockBlob",
                        "properties": {
                            "storageAccountResourceId": b.ref(settings.storage_account),
                            "blobContainer": settings.container,
                            "archiveNameFormat": "{Namespace}/{EventHub}/{PartitionId}/{Year}/"
                            "{Month}/{Day}/{Hour}/{Minute}/{Second}",
                        },
                    },
                }
            b.add(
                layer,
                "Microsoft.EventHub/namespaces/eventhubs",
                b.symbols[hub.id],
                hub.resource_name,
                {
                    "properties": {
                        "partitionCount": hub.partitions,
                        "messageRetentionInDays": whole(hub.retention, DAY),
                        "captureDescription": capture,
                    }
                },
                parent=symbol,
            )
            for group in hub.consumer_groups:
                b.add(
                    layer,
                    "Microsoft.EventHub/namespaces/eventhubs/consumergroups",
                    b.symbols[group.id],
                    group.resource_name,
                    {"properties": {"userMetadata": group.purpose}},
                    parent=b.symbols[hub.id],
                )
    for namespace in msg.service_bus:
        _service_bus(b, namespace)


def _delivery(b: Bicep, settings) -> dict[str, BValue | None]:
    ttl = settings.default_message_ttl
    return {
        "lockDuration": iso8601(settings.lock_duration),
        "maxDeliveryCount": settings.max_delivery_count,
        "defaultMessageTimeToLive": iso8601(ttl) if ttl else None,
        "deadLetteringOnMessageExpiration": settings.dead_lettering_on_message_expiration,
        "requiresSession": settings.requires_session,
        "forwardTo": b.ref(settings.forward_to, "name") if settings.forward_to else None,
        "forwardDeadLetteredMessagesTo": b.ref(settings.forward_dead_lettered_messages_to, "name")
        if settings.forward_dead_lettered_messages_to
        else None,
    }


def _entity(
    enabled: bool, window: timedelta | None, size: int | None, partitioning: bool
) -> dict[str, BValue | None]:
    return {
        "requiresDuplicateDetection": enabled,
        "duplicateDetectionHistoryTimeWindow": iso8601(window) if enabled and window else None,
        "maxSizeInMegabytes": size // (1024 * 1024) if size else None,
        "enablePartitioning": partitioning,
    }


def _network_rule_set(b: Bicep, namespace_type: str, namespace) -> None:
    """A namespace firewall that denies by default (Allow, Azure's default, needs nothing)."""
    if namespace.public_network_default_action == "Allow":
        return
    b.add(
        "messaging",
        f"{namespace_type}/networkRuleSets",
        b.new_symbol(f"{namespace.id}-network"),
        "default",
        {
            "properties": {
                "defaultAction": "Deny",
                "publicNetworkAccess": enabled(namespace.public_network_access),
            }
        },
        parent=b.symbols[namespace.id],
    )


def _service_bus(b: Bicep, namespace) -> None:
    layer = "messaging"
    symbol = b.symbols[namespace.id]
    premium = namespace.tier == "premium"
    tier = namespace.tier.capitalize()
    b.add(
        layer,
        "Microsoft.ServiceBus/namespaces",
        symbol,
        namespace.resource_name,
        {
            "location": b.location(),
            "tags": b.tags(namespace),
            "sku": {
                "name": tier,
                "tier": tier,
                "capacity": namespace.capacity if premium else None,
            },
            "properties": {
                "zoneRedundant": namespace.zone_redundant,
                "publicNetworkAccess": enabled(namespace.public_network_access),
                "disableLocalAuth": not namespace.local_auth_enabled,
                "minimumTlsVersion": namespace.min_tls_version,
            },
        },
    )
    _network_rule_set(b, "Microsoft.ServiceBus/namespaces", namespace)
    for queue in namespace.queues:
        b.add(
            layer,
            "Microsoft.ServiceBus/namespaces/queues",
            b.symbols[queue.id],
            queue.resource_name,
            {
                "properties": {
                    **_delivery(b, queue),
                    **_entity(
                        queue.duplicate_detection,
                        queue.duplicate_detection_window,
                        queue.max_size,
                        queue.partitioning,
                    ),
                }
            },
            parent=symbol,
        )
    for topic in namespace.topics:
        ttl = topic.default_message_ttl
        b.add(
            layer,
            "Microsoft.ServiceBus/namespaces/topics",
            b.symbols[topic.id],
            topic.resource_name,
            {
                "properties": {
                    "defaultMessageTimeToLive": iso8601(ttl) if ttl else None,
                    **_entity(
                        topic.duplicate_detection,
                        topic.duplicate_detection_window,
                        topic.max_size,
                        topic.partitioning,
                    ),
                }
            },
            parent=symbol,
        )
        for subscription in topic.subscriptions:
            sub_symbol = b.symbols[subscription.id]
            b.add(
                layer,
                "Microsoft.ServiceBus/namespaces/topics/subscriptions",
                sub_symbol,
                subscription.resource_name,
                {
                    "properties": {
                        **_delivery(b, subscription),
                        "deadLetteringOnFilterEvaluationExceptions": (
                            subscription.dead_lettering_on_filter_evaluation_error
                        ),
                    }
                },
                parent=b.symbols[topic.id],
            )
            if subscription.filter:
                b.add(
                    layer,
                    "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules",
                    b.new_symbol(f"{subscription.id}-filter"),
                    "filter",
                    {
                        "properties": {
                            "filterType": "SqlFilter",
                            "sqlFilter": {"sqlExpression": subscription.filter},
                        }
                    },
                    parent=sub_symbol,
                )
