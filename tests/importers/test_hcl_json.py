"""Terraform's JSON syntax (``*.tf.json``) is read into the same resources as HCL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archlint.errors import InputErrors
from archlint.importers import detect_input_kind, load_terraform
from archlint.importers.hcl import read_hcl
from archlint.importers.values import UNKNOWN

from .conftest import FIXTURES, terraform_locals

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


def test_one_tf_json_file_is_read_alone() -> None:
    single = read_hcl(SAME / "json" / "main.tf.json")
    assert [r.values for r in single.resources] == [
        r.values for r in read_hcl(SAME / "json").resources
    ]


def test_lint_finds_the_same_in_both_syntaxes() -> None:
    native, json_ = load_terraform(SAME / "hcl"), load_terraform(SAME / "json")
    assert detect_input_kind(SAME / "json" / "main.tf.json") == "hcl"
    assert json_.architecture.model_dump() == native.architecture.model_dump() | {
        "metadata": json_.architecture.model_dump()["metadata"]
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{\n  "resource": {,}\n}\n',
            ":2:16: invalid JSON: Expecting property name enclosed in double quotes",
        ),
        ("[1]\n", ": not Terraform JSON: a .tf.json file holds one JSON object"),
    ],
)
def test_bad_tf_json_is_one_placed_error(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "main.tf.json").write_text(text)
    with pytest.raises(InputErrors) as caught:
        read_hcl(tmp_path)
    assert [str(e) for e in caught.value.errors] == [f"{tmp_path / 'main.tf.json'}{message}"]


# --- values: what Terraform makes of each JSON value ------------------------------------

# name -> (the JSON value of a local, what Terraform gives, what archlint gives if it differs)
JSON_VALUES: dict[str, tuple[Any, Any, Any]] = {
    "plain": ("text", "text", None),
    "a_literal_interpolation": ('a-${"b"}-c', "a-b-c", None),
    "a_reference": ("${local.plain}", "text", None),
    "a_function_call": ('${upper("a")}', "A", None),
    "a_function_archlint_does_not_evaluate": ('${title("ab")}', "Ab", UNKNOWN),
    "escaped_interpolation": ("$${x} %%{y}", "${x} %{y}", None),
    "quotes_backslashes_newlines": ('say "hi"\\ \nnext\ttab', 'say "hi"\\ \nnext\ttab', None),
    "unicode": ("héllo 世界", "héllo 世界", None),
    "number": (1.5, 1.5, None),
    "boolean": (True, True, None),
    "tuple": (["a", 2], ["a", 2], None),
    "object": ({"k": "${local.plain}"}, {"k": "text"}, None),
}


def _json_locals() -> dict[str, Any]:
    return {"locals": {name: value for name, (value, _, _) in JSON_VALUES.items()}}


@pytest.mark.parametrize("name", sorted(JSON_VALUES))
def test_tf_json_values_read_as_terraform_reads_them(tmp_path: Path, name: str) -> None:
    document = _json_locals()
    document["resource"] = {"azurerm_resource_group": {"t": {"name": f"${{local.{name}}}"}}}
    (tmp_path / "main.tf.json").write_text(json.dumps(document))
    (resource,) = read_hcl(tmp_path).resources
    _, terraform, archlint = JSON_VALUES[name]
    assert resource.values["name"] == (terraform if archlint is None else archlint)


def test_terraform_reads_the_json_values_as_written_here(tmp_path: Path) -> None:
    (tmp_path / "main.tf.json").write_text(json.dumps(_json_locals()))
    values = terraform_locals(tmp_path, list(JSON_VALUES))
    assert values == {name: terraform for name, (_, terraform, _) in JSON_VALUES.items()}


def test_a_dynamic_block_in_json_reads_as_in_hcl(tmp_path: Path) -> None:
    native, json_ = tmp_path / "hcl", tmp_path / "json"
    native.mkdir()
    json_.mkdir()
    (native / "main.tf").write_text(
        'resource "azurerm_storage_account" "s" {\n  name = "x"\n'
        '  dynamic "network_rules" {\n    for_each = [1]\n'
        '    content {\n      default_action = "Deny"\n    }\n  }\n}\n'
    )
    body = {
        "name": "x",
        "dynamic": {"network_rules": {"for_each": "${[1]}", "content": {"default_action": "Deny"}}},
    }
    (json_ / "main.tf.json").write_text(
        json.dumps({"resource": {"azurerm_storage_account": {"s": body}}})
    )
    (expected,) = read_hcl(native).resources
    (resource,) = read_hcl(json_).resources
    assert (
        resource.values
        == expected.values
        == {
            "name": "x",
            "network_rules": [{"default_action": "Deny"}],
        }
    )
