"""Messaging: Service Bus, Event Hubs and Event Grid."""

from __future__ import annotations

from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import DEFAULT_ACTION, each, firewall_default
from archlint.importers.azurerm.core import Builder, Draft, External, View, mapper
from archlint.importers.values import UNKNOWN, Reference, scalar

STORAGE = ("storage_account",)
SB_ENTITY = ("service_bus_queue", "service_bus_topic")


def _tier(value: Any) -> str:
    return convert.lower(value)


def _namespace_access(builder: Builder, view: View, draft: Draft) -> None:
    """Public access, TLS and local auth, as Service Bus and Event Hubs namespaces spell them."""
    draft.set("name", view.raw("name"), convert.text)
    draft.set("tier", view.raw("sku"), _tier)
    capacity = view.raw("capacity")
    if (
        view.resource.type == "azurerm_servicebus_namespace"
        and scalar(capacity) == 0
        and _tier(view.get("sku")) != "premium"
    ):
        # azurerm: "When sku is Basic or Standard, capacity can be 0 only": no messaging
        # units, which only Premium has (https://registry.terraform.io/providers/hashicorp/
        # azurerm/latest/docs/resources/servicebus_namespace#capacity-1).
        capacity = None
    draft.set("capacity", capacity, convert.integer)
    public = view.raw("public_network_access_enabled")
    # Service Bus spells the rules block network_rule_set, Event Hubs network_rulesets.
    block = "network_rulesets" if view.raw("network_rulesets") is not None else "network_rule_set"
    rules = view.block(block)
    if rules is not None and rules.get("public_network_access_enabled") is False:
        public = False
    draft.set("public_network_access", public, convert.boolean)
    firewall_default(draft, view, block)
    draft.set("min_tls_version", view.raw("minimum_tls_version"), convert.tls)
    draft.set(
        "local_auth_enabled",
        view.raw("local_authentication_enabled", "local_auth_enabled"),
        convert.boolean,
    )
    # azurerm 3.x had zone_redundant (default false); 4.x removed it because Azure makes
    # namespaces zone redundant itself where the region has zones: then it is unknown here.
    zone_redundant = builder.or_default(view, "zone_redundant", view.raw("zone_redundant"))
    draft.set("zone_redundant", zone_redundant, convert.boolean)


def _parent(
    builder: Builder,
    view: View,
    draft: Draft,
    id_key: str,
    name_key: str,
    name_types: tuple[str, ...],
    kinds: tuple[str, ...],
) -> None:
    """Place a child (queue, hub...) under its parent, by id (4.x) or by name (3.x)."""
    by_id = view.raw(id_key)
    if by_id is not None:
        target = builder.resolve(by_id, kinds)
    else:
        target = builder.resolve_name(view.raw(name_key), name_types, view.resource, kinds)
    if isinstance(target, str):
        draft.parent = target
    elif isinstance(target, External):
        draft.parent = builder.stub(kinds, target, view.resource)


# (parent id argument, parent name argument (3.x), parent resource types, parent kinds)
_IN_SB_NAMESPACE = (
    "namespace_id",
    "namespace_name",
    ("azurerm_servicebus_namespace",),
    ("service_bus_namespace",),
)
_IN_EH_NAMESPACE = (
    "namespace_id",
    "namespace_name",
    ("azurerm_eventhub_namespace",),
    ("event_hubs_namespace",),
)

# --- Service Bus -----------------------------------------------------------------------


@mapper("azurerm_servicebus_namespace", kind="service_bus_namespace")
def service_bus_namespace(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _namespace_access(builder, view, draft)


@mapper("azurerm_servicebus_namespace_network_rule_set")
def service_bus_network_rule_set(builder: Builder, view: View, draft: Draft | None) -> None:
    namespace = builder.attached_to(
        view.resource, view.raw("namespace_id"), ("service_bus_namespace",), "Service Bus namespace"
    )
    if namespace is None:
        return
    public = view.raw("public_network_access_enabled")
    if scalar(public) is False:
        namespace.data["public_network_access"] = False
    elif public is not None and scalar(public) is UNKNOWN:
        namespace.mark_unknown("public_network_access")
    namespace.set(DEFAULT_ACTION, view.raw("default_action"), convert.default_action)


def _message_settings(builder: Builder, view: View, draft: Draft) -> None:
    draft.set("name", view.raw("name"), convert.text)
    draft.set("lock_duration", view.raw("lock_duration"), convert.duration)
    draft.set("max_delivery_count", view.raw("max_delivery_count"), convert.integer)
    draft.set("default_message_ttl", view.raw("default_message_ttl"), convert.duration)
    draft.set(
        "dead_lettering_on_message_expiration",
        view.raw("dead_lettering_on_message_expiration"),
        convert.boolean,
    )
    draft.set("requires_session", view.raw("requires_session"), convert.boolean)
    for key in ("forward_to", "forward_dead_lettered_messages_to"):
        value = view.raw(key)
        if value is not None:
            builder.later(lambda key=key, value=value: _forward(builder, draft, key, value))


def _namespace_of(builder: Builder, draft: Draft) -> str | None:
    parent = builder.drafts.get(draft.parent or "")
    if parent is not None and parent.kind == "service_bus_topic":
        return parent.parent
    return draft.parent


def _forward(builder: Builder, draft: Draft, key: str, value: Any) -> None:
    """``forward_to`` names a queue or topic in the same namespace."""
    if isinstance(value, Reference):
        target = builder.resolve(value, SB_ENTITY)
        if isinstance(target, str):
            draft.data[key] = target
            return
    name = scalar(value)
    if not isinstance(name, str) or not name:
        draft.mark_unknown(key)
        return
    index: dict[tuple[str | None, str], str] | None = getattr(builder, "_sb_entities", None)
    if index is None:
        index = {}
        for other in builder.drafts.values():
            if other.kind in SB_ENTITY:
                entity_name = str(other.data.get("name") or other.id).lower()
                index.setdefault((other.parent, entity_name), other.id)
        builder._sb_entities = index  # type: ignore[attr-defined]
    target = index.get((_namespace_of(builder, draft), name.lower()))
    if target is None:
        draft.mark_unknown(key)
    else:
        draft.data[key] = target


def _entity_size(view: View, draft: Draft) -> None:
    detection = draft.set(
        "duplicate_detection", view.raw("requires_duplicate_detection"), convert.boolean
    )
    # azurerm reports a window (PT10M) even when detection is off: it only counts when on.
    if detection is True:
        draft.set(
            "duplicate_detection_window",
            view.raw("duplicate_detection_history_time_window"),
            convert.duration,
        )
    elif detection is UNKNOWN:
        draft.mark_unknown("duplicate_detection_window")
    draft.set("max_size", view.raw("max_size_in_megabytes"), convert.megabytes)
    draft.set(
        "partitioning", view.raw("partitioning_enabled", "enable_partitioning"), convert.boolean
    )


@mapper("azurerm_servicebus_queue", kind="service_bus_queue")
def service_bus_queue(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _parent(builder, view, draft, *_IN_SB_NAMESPACE)
    _message_settings(builder, view, draft)
    _entity_size(view, draft)


@mapper("azurerm_servicebus_topic", kind="service_bus_topic")
def service_bus_topic(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _parent(builder, view, draft, *_IN_SB_NAMESPACE)
    draft.set("name", view.raw("name"), convert.text)
    draft.set("default_message_ttl", view.raw("default_message_ttl"), convert.duration)
    _entity_size(view, draft)


@mapper("azurerm_servicebus_subscription", kind="service_bus_subscription")
def service_bus_subscription(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _parent(
        builder,
        view,
        draft,
        "topic_id",
        "topic_name",
        ("azurerm_servicebus_topic",),
        ("service_bus_topic",),
    )
    _message_settings(builder, view, draft)
    draft.set(
        "dead_lettering_on_filter_evaluation_error",
        view.raw("dead_lettering_on_filter_evaluation_error"),
        convert.boolean,
    )


# --- Event Hubs ------------------------------------------------------------------------


@mapper("azurerm_eventhub_namespace", kind="event_hubs_namespace")
def event_hubs_namespace(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _namespace_access(builder, view, draft)
    inflate = view.raw("auto_inflate_enabled")
    if inflate is not None:
        draft.set(("auto_inflate", "enabled"), inflate, convert.boolean)
        draft.set(
            ("auto_inflate", "max_throughput_units"),
            view.raw("maximum_throughput_units"),
            convert.integer,
        )
        if scalar(inflate) is False and "max_throughput_units" not in draft.data.get(
            "auto_inflate", {}
        ):
            draft.data.pop("auto_inflate", None)


@mapper("azurerm_eventhub", kind="event_hub")
def event_hub(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _parent(builder, view, draft, *_IN_EH_NAMESPACE)
    draft.set("name", view.raw("name"), convert.text)
    draft.set("partitions", view.raw("partition_count"), convert.integer)
    retention = view.block("retention_description")
    if view.raw("message_retention") is not None:
        draft.set("retention", view.raw("message_retention"), convert.days)
    elif retention is not None:
        draft.set("retention", retention.raw("retention_time_in_hours"), convert.hours)
    capture = view.block("capture_description")
    if capture is None:
        return
    destination = capture.block("destination")
    base = ("capture",)
    draft.set((*base, "enabled"), capture.raw("enabled"), convert.boolean)
    draft.set((*base, "encoding"), capture.raw("encoding"), convert.text)
    draft.set((*base, "interval"), capture.raw("interval_in_seconds"), convert.seconds)
    draft.set((*base, "size_limit"), capture.raw("size_limit_in_bytes"), convert.integer)
    draft.set((*base, "skip_empty_archives"), capture.raw("skip_empty_archives"), convert.boolean)
    draft.set(
        (*base, "container"),
        destination.raw("blob_container_name") if destination else UNKNOWN,
        convert.text,
    )
    builder.ref(
        draft,
        (*base, "storage_account"),
        destination.raw("storage_account_id") if destination else None,
        STORAGE,
        required=True,
    )


@mapper("azurerm_eventhub_consumer_group", kind="event_hub_consumer_group")
def consumer_group(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("purpose", view.raw("user_metadata"), convert.text)
    namespace = scalar(view.raw("namespace_name"))

    def same_namespace(address: str) -> bool:
        if not isinstance(namespace, str):
            return True
        hub = builder.by_address[address]
        written = hub.values.get("namespace_name")
        if written is None and isinstance(hub.values.get("namespace_id"), Reference):
            target = builder.by_address.get(hub.values["namespace_id"].address)
            written = target.values.get("name") if target else None
        written = scalar(written)
        return not isinstance(written, str) or written.lower() == namespace.lower()

    target = builder.resolve_name(
        view.raw("eventhub_name"),
        ("azurerm_eventhub",),
        view.resource,
        ("event_hub",),
        scope=same_namespace,
    )
    if isinstance(target, str):
        draft.parent = target
    elif isinstance(target, External):
        draft.parent = builder.stub(("event_hub",), target, view.resource)


# --- Event Grid ------------------------------------------------------------------------


@mapper("azurerm_eventgrid_topic", kind="event_grid_topic")
def event_grid_topic(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    input_schema = builder.or_default(view, "input_schema", view.raw("input_schema"))
    draft.set("input_schema", input_schema, convert.text)
    draft.set("public_network_access", view.raw("public_network_access_enabled"), convert.boolean)
    draft.set("local_auth_enabled", view.raw("local_auth_enabled"), convert.boolean)
    draft.set("min_tls_version", view.raw("minimum_tls_version"), convert.tls)


@mapper("azurerm_eventgrid_system_topic", kind="event_grid_system_topic")
def event_grid_system_topic(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("topic_type", view.raw("topic_type"), convert.text)
    builder.ref(
        draft, "source", view.raw("source_resource_id", "source_arm_resource_id"), required=True
    )


_ENDPOINTS = (
    ("service_bus_queue_endpoint_id", None),
    ("service_bus_topic_endpoint_id", None),
    ("eventhub_endpoint_id", None),
    ("azure_function_endpoint", "function_id"),
    ("storage_queue_endpoint", "storage_account_id"),
    ("hybrid_connection_endpoint_id", None),
    ("webhook_endpoint", "url"),
)
_TOPIC_KINDS = ("event_grid_topic", "event_grid_system_topic")


@mapper(
    "azurerm_eventgrid_event_subscription",
    "azurerm_eventgrid_system_topic_event_subscription",
    kind="event_grid_subscription",
)
def event_grid_subscription(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    if view.resource.type == "azurerm_eventgrid_system_topic_event_subscription":
        source = builder.resolve_name(
            view.raw("system_topic"),
            ("azurerm_eventgrid_system_topic",),
            view.resource,
            ("event_grid_system_topic",),
        )
        builder.ref(
            draft, "source", view.raw("system_topic"), _TOPIC_KINDS, required=True, resolved=source
        )
    else:
        scope = view.raw("scope")
        builder.later(lambda: _scope_source(builder, draft, scope))
    endpoint: Any = None
    for key, inner in _ENDPOINTS:
        if inner is None:
            endpoint = view.raw(key)
        else:
            block = view.block(key)
            endpoint = block.raw(inner) if block else None
            if (
                key == "webhook_endpoint"
                and endpoint is not None
                and not isinstance(endpoint, Reference)
            ):
                url = scalar(endpoint)
                name = url.split("/")[2] if isinstance(url, str) and "//" in url else None
                target = External(f"webhook:{url}", name) if name else None
                builder.ref(draft, "endpoint", endpoint, required=True, resolved=target)
                break
        if endpoint is not None:
            builder.ref(draft, "endpoint", endpoint, required=True)
            break
    else:
        builder.ref(draft, "endpoint", None, required=True)
    draft.set("event_types", view.raw("included_event_types"), each(convert.text))
    retry = view.block("retry_policy")
    if retry is not None:
        draft.set(
            ("retry_policy", "max_delivery_attempts"),
            retry.raw("max_delivery_attempts"),
            convert.integer,
        )
        draft.set(("retry_policy", "event_ttl"), retry.raw("event_time_to_live"), convert.minutes)
    dead_letter = view.block("storage_blob_dead_letter_destination")
    if dead_letter is not None:
        builder.ref(
            draft,
            ("dead_letter", "storage_account"),
            dead_letter.raw("storage_account_id"),
            STORAGE,
            required=True,
        )
        draft.set(
            ("dead_letter", "container"),
            dead_letter.raw("storage_blob_container_name"),
            convert.text,
        )
    identity = view.block("delivery_identity")
    if identity is not None:
        draft.set(
            "delivery_identity",
            identity.raw("type"),
            lambda v: "user" if "user" in convert.lower(v) else "system",
        )


def _scope_source(builder: Builder, draft: Draft, scope: Any) -> None:
    """A subscription's scope is a topic, or an Azure resource whose events flow through a
    system topic (the subscription then belongs to that resource's system topic)."""
    target = builder.resolve(scope)
    if isinstance(target, str):
        owner = builder.drafts.get(target)
        if owner is not None and owner.kind in _TOPIC_KINDS:
            draft.data["source"] = target
            return
        by_source: dict[str, str] | None = getattr(builder, "_system_topics", None)
        if by_source is None:
            by_source = {}
            for other in builder.drafts.values():
                source = other.data.get("source")
                if other.kind == "event_grid_system_topic" and isinstance(source, str):
                    by_source.setdefault(source, other.id)
            builder._system_topics = by_source  # type: ignore[attr-defined]
        if target in by_source:
            draft.data["source"] = by_source[target]
            return
        # Azure creates the system topic implicitly; it is not in this configuration.
        target = External(f"system-topic:{target}", f"{target}-events")
    draft.mark_unknown("source")
    draft.data["source"] = builder.stub(
        ("event_grid_system_topic",),
        target if isinstance(target, External) else None,
        draft.resource,
    )
