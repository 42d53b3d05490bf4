"""Managed data disks (``Microsoft.Compute/disks``) and the parts of a VM that name them or the
backend pools its network interface is in, in the compute layer."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import enabled, sub_ref
from archlint.generators.bicep.writer import BExpr, BValue, quote
from archlint.model.compute import VirtualMachine
from archlint.model.disks import ManagedDisk
from archlint.model.egress import LoadBalancer

LAYER = "compute"
#: Premium SSD v2 and Ultra Disk support no host caching (Learn, disks-types).
_NO_CACHING = ("PremiumV2_LRS", "UltraSSD_LRS")


def managed_disks(b: Bicep) -> None:
    for disk in b.architecture.compute.managed_disks:
        b.add(
            LAYER,
            "Microsoft.Compute/disks",
            b.symbols[disk.id],
            disk.resource_name,
            {
                "location": b.location(disk.region),
                "tags": b.tags(disk),
                "sku": {"name": disk.sku},
                "zones": [str(zone) for zone in disk.zones] or None,
                "properties": {
                    "creationData": {"createOption": "Empty"},
                    "diskSizeGB": disk.size_gb,
                    "publicNetworkAccess": enabled(disk.public_network_access),
                    "networkAccessPolicy": disk.network_access_policy,
                    "encryption": {
                        "type": "EncryptionAtRestWithCustomerKey",
                        "diskEncryptionSet": sub_ref(b, disk.disk_encryption_set),
                    }
                    if disk.disk_encryption_set
                    else None,
                },
            },
        )


def data_disks(b: Bicep, vm: VirtualMachine) -> list[BValue] | None:
    """``storageProfile.dataDisks``: each attached disk at the LUN of its position."""
    attached: list[BValue] = []
    for lun, disk_id in enumerate(vm.data_disks):
        disk = b.component(disk_id)
        no_caching = isinstance(disk, ManagedDisk) and disk.sku in _NO_CACHING
        attached.append(
            {
                "lun": lun,
                "createOption": "Attach",
                "caching": "None" if no_caching else "ReadOnly",
                "managedDisk": sub_ref(b, disk_id),
            }
        )
    return attached or None


def child_id(parent_type: str, parent_name: str, kind: str, name: str) -> BExpr:
    """``resourceId(...)`` of a named part of a resource (a load balancer's backend pool)."""
    return BExpr(f"resourceId('{parent_type}/{kind}', {quote(parent_name)}, {quote(name)})")


def load_balancer_pools(b: Bicep, vm: VirtualMachine) -> list[BValue] | None:
    """The network interface's ``loadBalancerBackendAddressPools`` (pools the load balancer
    has; a name it does not have is said in a note)."""
    pools: list[BValue] = []
    for membership in vm.load_balancer_pools:
        balancer = b.component(membership.load_balancer)
        if not isinstance(balancer, LoadBalancer) or membership.pool not in balancer.backend_pools:
            b.note(
                LAYER,
                f"{vm.label()}: load balancer '{membership.load_balancer}' has no backend pool "
                f"'{membership.pool}'; no pool membership written.",
            )
            continue
        pools.append(
            {
                "id": child_id(
                    "Microsoft.Network/loadBalancers",
                    balancer.resource_name,
                    "backendAddressPools",
                    membership.pool,
                )
            }
        )
    return pools or None


def nat_rules(b: Bicep, vm: VirtualMachine) -> list[BValue] | None:
    """The network interface's ``loadBalancerInboundNatRules`` (rules the load balancer has;
    a name it does not have is said in a note)."""
    rules: list[BValue] = []
    for nat in vm.load_balancer_nat_rules:
        balancer = b.component(nat.load_balancer)
        if not isinstance(balancer, LoadBalancer) or nat.rule not in {
            r.name for r in balancer.nat_rules
        }:
            b.note(
                LAYER,
                f"{vm.label()}: load balancer '{nat.load_balancer}' has no inbound NAT rule "
                f"'{nat.rule}'; no NAT rule written on its network interface.",
            )
            continue
        rules.append(
            {
                "id": child_id(
                    "Microsoft.Network/loadBalancers",
                    balancer.resource_name,
                    "inboundNatRules",
                    nat.rule,
                )
            }
        )
    return rules or None


def gateway_pools(b: Bicep, vm: VirtualMachine) -> list[BValue] | None:
    """The network interface's ``applicationGatewayBackendAddressPools``: the pools that name
    the VM as a target."""
    pools: list[BValue] = [
        {
            "id": child_id(
                "Microsoft.Network/applicationGateways",
                gateway.resource_name,
                "backendAddressPools",
                pool.name,
            )
        }
        for gateway in b.architecture.edge.application_gateways
        for pool in gateway.backend_pools
        if vm.id in pool.targets
    ]
    return pools or None
