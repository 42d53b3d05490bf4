"""Monitoring: workspaces and their diagnostic settings, Application Insights, action groups,
alerts, autoscale."""

from __future__ import annotations

from archlint.generators.alerts import alert_scope
from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import (
    DAY,
    MINUTE,
)
from archlint.generators.bicep.writer import BValue
from archlint.generators.common import (
    iso8601,
    phone_parts,
    whole,
)

_SINGLE_RESOURCE_CRITERIA = "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria"


def monitoring(b: Bicep) -> None:
    layer = "monitoring"
    mon = b.architecture.monitoring
    for workspace in mon.log_analytics:
        symbol = b.symbols[workspace.id]
        b.add(
            layer,
            "Microsoft.OperationalInsights/workspaces",
            symbol,
            workspace.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(workspace),
                "properties": {
                    "sku": {"name": "PerGB2018"},
                    "retentionInDays": whole(workspace.retention, DAY),
                },
            },
        )
        for source in workspace.sources:
            if source not in b.symbols:
                b.note(layer, f"'{source}' is not a resource here: no diagnostic setting")
                continue
            b.add(
                layer,
                "Microsoft.Insights/diagnosticSettings",
                b.new_symbol(f"{source}-diagnostics"),
                f"to-{workspace.resource_name}",
                {
                    "properties": {
                        "workspaceId": b.ref(workspace.id),
                        "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                        "metrics": [{"category": "AllMetrics", "enabled": True}],
                    }
                },
                scope=b.symbols[source],
            )
    for insights in mon.app_insights:
        b.add(
            layer,
            "Microsoft.Insights/components",
            b.symbols[insights.id],
            insights.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(insights),
                "kind": "web",
                "properties": {
                    "Application_Type": "web",
                    "WorkspaceResourceId": b.ref(insights.workspace),
                    "SamplingPercentage": insights.sampling,
                },
            },
        )
    for group in mon.action_groups:
        receivers: dict[str, list[BValue]] = {}
        for index, channel in enumerate(group.channels, start=1):
            name = f"{channel.kind}-{index}"
            if channel.kind == "email":
                receivers.setdefault("emailReceivers", []).append(
                    {"name": name, "emailAddress": channel.target, "useCommonAlertSchema": True}
                )
            elif channel.kind in ("sms", "voice"):
                country, number = phone_parts(channel.target)
                receivers.setdefault(f"{channel.kind}Receivers", []).append(
                    {"name": name, "countryCode": country, "phoneNumber": number}
                )
            elif channel.kind == "push":
                receivers.setdefault("azureAppPushReceivers", []).append(
                    {"name": name, "emailAddress": channel.target}
                )
            else:
                receivers.setdefault("webhookReceivers", []).append(
                    {"name": name, "serviceUri": channel.target, "useCommonAlertSchema": True}
                )
        b.add(
            layer,
            "Microsoft.Insights/actionGroups",
            b.symbols[group.id],
            group.resource_name,
            {
                "location": "global",
                "tags": b.tags(group),
                "properties": {
                    "groupShortName": group.resource_name[:12],
                    "enabled": True,
                    **receivers,
                },
            },
        )
    for alert in mon.alerts:
        scope = alert_scope(b.architecture, alert)
        if scope is None or b.ref(scope.resource.id) is None:
            b.note(layer, f"alert '{alert.id}': '{alert.target}' has no Azure metrics")
            continue
        b.add(
            layer,
            "Microsoft.Insights/metricAlerts",
            b.symbols[alert.id],
            alert.resource_name,
            {
                "location": "global",
                "tags": b.tags(alert),
                "properties": {
                    "description": alert.description or (alert.signal or alert.id),
                    "severity": alert.severity,
                    "enabled": True,
                    "scopes": [b.ref(scope.resource.id)],
                    "evaluationFrequency": iso8601(alert.frequency or MINUTE),
                    "windowSize": iso8601(alert.window),
                    "criteria": {
                        "odata.type": _SINGLE_RESOURCE_CRITERIA,
                        "allOf": [
                            {
                                "name": "criterion",
                                "criterionType": "StaticThresholdCriterion",
                                "metricNamespace": scope.namespace,
                                "metricName": alert.metric,
                                "timeAggregation": alert.aggregation,
                                "operator": alert.operator,
                                "threshold": alert.threshold,
                                "dimensions": [
                                    {"name": k, "operator": "Include", "values": [v]}
                                    for k, v in scope.dimensions.items()
                                ]
                                or None,
                            }
                        ],
                    },
                    "actions": [
                        {"actionGroupId": b.ref(g)} for g in alert.action_groups if b.ref(g)
                    ],
                },
            },
        )
    for setting in mon.autoscale:
        target = b.ref(setting.target)
        profiles = []
        for profile in setting.profiles:
            rules = [
                {
                    "metricTrigger": {
                        "metricName": rule.metric,
                        "metricResourceUri": target,
                        "timeGrain": "PT1M",
                        "statistic": rule.statistic,
                        "timeWindow": iso8601(rule.window),
                        "timeAggregation": "Average",
                        "operator": rule.operator,
                        "threshold": rule.threshold,
                    },
                    "scaleAction": {
                        "direction": rule.direction.capitalize(),
                        "type": "ChangeCount",
                        "value": str(rule.change),
                        "cooldown": iso8601(rule.cooldown),
                    },
                }
                for rule in profile.rules
            ]
            entry: dict[str, BValue] = {
                "name": profile.name,
                "capacity": {
                    "minimum": str(profile.min),
                    "maximum": str(profile.max),
                    "default": str(profile.default),
                },
                "rules": rules,
            }
            if profile.recurrence:
                entry["recurrence"] = {
                    "frequency": "Week",
                    "schedule": {
                        "timeZone": profile.recurrence.time_zone,
                        "days": list(profile.recurrence.days),
                        "hours": list(profile.recurrence.hours),
                        "minutes": list(profile.recurrence.minutes),
                    },
                }
            profiles.append(entry)
        b.add(
            layer,
            "Microsoft.Insights/autoscalesettings",
            b.symbols[setting.id],
            setting.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(setting),
                "properties": {"enabled": True, "targetResourceUri": target, "profiles": profiles},
            },
        )
