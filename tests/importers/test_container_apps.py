"""Container Apps and container groups from Terraform: Azure's defaults (the provider's in
3.x and 4.x alike), both majors' spellings, and values known only at apply time."""

from __future__ import annotations

import pytest

from archlint.rules.flow.helpers import zone_weakness

from .conftest import ImportHcl

PROVIDER_3 = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.0" }
  }
}
"""

PROVIDER_4 = PROVIDER_3.replace("~> 3.0", "~> 4.0")

BARE = """
resource "azurerm_container_app_environment" "env" {
  name                = "cae"
  location            = "westeurope"
  resource_group_name = "rg"
}

resource "azurerm_container_app" "app" {
  name                         = "ca"
  resource_group_name          = "rg"
  container_app_environment_id = azurerm_container_app_environment.env.id
  revision_mode                = "single"
  template {
    container {
      name   = "app"
      image  = "mcr.microsoft.com/k8se/quickstart:latest"
      cpu    = 0.25
      memory = "0.5Gi"
    }
  }
}

resource "azurerm_container_group" "group" {
  name                = "ci"
  location            = "westeurope"
  resource_group_name = "rg"
  os_type             = "Linux"
  container {
    name   = "job"
    image  = "mcr.microsoft.com/azuredocs/aci-helloworld:latest"
    cpu    = 1
    memory = 1.5
  }
}
"""


@pytest.mark.parametrize("provider", [PROVIDER_3, PROVIDER_4], ids=["azurerm-3", "azurerm-4"])
def test_defaults_are_azures_in_both_majors(import_hcl: ImportHcl, provider: str) -> None:
    arch = import_hcl(provider + BARE, pin=False).architecture
    env, app, group = arch.get("env"), arch.get("app"), arch.get("group")
    assert (env.zone_redundant, env.infrastructure_subnet, env.internal_load_balancer) == (
        False,
        None,
        False,
    )
    assert env.workload_profiles == []  # a Consumption-only environment
    assert (app.environment, app.revision_mode) == ("env", "Single")
    assert (app.min_replicas, app.max_replicas, app.ingress) == (0, 10, None)
    assert (group.ip_address_type, group.restart_policy, group.zones) == ("Public", "Always", [])


def test_values_known_at_apply_time_stay_unknown(import_hcl: ImportHcl) -> None:
    text = """
variable "zr" { type = bool }
variable "replicas" { type = number }
variable "subnet" { type = string }

resource "azurerm_container_app_environment" "env" {
  name                     = "cae"
  location                 = "westeurope"
  resource_group_name      = "rg"
  zone_redundancy_enabled  = var.zr
  infrastructure_subnet_id = var.subnet
}

resource "azurerm_container_app" "app" {
  name                         = "ca"
  resource_group_name          = "rg"
  container_app_environment_id = azurerm_container_app_environment.env.id
  revision_mode                = "Single"
  template {
    min_replicas = var.replicas
    container {
      name   = "app"
      image  = "mcr.microsoft.com/k8se/quickstart:latest"
      cpu    = 0.25
      memory = "0.5Gi"
    }
  }
}
"""
    unknowns = import_hcl(text).architecture.unknowns
    environment = ("compute", "container_app_environments", 0)
    assert (*environment, "zone_redundant") in unknowns
    assert (*environment, "infrastructure_subnet") in unknowns
    assert ("compute", "container_apps", 0, "min_replicas") in unknowns


def test_an_unknown_restart_policy_is_said(import_hcl: ImportHcl) -> None:
    text = BARE.replace(
        'os_type             = "Linux"',
        'os_type             = "Linux"\n  restart_policy = "Sometimes"',
    )
    result = import_hcl(text)
    assert any("Sometimes" in problem.message for problem in result.problems)


def test_unknown_replicas_conclude_no_single_point_of_failure(import_hcl: ImportHcl) -> None:
    text = BARE.replace("  template {\n", "  template {\n    min_replicas = var.replicas\n", 1)
    arch = import_hcl('variable "replicas" { type = number }\n' + text).architecture
    app = arch.get("app")
    assert ("compute", "container_apps", 0, "min_replicas") in arch.unknowns
    reason = zone_weakness(arch, app)
    assert reason is None or "replica" not in reason
