"""Failover target that is not deployed.

## What it does
Reports an enabled Traffic Manager endpoint marked `deployed: false`, and a failover
design whose strategy relies on a running secondary (`active_active`,
`automatic_failover`, `manual_failover`) while `secondary_deployed` is false.

## Why is this bad?
Failover moves traffic to infrastructure that must already exist. A Traffic Manager
endpoint whose region was never built is probed as degraded, so when the primary fails
there is nowhere to go: the "automatic failover" in the design document does not
happen, and the recovery is a rebuild under pressure.

## Example
```yaml
edge:
  traffic_managers:
    - id: tm
      routing_method: Priority
      dns_ttl: 30s
      endpoints:
        - {name: primary, host: app-eastus2.example.com, priority: 1}
        - {name: secondary, host: app-westus2.example.com, priority: 2, deployed: false}
```

## Use instead
Deploy the secondary region before counting on it, or remove the endpoint and record
the honest strategy (`redeploy`) with its recovery time:
```yaml
        - {name: secondary, host: app-westus2.example.com, priority: 2}
```

## In the seed
`tm-main`'s priority-2 endpoint `secondary-westus2` points at infrastructure the seed
lists under "Next steps" ("Deploy Secondary Region: replicate infrastructure to West US
2, configure Traffic Manager endpoints"). Until it exists, "Traffic Manager
automatically routes to healthy region" (the failover runbook) has no healthy region.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.edge import TrafficManager
from archlint.rules.api import Violation, rule

_LIVE_SECONDARY = frozenset({"active_active", "automatic_failover", "manual_failover"})


@rule(
    "DR003",
    name="failover-target-not-deployed",
    severity="high",
    category="disaster-recovery",
    references=(
        "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-routing-methods",
        "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring",
    ),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    reported: set[str] = set()
    for manager in arch.index.of_kind("traffic_manager"):
        assert isinstance(manager, TrafficManager)
        for position, endpoint in enumerate(manager.endpoints):
            if endpoint.enabled and not endpoint.deployed:
                reported.add(manager.id)
                where = f" in {endpoint.region}" if endpoint.region else ""
                yield Violation.on(
                    arch,
                    manager,
                    "endpoints",
                    position,
                    "deployed",
                    message=f"{manager.label()} fails over to endpoint '{endpoint.name}'{where}, "
                    "whose infrastructure is not deployed: there is no healthy endpoint to "
                    "route to when the primary fails",
                )
    for position, design in enumerate(arch.disaster_recovery.failover):
        if design.strategy not in _LIVE_SECONDARY or design.secondary_deployed:
            continue
        if design.component in reported:
            continue
        region = f" in {design.secondary_region}" if design.secondary_region else ""
        component = arch.get(design.component)
        name = component.label() if component else f"'{design.component}'"
        yield Violation(
            ("disaster_recovery", "failover", position, "secondary_deployed"),
            f"{name} relies on {design.strategy} to a secondary{region} that is not deployed",
            design.component,
        )
