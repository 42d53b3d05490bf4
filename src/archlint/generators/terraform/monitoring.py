"""``monitoring.tf``: Log Analytics (with a diagnostic setting per source), Application
Insights, action groups, metric alerts and autoscale settings."""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.alerts import alert_scope
from archlint.generators.common import iso8601, phone_parts, whole
from archlint.generators.hcl import Block, BodyEntry, Comment
from archlint.generators.terraform.core import RG_NAME, Terraform
from archlint.model.monitoring import (
    ActionGroup,
    AutoscaleProfile,
    AutoscaleRule,
    AutoscaleSetting,
    Channel,
    LogAnalyticsWorkspace,
    MetricAlert,
)

FILE = "monitoring.tf"
DAY = timedelta(days=1)


def emit(tf: Terraform) -> None:
    monitoring = tf.architecture.monitoring
    for workspace in monitoring.log_analytics:
        _workspace(tf, workspace)
    for insights in monitoring.app_insights:
        tf.resource(
            FILE,
            "azurerm_application_insights",
            tf.address(insights.id).name,
            [
                *tf.common(insights),
                ("application_type", "web"),
                ("workspace_id", tf.ref(insights.workspace) if insights.workspace else None),
                ("sampling_percentage", insights.sampling),
                ("tags", tf.tags(insights)),
            ],
        )
    for group in monitoring.action_groups:
        _action_group(tf, group)
    for alert in monitoring.alerts:
        _alert(tf, alert)
    for setting in monitoring.autoscale:
        _autoscale(tf, setting)


def _workspace(tf: Terraform, workspace: LogAnalyticsWorkspace) -> None:
    tf.resource(
        FILE,
        "azurerm_log_analytics_workspace",
        tf.address(workspace.id).name,
        [
            *tf.common(workspace),
            ("sku", "PerGB2018"),
            ("retention_in_days", whole(workspace.retention, DAY)),
            ("tags", tf.tags(workspace)),
        ],
    )
    for source_id in workspace.sources:
        target = tf.ref(source_id)
        if target is None:
            tf.add(
                FILE,
                Comment(f"'{source_id}' is not an azurerm resource here: no diagnostic setting"),
            )
            continue
        tf.resource(
            FILE,
            "azurerm_monitor_diagnostic_setting",
            tf.local_name("azurerm_monitor_diagnostic_setting", f"{source_id}_{workspace.id}"),
            [
                ("name", f"to-{workspace.resource_name}"),
                ("target_resource_id", target),
                ("log_analytics_workspace_id", tf.ref(workspace.id)),
                Block.of("enabled_log", items=[("category_group", "allLogs")]),
                Block.of("enabled_metric", items=[("category", "AllMetrics")]),
            ],
        )


def _receiver(channel: Channel, name: str) -> Block:
    if channel.kind == "email":
        items: list[BodyEntry] = [
            ("email_address", channel.target),
            ("use_common_alert_schema", True),
        ]
    elif channel.kind in ("sms", "voice"):
        country, number = phone_parts(channel.target)
        items = [("country_code", country), ("phone_number", number)]
    elif channel.kind == "push":
        items = [("email_address", channel.target)]
    else:  # pagerduty and other webhooks
        items = [("service_uri", channel.target), ("use_common_alert_schema", True)]
    block = {
        "email": "email_receiver",
        "sms": "sms_receiver",
        "voice": "voice_receiver",
        "push": "azure_app_push_receiver",
    }.get(channel.kind, "webhook_receiver")
    return Block.of(block, items=[("name", name), *items])


def _action_group(tf: Terraform, group: ActionGroup) -> None:
    counts: dict[str, int] = {}
    receivers = []
    for channel in group.channels:
        counts[channel.kind] = counts.get(channel.kind, 0) + 1
        receivers.append(_receiver(channel, f"{channel.kind}-{counts[channel.kind]}"))
    tf.resource(
        FILE,
        "azurerm_monitor_action_group",
        tf.address(group.id).name,
        [
            ("name", group.resource_name),
            ("resource_group_name", RG_NAME),
            # Short names (shown in SMS and e-mail) are at most 12 characters.
            ("short_name", group.resource_name[:12]),
            ("enabled", True),
            ("tags", tf.tags(group)),
            receivers,
        ],
    )


def _alert(tf: Terraform, alert: MetricAlert) -> None:
    scope = alert_scope(tf.architecture, alert)
    scope_ref = tf.ref(scope.resource.id) if scope else None
    if scope is None or scope_ref is None:
        tf.add(
            FILE,
            Comment(f"alert '{alert.id}': '{alert.target}' has no Azure metrics; not generated"),
        )
        return
    dimensions = [
        Block.of("dimension", items=[("name", name), ("operator", "Include"), ("values", [value])])
        for name, value in scope.dimensions.items()
    ]
    tf.resource(
        FILE,
        "azurerm_monitor_metric_alert",
        tf.address(alert.id).name,
        [
            ("name", alert.resource_name),
            ("resource_group_name", RG_NAME),
            ("scopes", [scope_ref]),
            (
                "description",
                alert.description or (f"signal: {alert.signal}" if alert.signal else None),
            ),
            ("severity", alert.severity),
            ("frequency", iso8601(alert.frequency) if alert.frequency else None),
            ("window_size", iso8601(alert.window)),
            ("tags", tf.tags(alert)),
            Block.of(
                "criteria",
                items=[
                    ("metric_namespace", scope.namespace),
                    ("metric_name", alert.metric),
                    ("aggregation", alert.aggregation),
                    ("operator", alert.operator),
                    ("threshold", alert.threshold),
                    dimensions,
                ],
            ),
            [
                Block.of("action", items=[("action_group_id", tf.ref(group))])
                for group in alert.action_groups
                if tf.ref(group)
            ],
        ],
    )


def _autoscale_rule(tf: Terraform, target: str, rule: AutoscaleRule) -> Block:
    return Block.of(
        "rule",
        items=[
            Block.of(
                "metric_trigger",
                items=[
                    ("metric_name", rule.metric),
                    ("metric_resource_id", tf.ref(target)),
                    ("time_grain", "PT1M"),
                    ("statistic", rule.statistic),
                    ("time_window", iso8601(rule.window)),
                    ("time_aggregation", "Average"),
                    ("operator", rule.operator),
                    ("threshold", rule.threshold),
                ],
            ),
            Block.of(
                "scale_action",
                items=[
                    ("direction", rule.direction.capitalize()),
                    ("type", "ChangeCount"),
                    ("value", rule.change),
                    ("cooldown", iso8601(rule.cooldown)),
                ],
            ),
        ],
    )


def _profile(tf: Terraform, target: str, profile: AutoscaleProfile) -> Block:
    recurrence = None
    if profile.recurrence:
        schedule = profile.recurrence
        recurrence = Block.of(
            "recurrence",
            items=[
                ("timezone", schedule.time_zone),
                ("days", list(schedule.days)),
                ("hours", list(schedule.hours)),
                ("minutes", list(schedule.minutes)),
            ],
        )
    return Block.of(
        "profile",
        items=[
            ("name", profile.name),
            Block.of(
                "capacity",
                items=[
                    ("default", profile.default),
                    ("minimum", profile.min),
                    ("maximum", profile.max),
                ],
            ),
            [_autoscale_rule(tf, target, rule) for rule in profile.rules],
            recurrence,
        ],
    )


def _autoscale(tf: Terraform, setting: AutoscaleSetting) -> None:
    tf.resource(
        FILE,
        "azurerm_monitor_autoscale_setting",
        tf.address(setting.id).name,
        [
            *tf.common(setting),
            ("target_resource_id", tf.ref(setting.target)),
            ("enabled", True),
            ("tags", tf.tags(setting)),
            [_profile(tf, setting.target, profile) for profile in setting.profiles],
        ],
    )
