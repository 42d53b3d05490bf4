"""Judging a configuration by the azurerm version it pins: which schema, which defaults, and
what the output says about it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archlint.importers import ImportResult, load_terraform
from archlint.importers.azurerm.defaults import DEFAULTS, provider_default
from archlint.importers.provider_schema import SHIPPED
from archlint.importers.provider_version import choose_schema, parse_constraint, parse_lock
from archlint.importers.values import UNKNOWN
from tests.conftest import run_cli


def pin(version: str) -> str:
    return (
        "terraform {\n  required_providers {\n    azurerm = {\n"
        f'      source  = "hashicorp/azurerm"\n      version = "{version}"\n    }}\n  }}\n}}\n'
    )


def lock(version: str) -> str:
    return (
        '# This file is maintained automatically by "terraform init".\n'
        'provider "registry.terraform.io/hashicorp/azurerm" {\n'
        f'  version     = "{version}"\n  constraints = "~> 3.0"\n'
        '  hashes = [\n    "h1:abc=",\n  ]\n}\n'
    )


STORAGE_ACCOUNT = """
resource "azurerm_storage_account" "sa" {
  name                     = "stdata"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
"""

# A 4.x-only resource type, a 4.x-only argument and a misspelt one: our own fixture.
CONTAINER = (
    STORAGE_ACCOUNT
    + """
resource "azurerm_storage_container" "c" {
  name                  = "data"
  storage_account_id    = azurerm_storage_account.sa.id
  container_access_typ  = "private"
}

resource "azurerm_network_security_perimeter" "nsp" {
  name                = "nsp"
  resource_group_name = "rg"
  location            = "westeurope"
}
"""
)


def write(directory: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def problems(result: ImportResult, *rules: str) -> list[str]:
    return [f"{p.rule_id} {p.message}" for p in result.problems if p.rule_id in rules]


# --- choosing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("constraint", "locked", "major", "schema"),
    [
        (None, None, 4, 4),  # no pin: the newest shipped
        ("~> 3.0", None, 3, 3),
        ("~> 3.90", None, 3, 3),
        (">= 3.0, < 4.0", None, 3, 3),
        ("< 4.0", None, 3, 3),
        (">= 3.0", None, 4, 4),  # the highest shipped version that satisfies it
        ("~> 4.0", None, 4, 4),
        ("= 4.81.0", None, 4, 4),
        ("!= 4.81.0", None, 3, 3),
        ("~> 3.117", None, 3, 3),  # newer than the 3.x shipped: its major's schema, said so
        ("~> 4.0", "3.117.1", 3, 3),  # the lock file wins over the constraint
        (None, "4.12.0", 4, 4),
        ("~> 2.0", None, 2, None),  # no 2.x schema: not validated
        (None, "5.2.0", 5, None),
        ("~> 3.x", None, None, None),  # not Terraform's syntax
    ],
)
def test_choice(constraint: str | None, locked: str | None, major: int | None, schema: int | None):
    chosen = choose_schema(constraint, locked)
    assert (chosen.major, chosen.schema_major) == (major, schema)


def test_pessimistic_constraint_bounds() -> None:
    (three_one,) = parse_constraint("~> 3.1") or []
    assert three_one.allows((3, 116, 0)) and not three_one.allows((4, 0, 0))
    (patch,) = parse_constraint("~> 3.1.2") or []
    assert patch.allows((3, 1, 9)) and not patch.allows((3, 2, 0))
    assert parse_constraint("latest") is None


def test_lock_file_version_of_azurerm_only() -> None:
    text = 'provider "registry.terraform.io/hashicorp/random" {\n  version = "3.6.0"\n}\n' + lock(
        "3.117.1"
    )
    assert parse_lock(text) == "3.117.1"
    assert parse_lock('provider "registry.terraform.io/hashicorp/random" {\n}\n') is None


def test_notes_name_the_schema_and_why() -> None:
    assert choose_schema("~> 3.0", None, "infra").note == (
        "infra: judged by the azurerm 3.116.0 schema and defaults (the newest archlint ships "
        "within the constraint '~> 3.0')"
    )
    assert choose_schema("~> 2.0", None, "infra").note == (
        "infra: archlint ships no azurerm 2.x schema (only 3.116.0 and 4.81.0) for the "
        "constraint '~> 2.0': resource types and arguments are not validated, and azurerm's "
        "defaults are not assumed (an argument left out stays unknown)"
    )
    assert "names added after 3.116.0 would be reported as unknown" in (
        choose_schema(None, "3.117.1").note
    )


# --- validating a 3.x-pinned configuration against the 3.x schema -----------------------


def test_a_3x_pin_gets_unknown_types_and_arguments_of_the_3x_schema(tmp_path: Path) -> None:
    result = load_terraform(write(tmp_path, {"main.tf": pin("~> 3.0") + CONTAINER}))
    assert result.provider_major == 3
    assert problems(result, "TF001", "TF002") == [
        "TF002 azurerm_storage_container.c: unknown argument 'storage_account_id' in azurerm "
        "3.116.0",  # a 4.x name on a 3.x configuration
        "TF002 azurerm_storage_container.c: unknown argument 'container_access_typ' in azurerm "
        "3.116.0",
        "TF001 azurerm_network_security_perimeter.nsp: unknown resource type "
        "'azurerm_network_security_perimeter' for azurerm 3.116.0",
    ]


def test_the_same_configuration_pinned_to_4x(tmp_path: Path) -> None:
    result = load_terraform(write(tmp_path, {"main.tf": pin("~> 4.0") + CONTAINER}))
    assert problems(result, "TF001", "TF002") == [
        "TF002 azurerm_storage_container.c: unknown argument 'container_access_typ' in azurerm "
        "4.81.0"
    ]


def test_the_lock_file_wins_over_the_constraint(tmp_path: Path) -> None:
    files = {"main.tf": pin("~> 4.0") + CONTAINER, ".terraform.lock.hcl": lock("3.116.0")}
    result = load_terraform(write(tmp_path, files))
    assert result.provider_major == 3
    assert [p.split(":")[0] for p in problems(result, "TF001")] == [
        "TF001 azurerm_network_security_perimeter.nsp"
    ]
    assert "for azurerm 3.116.0 locked in .terraform.lock.hcl" in result.notes[0]


def test_a_module_constraint_does_not_choose(tmp_path: Path) -> None:
    (tmp_path / "mod").mkdir()
    files = {
        "main.tf": 'module "m" {\n  source = "./mod"\n}\n' + CONTAINER,
        "mod/versions.tf": pin(">= 3.0, < 4.0"),
    }
    result = load_terraform(write(tmp_path, files))
    assert result.provider_major == 4  # the root pins nothing: the newest


def test_an_unshipped_major_is_not_validated_and_says_so(tmp_path: Path) -> None:
    result = load_terraform(write(tmp_path, {"main.tf": pin("~> 2.0") + CONTAINER}))
    assert problems(result, "TF001", "TF002", "TF003") == []
    assert "archlint ships no azurerm 2.x schema" in result.notes[0]


def test_tf004_never_proposes_a_4x_name_to_a_3x_configuration(tmp_path: Path) -> None:
    container = CONTAINER.replace(
        "storage_account_id    = azurerm_storage_account.sa.id",
        "storage_account_name  = azurerm_storage_account.sa.name",
    )
    three = load_terraform(write(tmp_path, {"main.tf": pin("~> 3.0") + container}))
    # 3.x has no storage_account_id: storage_account_name is simply its name there.
    assert problems(three, "TF004") == []
    four = load_terraform(write(tmp_path, {"main.tf": pin("~> 4.0") + container}))
    assert problems(four, "TF004") == [
        "TF004 azurerm_storage_container.c: `storage_account_name` is deprecated in azurerm "
        "4.81.0, the version this configuration pins, and removed in 5.0; use "
        "`storage_account_id`"
    ]


# --- provider defaults by major ---------------------------------------------------------

PRIVATE_ENDPOINT_SUBNET = (
    """
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  resource_group_name = "rg"
  location            = "westeurope"
  address_space       = ["10.0.0.0/16"]
}

resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.1.0/24"]
}

resource "azurerm_network_security_group" "nsg" {
  name                = "nsg-pe"
  resource_group_name = "rg"
  location            = "westeurope"
}

resource "azurerm_subnet_network_security_group_association" "pe" {
  subnet_id                 = azurerm_subnet.pe.id
  network_security_group_id = azurerm_network_security_group.nsg.id
}

"""
    + STORAGE_ACCOUNT
    + """
resource "azurerm_private_endpoint" "sa" {
  name                = "pe-sa"
  resource_group_name = "rg"
  location            = "westeurope"
  subnet_id           = azurerm_subnet.pe.id
  private_service_connection {
    name                           = "sa"
    private_connection_resource_id = azurerm_storage_account.sa.id
    subresource_names              = ["blob"]
    is_manual_connection           = false
  }
}
"""
)


def lint_json(directory: Path, rule: str) -> dict:
    # NET006 judges production posture: declared, so that the provider default decides.
    declared = ("--environment", "production")
    result = run_cli("lint", str(directory), "--format", "json", "--select", rule, *declared)
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_the_pinned_major_decides_private_endpoint_network_policies(tmp_path: Path) -> None:
    """A 4.x azurerm_subnet disables the policies (the NSG is ignored for its endpoints: NET006);
    a 3.x one enables them, so the same configuration pinned to 3.x is fine."""
    four, three = tmp_path / "four", tmp_path / "three"
    four.mkdir()
    three.mkdir()
    write(four, {"main.tf": pin("~> 4.0") + PRIVATE_ENDPOINT_SUBNET})
    write(three, {"main.tf": pin("~> 3.0") + PRIVATE_ENDPOINT_SUBNET})
    assert [f["rule_id"] for f in lint_json(four, "NET006")["findings"]] == ["NET006"]
    assert lint_json(three, "NET006")["findings"] == []


def test_the_json_summary_and_text_output_name_the_schema(tmp_path: Path) -> None:
    write(tmp_path, {"main.tf": pin("~> 3.0") + PRIVATE_ENDPOINT_SUBNET})
    notes = lint_json(tmp_path, "NET006")["summary"]["notes"]
    assert notes == [f"{tmp_path}: " + choose_schema("~> 3.0", None).note]
    declared = ("--environment", "production")
    text = run_cli("lint", str(tmp_path), "--select", "NET006", "--no-color", *declared).stdout
    assert text.splitlines()[-1] == "note: " + notes[0]


def test_every_default_row_has_a_source_for_each_major_it_states() -> None:
    for (resource_type, argument), row in DEFAULTS.items():
        assert resource_type.startswith("azurerm_"), argument
        for major in row.by_major:
            assert any(f"/azurerm/{SHIPPED[major]}/" in s for s in row.sources), (row, major)


def test_a_major_without_a_known_default_leaves_the_value_unknown() -> None:
    assert provider_default("azurerm_public_ip", "sku", 3) == "Basic"
    assert provider_default("azurerm_public_ip", "sku", 4) == "Standard"
    assert provider_default("azurerm_public_ip", "sku", 2) is UNKNOWN
    assert provider_default("azurerm_public_ip", "sku", None) is UNKNOWN
    with pytest.raises(KeyError):
        provider_default("azurerm_public_ip", "no_such_argument", 4)
