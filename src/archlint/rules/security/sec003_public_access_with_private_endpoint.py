"""Public network access left enabled on a component that has a private endpoint.

## What it does
Flags every component that is the target of a private endpoint (or of a Front Door Private
Link origin) while its `public_network_access` is still enabled (Azure's default) and its
firewall admits every network. A service whose firewall denies by default
(`public_network_default_action: Deny`: storage `network_rules`, Key Vault `network_acls`,
Service Bus and Event Hubs network rule sets, a Cosmos DB IP or VNet filter) accepts only the
networks it lists, and is not flagged; nor is an Azure SQL server whose firewall rules name
only some addresses (its firewall blocks everything else), unless a rule admits every
address or every Azure service (0.0.0.0).

A generic resource (`resources:`, a type archlint has no bespoke model for) is flagged only
when its `public_network_access` is stated `true` (archlint assumes no default for it) and its
firewall is not known to deny by default: no network rule set with `default_action = "Deny"`,
no IP allow list, not a database server whose firewall admits no network until a firewall rule
names one; and not an Azure Databricks workspace, whose back-end Private Link keeps the UI
public by design.

## Why is this bad?
A private endpoint adds a private path; it does not close the public one. With public access
on, the service still answers on its public endpoint from anywhere on the internet (subject
only to its keys or tokens), so the network isolation the endpoint was meant to give is not
there, and the seed's promise "all services use private endpoints" protects nothing.

## Example
```yaml
storage_accounts:
  - {id: st-eventstore, replication: GRS}          # public_network_access defaults to true
private_endpoints:
  - {id: pe-st-eventstore-blob, target: st-eventstore, subresource: blob, subnet: snet-pe}
```

## Use instead
```yaml
storage_accounts:
  - {id: st-eventstore, replication: GRS, public_network_access: false}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.generic import (
    FIREWALL_DENIES_BY_DEFAULT_SOURCES,
    PUBLIC_ACCESS_BY_DESIGN,
    PUBLIC_ACCESS_BY_DESIGN_SOURCE,
)
from archlint.model import Architecture, Component, Path
from archlint.model.base import AccessSettings
from archlint.model.generic import GenericResource
from archlint.rules.api import Violation, field_path, rule


@rule(
    "SEC003",
    name="public-access-with-private-endpoint",
    severity="high",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/private-link/private-endpoint-overview",
        "https://learn.microsoft.com/security/benchmark/azure/mcsb-network-security#ns-2-secure-cloud-native-services-with-network-controls",
        *FIREWALL_DENIES_BY_DEFAULT_SOURCES,
        PUBLIC_ACCESS_BY_DESIGN_SOURCE,
    ),
    mcsb=("NS-2",),
    pillars=("Security",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    reached: dict[str, list[str]] = {}
    for endpoint in arch.network.private_endpoints:
        reached.setdefault(endpoint.target, []).append(f"private endpoint '{endpoint.id}'")
    for front_door in arch.edge.front_doors:
        for group in front_door.origin_groups:
            for origin in group.origins:
                if origin.private_link:
                    reached.setdefault(origin.private_link.target, []).append(
                        f"{front_door.label()} Private Link origin '{origin.name}'"
                    )
    for target_id, through in reached.items():
        target = arch.get(target_id)
        if isinstance(target, GenericResource):
            if _generic_open(target):
                yield _violation(arch, target, through, _generic_rests_on(arch, target))
            continue
        if not isinstance(target, AccessSettings) or not target.admits_every_network():
            continue
        rests_on: tuple[Path, ...] = tuple(
            field_path(arch, target, name) for name in target.NETWORK_FIELDS
        )
        yield _violation(arch, target, through, rests_on)


def _generic_open(target: GenericResource) -> bool:
    """Stated open to every network, on a type where that beside a private endpoint is not
    a documented design (Databricks keeps its UI public with back-end Private Link)."""
    return (
        target.public_network_access is True
        and target.public_network_default_action != "Deny"
        and target.type not in PUBLIC_ACCESS_BY_DESIGN
    )


def _generic_rests_on(arch: Architecture, target: GenericResource) -> tuple[Path, ...]:
    """The firewall default, when the resource states one (else nothing is known of it)."""
    if target.public_network_default_action is None:
        return ()
    return (field_path(arch, target, "public_network_default_action"),)


def _violation(
    arch: Architecture, target: Component, through: list[str], rests_on: tuple[Path, ...]
) -> Violation:
    return Violation.on(
        arch,
        target,
        "public_network_access",
        message=f"{target.label()} is reached through {', '.join(through)} but still "
        "accepts traffic from public networks",
        depends_on=rests_on,
    )
