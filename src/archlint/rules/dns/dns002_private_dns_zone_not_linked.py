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
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.dns import DnsIndex
from archlint.analysis.egress import resolving_vnet
from archlint.analysis.network import Topology
from archlint.model import Architecture
from archlint.model.network import VirtualNetwork
from archlint.rules.api import Violation, field_path, rule


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
    topology = Topology.build(arch)
    index = DnsIndex.build(arch)
    vnets = {vnet.id: vnet for vnet in topology.vnets}
    for zone in arch.network.private_dns_zones:
        needed: dict[str, list[str]] = {}  # VNet id -> endpoints resolved from it
        because: dict[str, set[str]] = {}  # VNet id -> the workloads that put it there
        for endpoint in index.endpoints_by_zone.get(zone.id, []):
            home = topology.vnet_of(endpoint.subnet)
            if home is None:
                continue
            for vnet_id in topology.resolving_vnets(home.id):
                resolver = _resolver(arch, vnets[vnet_id])
                if resolver is not None:
                    needed.setdefault(resolver, []).append(endpoint.id)
                    because.setdefault(resolver, set()).update(
                        topology.reached_because_of(vnet_id, home.id)
                    )
        missing = [v for v in needed if not index.is_linked(zone, v)]
        if missing:
            listed = " and ".join(
                f"{vnets[v].label()} (for {', '.join(needed[v])})" for v in missing
            )
            yield Violation.on(
                arch,
                zone,
                "vnet_links",
                message=f"{zone.label()} ({zone.zone}) is not linked to {listed}: the "
                "names resolve to public addresses there",
                # A VNet whose DNS servers an importer could not read may use custom ones.
                depends_on=(
                    *(field_path(arch, vnets[v], "dns_servers") for v in missing),
                    *(arch.path_of(w) for v in missing for w in sorted(because[v])),
                ),
            )


def _resolver(arch: Architecture, vnet: VirtualNetwork) -> str | None:
    """The VNet whose link to a zone ``vnet``'s workloads need: ``vnet`` itself on Azure
    DNS, the VNet of the Azure Firewall DNS proxy or DNS Private Resolver it uses, None behind
    other servers."""
    if not vnet.dns_servers:
        return vnet.id
    via = resolving_vnet(arch, vnet)
    return via.id if via is not None else None
