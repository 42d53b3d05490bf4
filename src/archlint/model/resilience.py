"""Resilience patterns: retries, circuit breakers, timeouts, bulkheads, DLQ handling."""

from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, Ref, StrictModel, empty_list
from archlint.model.types import Duration

DependencyKind = Literal["http", "database", "cache", "messaging", "storage", "external_api"]


class RetryPolicy(Component):
    kind: ClassVar[str] = "retry_policy"
    title: ClassVar[str] = "retry policy"

    applies_to: str | None = Field(default=None, description="Which errors, e.g. 'transient'.")
    max_attempts: int = Field(ge=1, description="Retries after the first try.")
    backoff: Literal["fixed", "linear", "exponential"]
    base_delay: Duration
    max_delay: Duration
    jitter: bool = False


class HalfOpen(StrictModel):
    trial_calls: int = Field(default=1, ge=1, description="Calls let through to test recovery.")
    gradual: bool = Field(default=False, description="Ramp traffic up rather than all at once.")


class CircuitBreaker(Component):
    kind: ClassVar[str] = "circuit_breaker"
    title: ClassVar[str] = "circuit breaker"

    dependency_kind: DependencyKind
    failure_threshold: int = Field(ge=1)
    break_duration: Duration
    half_open: HalfOpen | None = None
    state_store: Ref("cosmos_container", "redis_cache") | None = None


class TimeoutPolicy(Component):
    kind: ClassVar[str] = "timeout_policy"
    title: ClassVar[str] = "timeout"

    dependency_kind: DependencyKind
    timeout: Duration


class Bulkhead(Component):
    kind: ClassVar[str] = "bulkhead"
    title: ClassVar[str] = "bulkhead"

    max_concurrency: int = Field(ge=1)
    max_queued: int = Field(ge=0)


class PolicyBinding(StrictModel):
    """Which component uses which policies when it calls which dependency."""

    component: Ref()
    dependency: Ref() | None = None
    dependency_kind: DependencyKind | None = None
    retry: Ref("retry_policy") | None = None
    circuit_breaker: Ref("circuit_breaker") | None = None
    timeout: Ref("timeout_policy") | None = None
    bulkhead: Ref("bulkhead") | None = None


class DlqHandling(StrictModel):
    """How dead-lettered messages are found, tracked, retried and escalated."""

    processor: Ref("function_app", "logic_app")
    monitored: list[Ref("service_bus_queue", "service_bus_subscription")] = Field(
        default_factory=empty_list
    )
    collector_queue: Ref("service_bus_queue") | None = Field(
        default=None, description="Queue that dead-lettered messages are forwarded to."
    )
    tracking_store: Ref("cosmos_container") | None = None
    retry_policy: Ref("retry_policy") | None = None
    alert: Ref("metric_alert") | None = None


class Resilience(StrictModel):
    retry_policies: list[RetryPolicy] = Field(default_factory=empty_list)
    circuit_breakers: list[CircuitBreaker] = Field(default_factory=empty_list)
    timeouts: list[TimeoutPolicy] = Field(default_factory=empty_list)
    bulkheads: list[Bulkhead] = Field(default_factory=empty_list)
    bindings: list[PolicyBinding] = Field(default_factory=empty_list)
    dlq_handling: DlqHandling | None = None
