"""``messaging.tf``: Event Grid, Event Hubs and Service Bus, with every delivery setting the
model states (TTLs, lock durations, delivery counts, dead-lettering, forwarding, retries)."""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.common import iso8601, whole
from archlint.generators.hcl import Block, BodyEntry, Comment, Expr
from archlint.generators.terraform.core import RG_NAME, Terraform
from archlint.model.messaging import (
    EventGridSubscription,
    EventHub,
    EventHubsNamespace,
    MessageSettings,
    ServiceBusNamespace,
    ServiceBusQueue,
    ServiceBusSubscription,
    ServiceBusTopic,
)

FILE = "messaging.tf"
MEGABYTE = 1024 * 1024

# Event Grid subscription endpoint argument per target kind, and the role the subscription's
# managed identity needs on that target to deliver.
_ENDPOINTS: dict[str, tuple[str, str]] = {
    "service_bus_queue": ("service_bus_queue_endpoint_id", "Azure Service Bus Data Sender"),
    "service_bus_topic": ("service_bus_topic_endpoint_id", "Azure Service Bus Data Sender"),
    "event_hub": ("eventhub_endpoint_id", "Azure Event Hubs Data Sender"),
}


def emit(tf: Terraform) -> None:
    messaging = tf.architecture.messaging
    needs_identity = {
        sub.source for sub in messaging.event_grid.subscriptions if sub.delivery_identity != "none"
    }
    for system_topic in messaging.event_grid.system_topics:
        tf.resource(
            FILE,
            "azurerm_eventgrid_system_topic",
            tf.address(system_topic.id).name,
            [
                *tf.common(system_topic, system_topic.region),
                ("source_resource_id", tf.ref(system_topic.source)),
                ("topic_type", system_topic.topic_type),
                ("tags", tf.tags(system_topic)),
                _system_identity() if system_topic.id in needs_identity else None,
            ],
        )
    for topic in messaging.event_grid.topics:
        tf.resource(
            FILE,
            "azurerm_eventgrid_topic",
            tf.address(topic.id).name,
            [
                *tf.common(topic, topic.region),
                ("input_schema", topic.input_schema),
                ("public_network_access_enabled", topic.public_network_access),
                ("local_auth_enabled", topic.local_auth_enabled),
                ("tags", tf.tags(topic)),
                _system_identity() if topic.id in needs_identity else None,
            ],
        )
    for subscription in messaging.event_grid.subscriptions:
        _event_subscription(tf, subscription)
    for namespace in messaging.event_hubs:
        _event_hubs(tf, namespace)
    for namespace in messaging.service_bus:
        _service_bus(tf, namespace)


def _system_identity() -> Block:
    return Block.of("identity", items=[("type", "SystemAssigned")])


# --- Event Grid ----------------------------------------------------------------------------


def _event_subscription(tf: Terraform, subscription: EventGridSubscription) -> None:
    endpoint = tf.component(subscription.endpoint)
    argument = _ENDPOINTS.get(endpoint.kind) if endpoint else None
    source = tf.component(subscription.source)
    if endpoint is None or argument is None or source is None:
        kind = endpoint.kind if endpoint else "unknown"
        tf.add(
            FILE,
            Comment(
                f"Event Grid subscription '{subscription.id}': delivery to a {kind} needs "
                "details the model does not hold (function or queue name); not generated"
            ),
        )
        return
    endpoint_argument, delivery_role = argument
    identity = subscription.delivery_identity != "none"
    items: list[BodyEntry] = [("name", subscription.resource_name)]
    if source.kind == "event_grid_system_topic":
        resource_type = "azurerm_eventgrid_system_topic_event_subscription"
        items += [("system_topic", tf.ref(source.id, "name")), ("resource_group_name", RG_NAME)]
    else:
        resource_type = "azurerm_eventgrid_event_subscription"
        items.append(("scope", tf.ref(source.id)))
    items += [
        (endpoint_argument, tf.ref(endpoint.id)),
        ("included_event_types", subscription.event_types or None),
    ]
    if subscription.retry_policy:
        policy = subscription.retry_policy
        items.append(
            Block.of(
                "retry_policy",
                items=[
                    ("max_delivery_attempts", policy.max_delivery_attempts),
                    ("event_time_to_live", whole(policy.event_ttl, timedelta(minutes=1))),
                ],
            )
        )
    identity_type = "SystemAssigned" if subscription.delivery_identity == "system" else None
    if identity and identity_type:
        items.append(Block.of("delivery_identity", items=[("type", identity_type)]))
    dead_letter = subscription.dead_letter
    if dead_letter and tf.ref(dead_letter.storage_account):
        items.append(
            Block.of(
                "storage_blob_dead_letter_destination",
                items=[
                    ("storage_account_id", tf.ref(dead_letter.storage_account)),
                    (
                        "storage_blob_container_name",
                        tf.container_ref(dead_letter.storage_account, dead_letter.container),
                    ),
                ],
            )
        )
        if identity and identity_type:
            items.append(Block.of("dead_letter_identity", items=[("type", identity_type)]))
    name = tf.address(subscription.id).name
    tf.resource(FILE, resource_type, name, items)
    if identity and identity_type:
        principal = tf.ref(source.id, "identity[0].principal_id")
        delivery = (endpoint.id, delivery_role)
        grants = [delivery]
        if dead_letter:
            grants.append((dead_letter.storage_account, "Storage Blob Data Contributor"))
        for scope, role in grants:
            tf.grant(FILE, source.id, principal, scope, role)


# --- Event Hubs ----------------------------------------------------------------------------


def _event_hubs(tf: Terraform, namespace: EventHubsNamespace) -> None:
    cluster = None
    if namespace.tier == "dedicated":
        cluster = tf.local_name("azurerm_eventhub_cluster", namespace.id)
        tf.resource(
            FILE,
            "azurerm_eventhub_cluster",
            cluster,
            [
                ("name", f"evhc-{namespace.resource_name}"),
                ("location", tf.location(None)),
                ("resource_group_name", RG_NAME),
                ("sku_name", f"Dedicated_{namespace.capacity}"),
                ("tags", tf.tags(namespace)),
            ],
        )
    inflate = namespace.auto_inflate
    tf.resource(
        FILE,
        "azurerm_eventhub_namespace",
        tf.address(namespace.id).name,
        [
            *tf.common(namespace),
            ("sku", "Standard" if cluster else namespace.tier.capitalize()),
            ("capacity", namespace.capacity),
            (
                "dedicated_cluster_id",
                Expr(f"azurerm_eventhub_cluster.{cluster}.id") if cluster else None,
            ),
            ("auto_inflate_enabled", inflate.enabled if inflate else None),
            (
                "maximum_throughput_units",
                inflate.max_throughput_units if inflate and inflate.enabled else None,
            ),
            ("public_network_access_enabled", namespace.public_network_access),
            ("local_authentication_enabled", namespace.local_auth_enabled),
            ("minimum_tls_version", namespace.min_tls_version),
            _zone_comment(namespace.zone_redundant),
            ("tags", tf.tags(namespace)),
            _firewall(namespace, "network_rulesets"),
        ],
    )
    for hub in namespace.hubs:
        _event_hub(tf, namespace, hub)


def _firewall(namespace: EventHubsNamespace | ServiceBusNamespace, block: str) -> Block | None:
    """The namespace's network rules when its firewall denies by default (Allow is Azure's)."""
    if namespace.public_network_default_action == "Allow":
        return None
    return Block.of(block, items=[("default_action", "Deny")])


def _zone_comment(zone_redundant: bool) -> Comment | None:
    if not zone_redundant:
        return None
    return Comment(
        "zone_redundant: azurerm 4.x has no argument; Azure makes the namespace zone "
        "redundant in regions with availability zones"
    )


def _event_hub(tf: Terraform, namespace: EventHubsNamespace, hub: EventHub) -> None:
    capture = None
    if hub.capture and tf.ref(hub.capture.storage_account):
        settings = hub.capture
        capture = Block.of(
            "capture_description",
            items=[
                ("enabled", settings.enabled),
                ("encoding", settings.encoding),
                ("interval_in_seconds", whole(settings.interval, timedelta(seconds=1))),
                ("size_limit_in_bytes", settings.size_limit),
                ("skip_empty_archives", settings.skip_empty_archives),
                Block.of(
                    "destination",
                    items=[
                        ("name", "EventHubArchive.AzureBlockBlob"),
                        (
                            "archive_name_format",
                            "{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/"
                            "{Hour}/{Minute}/{Second}",
                        ),
                        (
                            "blob_container_name",
                            tf.container_ref(settings.storage_account, settings.container),
                        ),
                        ("storage_account_id", tf.ref(settings.storage_account)),
                    ],
                ),
            ],
        )
    tf.resource(
        FILE,
        "azurerm_eventhub",
        tf.address(hub.id).name,
        [
            ("name", hub.resource_name),
            ("namespace_id", tf.ref(namespace.id)),
            ("partition_count", hub.partitions),
            ("message_retention", whole(hub.retention, timedelta(days=1))),
            capture,
        ],
    )
    for group in hub.consumer_groups:
        tf.resource(
            FILE,
            "azurerm_eventhub_consumer_group",
            tf.address(group.id).name,
            [
                ("name", group.resource_name),
                ("namespace_name", tf.ref(namespace.id, "name")),
                ("eventhub_name", tf.ref(hub.id, "name")),
                ("resource_group_name", RG_NAME),
                ("user_metadata", group.purpose),
            ],
        )


# --- Service Bus ---------------------------------------------------------------------------


def _service_bus(tf: Terraform, namespace: ServiceBusNamespace) -> None:
    premium = namespace.tier == "premium"
    tf.resource(
        FILE,
        "azurerm_servicebus_namespace",
        tf.address(namespace.id).name,
        [
            *tf.common(namespace),
            ("sku", namespace.tier.capitalize()),
            # Messaging units and partitions exist on Premium only.
            ("capacity", namespace.capacity if premium else None),
            ("premium_messaging_partitions", 1 if premium else None),
            ("public_network_access_enabled", namespace.public_network_access),
            ("local_auth_enabled", namespace.local_auth_enabled),
            ("minimum_tls_version", namespace.min_tls_version),
            _zone_comment(namespace.zone_redundant),
            ("tags", tf.tags(namespace)),
            _firewall(namespace, "network_rule_set"),
        ],
    )
    for queue in namespace.queues:
        _queue(tf, namespace, queue)
    for topic in namespace.topics:
        _topic(tf, namespace, topic)


def _entity_name(tf: Terraform, entity_id: str | None) -> Expr | None:
    """Service Bus forwards to an entity *name*; refer to the entity's resource for it."""
    return tf.ref(entity_id, "name") if entity_id else None


def _delivery(tf: Terraform, settings: MessageSettings) -> list[BodyEntry]:
    ttl = settings.default_message_ttl
    return [
        ("lock_duration", iso8601(settings.lock_duration)),
        ("max_delivery_count", settings.max_delivery_count),
        ("default_message_ttl", iso8601(ttl) if ttl else None),
        ("dead_lettering_on_message_expiration", settings.dead_lettering_on_message_expiration),
        ("requires_session", settings.requires_session),
        ("forward_to", _entity_name(tf, settings.forward_to)),
        (
            "forward_dead_lettered_messages_to",
            _entity_name(tf, settings.forward_dead_lettered_messages_to),
        ),
    ]


def _duplicate_detection(
    enabled: bool, window: timedelta | None, max_size: int | None, partitioning: bool
) -> list[BodyEntry]:
    return [
        ("requires_duplicate_detection", enabled),
        (
            "duplicate_detection_history_time_window",
            iso8601(window) if enabled and window else None,
        ),
        ("max_size_in_megabytes", max_size // MEGABYTE if max_size else None),
        ("partitioning_enabled", partitioning),
    ]


def _queue(tf: Terraform, namespace: ServiceBusNamespace, queue: ServiceBusQueue) -> None:
    tf.resource(
        FILE,
        "azurerm_servicebus_queue",
        tf.address(queue.id).name,
        [
            ("name", queue.resource_name),
            ("namespace_id", tf.ref(namespace.id)),
            *_delivery(tf, queue),
            *_duplicate_detection(
                queue.duplicate_detection,
                queue.duplicate_detection_window,
                queue.max_size,
                queue.partitioning,
            ),
        ],
    )


def _topic(tf: Terraform, namespace: ServiceBusNamespace, topic: ServiceBusTopic) -> None:
    ttl = topic.default_message_ttl
    tf.resource(
        FILE,
        "azurerm_servicebus_topic",
        tf.address(topic.id).name,
        [
            ("name", topic.resource_name),
            ("namespace_id", tf.ref(namespace.id)),
            ("default_message_ttl", iso8601(ttl) if ttl else None),
            *_duplicate_detection(
                topic.duplicate_detection,
                topic.duplicate_detection_window,
                topic.max_size,
                topic.partitioning,
            ),
        ],
    )
    for subscription in topic.subscriptions:
        _subscription(tf, topic, subscription)


def _subscription(
    tf: Terraform, topic: ServiceBusTopic, subscription: ServiceBusSubscription
) -> None:
    name = tf.address(subscription.id).name
    tf.resource(
        FILE,
        "azurerm_servicebus_subscription",
        name,
        [
            ("name", subscription.resource_name),
            ("topic_id", tf.ref(topic.id)),
            *_delivery(tf, subscription),
            (
                "dead_lettering_on_filter_evaluation_error",
                subscription.dead_lettering_on_filter_evaluation_error,
            ),
        ],
    )
    if subscription.filter:
        tf.resource(
            FILE,
            "azurerm_servicebus_subscription_rule",
            tf.local_name("azurerm_servicebus_subscription_rule", name),
            [
                ("name", "filter"),
                ("subscription_id", tf.ref(subscription.id)),
                ("filter_type", "SqlFilter"),
                ("sql_filter", subscription.filter),
            ],
        )
