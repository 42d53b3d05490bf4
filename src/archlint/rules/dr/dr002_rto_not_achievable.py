"""Declared RTO not achievable by the failover design.

## What it does
For every failover design, adds the time the fastest global router (Traffic Manager,
or a multi-region Front Door origin group) needs to detect the failure and move clients
to the time the component needs to be back: zero for a running secondary, otherwise
its `estimated_recovery_time` or Microsoft's stated provisioning time (an App Service
Environment v3 "can take more than one hour" to create). It reports the design when
the sum exceeds `disaster_recovery.objectives.rto`, and a Traffic Manager profile
whose detection alone exceeds it.

## Why is this bad?
A component that is redeployed or restored after a disaster takes its provisioning
time, and everything that runs on it waits for it. When that alone is longer than the
RTO, the objective is a wish: meeting it needs a secondary that already runs (warm or
hot standby), not a faster runbook.

## Example
```yaml
disaster_recovery:
  objectives: {rto: 1h, rpo: 15m}
  failover:
    - {component: ase, strategy: redeploy, secondary_region: westus2,
       secondary_deployed: false, estimated_recovery_time: 90m}
```

## Use instead
```yaml
  failover:
    - {component: ase, strategy: automatic_failover, secondary_region: westus2,
       secondary_deployed: true}
```

## In the seed
`ase-main` (and with it every app of the compute tier) is recovered by redeploying in
West US 2: the seed itself says ASE v3 creation takes 60-90 minutes, and Microsoft
that it "can take more than one hour". With Traffic Manager's detection (3 x 30 s
probes + 10 s timeout + 30 s TTL) that is over 1h32m against an RTO of 1 hour -- before
the apps are deployed onto it.

## Notes
The fastest detection is used and unknown recovery times are skipped (Service Bus,
Event Hubs and Redis redeployments state none), so the reported time is a lower bound.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from archlint.analysis.recovery import detection, recovery_time
from archlint.model import Architecture
from archlint.model.edge import TrafficManager
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "DR002",
    name="rto-not-achievable",
    severity="high",
    category="disaster-recovery",
    references=(
        "https://learn.microsoft.com/azure/app-service/environment/creation",
        "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring",
        "https://learn.microsoft.com/azure/frontdoor/health-probes",
        "https://learn.microsoft.com/azure/reliability/concept-business-continuity-high-availability-disaster-recovery",
    ),
    mcsb=("BR-4",),
    pillars=("Reliability",),
    requires=("disaster_recovery.objectives",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    objectives = arch.disaster_recovery.objectives
    assert objectives is not None
    rto = objectives.rto
    found = detection(arch)
    detect = found.time if found else timedelta(0)
    for manager in arch.index.of_kind("traffic_manager"):
        assert isinstance(manager, TrafficManager)
        monitor = manager.monitor
        alone = monitor.interval * monitor.tolerated_failures + monitor.timeout + manager.dns_ttl
        if alone > rto:
            yield Violation.on(
                arch,
                manager,
                "dns_ttl",
                message=f"{manager.label()} needs {format_duration(alone)} to move clients "
                f"(probes, timeout and DNS TTL), longer than the {format_duration(rto)} RTO",
            )
    for position, design in enumerate(arch.disaster_recovery.failover):
        recovery = recovery_time(arch, design)
        if recovery is None or recovery[0] <= timedelta(0):
            continue
        total = detect + recovery[0]
        if total <= rto:
            continue
        field = "estimated_recovery_time" if design.estimated_recovery_time else "strategy"
        detected = (
            f" after {format_duration(detect)} of detection by {found.router.label()}"
            if found
            else ""
        )
        component = arch.get(design.component)
        name = component.label() if component else f"'{design.component}'"
        yield Violation(
            ("disaster_recovery", "failover", position, field),
            f"{name} is recovered by {design.strategy} ({recovery[1]}){detected}: at least "
            f"{format_duration(total)} against an RTO of {format_duration(rto)}",
            design.component,
            # The detection time is the router's: it counts only if the router exists.
            (arch.path_of(found.router.id),) if found else (),
        )
