"""Azure Bastion not spread across availability zones where it can be.

## What it does
In a production architecture, flags an Azure Bastion host (Basic, Standard or Premium SKU)
in a region where Bastion offers zone redundancy that lists no zones, or one zone.

## Why is this bad?
Bastion is the operators' way in to the private network. A Bastion host without zones
lives wherever Azure placed it, and a zonal one in a single zone: when that zone fails, the
team loses remote access exactly when it needs to diagnose and recover. Microsoft Learn's
reliability guide for Bastion recommends zone redundancy for production deployments in
supported regions, and APRL lists it (c9b0c6f6). Unlike Application Gateway or public IPs,
Bastion does not become zone-redundant by itself: its zones are chosen when it is
created.

## Example
```yaml
edge:
  bastions:
    - {id: bas-main, sku: Standard, subnet: snet-bastion, public_ip: pip-bastion}
```

## Use instead
```yaml
edge:
  bastions:
    - {id: bas-main, sku: Standard, subnet: snet-bastion, public_ip: pip-bastion,
       zones: [1, 2, 3]}
```

## In the seed
`bas-main` (Standard, East US 2, a region in Learn's list) names no zones, while its
public IP `pip-bastion` is zone-redundant. Reported: the host itself is not.

## Notes
The Developer SKU (shared infrastructure, no zone support) is not judged. The regions are
Learn's list for zone-redundant Bastion (`BASTION_ZONE_REGIONS`); elsewhere nothing is
reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.edge import Bastion
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import region_of

#: Regions where Azure Bastion can be zone-redundant (Microsoft Learn, "Reliability in Azure
#: Bastion", https://learn.microsoft.com/azure/reliability/reliability-bastion).
BASTION_ZONE_REGIONS = frozenset(
    {
        "eastus",
        "eastus2",
        "centralus",
        "westus2",
        "australiaeast",
        "qatarcentral",
        "southafricanorth",
        "westeurope",
        "northeurope",
        "swedencentral",
        "uksouth",
        "canadacentral",
        "koreacentral",
        "southeastasia",
    }
)


@rule(
    "ZR060",
    name="bastion-not-zone-redundant",
    severity="medium",
    category="zones",
    references=("https://learn.microsoft.com/azure/reliability/reliability-bastion",),
    pillars=("Reliability",),
    aprl=("c9b0c6f6-1f64-4b4b-8165-00770b295dd7",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for bastion in arch.index.of_kind("bastion"):
        assert isinstance(bastion, Bastion)
        region = region_of(arch, bastion)
        if bastion.sku == "Developer" or region not in BASTION_ZONE_REGIONS:
            continue
        if len(bastion.zones) < 2:
            placed = f"pinned to zone {bastion.zones[0]}" if bastion.zones else "in no zone"
            yield Violation.on(
                arch,
                bastion,
                "zones",
                message=f"{bastion.label()} in {region} is {placed}: a zone outage takes "
                "away the operators' access; list zones [1, 2, 3] when creating it",
            )
