"""Managed disks and what a VM's network interface joins: ``azurerm_managed_disk`` (a component),
``azurerm_virtual_machine_data_disk_attachment`` (the VM's ``data_disks``), and the network
interface's backend pool associations with a load balancer (the VM's ``load_balancer_pools``)
or an Application Gateway (the VM becomes a target of the gateway's pool), and its load
balancer inbound NAT rule associations (the VM's ``load_balancer_nat_rules``).

The arguments read here are spelt the same in azurerm 3.x and 4.x. The associations name the
network interface; the VM mapper records which VM each interface belongs to.
"""

from __future__ import annotations

import re
from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import tags, zones
from archlint.importers.azurerm.core import Builder, Draft, View, mapper
from archlint.importers.values import UNKNOWN, Reference, TfResource, scalar

VM = ("virtual_machine",)
DISK = ("managed_disk",)
LOAD_BALANCER = ("load_balancer",)
GATEWAY = ("application_gateway",)
_GATEWAY_IN_EXPRESSION = re.compile(r"\bazurerm_application_gateway\.([A-Za-z_][A-Za-z0-9_-]*)")


@mapper("azurerm_managed_disk", kind="managed_disk")
def managed_disk(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("region", view.raw("location"), convert.region)
    draft.set("sku", view.raw("storage_account_type"), convert.text)
    draft.set("size_gb", view.raw("disk_size_gb"), convert.integer)
    draft.set("zones", view.raw("zone"), zones)
    draft.set("public_network_access", view.raw("public_network_access_enabled"), convert.boolean)
    draft.set("network_access_policy", view.raw("network_access_policy"), convert.text)
    builder.ref(draft, "disk_encryption_set", view.raw("disk_encryption_set_id"))
    draft.set("tags", view.raw("tags"), tags)


@mapper("azurerm_virtual_machine_data_disk_attachment", phase=1)
def data_disk_attachment(builder: Builder, view: View, draft: Draft | None) -> None:
    vm = builder.attached_to(
        view.resource, view.raw("virtual_machine_id"), VM, "virtual machine for its data disk"
    )
    if vm is None:
        return
    disks: list[Any] = vm.data.setdefault("data_disks", [])
    disks.append(None)
    builder.ref(
        vm, ("data_disks", len(disks) - 1), view.raw("managed_disk_id"), DISK, required=True
    )


def _vms_of_nic(builder: Builder, view: View) -> list[Draft]:
    """The VMs whose network interface an association names (none: a note says so)."""
    vms = [
        builder.draft_of(vm_id)
        for vm_id in builder.vms_of_nic.get(_address(builder, view.raw("network_interface_id")), [])
    ]
    found = [vm for vm in vms if vm is not None]
    if not found:
        builder.not_attached(view.resource, "virtual machine network interface")
    return found


def _address(builder: Builder, value: Any) -> str:
    """The address of the resource an id refers to (a reference, or a known ARM id)."""
    if isinstance(value, Reference):
        return value.address
    text = scalar(value)
    return builder.by_arm_id.get(text.lower(), "") if isinstance(text, str) else ""


def _resource_of(builder: Builder, value: Any, resource_type: str) -> TfResource | None:
    """The resource of ``resource_type`` an id refers to, or None."""
    resource = builder.by_address.get(_address(builder, value))
    return resource if resource is not None and resource.type == resource_type else None


@mapper("azurerm_network_interface_backend_address_pool_association", phase=1)
def lb_pool_association(builder: Builder, view: View, draft: Draft | None) -> None:
    """A VM's network interface in a load balancer's backend pool."""
    pool = _resource_of(
        builder, view.raw("backend_address_pool_id"), "azurerm_lb_backend_address_pool"
    )
    _add_part(builder, view, pool, "load_balancer_pools", "pool")


@mapper("azurerm_network_interface_nat_rule_association", phase=1)
def nat_rule_association(builder: Builder, view: View, draft: Draft | None) -> None:
    """A load balancer's inbound NAT rule forwarding to a VM's network interface."""
    rule = _resource_of(builder, view.raw("nat_rule_id"), "azurerm_lb_nat_rule")
    _add_part(builder, view, rule, "load_balancer_nat_rules", "rule")


def _add_part(
    builder: Builder, view: View, part: TfResource | None, attribute: str, key: str
) -> None:
    """Name a load balancer's ``part`` (a pool, a NAT rule) in ``attribute`` of the VMs of
    the association's network interface (unknown when the part is not found)."""
    for vm in _vms_of_nic(builder, view):
        entries: list[Any] = vm.data.setdefault(attribute, [])
        if part is None:
            vm.mark_unknown(attribute)
            continue
        entries.append({})
        base = (attribute, len(entries) - 1)
        balancer = part.values.get("loadbalancer_id")
        builder.ref(vm, (*base, "load_balancer"), balancer, LOAD_BALANCER, required=True)
        vm.set((*base, key), part.values.get("name", UNKNOWN), convert.text)


@mapper("azurerm_network_interface_application_gateway_backend_address_pool_association", phase=1)
def gateway_pool_association(builder: Builder, view: View, draft: Draft | None) -> None:
    """A VM's network interface in an Application Gateway's backend pool: the VM is a target
    of that pool. A plan gives the pool's ARM id (``.../applicationGateways/agw/
    backendAddressPools/web``); in HCL the id is an attribute of the gateway's pool blocks
    (``one(azurerm_application_gateway.x.backend_address_pool).id``): read when it refers to
    the gateway and the gateway has one pool, otherwise a note says it is not evaluated."""
    vms = _vms_of_nic(builder, view)
    value = view.raw("backend_address_pool_id")
    pool_name: str | None = None
    text = scalar(value)
    marker = "/backendaddresspools/"
    if isinstance(text, str) and marker in text.lower():
        cut = text.lower().rindex(marker)
        value, pool_name = text[:cut], text[cut + len(marker) :]
    elif not isinstance(value, Reference):
        value = _gateway_written(view) or value
    gateway = builder.attached_to(
        view.resource, value, GATEWAY, "Application Gateway for its backend pool"
    )
    if gateway is None or not vms:
        return
    pools = gateway.data.get("backend_pools")
    pools = pools if isinstance(pools, list) else []
    chosen = [p for p in pools if pool_name is None or p.get("name") == pool_name]
    if len(chosen) != 1:
        builder.value_problem(
            view.resource,
            ("backend_address_pool_id",),
            value,
            "archlint cannot tell which of the gateway's backend pools it names",
        )
        return
    targets: list[Any] = chosen[0].setdefault("targets", [])
    for vm in vms:
        if vm.id not in targets:
            targets.append(vm.id)


def _gateway_written(view: View) -> Reference | None:
    """The gateway the pool id expression names as written (``one(azurerm_application_gateway
    .x.backend_address_pool).id`` evaluates to an unknown value, but it names gateway x),
    when it names exactly one."""
    written = (view.resource.body or {}).get("backend_address_pool_id")
    names = set(_GATEWAY_IN_EXPRESSION.findall(written)) if isinstance(written, str) else set()
    if len(names) != 1:
        return None
    prefix = view.resource.module
    return Reference(f"{prefix + '.' if prefix else ''}azurerm_application_gateway.{names.pop()}")
