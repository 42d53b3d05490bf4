"""Private endpoint not registered in the private DNS zone its service needs.

## What it does
For every private endpoint, looks up the private DNS zone Azure documents for its target's
service and sub-resource (`archlint.azure.facts.private_dns_zone_for`, e.g.
`privatelink.servicebus.windows.net` for a Service Bus `namespace`,
`privatelink.documents.azure.com` for Cosmos DB `Sql`, the Enterprise zone for Redis
Enterprise) and checks the endpoint's `dns_zone_group` registers it there. It also flags a
sub-resource (group ID) the service does not have, such as `blob` for a Key Vault (a group ID
in another case, `SQL` for Cosmos DB's `Sql`, is the same group ID: Azure accepts it).

## Why is this bad?
Clients keep using the service's public name (`sb-main.servicebus.windows.net`). Azure's
public DNS answers with a CNAME into the `privatelink` zone; only if that zone holds the
endpoint's A record does the name resolve to the private IP. Without the zone group (or with
the record in the wrong zone) the name resolves to the public address, and with public
network access disabled every call fails: the private endpoint exists and nothing uses it.

## Example
```yaml
private_endpoints:
  - {id: pe-eventhubs, target: evhns-main, subresource: namespace,
     subnet: snet-private-endpoints}          # no dns_zone_group
  - {id: pe-cosmos, target: cosmos-main, subresource: Sql,
     subnet: snet-private-endpoints, dns_zone_group: [pdz-blob]}
```

## Use instead
```yaml
private_endpoints:
  - {id: pe-eventhubs, target: evhns-main, subresource: namespace,
     subnet: snet-private-endpoints, dns_zone_group: [pdz-servicebus]}
  - {id: pe-cosmos, target: cosmos-main, subresource: Sql,
     subnet: snet-private-endpoints, dns_zone_group: [pdz-cosmos]}
```

## Notes
A generic resource (`resources:`) is judged by its azurerm type and sub-resource from the same
Learn page (`archlint.azure.generic.PRIVATE_LINK_ZONES`); where Learn lists several zones for
one sub-resource, registering in any of them passes. Targets whose service archlint has no DNS
facts for, and sub-resources that table does not list, are not judged. When a VNet resolves
through custom DNS servers that hold the records themselves, suppress the finding with that
reason.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.dns import expected_zone, known_subresources
from archlint.azure.generic import PRIVATE_LINK_ZONES_SOURCE, private_link_zones
from archlint.model import Architecture
from archlint.model.generic import GenericResource
from archlint.model.network import PrivateDnsZone, PrivateEndpoint
from archlint.rules.api import Violation, rule


@rule(
    "DNS001",
    name="private-endpoint-dns-zone-missing",
    severity="high",
    category="dns",
    references=(
        "https://learn.microsoft.com/azure/private-link/private-endpoint-dns",
        "https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration",
        PRIVATE_LINK_ZONES_SOURCE,
    ),
    mcsb=("NS-2", "NS-10"),
    pillars=("Reliability", "Security"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for endpoint in arch.network.private_endpoints:
        problem = _problem(arch, endpoint)
        if problem:
            field, message = problem
            yield Violation.on(arch, endpoint, field, message=f"{endpoint.label()} {message}")


def _problem(arch: Architecture, endpoint: PrivateEndpoint) -> tuple[str, str] | None:
    target = arch.get(endpoint.target)
    if target is None:
        return None
    what = f"{target.label()} sub-resource '{endpoint.subresource}'"
    if isinstance(target, GenericResource):
        # Judged only where the zone table knows its type and sub-resource (an unlisted
        # sub-resource is not called wrong: the table is not every group ID).
        zones = private_link_zones(target.type, endpoint.subresource)
        return _zone_group_problem(arch, endpoint, what, zones) if zones else None
    known = known_subresources(target.kind)
    # Azure accepts a group ID in any case (Azure Verified Modules deploy Cosmos DB's
    # 'Sql' as "SQL"): the documented spelling decides the zone, the case is no defect.
    spelled = next((k for k in known if k.lower() == endpoint.subresource.lower()), None)
    expected = expected_zone(target, spelled or endpoint.subresource)
    if expected is None:
        if not known:
            return None
        return (
            "subresource",
            f"targets {what}, which is not a private-link sub-resource of that service "
            f"(known: {', '.join(known)})",
        )
    return _zone_group_problem(arch, endpoint, what, (expected,))


def _zone_group_problem(
    arch: Architecture, endpoint: PrivateEndpoint, what: str, expected: tuple[str, ...]
) -> tuple[str, str] | None:
    """The endpoint registers in none of the ``expected`` zones (any one of them will do)."""
    named = " or ".join(expected)
    zones = [z for z in map(arch.get, endpoint.dns_zone_group) if isinstance(z, PrivateDnsZone)]
    if not zones:
        return (
            "dns_zone_group",
            f"registers in no private DNS zone; {what} resolves privately only through "
            f"a zone named {named}",
        )
    if not {name.lower() for name in expected} & {z.zone.lower().rstrip(".") for z in zones}:
        registered = ", ".join(f"'{z.id}' ({z.zone})" for z in zones)
        return (
            "dns_zone_group",
            f"registers in {registered}, but {what} needs a zone named {named}",
        )
    return None
