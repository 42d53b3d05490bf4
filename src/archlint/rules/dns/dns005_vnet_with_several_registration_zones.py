"""VNet with auto-registration enabled in more than one private DNS zone.

## What it does
Counts, for every VNet, the private DNS zones whose link to it has
`registration_enabled: true`, and flags each link beyond the first.

## Why is this bad?
Azure allows exactly one registration zone per virtual network
(`archlint.azure.facts.PRIVATE_DNS_REGISTRATION_ZONES_PER_VNET`): the second link with
auto-registration is refused and the deployment fails half-way. Auto-registration on a
`privatelink.*` zone is also a sign of confusion: VM host names do not belong there.

## Example
```yaml
private_dns_zones:
  - {id: pdz-corp, zone: corp.internal,
     vnet_links: [{vnet: vnet-main, registration_enabled: true}]}
  - {id: pdz-blob, zone: privatelink.blob.core.windows.net,
     vnet_links: [{vnet: vnet-main, registration_enabled: true}]}
```

## Use instead
```yaml
private_dns_zones:
  - {id: pdz-corp, zone: corp.internal,
     vnet_links: [{vnet: vnet-main, registration_enabled: true}]}
  - {id: pdz-blob, zone: privatelink.blob.core.windows.net,
     vnet_links: [{vnet: vnet-main}]}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from archlint.azure.facts import PRIVATE_DNS_REGISTRATION_ZONES_PER_VNET
from archlint.model import Architecture
from archlint.model.network import PrivateDnsZone
from archlint.rules.api import Entry, Violation, field_path, rule


@rule(
    "DNS005",
    name="vnet-with-several-registration-zones",
    severity="high",
    category="dns",
    references=("https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links",),
    pillars=("Reliability", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    limit = int(PRIVATE_DNS_REGISTRATION_ZONES_PER_VNET.value)
    registering: dict[str, list[Entry]] = {}  # VNet id -> the zones registering it so far
    for zone in arch.network.private_dns_zones:
        for position, link in enumerate(zone.vnet_links):
            if not link.registration_enabled:
                continue
            earlier = registering.setdefault(link.vnet, [])
            if len(earlier) >= limit:
                # Any ``limit`` of the earlier zones make this link one too many: each is
                # judged on its own, so one whose links are unknown silences none.
                yield Violation.listing(
                    arch,
                    zone,
                    "vnet_links",
                    position,
                    "registration_enabled",
                    entries=earlier,
                    compose=partial(_message, zone, link.vnet, limit),
                    depends_on=(field_path(arch, zone, "vnet_links", position, "vnet"),),
                    at_least=limit,
                )
            # Two links whose VNets are unknown until apply are not known to name one VNet.
            at = field_path(arch, zone, "vnet_links", position)
            entry = Entry(
                f"'{zone.id}' ({zone.zone})", ((*at, "vnet"), (*at, "registration_enabled"))
            )
            earlier.append(entry)


def _message(zone: PrivateDnsZone, vnet_id: str, limit: int, earlier: list[str]) -> str:
    return (
        f"{zone.label()} ({zone.zone}) enables auto-registration for VNet '{vnet_id}', which "
        f"already registers in {', '.join(earlier)}; Azure allows {limit} registration zone "
        "per VNet"
    )
