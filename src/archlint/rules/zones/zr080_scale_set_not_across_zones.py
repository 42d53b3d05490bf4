"""VM scale set not spread across availability zones in a region that has them.

## What it does
In a production architecture in a region with availability zones, flags a VM scale set
(Uniform or Flexible) that lists no zone or only one.

## Why is this bad?
A scale set without zones is regional: Azure spreads its instances over fault domains of one
datacenter, so a datacenter failure can take every instance. A scale set pinned to one zone
fails with that zone. Spread across two or more zones, the instances survive the loss of one
zone; APRL (1422c567) asks for scale sets deployed across availability zones. Zones are set
when the scale set is created: adding them later means a new scale set.

## Example
```yaml
compute:
  vm_scale_sets:
    - {id: vmss-web, sku: Standard_D2s_v5, instances: 3, subnet: snet-app}
```

## Use instead
```yaml
compute:
  vm_scale_sets:
    - {id: vmss-web, sku: Standard_D2s_v5, instances: 3, subnet: snet-app, zones: [1, 2, 3]}
```

## Notes
Single VMs are ZR061's. A zone list Terraform knows only at apply time is not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import VmScaleSet
from archlint.rules.api import Violation, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR080",
    name="scale-set-not-across-zones",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-use-availability-zones",
        "https://learn.microsoft.com/azure/reliability/reliability-virtual-machine-scale-sets",
    ),
    pillars=("Reliability",),
    aprl=("1422c567-782c-7148-ac7c-5fc14cf45adc",),
    environments=("production",),
    requires=("compute.vm_scale_sets",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for scale_set in arch.index.of_kind("vm_scale_set"):
        assert isinstance(scale_set, VmScaleSet)
        region = region_of(arch, scale_set)
        if len(scale_set.zones) > 1 or not expects_zones(arch, region):
            continue
        where = f"is pinned to zone {scale_set.zones[0]}" if scale_set.zones else "lists no zones"
        yield Violation.on(
            arch,
            scale_set,
            "zones",
            message=f"{scale_set.label()} in {region} {where}: one zone or datacenter failure "
            "can take every instance; spread it across zones",
        )
