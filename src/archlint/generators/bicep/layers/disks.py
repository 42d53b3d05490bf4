"""Managed data disks (``Microsoft.Compute/disks``) and the parts of a VM that name them or the
backend pools its network interface is in, in the compute layer."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import enabled, sub_ref
from archlint.generators.bicep.writer import BExpr, BValue, quote
from archlint.generators.vm_parts import data_disk_caching, vm_links
from archlint.model.compute import VirtualMachine

LAYER = "compute"


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
    attached: list[BValue] = [
        {
            "lun": lun,
            "createOption": "Attach",
            "caching": data_disk_caching(b.component(disk_id)),
            "managedDisk": sub_ref(b, disk_id),
        }
        for lun, disk_id in enumerate(vm.data_disks)
    ]
    return attached or None


def child_id(parent_type: str, parent_name: str, kind: str, name: str) -> dict[str, BValue]:
    """``{ id: resourceId(...) }`` of a named part of a resource (a load balancer's pool)."""
    return {"id": BExpr(f"resourceId('{parent_type}/{kind}', {quote(parent_name)}, {quote(name)})")}


def interface_links(b: Bicep, vm: VirtualMachine) -> dict[str, BValue | None]:
    """What the network interface's IP configuration names: load balancer backend pools and
    inbound NAT rules, Application Gateway backend pools (a name the load balancer does not
    have is said in a note)."""
    links = vm_links(b.architecture, vm)
    for message in links.missing:
        b.note(LAYER, f"{message}.")
    balancer = "Microsoft.Network/loadBalancers"
    gateway = "Microsoft.Network/applicationGateways"
    parts: dict[str, list[BValue]] = {
        "loadBalancerBackendAddressPools": [
            child_id(balancer, lb.resource_name, "backendAddressPools", pool)
            for lb, pool in links.pools
        ],
        "loadBalancerInboundNatRules": [
            child_id(balancer, lb.resource_name, "inboundNatRules", rule)
            for lb, rule in links.nat_rules
        ],
        "applicationGatewayBackendAddressPools": [
            child_id(gateway, agw.resource_name, "backendAddressPools", pool)
            for agw, pool in links.gateway_pools
        ],
    }
    return {key: value or None for key, value in parts.items()}
