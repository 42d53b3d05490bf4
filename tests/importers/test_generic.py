"""Every azurerm type without a bespoke mapper becomes a generic resource (``resources:``)."""

from __future__ import annotations

import json
from pathlib import Path

from archlint.importers import load_terraform
from archlint.importers.azurerm import MAPPED_TYPES
from archlint.model.generic import GenericResource
from tests.importers.conftest import ImportHcl

PROVIDER_3 = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.100" }
  }
}
"""

SUBNET = (
    "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
)

SEARCH = """
resource "azurerm_search_service" "srch" {
  name                          = "srch-main"
  resource_group_name           = "rg"
  location                      = "West Europe"
  sku                           = "standard"
  public_network_access_enabled = true
  zones                         = ["1", "2"]
  identity { type = "SystemAssigned" }
  tags = { env = "prod" }
}
"""


def _resource(result_arch: object, component_id: str) -> GenericResource:
    found = result_arch.get(component_id)  # type: ignore[attr-defined]
    assert isinstance(found, GenericResource), found
    return found


def test_common_arguments_are_read(import_hcl: ImportHcl) -> None:
    result = import_hcl(SEARCH)
    search = _resource(result.architecture, "srch")
    assert search.type == "azurerm_search_service"
    assert search.name == "srch-main"
    assert search.region == "westeurope"
    assert search.zones == [1, 2]
    assert search.public_network_access is True
    assert search.identity is not None and search.identity.system_assigned
    assert search.tags == {"env": "prod"}
    assert result.not_evaluated == []


def test_absent_arguments_stay_unset_never_a_default(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        'resource "azurerm_search_service" "srch" {\n'
        '  name = "s"\n  resource_group_name = "rg"\n  location = "westeurope"\n'
        '  sku = "basic"\n}\n'
    )
    search = _resource(result.architecture, "srch")
    assert search.public_network_access is None
    assert search.min_tls_version is None
    assert search.zones is None
    assert search.public_network_default_action is None


def test_string_public_access_and_tls_spellings_in_3x(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        PROVIDER_3
        + """
resource "azurerm_cognitive_account" "oai" {
  name                          = "oai"
  resource_group_name           = "rg"
  location                      = "eastus2"
  kind                          = "OpenAI"
  sku_name                      = "S0"
  public_network_access_enabled = false
}
resource "azurerm_app_configuration" "appcs" {
  name                  = "appcs"
  resource_group_name   = "rg"
  location              = "eastus2"
  public_network_access = "Disabled"
}
resource "azurerm_postgresql_server" "sql" {
  name                             = "sql"
  resource_group_name              = "rg"
  location                         = "eastus2"
  sku_name                         = "GP_Gen5_2"
  version                          = "11"
  ssl_enforcement_enabled          = true
  ssl_minimal_tls_version_enforced = "TLS1_0"
}
resource "azurerm_mariadb_server" "sql_open" {
  name                             = "sql-open"
  resource_group_name              = "rg"
  location                         = "eastus2"
  sku_name                         = "GP_Gen5_2"
  version                          = "10.3"
  ssl_enforcement_enabled          = false
  ssl_minimal_tls_version_enforced = "TLSEnforcementDisabled"
}
resource "azurerm_mysql_server" "mysql" {
  name                             = "mysql"
  resource_group_name              = "rg"
  location                         = "eastus2"
  sku_name                         = "GP_Gen5_2"
  version                          = "8.0"
  ssl_enforcement_enabled          = true
  ssl_minimal_tls_version_enforced = "TLS1_1"
}
resource "azurerm_data_factory" "adf" {
  name                   = "adf"
  resource_group_name    = "rg"
  location               = "eastus2"
  public_network_enabled = true
}
""",
        pin=False,
    )
    arch = result.architecture
    assert _resource(arch, "oai").public_network_access is False
    assert _resource(arch, "appcs").public_network_access is False
    sql = _resource(arch, "sql")
    assert sql.min_tls_version == "1.0"
    # A database server's firewall admits nothing until a firewall rule names a range.
    assert sql.public_network_default_action == "Deny"
    assert _resource(arch, "adf").public_network_access is True
    assert _resource(arch, "mysql").min_tls_version == "1.1"
    # "No minimum enforced" is not a version archlint can name: unknown, not a TF007 note.
    assert _resource(arch, "sql_open").min_tls_version is None
    position = [r.id for r in arch.resources].index("sql_open")
    assert ("resources", position, "min_tls_version") in arch.unknowns
    assert not [p for p in result.problems if p.rule_id == "TF007"]


def test_network_rules_and_ip_allow_lists_mean_selected_networks(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
resource "azurerm_cognitive_account" "oai" {
  name = "oai"
  resource_group_name = "rg"
  location = "eastus2"
  kind = "OpenAI"
  sku_name = "S0"
  network_acls { default_action = "Deny" }
}
resource "azurerm_search_service" "srch" {
  name = "s"
  resource_group_name = "rg"
  location = "eastus2"
  sku = "basic"
  allowed_ips = ["203.0.113.0/24"]
}
"""
    )
    arch = result.architecture
    assert _resource(arch, "oai").public_network_default_action == "Deny"
    assert _resource(arch, "srch").public_network_default_action == "Deny"


def test_parts_and_associations_are_attached_to_their_parent(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
resource "azurerm_key_vault" "this" {
  name                = "kv"
  resource_group_name = "rg"
  location            = "eastus2"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}
resource "azurerm_management_lock" "this" {
  name       = "lock"
  scope      = azurerm_key_vault.this.id
  lock_level = "CanNotDelete"
}
resource "azurerm_key_vault_secret" "s" {
  name         = "s"
  value        = "x"
  key_vault_id = azurerm_key_vault.this.id
}
resource "azurerm_management_lock" "rg" {
  name       = "lock-rg"
  scope      = "/subscriptions/0/resourceGroups/rg"
  lock_level = "CanNotDelete"
}
"""
    )
    arch = result.architecture
    # The bespoke Key Vault keeps its id; the lock beside it takes the next choice.
    assert arch.security.key_vaults[0].id == "this"
    lock = _resource(arch, "this-management_lock")
    assert lock.parent == "this"
    assert _resource(arch, "s").parent == "this"
    assert _resource(arch, "rg").parent is None  # a resource group is not a component


def test_private_endpoints_and_diagnostics_target_generic_resources(
    import_hcl: ImportHcl,
) -> None:
    result = import_hcl(
        SEARCH
        + """
resource "azurerm_private_endpoint" "pe" {
  name                = "pe"
  resource_group_name = "rg"
  location            = "westeurope"
  subnet_id           = "${SUBNET}"
  private_service_connection {
    name                           = "c"
    private_connection_resource_id = azurerm_search_service.srch.id
    subresource_names              = ["searchService"]
    is_manual_connection           = false
  }
}
resource "azurerm_log_analytics_workspace" "law" {
  name                = "law"
  resource_group_name = "rg"
  location            = "westeurope"
}
resource "azurerm_monitor_diagnostic_setting" "d" {
  name                       = "d"
  target_resource_id         = azurerm_search_service.srch.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.law.id
  enabled_log { category = "OperationLogs" }
}
""".replace("${SUBNET}", SUBNET)
    )
    arch = result.architecture
    assert arch.network.private_endpoints[0].target == "srch"
    assert arch.monitoring.log_analytics[0].sources == ["srch"]


def test_bespoke_mappers_keep_precedence(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
resource "azurerm_storage_account" "st" {
  name                     = "st"
  resource_group_name      = "rg"
  location                 = "eastus2"
  account_tier             = "Standard"
  account_replication_type = "ZRS"
}
"""
    )
    assert "azurerm_storage_account" in MAPPED_TYPES
    assert [s.id for s in result.architecture.data.storage_accounts] == ["st"]
    assert result.architecture.resources == []


def test_types_archlint_cannot_judge_stay_notes_that_say_why(import_hcl: ImportHcl) -> None:
    result = import_hcl(
        """
resource "azurerm_subscription_template_deployment" "d" {
  name             = "d"
  location         = "eastus2"
  template_content = "{}"
}
"""
    )
    assert result.not_evaluated == ["azurerm_subscription_template_deployment"]
    (note,) = [p.message for p in result.problems if p.rule_id == "TF005"]
    assert "archlint does not read the template it deploys" in note
    assert result.architecture.resources == []


def test_a_plan_imports_generic_resources(tmp_path: Path) -> None:
    values = {
        "name": "srch",
        "location": "eastus2",
        "public_network_access_enabled": True,
        "zones": ["1"],
    }
    resource = {
        "address": "azurerm_search_service.srch",
        "mode": "managed",
        "type": "azurerm_search_service",
        "name": "srch",
        "values": values,
    }
    change = {
        **{k: resource[k] for k in ("address", "mode", "type", "name")},
        "change": {"actions": ["create"], "after": values, "after_unknown": {"id": True}},
    }
    plan = tmp_path / "plan.json"
    plan.write_text(
        json.dumps(
            {
                "format_version": "1.2",
                "planned_values": {"root_module": {"resources": [resource]}},
                "resource_changes": [change],
            }
        )
    )
    search = _resource(load_terraform(plan).architecture, "srch")
    assert (search.type, search.zones, search.public_network_access) == (
        "azurerm_search_service",
        [1],
        True,
    )


def test_a_maybe_present_part_does_not_hide_its_parents_findings(
    import_hcl: ImportHcl, tmp_path: Path
) -> None:
    from tests.conftest import run_cli

    import_hcl(
        """
variable "lock" { type = bool }
resource "azurerm_key_vault" "kv" {
  name                = "kv"
  resource_group_name = "rg"
  location            = "eastus2"
  tenant_id           = "00000000-0000-0000-0000-000000000000"
  sku_name            = "standard"
}
resource "azurerm_management_lock" "kv" {
  count      = var.lock ? 1 : 0
  name       = "lock"
  scope      = azurerm_key_vault.kv.id
  lock_level = "CanNotDelete"
}
"""
    )
    result = run_cli(
        "lint",
        str(tmp_path),
        "--select",
        "SEC011",
        "--environment",
        "production",
        "--format",
        "json",
    )
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule_id"] for f in findings if f["rule_id"] == "SEC011"] == ["SEC011"]
