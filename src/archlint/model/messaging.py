"""Messaging layer: Event Grid, Event Hubs and Service Bus."""

from datetime import timedelta
from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import (
    AccessSettings,
    Component,
    DefaultOf,
    FirewallSettings,
    Ref,
    Region,
    RegionOrGlobal,
    StrictModel,
    empty_list,
)
from archlint.model.types import Duration, Size

# --- Event Grid ------------------------------------------------------------------------


class EventGridRetryPolicy(StrictModel):
    max_delivery_attempts: int = Field(default=30, ge=1, le=30)
    event_ttl: Duration = Field(default=timedelta(minutes=1440))


class DeadLetterDestination(StrictModel):
    storage_account: Ref("storage_account")
    container: str


class EventGridSystemTopic(Component):
    kind: ClassVar[str] = "event_grid_system_topic"
    title: ClassVar[str] = "Event Grid system topic"

    source: Ref()
    topic_type: str = Field(description="e.g. 'Microsoft.Storage.StorageAccounts'.")
    region: RegionOrGlobal | None = None


class EventGridTopic(Component, AccessSettings):
    kind: ClassVar[str] = "event_grid_topic"
    title: ClassVar[str] = "Event Grid topic"

    purpose: str | None = None
    input_schema: Literal["EventGridSchema", "CloudEventSchemaV1_0", "CustomEventSchema"] = (
        "CloudEventSchemaV1_0"
    )
    region: Region | None = None


class EventGridSubscription(Component):
    kind: ClassVar[str] = "event_grid_subscription"
    title: ClassVar[str] = "Event Grid subscription"

    source: Ref("event_grid_topic", "event_grid_system_topic")
    endpoint: Ref()
    event_types: list[str] = Field(default_factory=empty_list)
    retry_policy: EventGridRetryPolicy | None = None
    dead_letter: DeadLetterDestination | None = None
    delivery_identity: Literal["system", "user", "none"] = "none"


class EventGrid(StrictModel):
    system_topics: list[EventGridSystemTopic] = Field(default_factory=empty_list)
    topics: list[EventGridTopic] = Field(default_factory=empty_list)
    subscriptions: list[EventGridSubscription] = Field(default_factory=empty_list)


# --- Event Hubs ------------------------------------------------------------------------


class ConsumerGroup(Component):
    kind: ClassVar[str] = "event_hub_consumer_group"
    title: ClassVar[str] = "consumer group"

    purpose: str | None = None


class Capture(StrictModel):
    enabled: bool = True
    storage_account: Ref("storage_account")
    container: str
    interval: Duration = timedelta(minutes=5)
    size_limit: Size = 314_572_800
    encoding: Literal["Avro", "AvroDeflate"] = "Avro"
    skip_empty_archives: bool = True


class EventHub(Component):
    kind: ClassVar[str] = "event_hub"
    title: ClassVar[str] = "event hub"

    partitions: int = Field(ge=1, le=2048)
    retention: Duration = timedelta(days=1)
    consumer_groups: list[ConsumerGroup] = Field(default_factory=empty_list)
    capture: Capture | None = None


class AutoInflate(StrictModel):
    enabled: bool
    max_throughput_units: int = Field(ge=1, le=40)


class EventHubsNamespace(Component, FirewallSettings):
    kind: ClassVar[str] = "event_hubs_namespace"
    title: ClassVar[str] = "Event Hubs namespace"

    tier: Literal["basic", "standard", "premium", "dedicated"]
    capacity: int = Field(default=1, ge=1, description="Throughput or processing units.")
    zone_redundant: bool = False
    auto_inflate: AutoInflate | None = None
    hubs: list[EventHub] = Field(default_factory=empty_list)


# --- Service Bus -----------------------------------------------------------------------


class MessageSettings(StrictModel):
    """Delivery settings queues and subscriptions share (Azure's defaults)."""

    lock_duration: Duration = timedelta(minutes=1)
    max_delivery_count: int = Field(default=10, ge=1)
    default_message_ttl: Duration | None = Field(
        default=None, description="Unset means Azure's default: effectively never expires."
    )
    dead_lettering_on_message_expiration: bool = False
    requires_session: bool = False
    forward_to: Ref("service_bus_queue", "service_bus_topic") | None = None
    forward_dead_lettered_messages_to: Ref("service_bus_queue", "service_bus_topic") | None = None


class ServiceBusQueue(Component, MessageSettings):
    kind: ClassVar[str] = "service_bus_queue"
    title: ClassVar[str] = "queue"

    purpose: str | None = None
    duplicate_detection: bool = False
    duplicate_detection_window: Duration | None = None
    max_size: Size | None = None
    partitioning: bool = False


class ServiceBusSubscription(Component, MessageSettings):
    kind: ClassVar[str] = "service_bus_subscription"
    title: ClassVar[str] = "subscription"

    filter: str | None = Field(default=None, description="SQL filter expression, if any.")
    dead_lettering_on_filter_evaluation_error: bool = True


class ServiceBusTopic(Component):
    kind: ClassVar[str] = "service_bus_topic"
    title: ClassVar[str] = "topic"

    purpose: str | None = None
    default_message_ttl: Duration | None = None
    duplicate_detection: bool = False
    duplicate_detection_window: Duration | None = None
    max_size: Size | None = None
    partitioning: bool = False
    subscriptions: list[ServiceBusSubscription] = Field(default_factory=empty_list)


class ServiceBusNamespace(Component, FirewallSettings):
    kind: ClassVar[str] = "service_bus_namespace"
    title: ClassVar[str] = "Service Bus namespace"

    tier: Literal["basic", "standard", "premium"]
    capacity: int = Field(default=1, ge=1, description="Messaging units (Premium).")
    zone_redundant: bool = False
    queues: list[ServiceBusQueue] = Field(default_factory=empty_list)
    topics: list[ServiceBusTopic] = Field(default_factory=empty_list)


class Messaging(StrictModel):
    event_grid: EventGrid = Field(default_factory=DefaultOf(EventGrid))
    event_hubs: list[EventHubsNamespace] = Field(default_factory=empty_list)
    service_bus: list[ServiceBusNamespace] = Field(default_factory=empty_list)
