"""Zonal NAT gateway with a public IP or prefix pinned to another zone.

## What it does
Flags each public IP and public IP prefix of a NAT gateway in one availability zone when the
address or prefix is itself pinned to one zone, a different one.

## Why is this bad?
A NAT gateway placed in a zone can use public IPs or prefixes from the same zone or
zone-redundant ones; addresses from a different zone aren't allowed. The association fails, and
the subnets behind the gateway have no outbound addresses as designed. Microsoft Learn's zonal
stack for zone isolation is a NAT gateway, its public IPs or prefix and the workloads all in the
same zone.

## Example
```yaml
network:
  nat_gateways:
    - {id: ng-zone1, region: westeurope, zones: [1], public_ip_prefixes: [ippre-zone2]}
  public_ip_prefixes:
    - {id: ippre-zone2, region: westeurope, zones: [2]}
```

## Use instead
```yaml
  public_ip_prefixes:
    - {id: ippre-zone1, region: westeurope, zones: [1]}
```

## Notes
An address or prefix that lists several zones (zone-redundant) is accepted. One that lists no
zone is not judged: Learn refuses "no zone" addresses on a zonal NAT gateway, but a Standard
public IP that states no zone is zone-redundant by default in regions with zones, and what a
configuration that states none gets depends on the region and on when it was created. A NAT
gateway with no zone (Azure picks one) or several (StandardV2) takes addresses from any zone.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.addresses import PublicIpPrefix
from archlint.model.network import PublicIp
from archlint.rules.api import Violation, field_path, rule


@rule(
    "ZR034",
    name="nat-gateway-address-in-another-zone",
    severity="high",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/nat-gateway/nat-availability-zones#zonal",
        "https://learn.microsoft.com/azure/nat-gateway/nat-availability-zones#design-considerations",
    ),
    requires=("network.nat_gateways",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for gateway in arch.network.nat_gateways:
        if len(gateway.zones) != 1:
            continue
        (zone,) = gateway.zones
        for field, targets in (
            ("public_ips", gateway.public_ips),
            ("public_ip_prefixes", gateway.public_ip_prefixes),
        ):
            for position, target in enumerate(targets):
                address = arch.get(target)
                if not isinstance(address, PublicIp | PublicIpPrefix):
                    continue
                if len(address.zones) == 1 and address.zones[0] != zone:
                    yield Violation.on(
                        arch,
                        gateway,
                        field,
                        position,
                        message=f"{gateway.label()} is in zone {zone} but uses "
                        f"{address.label()} in zone {address.zones[0]}: a zonal NAT gateway "
                        "takes addresses from its own zone or zone-redundant ones only",
                        depends_on=(
                            field_path(arch, gateway, "zones"),
                            field_path(arch, address, "zones"),
                        ),
                    )
