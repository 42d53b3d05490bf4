"""Generic resources in a spec: the type is checked, generators refuse them by name."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SPEC = """\
metadata: {name: g, primary_region: westeurope}
resources:
  - {id: srch, type: TYPE, region: westeurope}
"""


def test_an_unknown_azurerm_type_is_an_error_with_a_did_you_mean(cli, write_spec) -> None:
    spec = write_spec(SPEC.replace("TYPE", "azurerm_serch_service"))
    result = cli("validate", str(spec))
    assert result.code == 2
    assert result.stderr.strip() == (
        f"{spec}:3:22: unknown azurerm resource type 'azurerm_serch_service' (not in the azurerm "
        "3.x or 4.x provider schema); did you mean 'azurerm_search_service'? (resources[0].type)"
    )


def test_a_known_type_validates(cli, write_spec) -> None:
    spec = write_spec(SPEC.replace("TYPE", "azurerm_search_service"))
    assert cli("validate", str(spec)).code == 0


@pytest.mark.parametrize("language", ["terraform", "bicep"])
def test_generators_refuse_generic_resources_naming_each(
    cli, write_spec, tmp_path: Path, language: str
) -> None:
    spec = write_spec(SPEC.replace("TYPE", "azurerm_search_service"))
    out = tmp_path / "out"
    result = cli("generate", language, str(spec), "-o", str(out))
    assert result.code == 2
    name = {"terraform": "Terraform", "bicep": "Bicep"}[language]
    assert result.stderr.startswith(
        f"{spec}:3:5: azurerm_search_service 'srch' cannot be generated as {name}: "
    )
    assert not out.exists()  # nothing half-written


def test_the_type_list_matches_the_shipped_schemas() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from extract_azurerm_types import TARGET, document
    finally:
        sys.path.pop(0)
    assert json.loads(TARGET.read_text("utf-8")) == document(), (
        "stale: run python scripts/extract_azurerm_types.py"
    )
