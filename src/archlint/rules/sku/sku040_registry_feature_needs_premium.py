"""Container registry uses a feature only the Premium tier offers.

## What it does
Flags a Basic or Standard container registry that has geo-replications, is the target of a
private endpoint, denies public traffic by default (network rules), or has its public
endpoint turned off.

## Why is this bad?
Geo-replication, private endpoints and network rules are Premium features of Azure Container
Registry. On a lower tier Azure refuses the setting (the deployment fails), or the design
relies on a private path or a second region that cannot exist: nodes then pull images over
the internet, or every pull fails when the one region does.

## Example
```yaml
container_registries:
  - {id: acr-main, sku: Standard, public_network_access: false}
private_endpoints:
  - {id: pe-acr, target: acr-main, subresource: registry, subnet: snet-pe}
```

## Use instead
```yaml
container_registries:
  - {id: acr-main, sku: Premium, public_network_access: false}
```

## References
APRL recommendation eb005943-40a8-194b-9db2-474d430046b7 ("Use Premium tier for critical
production workloads") and 36ea6c09-ef6e-d743-9cfb-bd0c928a430b (geo-replication).

## Notes
Zone redundancy is not judged: Azure now makes every registry zone redundant in regions with
availability zones, whatever its tier.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.containers import ContainerRegistry
from archlint.rules.api import Violation, rule


@rule(
    "SKU040",
    name="registry-feature-needs-premium",
    severity="high",
    category="sku",
    references=(
        "https://learn.microsoft.com/azure/container-registry/container-registry-skus",
        "https://learn.microsoft.com/azure/container-registry/container-registry-private-link",
        "https://learn.microsoft.com/azure/container-registry/container-registry-geo-replication",
    ),
    pillars=("Reliability", "Security"),
    requires=("compute.container_registries",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    endpoints = {endpoint.target for endpoint in arch.network.private_endpoints}
    for registry in arch.index.of_kind("container_registry"):
        assert isinstance(registry, ContainerRegistry)
        if registry.sku == "Premium":
            continue
        asked: list[tuple[str, str]] = []
        if registry.geo_replications:
            asked.append(("geo_replications", "geo-replications"))
        if registry.id in endpoints:
            asked.append(("sku", "a private endpoint"))
        if registry.public_network_default_action == "Deny":
            asked.append(("public_network_default_action", "network rules (default Deny)"))
        if not registry.public_network_access:
            asked.append(("public_network_access", "public network access turned off"))
        for key, what in asked:
            yield Violation.on(
                arch,
                registry,
                key,
                message=f"{registry.label()} is on the {registry.sku} tier but uses {what}, "
                "which only the Premium tier offers",
                depends_on=((*arch.path_of(registry.id), "sku"),) if key != "sku" else (),
            )
