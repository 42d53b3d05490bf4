"""Component on the event flows that sends no logs to Log Analytics.

## What it does
Collects every resource that takes part in a flow (a queue stands for its namespace, a
container for its Cosmos DB account, an Event Grid subscription for its topic) and
reports those that are neither a `sources` entry of a Log Analytics workspace nor an
app whose Application Insights writes to a workspace.

## Why is this bad?
When a message goes missing, the investigation follows it hop by hop through the
resource logs: deliveries and failures in Event Grid, WAF and access logs at the edge,
cache errors, storage operations. A hop without logs is a gap in that trail -- exactly
where nobody can tell whether the message arrived. Security investigations need the
same trail (MCSB LT-3, LT-5).

## Example
```yaml
monitoring:
  log_analytics:
    - {id: log, retention: 90d, sources: [func]}
flows:
  flows:
    - id: f
      name: f
      flow_kind: asynchronous
      steps:
        - {from: func, to: redis, kind: write}    # redis sends no logs
```

## Use instead
```yaml
monitoring:
  log_analytics:
    - {id: log, retention: 90d, sources: [func, redis]}
```

## In the seed
The seed's log sources are "Function Apps, Service Bus, Event Hubs, Cosmos DB,
Application Gateway". Front Door (`afd-main`, with its WAF's block log), the Event Grid
topics (`egst-storage`, `egt-domain-events`, whose delivery-failure logs explain lost
events), Redis (`redis-main`) and the event store (`st-eventstore`) are on the flows
and send nothing. The Web App and the Logic App are covered through Application
Insights (`appi-main` writes to `log-main`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from archlint.model import Architecture, Component
from archlint.model.compute import HostedApp
from archlint.model.messaging import EventGridSubscription
from archlint.model.monitoring import ApplicationInsights
from archlint.rules.api import Violation, rule
from archlint.rules.resilience.helpers import base_id

#: Resources with resource logs (diagnostic settings), where a flow reference resolves to.
LOGGING_KINDS = frozenset(
    {
        "function_app",
        "web_app",
        "logic_app",
        "application_gateway",
        "front_door",
        "service_bus_namespace",
        "event_hubs_namespace",
        "event_grid_topic",
        "event_grid_system_topic",
        "cosmos_account",
        "redis_cache",
        "storage_account",
    }
)


def logging_resource(arch: Architecture, reference: str) -> Component | None:
    """The resource whose diagnostic settings log what happens at ``reference``."""
    entry = arch.index.by_id.get(base_id(reference))
    if entry is not None and isinstance(entry.component, EventGridSubscription):
        entry = arch.index.by_id.get(entry.component.source)
    while entry is not None:
        if entry.component.kind in LOGGING_KINDS:
            return entry.component
        entry = arch.index.by_id.get(entry.parent.id) if entry.parent is not None else None
    return None


def logging_resources(arch: Architecture) -> dict[str, Component | None]:
    """:func:`logging_resource` of every flow step's source and target, found once per
    architecture (OPS005 and OPS060 ask, and flows name the same components again and
    again; do not change what it returns)."""
    return arch.index.remembered("operations.logging_resources", lambda: _step_ends(arch))


def _step_ends(arch: Architecture) -> dict[str, Component | None]:
    found: dict[str, Component | None] = {}
    for flow in arch.flows.flows:
        for step in flow.steps:
            for reference in (step.source, step.target):
                if reference not in found:
                    found[reference] = logging_resource(arch, reference)
    return found


def log_collector(arch: Architecture) -> Callable[[Component], bool]:
    """Whether a component's logs reach a workspace: it is a workspace's source, or an app
    whose Application Insights writes to a workspace."""
    logged = {source for ws in arch.monitoring.log_analytics for source in ws.sources}
    traced = {
        insights.id
        for insights in arch.monitoring.app_insights
        if isinstance(insights, ApplicationInsights) and insights.workspace
    }

    def sends_logs(component: Component) -> bool:
        if component.id in logged:
            return True
        return isinstance(component, HostedApp) and component.app_insights in traced

    return sends_logs


@rule(
    "OPS005",
    name="flow-component-without-logs",
    severity="medium",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings",
        "https://learn.microsoft.com/azure/azure-monitor/app/create-workspace-resource",
    ),
    mcsb=("LT-3", "LT-5"),
    pillars=("Operational Excellence", "Security"),
    requires=("monitoring.log_analytics", "flows.flows"),
    environments=("production",),
    aprl=(
        "1ad74c3c-e3d7-0046-b83f-a2199974ef15",
        "5357ae22-0f52-1a49-9fd4-1f00ace6add0",
        "54c3191b-b535-1946-bba9-b754f44060f6",
        "5d035919-898d-a047-8d5d-454e199692e5",
        "493f6079-3bb6-4a56-96ba-ab3248474cb1",
    ),
)
def check(arch: Architecture) -> Iterator[Violation]:
    logs = log_collector(arch)
    resources = logging_resources(arch)
    seen: set[str] = set()
    for flow in arch.flows.flows:
        for step in flow.steps:
            for reference in (step.source, step.target):
                resource = resources[reference]
                if resource is None or resource.id in seen:
                    continue
                seen.add(resource.id)
                if logs(resource):
                    continue
                yield Violation.on(
                    arch,
                    resource,
                    message=f"{resource.label()} takes part in flow '{flow.id}' but sends no "
                    "logs to a Log Analytics workspace: its hop of the trail is invisible",
                )
