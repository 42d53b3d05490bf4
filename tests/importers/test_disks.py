"""VM disks and pool memberships from Terraform: the OS disk's type (required in azurerm 3.x,
left to Azure in 4.x when absent), ephemeral OS disks, managed data disks and their
attachments, a network interface's load balancer and Application Gateway backend pools, and
what is said when what they attach to is not in the configuration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archlint.importers import load_terraform

from .conftest import ImportHcl
from .test_scale_sets import NETWORK as SUBNETS
from .test_scale_sets import PROVIDER_3

NETWORK = (
    SUBNETS
    + """
resource "azurerm_network_interface" "nic" {
  name                = "nic"
  resource_group_name = "rg"
  location            = "westeurope"
  ip_configuration {
    name                          = "ip"
    subnet_id                     = azurerm_subnet.app.id
    private_ip_address_allocation = "Dynamic"
  }
}
"""
)

VM = """
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm"
  resource_group_name   = "rg"
  location              = "westeurope"
  size                  = "Standard_D2s_v5"
  zone                  = "1"
  admin_username        = "ops"
  network_interface_ids = [azurerm_network_interface.nic.id]
  admin_ssh_key {
    username   = "ops"
    public_key = "ssh-rsa AAAA"
  }
  os_disk {
    caching = "ReadWrite"
    %s
  }
  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}
"""

DISK = """
resource "azurerm_managed_disk" "data" {
  name                 = "disk-data"
  location             = "westeurope"
  resource_group_name  = "rg"
  storage_account_type = "StandardSSD_LRS"
  create_option        = "Empty"
  disk_size_gb         = 128
  zone                 = "2"
  tags                 = { owner = "data-team" }
}
resource "azurerm_virtual_machine_data_disk_attachment" "data" {
  managed_disk_id    = azurerm_managed_disk.data.id
  virtual_machine_id = %s
  lun                = 1
  caching            = "ReadOnly"
}
"""


@pytest.mark.parametrize("pin", [True, False], ids=["azurerm-4", "azurerm-3"])
def test_os_disk_type_and_attached_disks(import_hcl: ImportHcl, pin: bool) -> None:
    text = NETWORK + VM % 'storage_account_type = "Standard_LRS"\n    disk_size_gb = 64'
    text += DISK % "azurerm_linux_virtual_machine.vm.id"
    arch = import_hcl(text if pin else PROVIDER_3 + text, pin=pin).architecture
    (vm,) = arch.compute.virtual_machines
    assert (vm.os_disk.sku, vm.os_disk.size_gb) == ("Standard_LRS", 64)
    (disk,) = arch.compute.managed_disks
    assert vm.data_disks == [disk.id]
    assert (disk.sku, disk.size_gb, disk.zones, disk.region) == (
        "StandardSSD_LRS",
        128,
        [2],
        "westeurope",
    )
    assert disk.tags == {"owner": "data-team"}
    # Left out: Azure's defaults (public access on, export by anyone with a SAS).
    assert (disk.public_network_access, disk.network_access_policy) == (True, "AllowAll")


def test_os_disk_type_left_to_azure_in_4x_is_unknown(import_hcl: ImportHcl) -> None:
    result = import_hcl(NETWORK + VM % "")
    assert ("compute", "virtual_machines", 0, "os_disk", "sku") in result.architecture.unknowns


def test_ephemeral_os_disk_type_is_not_judged(import_hcl: ImportHcl) -> None:
    settings = 'storage_account_type = "Standard_LRS"\n    diff_disk_settings { option = "Local" }'
    result = import_hcl(NETWORK + VM % settings)
    assert ("compute", "virtual_machines", 0, "os_disk", "sku") in result.architecture.unknowns


def test_attachment_to_a_vm_outside_the_configuration_is_said(import_hcl: ImportHcl) -> None:
    result = import_hcl(NETWORK + DISK % '"/subscriptions/0/resourceGroups/rg/providers/x/vm"')
    (disk,) = result.architecture.compute.managed_disks
    assert disk.sku == "StandardSSD_LRS"  # the disk itself is still evaluated
    notes = [p.message for p in result.problems if p.rule_id == "TF005"]
    assert any(
        "azurerm_virtual_machine_data_disk_attachment.data is not evaluated" in n for n in notes
    )


LOAD_BALANCER = """
resource "azurerm_lb" "lb" {
  name                = "lb"
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "Standard"
  frontend_ip_configuration {
    name      = "internal"
    subnet_id = azurerm_subnet.app.id
  }
}
resource "azurerm_lb_backend_address_pool" "web" {
  name            = "web"
  loadbalancer_id = azurerm_lb.lb.id
}
resource "azurerm_network_interface_backend_address_pool_association" "vm" {
  network_interface_id    = %s
  ip_configuration_name   = "ip"
  backend_address_pool_id = azurerm_lb_backend_address_pool.web.id
}
"""


def test_network_interface_in_a_load_balancer_pool(import_hcl: ImportHcl) -> None:
    text = NETWORK + VM % 'storage_account_type = "Premium_LRS"'
    arch = import_hcl(text + LOAD_BALANCER % "azurerm_network_interface.nic.id").architecture
    (vm,) = arch.compute.virtual_machines
    (balancer,) = arch.network.load_balancers
    assert [(m.load_balancer, m.pool) for m in vm.load_balancer_pools] == [(balancer.id, "web")]


def test_pool_association_of_an_interface_without_a_vm_is_said(import_hcl: ImportHcl) -> None:
    result = import_hcl(NETWORK + LOAD_BALANCER % "azurerm_network_interface.nic.id")
    notes = [p.message for p in result.problems if p.rule_id == "TF005"]
    assert any(
        "azurerm_network_interface_backend_address_pool_association.vm is not evaluated: "
        "archlint finds no virtual machine network interface" in n
        for n in notes
    )


def test_nat_rule_protocol_read_whatever_its_case(import_hcl: ImportHcl) -> None:
    """Azure reads transport protocols case-insensitively; older examples write ``tcp``."""
    text = (
        NETWORK
        + LOAD_BALANCER % "azurerm_network_interface.nic.id"
        + """
resource "azurerm_lb_nat_rule" "ssh" {
  name                           = "ssh"
  resource_group_name            = "rg"
  loadbalancer_id                = azurerm_lb.lb.id
  frontend_ip_configuration_name = "internal"
  protocol                       = "tcp"
  frontend_port                  = 2222
  backend_port                   = 22
}
"""
    )
    result = import_hcl(text)
    (balancer,) = result.architecture.network.load_balancers
    assert [(r.protocol, r.frontend_port, r.backend_port) for r in balancer.nat_rules] == [
        ("Tcp", 2222, 22)
    ]
    assert not [p for p in result.problems if p.rule_id == "TF007"]


GATEWAY = """
resource "azurerm_subnet" "agw" {
  name                 = "agw"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.9.0/24"]
}
resource "azurerm_application_gateway" "agw" {
  name                = "agw"
  resource_group_name = "rg"
  location            = "westeurope"
  sku {
    name     = "Standard_v2"
    tier     = "Standard_v2"
    capacity = 2
  }
  gateway_ip_configuration {
    name      = "ip"
    subnet_id = azurerm_subnet.agw.id
  }
  frontend_port {
    name = "http"
    port = 80
  }
  frontend_ip_configuration {
    name      = "private"
    subnet_id = azurerm_subnet.agw.id
  }
  %POOLS%
  backend_http_settings {
    name                  = "http"
    cookie_based_affinity = "Disabled"
    port                  = 80
    protocol              = "Http"
  }
  http_listener {
    name                           = "http"
    frontend_ip_configuration_name = "private"
    frontend_port_name             = "http"
    protocol                       = "Http"
  }
  request_routing_rule {
    name                       = "http"
    priority                   = 100
    rule_type                  = "Basic"
    http_listener_name         = "http"
    backend_address_pool_name  = "web"
    backend_http_settings_name = "http"
  }
}
resource "azurerm_network_interface_application_gateway_backend_address_pool_association" "vm" {
  network_interface_id    = azurerm_network_interface.nic.id
  ip_configuration_name   = "ip"
  backend_address_pool_id = one(azurerm_application_gateway.agw.backend_address_pool).id
}
"""


@pytest.mark.parametrize("pools", [1, 2], ids=["one-pool", "two-pools"])
def test_vm_in_an_application_gateway_pool(import_hcl: ImportHcl, pools: int) -> None:
    """``one(...)`` names the gateway: with one pool the VM is its target; with two, which
    pool is not known and a note says so (never a guess)."""
    blocks = "\n  ".join(f'backend_address_pool {{ name = "{n}" }}' for n in ["web", "api"][:pools])
    text = (
        NETWORK + VM % 'storage_account_type = "Premium_LRS"' + GATEWAY.replace("%POOLS%", blocks)
    )
    result = import_hcl(text)
    (gateway,) = result.architecture.edge.application_gateways
    (vm,) = result.architecture.compute.virtual_machines
    notes = [p.message for p in result.problems if p.rule_id == "TF007"]
    if pools == 1:
        assert gateway.backend_pools[0].targets == [vm.id]
        assert notes == []
    else:
        assert all(pool.targets == [] for pool in gateway.backend_pools)
        assert any(
            "backend_address_pool_id" in n
            and "cannot tell which of the gateway's backend pools" in n
            for n in notes
        ), notes


def test_plan_names_the_gateway_pool_by_its_arm_id(tmp_path: Path) -> None:
    """In a plan the association's pool id is known: ``.../applicationGateways/agw/
    backendAddressPools/api`` names the pool, whatever the gateway's other pools."""
    sub = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network"
    subnet = f"{sub}/virtualNetworks/v/subnets/s"
    nic = f"{sub}/networkInterfaces/nic"

    def resource(kind: str, values: dict[str, Any]) -> dict[str, Any]:
        return {
            "address": f"{kind}.x",
            "mode": "managed",
            "type": kind,
            "name": "x",
            "provider_name": "registry.terraform.io/hashicorp/azurerm",
            "values": {"resource_group_name": "rg", "location": "westeurope", **values},
        }

    resources = [
        resource(
            "azurerm_virtual_network",
            {"id": f"{sub}/virtualNetworks/v", "name": "v", "address_space": ["10.0.0.0/16"]},
        ),
        resource(
            "azurerm_subnet",
            {
                "id": subnet,
                "name": "s",
                "virtual_network_name": "v",
                "address_prefixes": ["10.0.1.0/24"],
            },
        ),
        resource(
            "azurerm_network_interface",
            {
                "id": nic,
                "name": "nic",
                "ip_configuration": [
                    {"name": "ip", "subnet_id": subnet, "private_ip_address_allocation": "Dynamic"}
                ],
            },
        ),
        resource(
            "azurerm_linux_virtual_machine",
            {
                "id": sub.replace("Microsoft.Network", "Microsoft.Compute/virtualMachines/vm"),
                "name": "vm",
                "size": "Standard_D2s_v5",
                "admin_username": "ops",
                "network_interface_ids": [nic],
                "os_disk": [{"caching": "ReadWrite", "storage_account_type": "Premium_LRS"}],
            },
        ),
        resource(
            "azurerm_application_gateway",
            {
                "id": f"{sub}/applicationGateways/agw",
                "name": "agw",
                "sku": [{"name": "Standard_v2", "tier": "Standard_v2", "capacity": 2}],
                "gateway_ip_configuration": [{"name": "ip", "subnet_id": subnet}],
                "backend_address_pool": [{"name": "web"}, {"name": "api"}],
            },
        ),
        resource(
            "azurerm_network_interface_application_gateway_backend_address_pool_association",
            {
                "network_interface_id": nic,
                "ip_configuration_name": "ip",
                "backend_address_pool_id": f"{sub}/applicationGateways/agw/backendAddressPools/api",
            },
        ),
    ]
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "format_version": "1.2",
                "terraform_version": "1.9.0",
                "planned_values": {"root_module": {"resources": resources}},
                "resource_changes": [],
                "configuration": {"root_module": {}},
            }
        ),
        encoding="utf-8",
    )
    result = load_terraform(plan)
    (gateway,) = result.architecture.edge.application_gateways
    (vm,) = result.architecture.compute.virtual_machines
    assert [(pool.name, pool.targets) for pool in gateway.backend_pools] == [
        ("web", []),
        ("api", [vm.id]),
    ]
