# ruff: noqa: E501  (a Terraform fixture holds a full Azure resource id)
"""Registry and git modules: read where `terraform init` installed them, as tflint does;
otherwise said once, and nothing they are handed is judged."""

from __future__ import annotations

import json
from pathlib import Path

from archlint.importers import load_terraform
from tests.conftest import run_cli

ROOT = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}
resource "azurerm_storage_account" "st" {
  name                          = "stmodules"
  location                      = "eastus2"
  resource_group_name           = "rg"
  account_tier                  = "Standard"
  account_replication_type      = "ZRS"
  public_network_access_enabled = false
}
module "endpoint" {
  source     = "Azure/avm-res-network-privateendpoint/azurerm"
  version    = "0.2.0"
  target_id  = azurerm_storage_account.st.id
}
"""

MODULE = """
variable "target_id" { type = string }
variable "subnet_id" {
  type    = string
  default = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe"
}
resource "azurerm_private_endpoint" "this" {
  name                = "pe-blob"
  location            = "eastus2"
  resource_group_name = "rg"
  subnet_id           = var.subnet_id
  private_service_connection {
    name                           = "blob"
    private_connection_resource_id = var.target_id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
}
"""


def _root(tmp_path: Path, installed: bool) -> Path:
    (tmp_path / "main.tf").write_text(ROOT, encoding="utf-8")
    if installed:
        module_dir = tmp_path / ".terraform" / "modules" / "endpoint"
        module_dir.mkdir(parents=True)
        (module_dir / "main.tf").write_text(MODULE, encoding="utf-8")
        manifest = {
            "Modules": [
                {"Key": "", "Source": "", "Dir": "."},
                {
                    "Key": "endpoint",
                    "Source": "registry.terraform.io/Azure/avm-res-network-privateendpoint/azurerm",
                    "Version": "0.2.0",
                    "Dir": ".terraform/modules/endpoint",
                },
            ]
        }
        (tmp_path / ".terraform" / "modules" / "modules.json").write_text(json.dumps(manifest))
    return tmp_path


def test_an_installed_registry_module_is_followed(tmp_path: Path) -> None:
    result = load_terraform(_root(tmp_path, installed=True))
    assert not [p for p in result.problems if p.rule_id == "TF006"]
    (endpoint,) = result.architecture.network.private_endpoints
    assert result.addresses[endpoint.id] == "module.endpoint.azurerm_private_endpoint.this"
    assert result.architecture.get(endpoint.target).kind == "storage_account"


def test_a_module_not_installed_is_said_and_what_it_is_handed_is_not_judged(
    tmp_path: Path,
) -> None:
    root = _root(tmp_path, installed=False)
    result = load_terraform(root)
    (problem,) = [p for p in result.problems if p.rule_id == "TF006"]
    assert "terraform init" in problem.message
    (account,) = result.architecture.data.storage_accounts
    assert account.id in result.architecture.handed_to_unread_modules
    # The module may well create the storage account's private endpoint: DNS003 ("reachable
    # only privately but no private endpoint") must not conclude its absence.
    linted = run_cli("lint", str(root), "--format", "json", "--select", "DNS003,TF006")
    findings = json.loads(linted.stdout)["findings"]
    assert [f["rule_id"] for f in findings] == ["TF006"]
