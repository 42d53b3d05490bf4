"""VM scale sets and availability sets from Terraform: Uniform (linux/windows) and Flexible
(orchestrated) resources in azurerm 3.x and 4.x, the subnet of the primary IP configuration,
values known only at apply time, and a VM's availability set."""

from __future__ import annotations

import pytest

from .conftest import ImportHcl

PROVIDER_3 = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.0" }
  }
}
"""

NETWORK = """
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  resource_group_name = "rg"
  location            = "westeurope"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "app" {
  name                 = "app"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.1.0/24"]
}
resource "azurerm_subnet" "other" {
  name                 = "other"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.2.0/24"]
}
"""

UNIFORM = """
resource "azurerm_windows_virtual_machine_scale_set" "web" {
  name                = "vmss-web"
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "Standard_D2s_v5"
  instances           = 3
  admin_username      = "azureuser"
  admin_password      = var.password
  zones               = ["1", "2", "3"]
  zone_balance        = true
  upgrade_mode        = "Rolling"
  identity { type = "SystemAssigned" }
  os_disk {
    storage_account_type = "Premium_LRS"
    caching              = "ReadWrite"
  }
  network_interface {
    name = "secondary"
    ip_configuration {
      name      = "ip"
      subnet_id = azurerm_subnet.other.id
    }
  }
  network_interface {
    name    = "primary"
    primary = true
    ip_configuration {
      name      = "ip"
      primary   = true
      subnet_id = azurerm_subnet.app.id
    }
  }
}
variable "password" {
  type      = string
  sensitive = true
}
"""

FLEXIBLE = """
resource "azurerm_orchestrated_virtual_machine_scale_set" "flex" {
  name                        = "vmss-flex"
  resource_group_name         = "rg"
  location                    = "westeurope"
  sku_name                    = "Standard_D2s_v5"
  instances                   = 2
  platform_fault_domain_count = 1
  zones                       = %s
  os_profile {
    linux_configuration {
      admin_username = "ops"
      admin_ssh_key {
        username   = "ops"
        public_key = "ssh-rsa AAAA"
      }
    }
  }
  network_interface {
    name    = "nic"
    primary = true
    ip_configuration {
      name      = "ip"
      primary   = true
      subnet_id = azurerm_subnet.app.id
    }
  }
}
"""


@pytest.mark.parametrize("pin", [True, False], ids=["azurerm-4", "azurerm-3"])
def test_uniform_scale_set(import_hcl: ImportHcl, pin: bool) -> None:
    text = NETWORK + UNIFORM if pin else PROVIDER_3 + NETWORK + UNIFORM
    arch = import_hcl(text, pin=pin).architecture
    (vmss,) = arch.compute.vm_scale_sets
    assert (vmss.orchestration, vmss.os, vmss.sku, vmss.instances) == (
        "uniform",
        "windows",
        "Standard_D2s_v5",
        3,
    )
    assert (vmss.zones, vmss.zone_balance, vmss.upgrade_mode) == ([1, 2, 3], True, "rolling")
    assert arch.get(vmss.subnet).resource_name == "app"  # the primary interface's subnet
    assert vmss.identity.system_assigned is True
    assert vmss.admin_username == "azureuser"


@pytest.mark.parametrize("pin", [True, False], ids=["azurerm-4", "azurerm-3"])
def test_flexible_scale_set(import_hcl: ImportHcl, pin: bool) -> None:
    text = NETWORK + FLEXIBLE % '["1", "2"]'
    arch = import_hcl(text if pin else PROVIDER_3 + text, pin=pin).architecture
    (vmss,) = arch.compute.vm_scale_sets
    assert (vmss.orchestration, vmss.os, vmss.admin_username) == ("flexible", "linux", "ops")
    assert (vmss.sku, vmss.instances, vmss.fault_domains, vmss.zones) == (
        "Standard_D2s_v5",
        2,
        1,
        [1, 2],
    )
    assert vmss.upgrade_mode == "manual"  # absent: Manual
    assert arch.get(vmss.subnet).resource_name == "app"


def test_zones_known_only_at_apply_stay_unknown(import_hcl: ImportHcl) -> None:
    text = NETWORK + FLEXIBLE % "var.zones" + 'variable "zones" { type = list(string) }\n'
    arch = import_hcl(text).architecture
    assert ("compute", "vm_scale_sets", 0, "zones") in arch.unknowns


def test_vm_in_an_availability_set(import_hcl: ImportHcl) -> None:
    text = (
        NETWORK
        + """
resource "azurerm_availability_set" "avset" {
  name                         = "avset"
  resource_group_name          = "rg"
  location                     = "westeurope"
  platform_fault_domain_count  = 2
}
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
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm"
  resource_group_name   = "rg"
  location              = "westeurope"
  size                  = "Standard_D2s_v5"
  admin_username        = "ops"
  availability_set_id   = azurerm_availability_set.avset.id
  network_interface_ids = [azurerm_network_interface.nic.id]
  admin_ssh_key {
    username   = "ops"
    public_key = "ssh-rsa AAAA"
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}
"""
    )
    arch = import_hcl(text).architecture
    (avset,) = arch.compute.availability_sets
    assert (avset.fault_domains, avset.update_domains) == (2, 5)
    (vm,) = arch.compute.virtual_machines
    assert vm.availability_set == avset.id
