"""Conformance of the HCL reader to Terraform, case by case, written from the HCL native
syntax specification (hashicorp/hcl ``hclsyntax/spec.md``: heredocs, templates and their
directives and strip markers, ``for`` and conditional expressions, comments, unicode,
escapes) and from what Terraform's scanner does where the specification is silent (a
heredoc's closing line is trimmed of spaces before it is compared with the marker).

Each case is the value of one attribute and what Terraform makes of it. Three checks:

* both parsers (the fast one and python-hcl2, on the text as archlint rewrites it) give the
  same structure, and archlint's choice between them gives it too;
* archlint evaluates the attribute to Terraform's value (or knows it cannot: ``UNKNOWN``
  for what only Terraform evaluates, such as directives), except where
  a case says how and why archlint differs;
* ``terraform console`` gives the value written here (skipped without the terraform CLI),
  so the expectations themselves are checked against Terraform, not only against us.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from archlint.errors import InputErrors
from archlint.importers import hcl, hcl_fast
from archlint.importers.values import UNKNOWN

from .conftest import terraform_locals

_SAME = object()


@dataclass(frozen=True)
class Case:
    hcl: str  # the text after ``v = ``, up to the end of the attribute's last line
    value: Any  # what Terraform gives (checked with terraform console when installed)
    archlint: Any = _SAME  # what archlint gives where it differs from Terraform
    why: str = ""  # and why it differs


_ONLY_TERRAFORM = "directives, and functions archlint does not evaluate, are Terraform's"

CASES: dict[str, Case] = {
    # heredocs (spec: "Template Expressions"; scanner: the closing line is trimmed)
    "heredoc": Case("<<EOT\nhello\nworld\nEOT\n", "hello\nworld\n"),
    "heredoc_marker_with_trailing_spaces": Case("<<EOT\nhello\nEOT  \n", "hello\n"),
    "heredoc_marker_with_trailing_tab": Case("<<EOT\nhello\nEOT\t\n", "hello\n"),
    "heredoc_marker_indented": Case("<<EOT\nhello\n   EOT\n", "hello\n"),
    "heredoc_indented": Case("<<-EOT\n    a\n      b\n    EOT\n", "a\n  b\n"),
    "heredoc_indented_marker_with_trailing_spaces": Case("<<-EOT\n    a\n  EOT   \n", "a\n"),
    "heredoc_crlf": Case("<<EOT\r\nhello\r\nworld\r\nEOT\r\n", "hello\r\nworld\r\n"),
    "heredoc_empty": Case("<<EOT\nEOT\n", ""),
    "heredoc_of_one_empty_line": Case("<<EOT\n\nEOT\n", "\n"),
    "heredoc_with_a_literal_interpolation": Case(
        '<<EOT\nx ${"y"} z\nEOT\n',
        "x y z\n",
        UNKNOWN,
        "python-hcl2's structure escapes the quotes in a heredoc's interpolation",
    ),
    "heredoc_marker_only_on_its_own_line_ends_it": Case(
        "<<EOT\n EOTX\nEOT is not the end\nEOT\n", " EOTX\nEOT is not the end\n"
    ),
    "heredoc_in_an_object_with_trailing_spaces": Case(
        "{\n  a = <<EOT\nx\nEOT  \n  b = 1\n}\n", {"a": "x\n", "b": 1}
    ),
    "two_heredocs_with_trailing_spaces": Case(
        "{\n  a = <<A\none\nA \n  b = <<B\ntwo\nB\t\n}\n", {"a": "one\n", "b": "two\n"}
    ),
    "heredoc_with_interpolation": Case(
        '<<EOT\nx ${upper("y")} z\nEOT\n', "x Y z\n", UNKNOWN, _ONLY_TERRAFORM
    ),
    # templates and directives (spec: "Template Interpolation Sequences", "Directives")
    "interpolation_of_a_literal": Case('"a-${"b"}-c"', "a-b-c"),
    "directive_if": Case('"%{ if true }yes%{ else }no%{ endif }"', "yes", UNKNOWN, _ONLY_TERRAFORM),
    "directive_for": Case(
        '"%{ for x in ["a", "b"] }${x},%{ endfor }"', "a,b,", UNKNOWN, _ONLY_TERRAFORM
    ),
    "strip_markers_in_a_heredoc_directive": Case(
        '<<EOT\n%{ for x in ["a", "b"] ~}\n${x}\n%{ endfor ~}\nEOT\n',
        "a\nb\n",
        UNKNOWN,
        _ONLY_TERRAFORM,
    ),
    "strip_markers_in_a_quoted_template": Case('"a  ${~ "b" ~}  c"', "abc"),
    "strip_markers_on_one_side": Case('"a  ${~ "b" }  c ${"d" ~}\te"', "ab  c de"),
    "escaped_template_sequences": Case('"$${literal} %%{literal}"', "${literal} %{literal}"),
    # for and conditional expressions (spec: "For Expressions", "Conditional Operator")
    "for_tuple": Case('[for s in ["a", "b"] : upper(s) if s != "c"]', ["A", "B"]),
    "for_object": Case("{ for k, x in { a = 1, b = 2 } : k => x * 2 }", {"a": 2, "b": 4}),
    "for_object_grouping": Case(
        '{ for s in ["a", "b", "a"] : s => s... }', {"a": ["a", "a"], "b": ["b"]}
    ),
    "conditional": Case('1 > 2 ? "a" : "b"', "b"),
    "conditional_over_lines": Case('(\n  true\n  ? "a"\n  : "b"\n)', "a"),
    # comments (spec: "Comments and Whitespace")
    "comments_of_each_kind": Case('"x" # hash\n// slashes\n/* block\n   comment */\n', "x"),
    "comment_after_a_value_without_a_final_newline": Case('"x" // last', "x"),
    "block_comment_before_a_value": Case('/* inline */ "x"', "x"),
    "block_comments_inside_an_expression": Case("[1, /* a */ 2 /* b */]", [1, 2]),
    "comment_markers_inside_a_string_are_text": Case('"a /* b */ c ~} d"', "a /* b */ c ~} d"),
    # unicode and escapes (spec: "Identifiers", "Template Literals")
    "unicode_string": Case('"héllo 世界 😀"', "héllo 世界 😀"),
    "unicode_object_key": Case('{ "ключ" = "значение" }', {"ключ": "значение"}),
    "escapes": Case('"a\\nb\\t\\"q\\" \\\\ \\u00e9 \\U0001F600"', 'a\nb\t"q" \\ é 😀'),
    # numbers, collections, line endings
    "numbers": Case("[1, 1.5, 1e3, 0.25]", [1, 1.5, 1000, 0.25]),
    "crlf_line_endings": Case(
        '{\r\n  a = "x" # c\r\n  b = [1,\r\n    2]\r\n}\r\n', {"a": "x", "b": [1, 2]}
    ),
}

# Terraform reads these and python-hcl2 refuses them: archlint's own parser reads them.
BEYOND_PYTHON_HCL2: dict[str, Case] = {
    "unicode_identifier": Case("{ café = 1 }", {"café": 1}),
    "unicode_nested_names": Case(
        '{ a = { naïve = "x" }, Straße = 2 }', {"a": {"naïve": "x"}, "Straße": 2}
    ),
}


def _document(case: Case) -> str:
    text = case.hcl if case.hcl.endswith("\n") else case.hcl + "\n"
    newline = "\r\n" if "\r\n" in text else "\n"
    return f'resource "azurerm_resource_group" "t" {{{newline}  v = {text}}}{newline}'


def _hcl2(text: str) -> dict[str, Any]:
    import hcl2

    options = hcl2.SerializationOptions(with_comments=False, preserve_heredocs=False)
    return hcl2.loads(text, serialization_options=options)  # type: ignore[no-any-return]


def _archlint_value(tmp_path: Path, case: Case) -> Any:
    (tmp_path / "main.tf").write_bytes(_document(case).encode("utf-8"))
    (resource,) = hcl.read_hcl(tmp_path).resources
    return resource.values["v"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_both_parsers_read_the_case_alike(name: str) -> None:
    text, _ = hcl._terraform_equivalent(_document(CASES[name]))
    text = hcl._without_what_python_hcl2_refuses(text)
    expected = _hcl2(text)
    try:
        fast = hcl_fast.loads(text)
    except hcl_fast.Unsupported:
        fast = expected  # declined: python-hcl2 reads it
    assert fast == expected
    assert hcl._parse_hcl(_document(CASES[name])) == expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_archlint_reads_the_value_terraform_reads(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    expected = case.value if case.archlint is _SAME else case.archlint
    assert _archlint_value(tmp_path, case) == expected


@pytest.mark.parametrize("name", sorted(BEYOND_PYTHON_HCL2))
def test_archlint_reads_what_terraform_reads_and_python_hcl2_refuses(
    tmp_path: Path, name: str
) -> None:
    assert _archlint_value(tmp_path, BEYOND_PYTHON_HCL2[name]) == BEYOND_PYTHON_HCL2[name].value


# --- syntax errors: placed where Terraform places them ----------------------------------

# text -> (line, column, message): the line is the one `terraform fmt` names.
SYNTAX_ERRORS: dict[str, tuple[str, int, int, str]] = {
    "unclosed_block": (
        'resource "a" "b" {\n  x = 1\n',
        1,
        18,
        "this '{' is never closed (no '}')",
    ),
    "missing_value": ("locals {\n  x =\n}\n", 2, 6, "unexpected '}'"),
    "two_values": ("locals {\n  x = 1\n  y = 2 3\n}\n", 3, 9, "unexpected '3'"),
    "missing_separator": ("locals {\n  x = [1, 2\n  y = 3\n}\n", 3, 3, "unexpected 'y'"),
    "extra_brace": ("locals {\n  x = 1\n}\n}\n", 4, 1, "unexpected '}'"),
    "after_two_heredocs": (
        "locals {\n  x = <<EOT\na\nEOT\n  y = <<-EOT\n    b\n    EOT\n  z = [1 2]\n}\n",
        8,
        10,
        "unexpected '2'",
    ),
    "heredoc_after_a_fixed_one": (
        "locals {\n  x = <<EOT\nhello\nEOT  \n  y = = 1\n}\n",
        5,
        7,
        "unexpected '= 1'",
    ),
}


@pytest.mark.parametrize("name", sorted(SYNTAX_ERRORS))
def test_syntax_errors_point_at_the_real_position(tmp_path: Path, name: str) -> None:
    text, line, column, message = SYNTAX_ERRORS[name]
    (tmp_path / "main.tf").write_text(text)
    with pytest.raises(InputErrors) as caught:
        hcl.read_hcl(tmp_path)
    (error,) = caught.value.errors
    assert str(error) == f"{tmp_path / 'main.tf'}:{line}:{column}: HCL syntax error: {message}"


def test_an_unclosed_heredoc_is_named_at_its_opener(tmp_path: Path) -> None:
    # Terraform says "Unterminated template string" at the end of the file; the opener is
    # where the fix goes.
    (tmp_path / "main.tf").write_text("locals {\n  x = <<EOT\nhello\nEOTX\n}\n")
    with pytest.raises(InputErrors) as caught:
        hcl.read_hcl(tmp_path)
    assert str(caught.value.errors[0]) == (
        f"{tmp_path / 'main.tf'}:2:7: HCL syntax error: heredoc <<EOT never ends "
        "(no line holding only EOT)"
    )


# --- Terraform as the oracle ------------------------------------------------------------


def _terraform() -> str:
    found = shutil.which("terraform")
    if found is None:
        pytest.skip("terraform CLI not installed: the cases are not checked against it")
    return found


_ENV = {**os.environ, "TF_CLI_CONFIG_FILE": "/dev/null", "CHECKPOINT_DISABLE": "1"}


def test_terraform_reads_every_case_as_written_here(tmp_path: Path) -> None:
    cases = {**CASES, **BEYOND_PYTHON_HCL2}
    for name, case in cases.items():  # one file each: line endings differ between cases
        text = case.hcl if case.hcl.endswith("\n") else case.hcl + "\n"
        newline = "\r\n" if "\r\n" in text else "\n"
        document = f"locals {{{newline}  {name} = {text}}}{newline}"
        (tmp_path / f"{name}.tf").write_bytes(document.encode("utf-8"))
    values = terraform_locals(tmp_path, list(cases))
    assert values == {name: case.value for name, case in cases.items()}


@pytest.mark.parametrize("name", sorted(SYNTAX_ERRORS))
def test_terraform_places_each_syntax_error_on_the_same_line(tmp_path: Path, name: str) -> None:
    terraform = _terraform()
    text, line, _, _ = SYNTAX_ERRORS[name]
    done = subprocess.run(
        [terraform, "fmt", "-no-color", "-"],
        input=text,
        capture_output=True,
        text=True,
        env=_ENV,
        timeout=60,
    )
    assert done.returncode != 0
    assert re.findall(r"on <stdin> line (\d+)", done.stderr)[0] == str(line)
