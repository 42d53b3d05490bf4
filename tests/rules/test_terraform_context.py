"""Rules judge Terraform by what the configuration says, not by what a policy wants.

Each case was a false positive on public Terraform: an address nothing uses asked for a
paid DDoS plan, a subnet with nothing known in it asked for an NSG, a "*" source on a
subnet no internet address reaches was called "the internet".
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

NETWORK = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}
resource "azurerm_virtual_network" "v" {
  name                = "v"
  location            = "eastus2"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "empty" {
  name                 = "snet-empty"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = ["10.0.1.0/24"]
}
resource "azurerm_public_ip" "unattached" {
  name                = "pip-unattached"
  location            = "eastus2"
  resource_group_name = "rg"
  allocation_method   = "Static"
}
resource "azurerm_subnet" "vms" {
  name                 = "snet-vms"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes     = ["10.0.2.0/24"]
}
resource "azurerm_network_security_group" "open" {
  name                = "nsg-open"
  location            = "eastus2"
  resource_group_name = "rg"
  security_rule {
    name                       = "ssh"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}
resource "azurerm_subnet_network_security_group_association" "vms" {
  subnet_id                 = azurerm_subnet.vms.id
  network_security_group_id = azurerm_network_security_group.open.id
}
resource "azurerm_network_interface" "vm" {
  name                = "nic-vm"
  location            = "eastus2"
  resource_group_name = "rg"
  ip_configuration {
    name                          = "ip"
    subnet_id                     = azurerm_subnet.vms.id
    private_ip_address_allocation = "Dynamic"
    %PUBLIC%
  }
}
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm"
  location              = "eastus2"
  resource_group_name   = "rg"
  size                  = "Standard_B2s"
  admin_username        = "azureadmin"
  network_interface_ids = [azurerm_network_interface.vm.id]
  admin_ssh_key {
    username   = "azureadmin"
    public_key = "ssh-rsa AAAA"
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }
  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}
"""

PUBLIC_IP = """
resource "azurerm_public_ip" "vm" {
  name                = "pip-vm"
  location            = "eastus2"
  resource_group_name = "rg"
  allocation_method   = "Static"
}
"""


def _findings(tmp_path: Path, public: bool) -> list[tuple[str, str]]:
    text = NETWORK.replace(
        "%PUBLIC%", "public_ip_address_id = azurerm_public_ip.vm.id" if public else ""
    )
    (tmp_path / "main.tf").write_text(text + (PUBLIC_IP if public else ""), encoding="utf-8")
    result = run_cli("lint", str(tmp_path), "--format", "json")
    assert result.code in (0, 1), result.stderr
    return [(f["rule_id"], f["message"]) for f in json.loads(result.stdout)["findings"]]


def test_nothing_reachable_nothing_flagged(tmp_path: Path) -> None:
    rules = {rule for rule, _ in _findings(tmp_path, public=False)}
    assert "SEC007" not in rules  # pip-unattached serves nothing
    assert "NET011" not in rules  # "*" on a subnet no internet address reaches
    assert not any(
        rule == "NET007" and "snet-empty" in message
        for rule, message in _findings(tmp_path, public=False)
    )


def test_a_public_vm_behind_the_open_rule_is_flagged(tmp_path: Path) -> None:
    found = _findings(tmp_path, public=True)
    assert any(rule == "NET011" and "'open'" in message for rule, message in found), found
