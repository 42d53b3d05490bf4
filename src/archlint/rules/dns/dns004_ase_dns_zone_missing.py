"""Internal App Service Environment without its private DNS zone linked.

## What it does
An ILB App Service Environment v3 named `X` serves its apps as `app.X.appserviceenvironment.net`,
and nothing publishes those names: a private DNS zone `X.appserviceenvironment.net`
(`archlint.azure.facts.ase_v3_private_dns_zone`) with `*`, `*.scm` and `@` records pointing at
the ASE's inbound address must exist and be linked to the ASE's VNet and to every peered VNet
whose workloads call the apps. The rule checks the zone exists under the ASE's Azure name
(`name`, or the `id`) and is linked where needed.

## Why is this bad?
Without the zone, the apps cannot be resolved at all: the Application Gateway's backend
pool, Front Door's private link origin and the apps calling each other all fail with name
resolution errors, although every component is healthy. A zone named after the spec id
instead of the Azure name resolves nothing.

## Example
```yaml
app_service_environments:
  - {id: ase-main, name: ase-myapp-prod, subnet: snet-ase, internal_load_balancing: true}
private_dns_zones:
  - {id: pdz-ase, zone: ase-main.appserviceenvironment.net, vnet_links: [{vnet: vnet-main}]}
```

## Use instead
```yaml
private_dns_zones:
  - {id: pdz-ase, zone: ase-myapp-prod.appserviceenvironment.net,
     vnet_links: [{vnet: vnet-main}]}
```

## Notes
VNets with custom `dns_servers` resolve through those servers and are not required to be
linked; one whose servers are known only at apply is left out of the finding, and the other
VNets lacking the link are still listed. External (internet-facing) App Service Environments
use public DNS and are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from archlint.analysis.dns import DnsIndex, link_targets
from archlint.analysis.network import Topology
from archlint.azure.facts import ASE_V3_DNS_ZONE_SUFFIX, ase_v3_private_dns_zone
from archlint.model import Architecture
from archlint.model.compute import AppServiceEnvironment
from archlint.model.network import PrivateDnsZone
from archlint.rules.api import Entry, Violation, field_path, rule


@rule(
    "DNS004",
    name="ase-dns-zone-missing",
    severity="high",
    category="dns",
    references=(
        "https://learn.microsoft.com/azure/app-service/environment/networking",
        "https://learn.microsoft.com/azure/app-service/environment/creation",
    ),
    mcsb=("NS-10",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    topology = Topology.of(arch)
    index = DnsIndex.build(arch)
    suffix = "." + ASE_V3_DNS_ZONE_SUFFIX.value
    ase_zones = [z for z in arch.network.private_dns_zones if z.zone.lower().endswith(suffix)]
    vnets = {vnet.id: vnet for vnet in topology.vnets}
    for ase in arch.index.of_kind("app_service_environment"):
        assert isinstance(ase, AppServiceEnvironment)
        if not ase.internal_load_balancing:
            continue
        expected = ase_v3_private_dns_zone(ase.resource_name)
        zones = index.zones_named(expected)
        if not zones:
            others = ", ".join(f"{z.zone} ('{z.id}')" for z in ase_zones[:3])
            others += ", ..." if len(ase_zones) > 3 else ""
            hint = f"; the zones present are {others}" if others else ""
            yield Violation.on(
                arch,
                ase,
                "internal_load_balancing",
                message=f"{ase.label()} is internal but there is no private DNS zone "
                f"{expected}: its apps cannot be resolved{hint}",
            )
            continue
        home = topology.vnet_of(ase.subnet)
        if home is None:
            continue
        entries = [
            Entry(
                vnet.label(),
                (
                    field_path(arch, vnet, "dns_servers"),
                    *(arch.path_of(w) for w in topology.reached_because_of(vnet.id, home.id)),
                ),
            )
            for vnet in (vnets[v] for v in topology.resolving_vnets(home.id))
            if not vnet.dns_servers and not any(index.is_linked(z, vnet.id) for z in zones)
        ]
        if entries:  # each VNet judged on its own: one whose DNS servers are unknown is left out
            yield Violation.listing(
                arch,
                zones[0],
                "vnet_links",
                entries=entries,
                compose=partial(_message, zones[0], expected, ase),
                depends_on=(
                    field_path(arch, ase, "internal_load_balancing"),
                    *link_targets(arch, zones),
                ),
            )


def _message(
    zone: PrivateDnsZone, expected: str, ase: AppServiceEnvironment, listed: list[str]
) -> str:
    return (
        f"{zone.label()} ({expected}) of {ase.label()} is not linked to {', '.join(listed)}: "
        "the ASE's apps cannot be resolved there"
    )
