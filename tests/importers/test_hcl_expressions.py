"""Expressions archlint evaluates as Terraform does (operators, conditionals, ``for``
expressions, function calls and what follows them), each case checked against ``terraform
console``; and what archlint leaves unknown rather than guess.

Each case is the value of one local, beside the variables of ``_PREAMBLE``; archlint reads it
as a resource's argument.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archlint.importers import hcl
from archlint.importers.values import UNKNOWN, Reference

from .conftest import terraform_locals
from .test_hcl_conformance import _SAME, Case

_PREAMBLE = """
variable "enabled" {
  default = true
}
variable "name" {
  default = null
}
variable "networks" {
  default = {
    hub   = { cidr = "10.0.0.0/16", tier = "core" }
    spoke = { cidr = "10.1.0.0/16", tier = "app" }
  }
}
variable "subnets" {
  default = [{ name = "a" }, { name = "b" }]
}
variable "lists" {
  default = [["a"], ["b", "c"]]
}
variable "identity" {
  type = object({
    system_assigned = optional(bool, false)
    ids             = optional(list(string), [])
    nested          = optional(object({ a = optional(string, "d"), b = optional(number) }), {})
    absent          = optional(object({ a = optional(string, "d") }))
  })
  default = {}
}
variable "tiers" {
  type    = map(object({ name = string, tier = optional(string, "std") }))
  default = { x = { name = "x", extra = 1 }, y = { name = "y", tier = null } }
}
variable "size" {
  type    = string
  default = 1
}
"""

_KEPT_UNKNOWN = "archlint cannot tell an error (try's fallback) from an optional attribute"

CASES: dict[str, Case] = {
    # conditionals and operators (spec: "Conditional Operator", "Operations")
    "count_from_a_flag": Case("var.enabled ? 1 : 0", 1),
    "default_when_null": Case('var.name == null ? "default" : var.name', "default"),
    "an_error_in_the_branch_not_chosen": Case('var.name == null ? "none" : var.name.x', "none"),
    "condition_from_a_string": Case('"false" ? "a" : "b"', "b"),
    "branches_unified_to_string": Case('var.enabled ? 1 : "x"', "1"),
    "comparison_converts_strings": Case('3 > "2"', True),
    "equality_does_not_convert": Case('"1" == 1', False),
    "numbers_are_one_type": Case("1 == 1.0", True),
    "arithmetic": Case("(2 + 3) * 4 % 7 - -1", 7),
    "an_exact_quotient": Case("5 / 2", 2.5),
    "arithmetic_on_a_fraction": Case("1 + 5 / 2", 3.5, UNKNOWN, "0.1 is no float in Terraform"),
    "remainder_keeps_the_dividend_sign": Case("-5 % 3", -2),
    "big_integers_exact": Case("100000000000000000000 + 1", 100000000000000000001),
    "decimal_fractions": Case(
        "0.1 + 0.2 == 0.3", True, UNKNOWN, "Terraform's numbers are 512-bit, not floats"
    ),
    "logic": Case('!var.enabled || 1 < 2 && "x" != "y"', True),
    "null_is_not_a_collection": Case("var.subnets != null", True),
    # for expressions (spec: "For Expressions")
    "for_tuple_with_filter": Case('[for s in ["a", "b"] : upper(s) if s != "b"]', ["A"]),
    "for_over_a_map_in_key_order": Case(
        "[for k, v in var.networks : v.cidr]", ["10.0.0.0/16", "10.1.0.0/16"]
    ),
    "for_object": Case("{ for k, x in { b = 1, a = 2 } : k => x * 2 }", {"a": 4, "b": 2}),
    "for_object_number_keys": Case("{ for i in [1, 2] : i => i }", {"1": 1, "2": 2}),
    "for_object_grouping": Case(
        '{ for s in ["a", "b", "a"] : s => s... }', {"a": ["a", "a"], "b": ["b"]}
    ),
    "for_with_index": Case('[for i, s in ["x", "y"] : "${i}-${s}"]', ["0-x", "1-y"]),
    # a call followed by a traversal
    "element_then_attribute": Case("element(var.subnets, 3).name", "b"),
    "values_then_index": Case("values(var.networks)[1].tier", "app"),
    "lookup_then_attribute": Case('lookup(var.networks, "hub").cidr', "10.0.0.0/16"),
    "one_of_a_filtered_list": Case('one([for s in var.subnets : s if s.name == "a"]).name', "a"),
    "one_of_nothing": Case("one([])", None),
    # functions
    "coalesce_skips_null_and_empty": Case('coalesce(var.name, "", "x")', "x"),
    "coalesce_unifies_types": Case('coalesce(1, "a")', "1"),
    "try_of_a_known_value": Case('try(var.networks.hub.tier, "none")', "core"),
    "length_of_each_kind": Case(
        '[length(var.subnets), length(var.networks), length("abc")]', [2, 2, 3]
    ),
    "keys_sorted": Case("keys({ b = 1, a = 2 })", ["a", "b"]),
    "contains": Case('[contains(["a", "b"], "b"), contains([1], "1")]', [True, False]),
    "flatten_and_spread": Case(
        '[flatten(var.lists), concat(var.lists...), ["d"]]',
        [
            ["a", "b", "c"],
            ["a", "b", "c"],
            ["d"],
        ],
    ),
    "join_converts_primitives": Case('join(",", ["a", 1, true])', "a,1,true"),
    "format_common_verbs": Case('format("%s-%03d", "a", 7)', "a-007", UNKNOWN, "widths"),
    "format_plain_verbs": Case('format("%s-%d-%v%%", "a", 7, true)', "a-7-true%"),
    "cidrsubnet": Case('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
    "cidrsubnet_host_bits_ignored": Case('cidrsubnet("10.0.0.5/16", 8, 255)', "10.0.255.0/24"),
    "cidrsubnet_ipv6": Case('cidrsubnet("fd00::/56", 8, 3)', "fd00:0:0:3::/64"),
    "cidrsubnets_per_network": Case(
        "{ for k, n in var.networks : k => cidrsubnet(n.cidr, 8, 1) }",
        {"hub": "10.0.1.0/24", "spoke": "10.1.1.0/24"},
    ),
    "tostring_of_primitives": Case(
        "[tostring(true), tostring(1.5), tostring(2)]",
        [
            "true",
            "1.5",
            "2",
        ],
    ),
    "string_functions": Case(
        '[replace("a.b.c", ".", "-"), split(",", "x,y"), trimspace(" x "), lower("AB")]',
        ["a-b-c", ["x", "y"], "x", "ab"],
    ),
    "merge_later_wins": Case("merge({ a = 1, b = 1 }, null, { b = 2 })", {"a": 1, "b": 2}),
    "toset_of_strings": Case('toset(["b", "a", "b"])', ["a", "b"]),
    # a variable's value converted to its declared type
    "optional_attributes_take_their_defaults": Case(
        "var.identity",
        {"system_assigned": False, "ids": [], "nested": {"a": "d", "b": None}, "absent": None},
    ),
    "condition_on_an_optional_attribute": Case(
        'var.identity.system_assigned ? "SystemAssigned" : "None"', "None"
    ),
    "null_takes_the_default_and_undeclared_attributes_go": Case(
        "var.tiers", {"x": {"name": "x", "tier": "std"}, "y": {"name": "y", "tier": "std"}}
    ),
    "primitive_converted_to_the_declared_type": Case("var.size", "1"),
    # what archlint leaves unknown rather than guess
    "try_falls_back": Case('try(var.networks.hub.missing, "none")', "none", UNKNOWN, _KEPT_UNKNOWN),
    "lookup_default": Case('lookup(var.networks, "edge", "none")', "none", UNKNOWN, _KEPT_UNKNOWN),
    "replace_with_a_regular_expression": Case(
        'replace("a1b2", "/[0-9]/", "")', "ab", UNKNOWN, "Go's RE2 syntax is not Python's"
    ),
    "length_of_unicode": Case('length("héllo")', 5, UNKNOWN, "Terraform counts graphemes"),
    "compare_collections": Case('["a"] == ["a"]', True, UNKNOWN, "a list is not a tuple"),
}


def _read(tmp_path: Path, text: str) -> dict[str, dict[str, Any]]:
    """Each resource's values, by type, of a configuration written as ``main.tf``."""
    (tmp_path / "main.tf").write_text(text, encoding="utf-8")
    return {r.type: r.values for r in hcl.read_hcl(tmp_path).resources}


def _archlint_values(tmp_path: Path, cases: dict[str, Case]) -> dict[str, Any]:
    body = "\n".join(f"  {name} = {case.hcl}" for name, case in cases.items())
    text = _PREAMBLE + f'resource "azurerm_resource_group" "t" {{\n{body}\n}}\n'
    return _read(tmp_path, text)["azurerm_resource_group"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_archlint_evaluates_the_expression_as_terraform(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    expected = case.value if case.archlint is _SAME else case.archlint
    assert _archlint_values(tmp_path, {name: case})[name] == expected


def test_terraform_gives_every_value_written_here(tmp_path: Path) -> None:
    body = "\n".join(f"  {name} = {case.hcl}" for name, case in CASES.items())
    (tmp_path / "main.tf").write_text(_PREAMBLE + f"locals {{\n{body}\n}}\n", encoding="utf-8")
    values = terraform_locals(tmp_path, list(CASES))
    assert values == {name: case.value for name, case in CASES.items()}


# --- unknown in, unknown out; references kept -------------------------------------------

UNKNOWN_IN: dict[str, str] = {
    "operator": "var.unset + 1",
    "condition": 'var.unset ? "a" : "b"',
    "comparison": 'var.unset == "x"',
    "logic": "var.unset && true",
    "for_collection": "[for s in var.unset : s]",
    "for_filter": "[for s in [1] : s if var.unset]",
    "function": "cidrsubnet(var.unset, 8, 1)",
    "coalesce_before_a_value": 'coalesce(var.unset, "x")',
    "try": 'try(var.unset, "x")',
    "unknown_function": 'sha1("x")',
    "division_by_zero": "1 / 0",
    "a_quotient_a_float_cannot_hold": "5 / 3",
    "bool_beside_number": "var.enabled ? true : 1",
    "not_understood": "var.subnets[*].name",
}


@pytest.mark.parametrize("name", sorted(UNKNOWN_IN))
def test_an_unknown_operand_gives_an_unknown_result(tmp_path: Path, name: str) -> None:
    values = _read(
        tmp_path,
        _PREAMBLE + 'variable "unset" {}\n'
        f'resource "azurerm_resource_group" "t" {{\n  v = {UNKNOWN_IN[name]}\n}}\n',
    )
    assert values["azurerm_resource_group"]["v"] is UNKNOWN


def test_the_chosen_branch_is_known_when_the_other_is_not(tmp_path: Path) -> None:
    values = _read(
        tmp_path,
        'variable "unset" {}\n'
        'resource "azurerm_resource_group" "t" {\n  v = true ? "a" : var.unset\n}\n',
    )
    assert values["azurerm_resource_group"]["v"] == "a"


def test_a_call_result_read_further_still_names_the_resource(tmp_path: Path) -> None:
    values = _read(
        tmp_path,
        'resource "azurerm_application_gateway" "g" {\n'
        '  backend_address_pool {\n    name = "p"\n  }\n}\n'
        'resource "azurerm_network_interface_application_gateway_backend_address_pool_'
        'association" "a" {\n'
        "  backend_address_pool_id = one(azurerm_application_gateway.g.backend_address_pool).id\n"
        "  pool_name = element(azurerm_application_gateway.g.backend_address_pool, 0).name\n"
        "}\n",
    )
    association = next(v for t, v in values.items() if t.endswith("association"))
    assert association["backend_address_pool_id"] == Reference(
        "azurerm_application_gateway.g", ("backend_address_pool", 0, "id"), UNKNOWN
    )
    assert association["pool_name"] == Reference(
        "azurerm_application_gateway.g", ("backend_address_pool", 0, "name"), "p"
    )


def test_count_from_a_conditional_makes_known_instances(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "private" {\n  default = false\n}\n'
        'resource "azurerm_private_endpoint" "pe" {\n  count = var.private ? 1 : 0\n'
        '  name = "pe"\n}\n'
        'resource "azurerm_subnet" "s" {\n  count = length(["a", "b"])\n'
        '  name = "s${count.index}"\n}\n'
    )
    assert [r.address for r in hcl.read_hcl(tmp_path).resources] == [
        "azurerm_subnet.s[0]",
        "azurerm_subnet.s[1]",
    ]


def test_blocks_beside_a_dynamic_block_over_unknowns_stay_unknown(tmp_path: Path) -> None:
    values = _read(
        tmp_path,
        'variable "rules" {}\n'
        'resource "azurerm_network_security_group" "n" {\n'
        '  dynamic "security_rule" {\n    for_each = var.rules\n'
        "    content {\n      name = security_rule.value\n    }\n  }\n"
        '  security_rule {\n    name = "fixed"\n  }\n}\n',
    )
    assert values["azurerm_network_security_group"]["security_rule"] is UNKNOWN


def test_items_of_a_resource_list_in_a_for_expression_stay_references(tmp_path: Path) -> None:
    values = _read(
        tmp_path,
        'resource "azurerm_application_gateway" "g" {\n'
        '  backend_address_pool {\n    name = "p"\n  }\n}\n'
        'resource "azurerm_resource_group" "t" {\n'
        "  ids = [for p in azurerm_application_gateway.g.backend_address_pool : p.id]\n}\n",
    )
    assert values["azurerm_resource_group"]["ids"] == [
        Reference("azurerm_application_gateway.g", ("backend_address_pool", 0, "id"), UNKNOWN)
    ]


def test_a_module_argument_takes_the_type_the_module_declares(tmp_path: Path) -> None:
    (tmp_path / "child").mkdir()
    (tmp_path / "child" / "main.tf").write_text(
        'variable "settings" {\n  type = object({ public = optional(bool, false) })\n}\n'
        'resource "azurerm_resource_group" "t" {\n'
        '  v = var.settings.public ? "open" : "closed"\n}\n',
        encoding="utf-8",
    )
    values = _read(tmp_path, 'module "c" {\n  source   = "./child"\n  settings = {}\n}\n')
    assert values["azurerm_resource_group"]["v"] == "closed"


def test_a_value_terraform_would_refuse_is_left_as_written(tmp_path: Path) -> None:
    values = _read(
        tmp_path,
        'variable "settings" {\n  type    = object({ name = string })\n  default = {}\n}\n'
        'resource "azurerm_resource_group" "t" {\n  v = var.settings\n}\n',
    )
    assert values["azurerm_resource_group"]["v"] == {}
