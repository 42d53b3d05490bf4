"""Zone-redundant load balancer whose backend VMs all run in one zone.

## What it does
In a production architecture in a region with availability zones, flags a backend pool of a
Standard load balancer with a zone-redundant frontend when every VM in the pool (named by its
network interface's pool association) is pinned to the same single zone.

## Why is this bad?
A zone-redundant frontend survives the loss of a zone so that it can send traffic to the
backend pool members in the zones that remain. When every member runs in one zone, losing
that zone leaves the frontend up with nothing healthy behind it: the load balancer's zone
redundancy buys nothing. Learn's guidance is to spread the backend instances across zones.

## Example
```yaml
virtual_machines:
  - {id: vm-web1, zones: [1], load_balancer_pools: [{load_balancer: lbi-web, pool: web}], ...}
  - {id: vm-web2, zones: [1], load_balancer_pools: [{load_balancer: lbi-web, pool: web}], ...}
```

## Use instead
```yaml
virtual_machines:
  - {id: vm-web1, zones: [1], load_balancer_pools: [{load_balancer: lbi-web, pool: web}], ...}
  - {id: vm-web2, zones: [2], load_balancer_pools: [{load_balancer: lbi-web, pool: web}], ...}
```

## Notes
Judged only when the frontend is zone redundant (an internal frontend in two or more zones, or
a public frontend whose public IP is) and every member VM names its zone: a VM without a zone
is ZR061's, a frontend pinned to one zone ZR032's (or ZR008's for its public IP). Scale sets
and members added by IP address are not read as pool members.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.compute import VirtualMachine
from archlint.model.egress import LbFrontend
from archlint.model.network import PublicIp
from archlint.rules.api import Violation, field_path, rule
from archlint.rules.zones.helpers import expects_zones, region_of


@rule(
    "ZR042",
    name="load-balancer-backends-in-one-zone",
    severity="medium",
    category="zones",
    references=(
        "https://learn.microsoft.com/azure/load-balancer/load-balancer-standard-availability-zones",
        "https://learn.microsoft.com/azure/reliability/reliability-load-balancer",
    ),
    requires=("network.load_balancers",),
    pillars=("Reliability",),
    environments=("production",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    members: dict[tuple[str, str], list[VirtualMachine]] = {}
    for vm in arch.index.of_kind("virtual_machine"):
        assert isinstance(vm, VirtualMachine)
        for member in vm.load_balancer_pools:
            members.setdefault((member.load_balancer, member.pool), []).append(vm)
    for balancer in arch.network.load_balancers:
        region = region_of(arch, balancer)
        if balancer.sku != "Standard" or not expects_zones(arch, region):
            continue
        redundant = [
            position
            for position, frontend in enumerate(balancer.frontends)
            if _zone_redundant(arch, frontend)
        ]
        if not redundant:
            continue
        for position, pool in enumerate(balancer.backend_pools):
            vms = members.get((balancer.id, pool), [])
            zones = {tuple(vm.zones) for vm in vms}
            if not vms or len(zones) != 1 or len(vms[0].zones) != 1:
                continue
            names = ", ".join(f"'{vm.id}'" for vm in vms)
            yield Violation.on(
                arch,
                balancer,
                "backend_pools",
                position,
                message=f"{balancer.label()} has a zone-redundant frontend, but every VM in "
                f"backend pool '{pool}' ({names}) runs in zone {vms[0].zones[0]}: losing that "
                "zone leaves the frontend with no backend",
                depends_on=tuple(
                    path
                    for vm in vms
                    for path in (
                        field_path(arch, vm, "zones"),
                        field_path(arch, vm, "load_balancer_pools"),
                    )
                )
                + tuple(field_path(arch, balancer, "frontends", p, "zones") for p in redundant),
            )


def _zone_redundant(arch: Architecture, frontend: LbFrontend) -> bool:
    if frontend.public_ip:
        public_ip = arch.get(frontend.public_ip)
        return isinstance(public_ip, PublicIp) and len(public_ip.zones) >= 2
    return frontend.subnet is not None and len(frontend.zones) >= 2
