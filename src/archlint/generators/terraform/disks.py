"""Managed data disks and what ties a VM to its disks and to the backend pools its network
interface is in, in ``compute.tf``: ``azurerm_managed_disk``, one
``azurerm_virtual_machine_data_disk_attachment`` per attached disk (LUN = position), and the
network interface's backend pool associations (load balancer, Application Gateway)."""

from __future__ import annotations

from archlint.generators.hcl import BodyEntry, Comment, Expr
from archlint.generators.terraform.core import Terraform
from archlint.generators.terraform.network import subnet_region
from archlint.model.compute import VirtualMachine
from archlint.model.disks import ManagedDisk
from archlint.model.edge import ApplicationGateway
from archlint.model.egress import LoadBalancer

FILE = "compute.tf"
#: Premium SSD v2 and Ultra Disk support no host caching (Learn, disks-types).
_NO_CACHING = ("PremiumV2_LRS", "UltraSSD_LRS")
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


def caching(disk: ManagedDisk | None) -> str:
    return "None" if disk is not None and disk.sku in _NO_CACHING else "ReadOnly"


def attachments(tf: Terraform, vm: VirtualMachine, nic: str) -> None:
    """The VM's data disk attachments and its network interface's pool associations."""
    vm_name = tf.address(vm.id).name
    for lun, disk_id in enumerate(vm.data_disks):
        disk = tf.component(disk_id)
        tf.resource(
            FILE,
            "azurerm_virtual_machine_data_disk_attachment",
            tf.local_name("azurerm_virtual_machine_data_disk_attachment", f"{vm_name}_{disk_id}"),
            [
                ("managed_disk_id", tf.ref(disk_id)),
                ("virtual_machine_id", tf.ref(vm.id)),
                ("lun", lun),
                ("caching", caching(disk if isinstance(disk, ManagedDisk) else None)),
            ],
        )
    interface = Expr(f"azurerm_network_interface.{nic}.id")
    for membership in vm.load_balancer_pools:
        balancer = tf.component(membership.load_balancer)
        pool = lb_pool_name(tf, balancer, membership.pool)
        if pool is None:
            tf.add(
                FILE,
                Comment(
                    f"{vm.label()}: load balancer '{membership.load_balancer}' has no backend "
                    f"pool '{membership.pool}'; no association written"
                ),
            )
            continue
        _association(
            tf,
            "azurerm_network_interface_backend_address_pool_association",
            f"{nic}_{membership.load_balancer}_{membership.pool}",
            interface,
            Expr(f"azurerm_lb_backend_address_pool.{pool}.id"),
        )
    for nat in vm.load_balancer_nat_rules:
        balancer = tf.component(nat.load_balancer)
        if not isinstance(balancer, LoadBalancer) or nat.rule not in {
            r.name for r in balancer.nat_rules
        }:
            tf.add(
                FILE,
                Comment(
                    f"{vm.label()}: load balancer '{nat.load_balancer}' has no inbound NAT "
                    f"rule '{nat.rule}'; no association written"
                ),
            )
            continue
        rule = tf.named("azurerm_lb_nat_rule", f"{tf.address(balancer.id).name}_{nat.rule}")
        tf.resource(
            FILE,
            "azurerm_network_interface_nat_rule_association",
            tf.local_name(
                "azurerm_network_interface_nat_rule_association",
                f"{nic}_{nat.load_balancer}_{nat.rule}",
            ),
            [
                ("network_interface_id", interface),
                ("ip_configuration_name", IP_CONFIGURATION),
                ("nat_rule_id", Expr(f"azurerm_lb_nat_rule.{rule}.id")),
            ],
        )
    for gateway in tf.architecture.edge.application_gateways:
        for pool in gateway.backend_pools:
            if vm.id in pool.targets:
                _association(
                    tf,
                    "azurerm_network_interface_application_gateway_backend_address_pool_association",
                    f"{nic}_{gateway.id}_{pool.name}",
                    interface,
                    _gateway_pool_id(tf, gateway, pool.name),
                )


def lb_pool_name(tf: Terraform, balancer: object, pool: str) -> str | None:
    """The local name of a load balancer's ``azurerm_lb_backend_address_pool``, or None when
    the load balancer has no such pool."""
    if not isinstance(balancer, LoadBalancer) or pool not in balancer.backend_pools:
        return None
    return tf.named("azurerm_lb_backend_address_pool", f"{tf.address(balancer.id).name}_{pool}")


def _gateway_pool_id(tf: Terraform, gateway: ApplicationGateway, pool: str) -> Expr:
    blocks = f"azurerm_application_gateway.{tf.address(gateway.id).name}.backend_address_pool"
    return Expr(f'one([for pool in {blocks} : pool.id if pool.name == "{pool}"])')


def _association(tf: Terraform, resource_type: str, base: str, interface: Expr, pool: Expr) -> None:
    body: list[BodyEntry] = [
        ("network_interface_id", interface),
        ("ip_configuration_name", IP_CONFIGURATION),
        ("backend_address_pool_id", pool),
    ]
    tf.resource(FILE, resource_type, tf.local_name(resource_type, base), body)
