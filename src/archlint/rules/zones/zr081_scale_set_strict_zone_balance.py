"""VM scale set forcing a strictly even spread over its zones.

## What it does
Flags a VM scale set spread over several zones with `zone_balance` (Azure's "force strictly
even balance across zones") on.

## Why is this bad?
With strict balance, Azure refuses a scale-out or scale-in that would leave the zones
uneven: when one zone is short of capacity or unavailable, which is exactly when the other
zones must take more instances, scaling fails. APRL (b5a63aa0) advises turning strict balance
off: best-effort balance still spreads instances evenly and lets scaling go on unevenly when
it must.

## Example
```yaml
compute:
  vm_scale_sets:
    - {id: vmss-web, sku: Standard_D2s_v5, instances: 3, subnet: snet-app, zones: [1, 2, 3],
       zone_balance: true}
```

## Use instead
```yaml
compute:
  vm_scale_sets:
    - {id: vmss-web, sku: Standard_D2s_v5, instances: 3, subnet: snet-app, zones: [1, 2, 3]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import VmScaleSet
from archlint.rules.api import Violation, rule


@rule(
    "ZR081",
    name="scale-set-strict-zone-balance",
    severity="low",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-use-availability-zones",
        "https://learn.microsoft.com/azure/virtual-machine-scale-sets/virtual-machine-scale-sets-scale-in-policy",
    ),
    pillars=("Reliability",),
    aprl=("b5a63aa0-c58e-244f-b8a6-cbba0560a6db",),
    requires=("compute.vm_scale_sets",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for scale_set in arch.index.of_kind("vm_scale_set"):
        assert isinstance(scale_set, VmScaleSet)
        if scale_set.zone_balance and len(scale_set.zones) > 1:
            yield Violation.on(
                arch,
                scale_set,
                "zone_balance",
                message=f"{scale_set.label()} forces a strictly even spread over zones "
                f"{scale_set.zones}: scaling fails while one zone cannot take its share; "
                "turn zone_balance off (best-effort balance still spreads instances)",
            )
