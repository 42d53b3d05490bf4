"""Azure SQL and the flexible servers from Terraform: 3.x and 4.x spellings, Azure's defaults,
values known only at apply time, and what archlint cannot read said out loud."""

from __future__ import annotations

from datetime import timedelta

from .conftest import ImportHcl

PROVIDER_3 = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.0" }
  }
}
"""

SERVER = """
resource "azurerm_mssql_server" "sql" {
  name                = "sql-main"
  resource_group_name = "rg"
  location            = "westeurope"
  version             = "12.0"
  minimum_tls_version = "%s"
}
"""


def test_sql_server_defaults_are_azures(import_hcl: ImportHcl) -> None:
    server = import_hcl(SERVER % "1.2").architecture.get("sql")
    assert server.public_network_access is True
    assert server.local_auth_enabled is True  # no Entra-only administrator
    assert server.firewall_rules == []  # the server firewall blocks every address


def test_azurerm_3_tls_disabled_means_tls_1_0(import_hcl: ImportHcl) -> None:
    result = import_hcl(PROVIDER_3 + SERVER % "Disabled", pin=False)
    assert result.architecture.get("sql").min_tls_version == "1.0"


def test_database_tier_comes_from_its_service_objective(import_hcl: ImportHcl) -> None:
    text = SERVER % "1.2" + "".join(
        f"""
resource "azurerm_mssql_database" "{name}" {{
  name      = "{name}"
  server_id = azurerm_mssql_server.sql.id
  sku_name  = "{sku}"
}}
"""
        for name, sku in [
            ("gp", "GP_S_Gen5_2"),
            ("bc", "BC_Gen5_4"),
            ("hs", "HS_Gen5_2"),
            ("s", "S3"),
            ("p", "P11"),
            ("basic", "Basic"),
        ]
    )
    arch = import_hcl(text).architecture
    tiers = {name: arch.get(name).tier for name in ("gp", "bc", "hs", "s", "p", "basic")}
    assert tiers == {
        "gp": "GeneralPurpose",
        "bc": "BusinessCritical",
        "hs": "Hyperscale",
        "s": "Standard",
        "p": "Premium",
        "basic": "Basic",
    }
    assert arch.get("gp").backup_storage_redundancy == "Geo"
    assert arch.get("gp").backup_retention == timedelta(days=7)


def test_an_unknown_service_objective_is_said_and_left_unknown(import_hcl: ImportHcl) -> None:
    text = (
        SERVER % "1.2"
        + """
resource "azurerm_mssql_database" "dw" {
  name      = "dw"
  server_id = azurerm_mssql_server.sql.id
  sku_name  = "DW100c"
}
resource "azurerm_mssql_database" "unset" {
  name      = "unset"
  server_id = azurerm_mssql_server.sql.id
}
"""
    )
    result = import_hcl(text)
    messages = [p.message for p in result.problems]
    assert any("DW100c" in m and "names no tier" in m for m in messages)
    unknowns = result.architecture.unknowns
    assert ("data", "sql_servers", 0, "databases", 0, "tier") in unknowns
    assert ("data", "sql_servers", 0, "databases", 1, "tier") in unknowns


def test_geo_secondary_and_firewall_rule_known_at_apply_time(import_hcl: ImportHcl) -> None:
    text = (
        SERVER % "1.2"
        + """
resource "azurerm_mssql_database" "app" {
  name      = "app"
  server_id = azurerm_mssql_server.sql.id
  sku_name  = "P1"
}
resource "azurerm_mssql_database" "app_geo" {
  name                        = "app"
  server_id                   = azurerm_mssql_server.sql.id
  create_mode                 = "Secondary"
  creation_source_database_id = azurerm_mssql_database.app.id
}
variable "office" { type = string }
resource "azurerm_mssql_firewall_rule" "office" {
  name             = "office"
  server_id        = azurerm_mssql_server.sql.id
  start_ip_address = var.office
  end_ip_address   = var.office
}
"""
    )
    result = import_hcl(text)
    assert result.architecture.get("app_geo").secondary_of == "app"
    assert ("data", "sql_servers", 0, "firewall_rules") in result.architecture.unknowns


SUBNET = (
    "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/db"
)
FLEXIBLE = """
resource "azurerm_postgresql_flexible_server" "pg" {
  name                = "psql"
  resource_group_name = "rg"
  location            = "westeurope"
  sku_name            = "GP_Standard_D2ds_v5"
  delegated_subnet_id = "${SUBNET}"
}
resource "azurerm_mysql_flexible_server" "my" {
  name                = "mysql"
  resource_group_name = "rg"
  location            = "westeurope"
  sku_name            = "MO_Standard_E2ds_v4"
  %s
}
""".replace("${SUBNET}", SUBNET)


def test_flexible_servers_4x(import_hcl: ImportHcl) -> None:
    arch = import_hcl(FLEXIBLE % 'public_network_access = "Disabled"').architecture
    pg, my = arch.get("pg"), arch.get("my")
    assert (pg.tier, pg.high_availability, pg.geo_redundant_backup) == (
        "GeneralPurpose",
        "none",
        False,
    )
    assert pg.public_network_access is False  # VNet-integrated: no public endpoint
    assert (my.tier, my.public_network_access) == ("BusinessCritical", False)


def test_flexible_servers_3x(import_hcl: ImportHcl) -> None:
    result = import_hcl(PROVIDER_3 + FLEXIBLE % "", pin=False)
    my = result.architecture.get("my")
    assert my.public_network_access is True  # 3.x has no argument: Azure's default
    assert result.architecture.get("pg").public_network_access is False


CONFIGURATIONS = """
resource "azurerm_postgresql_flexible_server_configuration" "transport" {
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.pg.id
  value     = "OFF"
}
resource "azurerm_postgresql_flexible_server_configuration" "tls" {
  name      = "ssl_min_protocol_version"
  server_id = azurerm_postgresql_flexible_server.pg.id
  value     = "TLSv1.3"
}
resource "azurerm_postgresql_flexible_server_configuration" "extensions" {
  name      = "azure.extensions"
  server_id = azurerm_postgresql_flexible_server.pg.id
  value     = "CITEXT,PG_TRGM"
}
resource "azurerm_mysql_flexible_server_configuration" "tls" {
  name                = "tls_version"
  resource_group_name = "rg"
  server_name         = azurerm_mysql_flexible_server.my.name
  value               = "TLSv1.2,TLSv1.3"
}
"""


def test_flexible_server_parameters_land_on_their_server(import_hcl: ImportHcl) -> None:
    result = import_hcl(FLEXIBLE % "" + CONFIGURATIONS)
    pg, my = result.architecture.get("pg"), result.architecture.get("my")
    assert (pg.require_secure_transport, pg.min_tls_version) == (False, "1.3")
    assert pg.server_parameters == {"azure.extensions": "CITEXT,PG_TRGM"}
    assert (my.require_secure_transport, my.min_tls_version) == (True, "1.2")  # lowest listed
    assert my.server_parameters == {}
    assert result.architecture.resources == []  # read onto the servers, not generic
    assert not [p for p in result.problems if p.rule_id == "TF005"]  # none left unevaluated
    # A finding on a parameter points at the resource that sets it.
    path = ("data", "postgresql_servers", 0, "require_secure_transport")
    transport = result.locator.locate(path)
    assert transport is not None
    assert transport.address == "azurerm_postgresql_flexible_server_configuration.transport"


def test_flexible_server_defaults_are_azures(import_hcl: ImportHcl) -> None:
    pg = import_hcl(FLEXIBLE % "").architecture.get("pg")
    assert (pg.require_secure_transport, pg.min_tls_version, pg.server_parameters) == (
        True,
        "1.2",
        {},
    )


def test_flexible_server_parameters_3x(import_hcl: ImportHcl) -> None:
    text = FLEXIBLE % "" + CONFIGURATIONS.replace("TLSv1.2,TLSv1.3", "TLSv1,TLSv1.1,TLSv1.2")
    my = import_hcl(PROVIDER_3 + text, pin=False).architecture.get("my")
    assert my.min_tls_version == "1.0"


def test_flexible_server_parameter_known_at_apply_time(import_hcl: ImportHcl) -> None:
    text = (
        FLEXIBLE % ""
        + """
variable "transport" { type = string }
variable "parameter" { type = string }
variable "secret" {
  type      = string
  sensitive = true
}
resource "azurerm_postgresql_flexible_server_configuration" "transport" {
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.pg.id
  value     = var.transport
}
resource "azurerm_postgresql_flexible_server_configuration" "other" {
  name      = "pgaudit.role"
  server_id = azurerm_postgresql_flexible_server.pg.id
  value     = var.secret
}
resource "azurerm_mysql_flexible_server_configuration" "any" {
  name                = var.parameter
  resource_group_name = "rg"
  server_name         = azurerm_mysql_flexible_server.my.name
  value               = "OFF"
}
"""
    )
    arch = import_hcl(text).architecture
    pg, my = ("data", "postgresql_servers", 0), ("data", "mysql_servers", 0)
    assert (*pg, "require_secure_transport") in arch.unknowns
    assert (*pg, "server_parameters", "pgaudit.role") in arch.unknowns
    assert "pgaudit.role" not in arch.get("pg").server_parameters  # a value never copied
    assert {(*my, "require_secure_transport"), (*my, "min_tls_version")} <= arch.unknowns


def test_flexible_server_parameter_that_may_not_exist(import_hcl: ImportHcl) -> None:
    text = (
        FLEXIBLE % ""
        + """
variable "relax_tls" { type = bool }
resource "azurerm_postgresql_flexible_server_configuration" "transport" {
  count     = var.relax_tls ? 1 : 0
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.pg.id
  value     = "off"
}
"""
    )
    arch = import_hcl(text).architecture
    assert ("data", "postgresql_servers", 0, "require_secure_transport") in arch.unknowns


def test_flexible_server_parameter_not_understood_is_said(import_hcl: ImportHcl) -> None:
    text = (
        FLEXIBLE % ""
        + """
resource "azurerm_postgresql_flexible_server_configuration" "transport" {
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.pg.id
  value     = "sometimes"
}
resource "azurerm_postgresql_flexible_server_configuration" "mysql_name" {
  name      = "tls_version"
  server_id = azurerm_postgresql_flexible_server.pg.id
  value     = "TLSv1.2"
}
"""
    )
    result = import_hcl(text)
    messages = [p.message for p in result.problems if p.rule_id == "TF007"]
    assert any("require_secure_transport = 'sometimes' not understood" in m for m in messages)
    assert any("'tls_version' not understood" in m for m in messages)
    assert ("data", "postgresql_servers", 0, "require_secure_transport") in (
        result.architecture.unknowns
    )


MANAGED_INSTANCE = """
resource "azurerm_mssql_managed_instance" "mi" {
  name                         = "sqlmi-main"
  resource_group_name          = "rg"
  location                     = "West Europe"
  license_type                 = "BasePrice"
  sku_name                     = "BC_Gen5"
  vcores                       = 8
  storage_size_in_gb           = 256
  subnet_id                    = "${SUBNET}"
  administrator_login          = "sqladmin"
  administrator_login_password = "not-read"
  %s
}
""".replace("${SUBNET}", SUBNET)


def test_managed_instance_zone_redundancy_4x(import_hcl: ImportHcl) -> None:
    text = MANAGED_INSTANCE % 'zone_redundant_enabled = true\n  storage_account_type = "GZRS"'
    mi = import_hcl(text).architecture.get("mi")
    assert (mi.tier, mi.region, mi.zone_redundant, mi.backup_storage_redundancy) == (
        "BusinessCritical",
        "westeurope",
        True,
        "GeoZone",
    )
    assert mi.next_gen_general_purpose is False


def test_managed_instance_defaults_3x(import_hcl: ImportHcl) -> None:
    mi = import_hcl(PROVIDER_3 + MANAGED_INSTANCE % "", pin=False).architecture.get("mi")
    # azurerm's defaults in 3.x and 4.x: not zone-redundant, backups on GRS
    assert (mi.zone_redundant, mi.backup_storage_redundancy) == (False, "Geo")


def test_managed_instance_next_gen_general_purpose(import_hcl: ImportHcl) -> None:
    text = (MANAGED_INSTANCE % "general_purpose_v2_enabled = true").replace("BC_Gen5", "GP_Gen5")
    mi = import_hcl(text).architecture.get("mi")
    assert (mi.tier, mi.next_gen_general_purpose) == ("GeneralPurpose", True)
