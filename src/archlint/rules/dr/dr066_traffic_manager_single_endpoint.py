"""Traffic Manager profile with a single enabled endpoint.

## What it does
Flags a Traffic Manager profile that has exactly one enabled endpoint.

## Why is this bad?
Traffic Manager's only job is to answer DNS queries with a healthy endpoint. With one
enabled endpoint there is nothing to fail over to: when it is degraded, Traffic Manager
keeps returning it (it returns all endpoints when none is healthy), and the profile adds
a DNS hop and a monitor but no availability. APRL (5b422a7f) asks for at least two
endpoints, and PSRule's Azure.TrafficManager.Endpoints for two enabled ones.

## Example
```yaml
edge:
  traffic_managers:
    - id: tm-main
      routing_method: Priority
      dns_ttl: 30s
      endpoints:
        - {name: primary, target: afd-main, priority: 1}
```

## Use instead
```yaml
      endpoints:
        - {name: primary, target: afd-main, priority: 1}
        - {name: secondary, host: app-westus2.example.com, priority: 2}
```

## Notes
A profile with no endpoints is not judged: Terraform configurations often add endpoints
elsewhere. An endpoint that is listed but not deployed yet (`deployed: false`) counts here;
DR003 reports it.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.edge import TrafficManager
from archlint.rules.api import Violation, rule


@rule(
    "DR066",
    name="traffic-manager-single-endpoint",
    severity="medium",
    category="dr",
    references=(
        "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-endpoint-types",
        "https://learn.microsoft.com/azure/traffic-manager/traffic-manager-monitoring",
    ),
    pillars=("Reliability",),
    aprl=("5b422a7f-8caa-3d48-becb-511599e5bba9",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for profile in arch.index.of_kind("traffic_manager"):
        assert isinstance(profile, TrafficManager)
        enabled = [e for e in profile.endpoints if e.enabled]
        if len(enabled) == 1:
            yield Violation.on(
                arch,
                profile,
                "endpoints",
                message=f"{profile.label()} has a single enabled endpoint "
                f"('{enabled[0].name}'): there is nothing to fail over to",
            )
