"""Alert on a metric Azure Monitor does not emit for its target.

## What it does
Checks every metric alert against the platform metrics Microsoft Learn lists for the
alert's target resource type ("Supported metrics for <type>", shipped with archlint with
each page's URL):

- the metric exists for that type (names are compared case-insensitively; the message
  suggests the closest known name);
- each dimension the alert filters on is one the metric offers;
- the aggregation is one Learn lists for the metric;
- the target is a resource that emits metrics at all. A Service Bus queue or topic, or
  an event hub, has none of its own: its namespace emits them, one series per entity in
  the `EntityName` dimension, so the metric must offer that dimension (archlint
  generates such an alert as a namespace alert filtered on the entity).

## Why is this bad?
An alert on a metric the resource does not emit can never fire: Azure refuses to create
it, or (with metric validation skipped) it watches an empty series for ever. The failure
it was written to announce goes unnoticed, while the alert list looks complete -- and a
rule that wants an alert on each key signal (OPS003) would be satisfied by it. A
dimension the metric does not have filters everything out the same way. An aggregation
the metric does not support is refused when the alert is deployed ("Time aggregation
must be one of [Average, Maximum]"): the pipeline fails late, or the alert is left out.

## Example
```yaml
monitoring:
  alerts:
    - {id: alert-dlq, target: sb, metric: DeadLetteredMessage, aggregation: Total,
       operator: GreaterThan, threshold: 5, window: 5m, severity: 0, action_groups: [ag]}
```

## Use instead
```yaml
monitoring:
  alerts:
    - {id: alert-dlq, target: sb, metric: DeadletteredMessages, aggregation: Maximum,
       operator: GreaterThan, threshold: 5, window: 5m, severity: 0, action_groups: [ag]}
```

## In the seed
The seed asks for an alert on Event Hubs consumer lag (`alert-eventhub-lag`, metric
`ConsumerLag`). Event Hubs emits no consumer-lag platform metric: how far a consumer
group is behind lives in its checkpoints, so it is measured by the consumer (or a job
that reads the checkpoints) and published as a custom metric, which the spec cannot
express yet. The finding stays until the team publishes that metric; the closest
platform signals (`IncomingMessages` against `OutgoingMessages`) show throughput, not
lag. The seed's App Service Environment health alert used `HealthStatus`, which the
ASE does not emit either; it now alerts on the ASE's `Http5xx`.

## Notes
Azure adds metrics over time: a metric newer than archlint's list is reported too;
suppress the finding with the reason (and the Learn page that lists it). Custom metrics
(published by an application under its own namespace) are not platform metrics.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.metrics import ENTITY_DIMENSION, PER_ENTITY_KINDS, catalogue, metric_type
from archlint.model import Architecture
from archlint.model.monitoring import MetricAlert
from archlint.rules.api import Violation, field_path, rule


@rule(
    "OPS011",
    name="alert-on-unknown-metric",
    severity="medium",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/metrics-index",
        "https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-metric-multiple-time-series-single-rule",
        "https://learn.microsoft.com/azure/service-bus-messaging/monitor-service-bus-reference",
    ),
    mcsb=("LT-1",),
    pillars=("Operational Excellence",),
    requires=("monitoring.alerts",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    # A did-you-mean compares the name with every metric of the type: a large estate
    # repeats the same unknown name on many alerts, so each (type, name) is looked up once.
    hints: dict[tuple[str, str], str | None] = {}
    for alert in arch.monitoring.alerts:
        yield from _check_alert(arch, alert, hints)


def _check_alert(
    arch: Architecture, alert: MetricAlert, hints: dict[tuple[str, str], str | None]
) -> Iterator[Violation]:
    target = arch.get(alert.target)
    if target is None:
        return
    # Every judgement rests on what the target is: none stands when the importer could not
    # resolve it (a data source or a variable).
    on_target = (field_path(arch, alert, "target"),)
    arm_type = metric_type(target.kind)
    metrics = catalogue(arm_type) if arm_type else None
    if not metrics:
        yield Violation.on(
            arch,
            alert,
            "target",
            depends_on=on_target,
            message=f"{alert.label()} targets {target.label()}, which emits no Azure Monitor "
            "platform metrics: the alert can never fire",
        )
        return
    metric = metrics.find(alert.metric)
    if metric is None:
        key = (arm_type, alert.metric)
        if key not in hints:
            hints[key] = metrics.suggest(alert.metric)
        hint = hints[key]
        suggestion = f"; did you mean '{hint}'?" if hint else ""
        yield Violation.on(
            arch,
            alert,
            "metric",
            depends_on=on_target,
            message=f"{alert.label()}: {arm_type} emits no metric '{alert.metric}', so the "
            f"alert can never fire{suggestion} (known metrics: {metrics.source})",
        )
        return
    per_entity = target.kind in PER_ENTITY_KINDS
    if per_entity and metric.dimension(ENTITY_DIMENSION) is None:
        yield Violation.on(
            arch,
            alert,
            "metric",
            depends_on=on_target,
            message=f"{alert.label()}: '{metric.name}' is a namespace-wide metric with no "
            f"{ENTITY_DIMENSION} dimension, so it cannot watch {target.label()} alone; "
            "target the namespace",
        )
    for name in alert.dimensions:
        if per_entity and name.casefold() == ENTITY_DIMENSION.casefold():
            yield Violation.on(
                arch,
                alert,
                "dimensions",
                name,
                depends_on=on_target,
                message=f"{alert.label()}: the target {target.label()} already selects the "
                f"{ENTITY_DIMENSION}; a second filter on it contradicts or repeats the target",
            )
        elif metric.dimension(name) is None:
            offered = ", ".join(metric.dimensions) or "none"
            yield Violation.on(
                arch,
                alert,
                "dimensions",
                name,
                depends_on=on_target,
                message=f"{alert.label()}: metric '{metric.name}' has no dimension '{name}' "
                f"(it offers: {offered}), so the filter matches nothing",
            )
    if alert.aggregation not in metric.aggregations:
        yield Violation.on(
            arch,
            alert,
            "aggregation",
            depends_on=on_target,
            message=f"{alert.label()}: aggregation {alert.aggregation} is not one Microsoft "
            f"Learn lists for '{metric.name}' ({', '.join(metric.aggregations)})",
        )
