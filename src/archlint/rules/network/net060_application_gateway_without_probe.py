"""Application Gateway with backend pools and no custom health probe.

## What it does
Flags an Application Gateway that has backend pools but defines no health probe.

## Why is this bad?
Without a custom probe the gateway uses its default probe: a GET of `/` on the backend
setting's port and protocol, with host 127.0.0.1 unless the backend setting picks the
backend's host name, that counts any 200-399 answer as healthy. A backend whose `/`
answers while its dependencies are down stays in rotation; a multi-tenant backend such as
App Service, which routes by host name, can answer the default probe with 404 and be taken
out of rotation entirely. A custom probe on a
health endpoint, with the right host, tells the gateway what "healthy" means (APRL
847a8d88).

## Example
```yaml
edge:
  application_gateways:
    - id: agw-main
      sku: WAF_v2
      subnet: snet-appgw
      backend_pools:
        - {name: web, targets: [app-web]}
```

## Use instead
```yaml
      probes:
        - {path: /health, protocol: Https, interval: 30s, timeout: 30s, unhealthy_threshold: 3}
```

## Notes
The model does not say which backend setting uses which probe; a gateway with one probe
is not judged further.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.edge import ApplicationGateway
from archlint.rules.api import Violation, field_path, rule


@rule(
    "NET060",
    name="application-gateway-without-probe",
    severity="medium",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/application-gateway/application-gateway-probe-overview",
        "https://learn.microsoft.com/azure/well-architected/service-guides/azure-application-gateway",
    ),
    pillars=("Reliability",),
    aprl=("847a8d88-21c4-bc48-a94e-562206edd767",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for gateway in arch.index.of_kind("application_gateway"):
        assert isinstance(gateway, ApplicationGateway)
        if gateway.backend_pools and not gateway.probes:
            yield Violation.on(
                arch,
                gateway,
                "backend_pools",
                message=f"{gateway.label()} routes to {len(gateway.backend_pools)} backend "
                "pool(s) with only the default probe (GET /): define a health "
                "probe on a health endpoint",
                depends_on=(field_path(arch, gateway, "probes"),),
            )
