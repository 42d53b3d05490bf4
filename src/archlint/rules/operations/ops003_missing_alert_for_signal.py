"""Component without an alert on its key health signal.

## What it does
Checks every component of the kinds below for a metric alert (with an action group)
targeting it on the listed signal -- the critical and warning signals of the seed
architecture, made generic:

| component | signal | metrics accepted |
|-----------|--------|------------------|
| Function App serving HTTP (a `sync_call` target or a gateway backend) | 5xx errors | `Http5xx` |
| Web App | response time | `HttpResponseTime`, `AverageResponseTime` |
| Service Bus namespace | dead-lettered messages | `DeadletteredMessages` |
| App Service Environment | health | any metric it emits |
| Cosmos DB account | request units | `TotalRequestUnits`, `NormalizedRUConsumption` |
| Redis cache | memory | `usedmemorypercentage`, `usedmemory` |

## Why is this bad?
These are the signals that announce the failures the architecture is built to survive
-- failing requests, dead letters piling up, a falling-behind consumer, exhausted
throughput or memory. A component without the alert fails silently: the first to
notice is a user, or the DLQ processor's tracking store weeks later.

## Example
```yaml
data:
  redis_caches:
    - {id: redis, tier: premium}
# no alert targets redis
```

## Use instead
```yaml
monitoring:
  alerts:
    - {id: alert-redis-memory, target: redis, metric: usedmemorypercentage,
       aggregation: Maximum, operator: GreaterThan, threshold: 90, window: 5m, severity: 2,
       action_groups: [ag-warning]}
```

## Notes
Only an alert on a metric Azure Monitor emits for the target counts: an alert on a
misspelt or invented metric never fires (OPS011 reports it). Event Hubs consumer lag is
not asked for: Event Hubs emits no consumer-lag platform metric (it is measured from the
consumer group's checkpoints and published as a custom metric, which the spec cannot
express), so no alert in the spec could satisfy it.
An alert without an action group covers nothing (OPS001 reports it). A Function App
that only consumes messages serves no HTTP, so a 5xx alert means nothing there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from archlint.azure.metrics import catalogue, metric_type
from archlint.model import Architecture, Component
from archlint.model.edge import ApplicationGateway, FrontDoor
from archlint.model.flows import StepKind
from archlint.model.monitoring import MetricAlert
from archlint.records import record
from archlint.rules.api import Violation, rule


@record
class Signal:
    kind: str
    name: str
    accepts: Callable[[str], bool]
    applies: Callable[[Architecture, Component, frozenset[str]], bool] = lambda *_: True


def _named(*metrics: str) -> Callable[[str], bool]:
    wanted = frozenset(m.casefold() for m in metrics)
    return lambda metric: metric.casefold() in wanted


def _serves_http(arch: Architecture, component: Component, http: frozenset[str]) -> bool:
    return component.id in http


SIGNALS = (
    Signal("function_app", "HTTP 5xx errors", _named("Http5xx"), _serves_http),
    Signal("web_app", "response time", _named("HttpResponseTime", "AverageResponseTime")),
    Signal("service_bus_namespace", "dead-lettered messages", _named("DeadletteredMessages")),
    Signal("app_service_environment", "health", lambda metric: True),
    Signal(
        "cosmos_account", "request units", _named("TotalRequestUnits", "NormalizedRUConsumption")
    ),
    Signal("redis_cache", "memory usage", _named("usedmemorypercentage", "usedmemory")),
)


def _emitted(component: Component, metric: str) -> bool:
    """True if Azure Monitor emits ``metric`` for ``component`` (an invented one never fires)."""
    arm_type = metric_type(component.kind)
    metrics = catalogue(arm_type) if arm_type else None
    return metrics is not None and metrics.find(metric) is not None


def http_endpoints(arch: Architecture) -> frozenset[str]:
    """Components that receive HTTP: sync-call targets and gateway backends or origins."""
    found = {
        step.target
        for flow in arch.flows.flows
        for step in flow.steps
        if step.kind == StepKind.sync_call
    }
    for gateway in arch.index.of_kind("application_gateway"):
        assert isinstance(gateway, ApplicationGateway)
        found.update(t for pool in gateway.backend_pools for t in pool.targets)
    for door in arch.index.of_kind("front_door"):
        assert isinstance(door, FrontDoor)
        found.update(o.target for g in door.origin_groups for o in g.origins if o.target)
    return frozenset(found)


@rule(
    "OPS003",
    name="missing-alert-for-signal",
    severity="medium",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-overview",
        "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-web-sites-metrics",
        "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-servicebus-namespaces-metrics",
        "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-documentdb-databaseaccounts-metrics",
        "https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cache-redis-metrics",
    ),
    mcsb=("LT-1",),
    pillars=("Operational Excellence", "Reliability"),
    environments=("production",),
    aprl=("deaea200-013c-414b-ac9f-bfa7a7fb13f0",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    by_target: dict[str, list[MetricAlert]] = {}
    for alert in arch.monitoring.alerts:
        if alert.action_groups:
            by_target.setdefault(alert.target, []).append(alert)
    http = http_endpoints(arch)
    for signal in SIGNALS:
        for component in arch.index.of_kind(signal.kind):
            if not signal.applies(arch, component, http):
                continue
            if any(
                signal.accepts(a.metric) and _emitted(component, a.metric)
                for a in by_target.get(component.id, [])
            ):
                continue
            yield Violation.on(
                arch,
                component,
                message=f"{component.label()} has no alert on its {signal.name}: "
                "its failures go unnoticed",
            )
