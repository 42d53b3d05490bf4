"""A VM's data disks and what ties its network interface to load balancers and Application
Gateways, read once for both generators: the host caching of each data disk, the backend pools
and inbound NAT rules it names that exist, the gateway pools that name it as a target, and a
sentence for each name its load balancer does not have (written as a comment or note, never
dropped in silence). Kept free of any output syntax."""

from __future__ import annotations

from dataclasses import dataclass, field

from archlint.model import Architecture
from archlint.model.compute import VirtualMachine
from archlint.model.disks import ManagedDisk
from archlint.model.edge import ApplicationGateway
from archlint.model.egress import LoadBalancer

__all__ = ["VmLinks", "data_disk_caching", "vm_links"]

#: Premium SSD v2 and Ultra Disk support no host caching (Learn, disks-types).
_NO_CACHING = ("PremiumV2_LRS", "UltraSSD_LRS")


def data_disk_caching(disk: object) -> str:
    """Host caching of an attached data disk: read-only, or none where the type has none."""
    return "None" if isinstance(disk, ManagedDisk) and disk.sku in _NO_CACHING else "ReadOnly"


@dataclass
class VmLinks:
    pools: list[tuple[LoadBalancer, str]] = field(default_factory=list)
    nat_rules: list[tuple[LoadBalancer, str]] = field(default_factory=list)
    gateway_pools: list[tuple[ApplicationGateway, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def vm_links(arch: Architecture, vm: VirtualMachine) -> VmLinks:
    links = VmLinks()
    named = [(m.load_balancer, m.pool, "backend pool", links.pools) for m in vm.load_balancer_pools]
    named += [
        (m.load_balancer, m.rule, "inbound NAT rule", links.nat_rules)
        for m in vm.load_balancer_nat_rules
    ]
    for balancer_id, name, what, found in named:
        balancer = arch.get(balancer_id)
        if isinstance(balancer, LoadBalancer) and name in _names(balancer, what):
            found.append((balancer, name))
        else:
            links.missing.append(
                f"{vm.label()}: load balancer '{balancer_id}' has no {what} '{name}'; "
                "not written on its network interface"
            )
    links.gateway_pools = [
        (gateway, pool.name)
        for gateway in arch.edge.application_gateways
        for pool in gateway.backend_pools
        if vm.id in pool.targets
    ]
    return links


def _names(balancer: LoadBalancer, what: str) -> list[str]:
    if what == "backend pool":
        return balancer.backend_pools
    return [rule.name for rule in balancer.nat_rules]
