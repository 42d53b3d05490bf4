"""Terraform's JSON syntax (``*.tf.json``) is read into the same resources as HCL."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.errors import InputErrors
from archlint.importers import detect_input_kind, load_terraform
from archlint.importers.hcl import read_hcl

from .conftest import FIXTURES

SAME = FIXTURES / "tfjson"  # one configuration written in both syntaxes


def test_a_tf_json_directory_reads_as_its_hcl_twin() -> None:
    native, json_ = read_hcl(SAME / "hcl"), read_hcl(SAME / "json")
    assert [r.address for r in json_.resources] == [
        "azurerm_resource_group.main",
        "azurerm_storage_account.data[0]",
        "azurerm_storage_account.data[1]",
    ]
    assert [r.values for r in json_.resources] == [r.values for r in native.resources]
    assert json_.provider_major == native.provider_major == 3
    # a nested block (by the provider schema) is a block, as in HCL
    storage = json_.resources[1].values
    assert storage["network_rules"] == [{"default_action": "Deny", "ip_rules": ["203.0.113.0/24"]}]
    assert storage["name"] == "demodata0"


def test_tf_json_resources_are_located_on_their_lines() -> None:
    lines = {r.address: r.line for r in read_hcl(SAME / "json").resources}
    assert lines["azurerm_resource_group.main"] == 12
    assert lines["azurerm_storage_account.data[0]"] == 19


def test_lint_finds_the_same_in_both_syntaxes() -> None:
    native, json_ = load_terraform(SAME / "hcl"), load_terraform(SAME / "json")
    assert detect_input_kind(SAME / "json" / "main.tf.json") == "hcl"
    assert json_.architecture.model_dump() == native.architecture.model_dump() | {
        "metadata": json_.architecture.model_dump()["metadata"]
    }


def test_invalid_tf_json_is_placed(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text('{\n  "resource": {,}\n}\n')
    with pytest.raises(InputErrors) as caught:
        read_hcl(tmp_path)
    assert str(caught.value.errors[0]) == (
        f"{tmp_path / 'main.tf.json'}:2:16: invalid JSON: Expecting property name enclosed in "
        "double quotes"
    )


def test_tf_json_that_is_not_an_object(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text("[1]\n")
    with pytest.raises(InputErrors) as caught:
        read_hcl(tmp_path)
    assert str(caught.value.errors[0]) == (
        f"{tmp_path / 'main.tf.json'}: not Terraform JSON: a .tf.json file holds one JSON object"
    )
