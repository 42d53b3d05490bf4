"""The Terraform importer meets a region or SKU outside Azure's sets: a TF007 note with the
did-you-mean, the value unknown, never a crash."""

from __future__ import annotations

# --- Terraform: loud but tolerant ---------------------------------------------------------------

TERRAFORM = """
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "West Europe"
}

resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  location            = "westeurop"
  resource_group_name = azurerm_resource_group.rg.name
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_service_plan" "plan" {
  name                = "plan"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  os_type             = "Linux"
  sku_name            = "P9v9"
}

resource "azurerm_eventgrid_system_topic" "subscription" {
  name                   = "subscription-events"
  location               = "Global"
  resource_group_name    = azurerm_resource_group.rg.name
  source_arm_resource_id = "/subscriptions/00000000-0000-0000-0000-000000000000"
  topic_type             = "Microsoft.Resources.Subscriptions"
}
"""


def test_terraform_names_outside_the_sets_are_reported_not_fatal(import_hcl) -> None:
    result = import_hcl(TERRAFORM)
    architecture = result.architecture
    assert architecture.metadata.primary_region == "westeurope"  # display name, normalised
    notes = [p.message for p in result.problems if p.rule_id == "TF007"]
    assert any(
        "azurerm_virtual_network.vnet: region = 'westeurop' not understood "
        "(unknown region 'westeurop'; did you mean 'westeurope'?)" in note
        for note in notes
    ), notes
    assert any(
        "azurerm_service_plan.plan: sku = 'P9v9' not understood (unknown sku 'P9v9'" in note
        for note in notes
    ), notes
    assert not any("Global" in note or "'global'" in note for note in notes), notes
    vnet_path = architecture.path_of("vnet")
    assert (*vnet_path, "region") in architecture.unknowns
    plan_path = architecture.path_of("plan")
    assert (*plan_path, "sku") in architecture.unknowns


def test_a_resource_group_location_outside_the_regions_is_reported(import_hcl) -> None:
    result = import_hcl(
        'resource "azurerm_resource_group" "rg" {\n  name = "rg"\n  location = "westeurop"\n}\n'
    )
    notes = [p for p in result.problems if p.rule_id == "TF007"]
    assert [str(p.message) for p in notes] == [
        "azurerm_resource_group.rg: location = 'westeurop' not understood (unknown region "
        "'westeurop'; did you mean 'westeurope'?); archlint treats it as unknown"
    ]
    assert ("metadata", "primary_region") in result.architecture.unknowns
