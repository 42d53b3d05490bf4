"""Front Door origin that Front Door cannot reach.

## What it does
Flags a Front Door origin whose target is an Azure service with public network access
disabled (an App Service app, a storage account, ...) and that is not connected with
Private Link (`private_link`).

## Why is this bad?
Front Door reaches its origins from its edge over the public internet, unless the origin
is connected through Private Link (Premium tier), in which case Front Door uses a managed
private endpoint into the service. An origin that refuses public traffic and has no
Private Link connection answers every Front Door request with 403 (or not at all): the
origin is reported unhealthy and the route serves errors, although each resource deploys
and looks right on its own.

## Example
```yaml
edge:
  front_doors:
    - id: afd-main
      sku: Premium_AzureFrontDoor
      origin_groups:
        - name: web
          health_probe: {path: /health, protocol: Https, interval: 60s}
          origins:
            - {name: app, target: app-web}      # app-web: public_network_access: false
```

## Use instead
```yaml
          origins:
            - {name: app, target: app-web,
               private_link: {target: app-web, subresource: sites, region: eastus2}}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.base import AccessSettings
from archlint.model.edge import FrontDoor
from archlint.rules.api import Violation, field_path, rule


@rule(
    "NET061",
    name="front-door-origin-unreachable",
    severity="high",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/frontdoor/private-link",
        "https://learn.microsoft.com/azure/frontdoor/origin-security",
    ),
    mcsb=("NS-2",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for profile in arch.index.of_kind("front_door"):
        assert isinstance(profile, FrontDoor)
        for g, group in enumerate(profile.origin_groups):
            for o, origin in enumerate(group.origins):
                target = arch.get(origin.target) if origin.target else None
                if origin.private_link is not None or not isinstance(target, AccessSettings):
                    continue
                if target.public_network_access:
                    continue
                yield Violation.on(
                    arch,
                    profile,
                    "origin_groups",
                    g,
                    "origins",
                    o,
                    message=f"{profile.label()} origin '{origin.name}' is {target.label()}, "
                    "whose public network access is disabled, and it has no Private Link "
                    "connection: Front Door cannot reach it",
                    depends_on=(field_path(arch, target, "public_network_access"),),
                )
