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

from archlint.model import Architecture, Path
from archlint.model.base import AccessSettings
from archlint.rules.api import Violation, field_path, rule


@rule(
    "SEC003",
    name="public-access-with-private-endpoint",
    severity="high",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/private-link/private-endpoint-overview",
        "https://learn.microsoft.com/security/benchmark/azure/mcsb-network-security#ns-2-secure-cloud-native-services-with-network-controls",
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
        if not isinstance(target, AccessSettings) or not target.admits_every_network():
            continue
        rests_on: tuple[Path, ...] = tuple(
            field_path(arch, target, name) for name in target.NETWORK_FIELDS
        )
        yield Violation.on(
            arch,
            target,
            "public_network_access",
            message=f"{target.label()} is reached through {', '.join(through)} but still "
            "accepts traffic from public networks",
            depends_on=rests_on,
        )
