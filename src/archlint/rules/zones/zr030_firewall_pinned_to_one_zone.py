"""Azure Firewall pinned to one availability zone.

## What it does
In a production architecture in a region with availability zones, flags an Azure Firewall
that lists exactly one zone.

## Why is this bad?
Every instance of a zonal firewall runs in that zone, and it scales out there too. When the
zone fails, all traffic routed through the firewall (spoke egress, spoke-to-spoke, on-premises)
stops, and with it every workload behind a `0.0.0.0/0` route to it. Azure migrates firewalls
without zones to zone redundancy, but leaves firewalls explicitly placed in one zone where
they are; the 99.99% SLA needs two zones or more.

## Example
```yaml
firewalls:
  - {id: afw-hub, region: westeurope, subnet: snet-firewall, zones: [1]}
```

## Use instead
```yaml
firewalls:
  - {id: afw-hub, region: westeurope, subnet: snet-firewall, zones: [1, 2, 3]}
```

## Notes
A firewall that lists no zones is not flagged: in regions with availability zones Azure
deploys (or migrates) it zone redundant. Its public IPs must be zone redundant too (ZR
rules on public IPs judge those).
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, pinned_to_one_zone, region_of


@rule(
    "ZR030",
    name="firewall-pinned-to-one-zone",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/firewall/deploy-availability-zone-powershell",
        "https://learn.microsoft.com/azure/reliability/reliability-firewall",
    ),
    requires=("network.firewalls",),
    pillars=("Reliability",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for firewall in arch.network.firewalls:
        region = region_of(arch, firewall)
        if expects_zones(arch, region) and (
            pinned := pinned_to_one_zone(arch, firewall, firewall.zones, region)
        ):
            yield pinned
