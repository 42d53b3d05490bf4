"""Managed data disks and what ties a VM to its disks and to the backend pools its network
interface is in, in ``compute.tf``: ``azurerm_managed_disk``, one
``azurerm_virtual_machine_data_disk_attachment`` per attached disk (LUN = position), and the
network interface's backend pool associations (load balancer, Application Gateway)."""

from __future__ import annotations

from archlint.generators.hcl import BodyEntry, Comment, Expr
from archlint.generators.terraform.core import Terraform
from archlint.generators.terraform.network import subnet_region
from archlint.generators.vm_parts import data_disk_caching, vm_links
from archlint.model.compute import VirtualMachine
from archlint.model.disks import ManagedDisk
from archlint.model.edge import ApplicationGateway

FILE = "compute.tf"
#: The IP configuration every generated network interface has.
IP_CONFIGURATION = "ipconfig"


def emit(tf: Terraform) -> None:
    for disk in tf.architecture.compute.managed_disks:
        _managed_disk(tf, disk)


def _region(tf: Terraform, disk: ManagedDisk) -> str | None:
    """Its own region, else the region of the first VM it is attached to."""
    if disk.region:
        return disk.region
    for vm in tf.architecture.compute.virtual_machines:
        if disk.id in vm.data_disks:
            return subnet_region(tf, vm.subnet)
    return None


def _managed_disk(tf: Terraform, disk: ManagedDisk) -> None:
    tf.resource(
        FILE,
        "azurerm_managed_disk",
        tf.address(disk.id).name,
        [
            *tf.common(disk, _region(tf, disk)),
            ("storage_account_type", disk.sku),
            ("create_option", "Empty"),
            ("disk_size_gb", disk.size_gb),
            ("zone", str(disk.zones[0]) if disk.zones else None),
            ("public_network_access_enabled", disk.public_network_access),
            ("network_access_policy", disk.network_access_policy),
            (
                "disk_encryption_set_id",
                tf.ref(disk.disk_encryption_set) if disk.disk_encryption_set else None,
            ),
            ("tags", tf.tags(disk)),
        ],
    )


def attachments(tf: Terraform, vm: VirtualMachine, nic: str) -> None:
    """The VM's data disk attachments and its network interface's pool associations."""
    vm_name = _name(tf, vm.id)
    for lun, disk_id in enumerate(vm.data_disks):
        tf.resource(
            FILE,
            "azurerm_virtual_machine_data_disk_attachment",
            tf.local_name("azurerm_virtual_machine_data_disk_attachment", f"{vm_name}_{disk_id}"),
            [
                ("managed_disk_id", tf.ref(disk_id)),
                ("virtual_machine_id", tf.ref(vm.id)),
                ("lun", lun),
                ("caching", data_disk_caching(tf.component(disk_id))),
            ],
        )
    interface = Expr(f"azurerm_network_interface.{nic}.id")
    links = vm_links(tf.architecture, vm)
    for message in links.missing:
        tf.add(FILE, Comment(message))
    # (the VM's parts of load balancers, the association type, the part's type, its argument)
    for parts, association, part_type, argument in (
        (
            links.pools,
            "azurerm_network_interface_backend_address_pool_association",
            "azurerm_lb_backend_address_pool",
            "backend_address_pool_id",
        ),
        (
            links.nat_rules,
            "azurerm_network_interface_nat_rule_association",
            "azurerm_lb_nat_rule",
            "nat_rule_id",
        ),
    ):
        for balancer, part in parts:
            local = tf.named(part_type, f"{_name(tf, balancer.id)}_{part}")
            target = (argument, Expr(f"{part_type}.{local}.id"))
            _association(tf, association, f"{nic}_{balancer.id}_{part}", interface, target)
    for gateway, pool in links.gateway_pools:
        _association(
            tf,
            "azurerm_network_interface_application_gateway_backend_address_pool_association",
            f"{nic}_{gateway.id}_{pool}",
            interface,
            ("backend_address_pool_id", _gateway_pool_id(tf, gateway, pool)),
        )


def _name(tf: Terraform, component_id: str) -> str:
    address = tf.address(component_id)
    assert address is not None
    return address.name


def _gateway_pool_id(tf: Terraform, gateway: ApplicationGateway, pool: str) -> Expr:
    blocks = f"azurerm_application_gateway.{_name(tf, gateway.id)}.backend_address_pool"
    return Expr(f'one([for pool in {blocks} : pool.id if pool.name == "{pool}"])')


def _association(
    tf: Terraform, resource_type: str, base: str, interface: Expr, target: tuple[str, Expr]
) -> None:
    body: list[BodyEntry] = [
        ("network_interface_id", interface),
        ("ip_configuration_name", IP_CONFIGURATION),
        target,
    ]
    tf.resource(FILE, resource_type, tf.local_name(resource_type, base), body)
