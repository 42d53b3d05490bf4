"""Subnet lies outside its VNet's address space.

## What it does
Checks that every subnet's CIDR lies entirely inside one of its VNet's address spaces.

## Why is this bad?
Azure rejects a subnet whose prefix is not contained in the VNet's address space, so the
deployment fails; when the spec was imported from a running system it means the spec and the
VNet disagree. A subnet that straddles two address spaces is rejected too.

## Example
```yaml
vnets:
  - id: vnet-main
    address_space: [10.0.0.0/16]
    subnets:
      - {id: snet-appgw, cidr: 10.1.6.0/24, purpose: application_gateway}
```

## Use instead
```yaml
vnets:
  - id: vnet-main
    address_space: [10.0.0.0/16]
    subnets:
      - {id: snet-appgw, cidr: 10.0.6.0/24, purpose: application_gateway}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.analysis.cidr import contained_in_any
from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "NET002",
    name="subnet-outside-vnet",
    severity="high",
    category="network",
    references=("https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet",),
    mcsb=("NS-1",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for vnet in arch.network.vnets:
        spaces = ", ".join(str(space) for space in vnet.address_space)
        for subnet in vnet.subnets:
            if not contained_in_any(subnet.cidr, vnet.address_space):
                yield Violation.on(
                    arch,
                    subnet,
                    "cidr",
                    message=f"{subnet.label()} ({subnet.cidr}) is not inside the address "
                    f"space of {vnet.label()} ({spaces})",
                )
