"""The baseline zone-redundant web app on Azure SQL (examples/baseline-web-app-sql.yaml):
it validates, generates schema-valid Terraform, lints with the findings a reviewer expects,
and each defect planted in its data family is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.errors import InputErrors
from archlint.generators.bicep import build_bicep
from archlint.generators.terraform import generate_terraform
from archlint.importers.provider_schema import validate_block
from archlint.loader import load_spec_text
from archlint.location import YamlLocator
from archlint.rules import all_rules
from tests.conftest import ROOT
from tests.generators.bicep_types import check_resource
from tests.generators.conftest import ParsedConfig

EXAMPLE = ROOT / "examples" / "baseline-web-app-sql.yaml"
TEXT = EXAMPLE.read_text(encoding="utf-8")


def _findings(text: str) -> set[tuple[str, str]]:
    loaded = load_spec_text(text, str(EXAMPLE))
    result = run(
        loaded.architecture, YamlLocator(loaded.source_map), list(all_rules().values()), Config()
    )
    return {(f.rule_id, f.message) for f in result.findings}


def _planted(old: str, new: str) -> str:
    assert TEXT.count(old) == 1, old
    return TEXT.replace(old, new)


def test_the_example_lints_with_only_the_single_region_and_alert_findings() -> None:
    rules = sorted({rule for rule, _ in _findings(TEXT)})
    # The reference is one region by design (FLOW007) and names no response-time alert.
    assert rules == ["FLOW007", "OPS003"]


def test_the_example_generates_terraform_valid_against_the_schema() -> None:
    loaded = load_spec_text(TEXT, str(EXAMPLE))
    config = ParsedConfig.parse(generate_terraform(loaded.architecture))
    types = {r.type for r in config.resources()}
    assert {"azurerm_mssql_server", "azurerm_mssql_database", "azurerm_private_endpoint"} <= types
    problems = [
        f"{r.type}.{r.name}: {p}"
        for r in config.resources()
        for p in validate_block(r.type, r.body)
    ]
    assert problems == []


def test_the_example_generates_bicep_valid_against_azure_types() -> None:
    loaded = load_spec_text(TEXT, str(EXAMPLE))
    resources = build_bicep(loaded.architecture).resources
    assert "Microsoft.Sql/servers/databases" in {r.type for r in resources}
    assert [p for r in resources for p in check_resource(r)] == []


PLANTED = [
    # (what changes in the example, the rule that must report it, a word of its message)
    (
        (
            "tier: GeneralPurpose\n          sku: GP_Gen5_2\n          zone_redundant: true\n",
            "tier: BusinessCritical\n          sku: BC_Gen5_2\n          zone_redundant: false\n",
        ),
        "ZR020",
        "sqldb-app",
    ),
    (
        (
            "      tier: GeneralPurpose\n          sku: GP_Gen5_2\n",
            "      tier: Standard\n          sku: S1\n",
        ),
        "SKU020",
        None,
    ),
    (
        (
            "      region: eastus2\n      public_network_access: false\n      local_auth_enabled",
            "      region: eastus2\n      public_network_access: true\n"
            "      firewall_rules: [{name: azure, start_ip: 0.0.0.0, end_ip: 0.0.0.0}]\n"
            "      local_auth_enabled",
        ),
        "SEC003",
        "sql-main",
    ),
    (
        ("zone: privatelink.database.windows.net", "zone: privatelink.database.azure.com"),
        "DNS001",
        "pe-sql",
    ),
    (
        (
            "          backup_storage_redundancy: GeoZone\n",
            "          backup_storage_redundancy: Local\n",
        ),
        "DR001",
        "sqldb-app",
    ),
]


@pytest.mark.parametrize(("change", "rule", "word"), PLANTED, ids=[p[1] for p in PLANTED])
def test_a_planted_defect_is_found(change: tuple[str, str], rule: str, word: str | None) -> None:
    text = _planted(*change)
    if rule == "DR001":
        text += "disaster_recovery:\n  objectives: {rto: 4h, rpo: 15m}\n"
    found = [message for rule_id, message in _findings(text) if rule_id == rule]
    assert found, f"{rule} not reported"
    if word:
        assert any(word in message for message in found), found


def test_a_misspelt_tier_is_an_error_with_a_did_you_mean() -> None:
    text = _planted("      tier: GeneralPurpose\n", "      tier: GeneralPurpos\n")
    with pytest.raises(InputErrors) as raised:
        load_spec_text(text, str(EXAMPLE))
    message = " ".join(str(error) for error in raised.value.errors)
    assert "GeneralPurpose" in message and "did you mean" in message


def test_example_exists_at_the_documented_path() -> None:
    assert Path(EXAMPLE).is_file()
