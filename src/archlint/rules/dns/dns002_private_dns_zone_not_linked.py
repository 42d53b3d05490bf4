"""Private DNS zone not linked to a VNet whose workloads resolve it.

## What it does
For every private DNS zone a private endpoint registers in, finds the VNets that must resolve
it: the VNet of the endpoint's subnet, and every VNet peered with it that hosts workloads (an
App Service Environment, apps' VNet integration subnets, VMs, Application Gateways). Each of
those VNets must have a link to the zone. One finding per zone lists the VNets it lacks.

## Why is this bad?
Azure's resolver (168.63.129.16) answers from a private zone only for VNets linked to it.
From an unlinked VNet the service name follows the public CNAME to the public address, so a
workload there either fails (public access disabled) or silently leaves the private network.
This is the classic hub-and-spoke outage: the endpoint lives in the hub, the zone is linked to
the hub, and the spoke's apps time out.

## Example
```yaml
private_dns_zones:
  - id: pdz-servicebus
    zone: privatelink.servicebus.windows.net
    vnet_links: [{vnet: vnet-hub}]        # the peered spoke with the apps is missing
peerings:
  - {id: hub-to-spoke, local: vnet-hub, remote: vnet-spoke}
```

## Use instead
```yaml
private_dns_zones:
  - id: pdz-servicebus
    zone: privatelink.servicebus.windows.net
    vnet_links: [{vnet: vnet-hub}, {vnet: vnet-spoke}]
```

## Notes
Peering is not transitive, so only direct peers of the endpoint's VNet count. VNets with
custom `dns_servers` resolve through those servers (a DNS forwarder or Private Resolver whose
own VNet needs the link); they are not required to be linked. When those servers are an Azure
Firewall's DNS proxy (the hub-spoke pattern: every DNS server is the private IP of one
firewall whose DNS proxy forwards to Azure DNS) or a DNS Private Resolver's inbound endpoint,
the firewall or resolver resolves from its own VNet: that VNet needs the link instead.
Each VNet is judged on its own: one whose DNS servers (or the firewall or resolver they name)
are known only at apply, such as a firewall's IP read through a data source, is left out of
the finding, and the zone's other gaps are still listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from archlint.analysis.dns import DnsIndex, link_targets
from archlint.analysis.egress import resolution
from archlint.analysis.network import Topology
from archlint.model import Architecture, Path
from archlint.model.network import PrivateDnsZone
from archlint.rules.api import Entry, Violation, rule


@rule(
    "DNS002",
    name="private-dns-zone-not-linked",
    severity="high",
    category="dns",
    references=(
        "https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links",
        "https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration",
    ),
    mcsb=("NS-10",),
    pillars=("Reliability",),
    aprl=("a2341513-2ab8-4aa1-b100-302e54640f18",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    topology = Topology.of(arch)
    index = DnsIndex.build(arch)
    vnets = {vnet.id: vnet for vnet in topology.vnets}
    for zone in arch.network.private_dns_zones:
        needs: dict[str, _Need] = {}  # VNet id -> why its link to the zone is needed
        for endpoint in index.endpoints_by_zone.get(zone.id, []):
            home = topology.vnet_of(endpoint.subnet)
            if home is None:
                continue
            for vnet_id in topology.resolving_vnets(home.id):
                found = resolution(arch, vnets[vnet_id])
                if found is None:
                    continue
                need = needs.setdefault(found.vnet.id, _Need())
                need.endpoints.append(endpoint.id)
                premises = need.by_source.setdefault(vnet_id, {})
                premises.update(dict.fromkeys(found.premises))
                premises.update(
                    dict.fromkeys(
                        arch.path_of(w) for w in topology.reached_because_of(vnet_id, home.id)
                    )
                )
        # Each VNet lacking the link is judged on its own: one whose DNS servers are known
        # only at apply is left out, and the others' gaps are still reported.
        entries = [
            Entry(f"{vnets[v].label()} (for {', '.join(need.endpoints)})", need.rests_on(v))
            for v, need in needs.items()
            if not index.is_linked(zone, v)
        ]
        if entries:
            yield Violation.listing(
                arch,
                zone,
                "vnet_links",
                entries=entries,
                compose=partial(_message, zone),
                depends_on=link_targets(arch, [zone]),
            )


@dataclass
class _Need:
    """Why a VNet needs a link to a zone: the endpoints resolved from it, and for each VNet
    whose workloads resolve through it (itself, or a VNet using its firewall or resolver),
    the model paths that resolution rests on (DNS servers, the workloads that bring it)."""

    endpoints: list[str] = field(default_factory=list)
    by_source: dict[str, dict[Path, None]] = field(default_factory=dict)

    def rests_on(self, vnet_id: str) -> tuple[Path, ...]:
        """What the need rests on: the VNet's own need when it has one (that alone makes
        the link needed), else the needs of every VNet resolving through it."""
        own = self.by_source.get(vnet_id)
        sources = [own] if own is not None else list(self.by_source.values())
        return tuple(dict.fromkeys(path for source in sources for path in source))


def _message(zone: PrivateDnsZone, listed: list[str]) -> str:
    return (
        f"{zone.label()} ({zone.zone}) is not linked to {' and '.join(listed)}: the names "
        "resolve to public addresses there"
    )
