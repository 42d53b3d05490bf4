"""Terraform for the relational databases (tests/generators/fixtures/databases.yaml): valid
against the azurerm 4.x schema, every reference declared, every setting carried."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.generators.bicep import build_bicep, generate_bicep
from archlint.generators.output import write_files
from archlint.generators.terraform import generate_terraform
from archlint.importers import load_terraform
from archlint.importers.drift import compare
from archlint.importers.provider_schema import validate_block
from archlint.loader import load_spec
from archlint.location import YamlLocator
from archlint.model import Architecture

from .bicep_types import check_resource
from .conftest import FIXTURES, ParsedConfig, load, unquote

SPEC = FIXTURES / "databases.yaml"


@pytest.fixture(scope="module")
def spec() -> Architecture:
    return load(SPEC)


@pytest.fixture(scope="module")
def config(spec: Architecture) -> ParsedConfig:
    return ParsedConfig.parse(generate_terraform(spec))


def test_every_database_resource_matches_the_azurerm_schema(config: ParsedConfig) -> None:
    resources = config.resources()
    types = {r.type for r in resources}
    assert {
        "azurerm_mssql_server",
        "azurerm_mssql_database",
        "azurerm_mssql_elasticpool",
        "azurerm_mssql_failover_group",
        "azurerm_mssql_managed_instance",
        "azurerm_mssql_managed_instance_failover_group",
        "azurerm_mssql_firewall_rule",
        "azurerm_mssql_virtual_network_rule",
        "azurerm_postgresql_flexible_server",
        "azurerm_mysql_flexible_server",
        "azurerm_mysql_flexible_server_firewall_rule",
        "azurerm_mysql_flexible_database",
        "azurerm_postgresql_flexible_server_database",
        "azurerm_postgresql_flexible_server_configuration",
        "azurerm_mysql_flexible_server_configuration",
    } <= types
    problems = [
        f"{r.type}.{r.name}: {p}" for r in resources for p in validate_block(r.type, r.body)
    ]
    assert problems == []


def test_references_name_declared_resources(config: ParsedConfig) -> None:
    declared = {f"{r.type}.{r.name}" for r in config.resources()}
    fog = config.resource("azurerm_mssql_failover_group", "fog_orders")
    assert fog.get("server_id") == "${azurerm_mssql_server.sql_primary.id}"
    assert (
        unquote(fog.blocks("partner_server")[0]["id"]) == "${azurerm_mssql_server.sql_secondary.id}"
    )
    pooled = config.resource("azurerm_mssql_database", "sqldb_tenants")
    assert pooled.get("elastic_pool_id") == "${azurerm_mssql_elasticpool.pool_bc.id}"
    for text in (fog.get("server_id"), pooled.get("elastic_pool_id")):
        assert text[2:].rsplit(".", 1)[0] in declared


def test_settings_reach_the_resources(config: ParsedConfig) -> None:
    orders = config.resource("azurerm_mssql_database", "sqldb_orders")
    assert (orders.get("sku_name"), orders.get("zone_redundant")) == ("P2", True)
    assert unquote(orders.blocks("short_term_retention_policy")[0]["retention_days"]) == 14
    geo = config.resource("azurerm_mssql_database", "sqldb_orders_geo")
    assert geo.get("create_mode") == "Secondary"
    secondary = config.resource("azurerm_mssql_server", "sql_secondary")
    assert "administrator_login_password" not in secondary.body  # Entra-only: no password
    admin = secondary.blocks("azuread_administrator")[0]
    assert unquote(admin["azuread_authentication_only"]) is True
    pg = config.resource("azurerm_postgresql_flexible_server", "psql_main")
    assert unquote(pg.blocks("high_availability")[0]["mode"]) == "ZoneRedundant"
    assert pg.get("geo_redundant_backup_enabled") is True
    mysql = config.resource("azurerm_mysql_flexible_server", "mysql_main")
    assert mysql.get("public_network_access") == "Enabled"


def test_managed_instance_settings_reach_the_resources(config: ParsedConfig) -> None:
    main = config.resource("azurerm_mssql_managed_instance", "sqlmi_main")
    assert (main.get("zone_redundant_enabled"), main.get("storage_account_type")) == (True, "GZRS")
    assert "general_purpose_v2_enabled" not in main.body
    next_gen = config.resource("azurerm_mssql_managed_instance", "sqlmi_gp2")
    assert next_gen.get("general_purpose_v2_enabled") is True
    assert "zone_redundant_enabled" not in next_gen.body  # azurerm refuses it beside v2


def test_server_parameters_away_from_azures_defaults_are_generated(config: ParsedConfig) -> None:
    parameters = {
        (r.type, r.get("name"), r.get("value"))
        for r in config.resources()
        if r.type.endswith("flexible_server_configuration")
    }
    assert parameters == {
        ("azurerm_postgresql_flexible_server_configuration", "ssl_min_protocol_version", "TLSv1.3"),
        ("azurerm_postgresql_flexible_server_configuration", "azure.extensions", "CITEXT,PG_TRGM"),
        ("azurerm_mysql_flexible_server_configuration", "require_secure_transport", "OFF"),
    }  # secure transport on (PostgreSQL) and TLS 1.2 (MySQL) are Azure's defaults: not written


def test_passwords_are_sensitive_variables(config: ParsedConfig) -> None:
    primary = config.resource("azurerm_mssql_server", "sql_primary")
    assert primary.get("administrator_login_password") == "${var.sql_primary_admin_password}"
    assert config.variables()["sql_primary_admin_password"]["sensitive"] is True


def test_every_bicep_resource_matches_azure_types(spec: Architecture) -> None:
    resources = build_bicep(spec).resources
    types = {r.type for r in resources}
    assert {
        "Microsoft.Sql/managedInstances",
        "Microsoft.Sql/servers",
        "Microsoft.Sql/servers/databases",
        "Microsoft.Sql/servers/elasticPools",
        "Microsoft.Sql/servers/failoverGroups",
        "Microsoft.Sql/servers/firewallRules",
        "Microsoft.Sql/servers/virtualNetworkRules",
        "Microsoft.DBforPostgreSQL/flexibleServers",
        "Microsoft.DBforMySQL/flexibleServers",
        "Microsoft.DBforMySQL/flexibleServers/firewallRules",
        "Microsoft.DBforMySQL/flexibleServers/databases",
        "Microsoft.DBforPostgreSQL/flexibleServers/databases",
        "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
        "Microsoft.DBforMySQL/flexibleServers/configurations",
    } <= types
    problems = [problem for resource in resources for problem in check_resource(resource)]
    assert problems == []


def test_bicep_says_what_it_leaves_out(spec: Architecture) -> None:
    data = generate_bicep(spec)["data.bicep"]
    assert "'sqldb-orders': point-in-time retention 14 days" in data
    assert "SQL failover group 'fog-mi': managed instance failover groups are not generated" in data


def test_generated_terraform_reads_back_without_drift(tmp_path: Path) -> None:
    loaded = load_spec(SPEC)
    write_files(tmp_path, generate_terraform(loaded.architecture))
    report = compare(loaded.architecture, YamlLocator(loaded.source_map), load_terraform(tmp_path))
    assert [f.message for f in report.findings] == []


def test_drift_sees_a_database_made_not_zone_redundant(tmp_path: Path) -> None:
    loaded = load_spec(SPEC)
    files = generate_terraform(loaded.architecture)
    files["data.tf"] = files["data.tf"].replace(
        'sku_name             = "P2"\n  zone_redundant       = true',
        'sku_name             = "P2"\n  zone_redundant       = false',
    )
    write_files(tmp_path, files)
    report = compare(loaded.architecture, YamlLocator(loaded.source_map), load_terraform(tmp_path))
    assert any(
        "sqldb-orders" in f.message and "zone_redundant" in f.message for f in report.findings
    )


def test_drift_sees_secure_transport_turned_off(tmp_path: Path) -> None:
    loaded = load_spec(SPEC)
    files = generate_terraform(loaded.architecture)
    files["data.tf"] += """
resource "azurerm_postgresql_flexible_server_configuration" "transport" {
  name      = "require_secure_transport"
  server_id = azurerm_postgresql_flexible_server.psql_main.id
  value     = "off"
}
"""
    write_files(tmp_path, files)
    report = compare(loaded.architecture, YamlLocator(loaded.source_map), load_terraform(tmp_path))
    [finding] = report.findings
    assert "psql-main" in finding.message and "require_secure_transport" in finding.message
    assert finding.severity == "high"
