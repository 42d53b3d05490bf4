"""Monitoring: Log Analytics, Application Insights, action groups, alerts, autoscale."""

from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, Ref, StrictModel, empty_dict, empty_list
from archlint.model.types import Duration, Percentage


class LogAnalyticsWorkspace(Component):
    kind: ClassVar[str] = "log_analytics_workspace"
    title: ClassVar[str] = "Log Analytics workspace"

    retention: Duration
    required_retention: Duration | None = Field(
        default=None, description="Retention the organisation requires (policy)."
    )
    sources: list[Ref()] = Field(default_factory=empty_list)


class ApplicationInsights(Component):
    kind: ClassVar[str] = "application_insights"
    title: ClassVar[str] = "Application Insights"

    workspace: Ref("log_analytics_workspace") | None = None
    distributed_tracing: bool = True
    live_metrics: bool = False
    custom_metrics: bool = False
    sampling: Percentage | None = None


class Channel(StrictModel):
    kind: Literal["pagerduty", "sms", "email", "webhook", "voice", "push"]
    target: str = Field(description="Address, number or webhook URL (no secrets in it).")


class ActionGroup(Component):
    kind: ClassVar[str] = "action_group"
    title: ClassVar[str] = "action group"

    channels: list[Channel] = Field(default_factory=empty_list)


Operator = Literal["GreaterThan", "GreaterThanOrEqual", "LessThan", "LessThanOrEqual", "Equals"]


class MetricAlert(Component):
    kind: ClassVar[str] = "metric_alert"
    title: ClassVar[str] = "alert"

    signal: str | None = Field(default=None, description="Seed signal name, e.g. 'dlq-growth'.")
    target: Ref() = Field(
        description="Id of the component whose Azure Monitor metric is watched; a queue, topic or "
        "event hub is watched on its namespace, filtered on EntityName."
    )
    metric: str = Field(
        description="Platform metric name as Microsoft Learn's supported-metrics page of the "
        "target's type lists it (checked by OPS011)."
    )
    aggregation: Literal["Average", "Total", "Count", "Minimum", "Maximum"] = "Average"
    operator: Operator
    threshold: float
    window: Duration
    frequency: Duration | None = None
    severity: int = Field(ge=0, le=4, description="0 critical .. 4 verbose.")
    dimensions: dict[str, str] = Field(default_factory=empty_dict)
    action_groups: list[Ref("action_group")] = Field(default_factory=empty_list)


class AutoscaleRule(StrictModel):
    metric: str
    operator: Operator
    threshold: float
    statistic: Literal["Average", "Min", "Max", "Sum"] = "Average"
    window: Duration
    direction: Literal["increase", "decrease"]
    change: int = Field(ge=1)
    cooldown: Duration


def _zero_only() -> list[int]:
    return [0]


class Recurrence(StrictModel):
    time_zone: str
    days: list[
        Literal["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    ]
    hours: list[int] = Field(default_factory=_zero_only)
    minutes: list[int] = Field(default_factory=_zero_only)


class AutoscaleProfile(StrictModel):
    name: str
    min: int = Field(ge=0)
    default: int = Field(ge=0)
    max: int = Field(ge=1)
    recurrence: Recurrence | None = None
    rules: list[AutoscaleRule] = Field(default_factory=empty_list)


class AutoscaleSetting(Component):
    kind: ClassVar[str] = "autoscale_setting"
    title: ClassVar[str] = "autoscale setting"

    target: Ref("app_service_plan")
    profiles: list[AutoscaleProfile] = Field(min_length=1)


class Monitoring(StrictModel):
    log_analytics: list[LogAnalyticsWorkspace] = Field(default_factory=empty_list)
    app_insights: list[ApplicationInsights] = Field(default_factory=empty_list)
    action_groups: list[ActionGroup] = Field(default_factory=empty_list)
    alerts: list[MetricAlert] = Field(default_factory=empty_list)
    autoscale: list[AutoscaleSetting] = Field(default_factory=empty_list)
