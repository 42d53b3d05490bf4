"""The HCL writer: layout that ``terraform fmt`` leaves alone, strings that mean what they say."""

from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from archlint.generators.hcl import Block, Comment, Expr, quote, render_file, template
from tests.generators.conftest import terraform_cli, terraform_fmt_check

ENV = {**os.environ, "TF_CLI_CONFIG_FILE": "/dev/null", "CHECKPOINT_DISABLE": "1"}


def _evaluate(expressions: list[str], workdir: Path) -> list[object]:
    """Evaluate HCL expressions with ``terraform console`` (works offline in an empty dir)."""
    # base64 keeps the console's own output escaping out of the way.
    source = "base64encode(jsonencode([" + ", ".join(expressions) + "]))\n"
    result = subprocess.run(
        [terraform_cli(), "console"],
        input=source,
        capture_output=True,
        text=True,
        cwd=workdir,
        env=ENV,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(base64.b64decode(result.stdout.strip().strip('"')))


def test_quote_escapes_what_hcl_would_interpret() -> None:
    assert quote('say "hi"') == r'"say \"hi\""'
    assert quote("a\\b") == r'"a\\b"'
    assert quote("line\nnext\ttab") == r'"line\nnext\ttab"'
    assert quote("${var.x} %{if}") == '"$${var.x} %%{if}"'
    assert quote("bell\x07") == r'"bell\u0007"'


TRICKY = [
    'quote " and backslash \\',
    "${var.secret}",
    "$${already}",
    "%{ if true }x%{ endif }",
    "new\nline\r\ttab",
    "control \x00\x1b\x7f",
    "unicode é 中文 🙂",
    "trailing $",
    "",
]


def test_quoted_strings_evaluate_to_themselves(tmp_path: Path) -> None:
    """Terraform itself reads each quoted string back as the original text."""
    assert _evaluate([quote(text) for text in TRICKY], tmp_path) == TRICKY


@settings(max_examples=5, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=25))
@example(["\uf900"])  # not NFC: Terraform reads it back normalised
def test_any_text_round_trips_through_terraform(texts: list[str]) -> None:
    import tempfile
    import unicodedata

    # HCL normalises the text of a string literal to Unicode NFC (the HCL native syntax
    # specification, "Template Expressions"): U+F900 reads back as U+8C48.
    expected = [unicodedata.normalize("NFC", text) for text in texts]
    with tempfile.TemporaryDirectory() as workdir:
        assert _evaluate([quote(text) for text in texts], Path(workdir)) == expected


def test_template_escapes_text_and_interpolates_expressions(tmp_path: Path) -> None:
    expression = template('pre "${', Expr('"mid"'), "} post")
    assert expression.text == '"pre \\"$${${"mid"}} post"'
    assert _evaluate([expression.text], tmp_path) == ['pre "${mid} post']


def test_none_values_are_dropped_and_lists_flattened() -> None:
    block = Block.of("b", items=[("a", None), [("x", 1), [("y", 2)]], None, ("z", False)])
    assert [item.name for item in block.body] == ["x", "y", "z"]


def _sample() -> list[Block | Comment]:
    """Every layout case at once: alignment runs broken by multi-line values, comments and
    nested blocks; quoted object keys; lists of objects; empty values; numbers."""
    return [
        Comment("file comment"),
        Block.of(
            "resource",
            "x_type",
            "name",
            items=[
                ("a", 1),
                ("long_name", "v"),
                ("map", {"k": "v", "longer-key": 2, "needs quoting.x": True, "n": {"deep": 1}}),
                ("after_map", 1),
                ("b", 2.5),
                Comment("inside"),
                ("list", ["a", Expr("var.x"), -3]),
                ("objects", [{"p": 1, "qq": 2}, {}]),
                ("empty_list", []),
                ("empty_map", {}),
                ("big", 10.0),
                Block.of("nested", items=[("x", 1), ("yyy", 2), Block.of("deeper")]),
                ("tail", "t"),
                ("t", "u"),
            ],
        ),
        Block.of("data", "d_type", "with label", items=[("q", "plain")]),
        Block.of("locals", items=[("x", Expr("merge({ a = 1 }, var.m)"))]),
        Comment("last"),
    ]


def test_rendered_sample_is_terraform_fmt_clean(tmp_path: Path) -> None:
    text = render_file(_sample(), header="header\nsecond line")
    (tmp_path / "sample.tf").write_text(text, encoding="utf-8")
    result = terraform_fmt_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_alignment_follows_terraform_fmt() -> None:
    text = render_file([Block.of("b", items=[("a", 1), ("bbb", {"k": 1}), ("c", 2), ("dd", 3)])])
    assert text == ("b {\n  a = 1\n  bbb = {\n    k = 1\n  }\n  c  = 2\n  dd = 3\n}\n")
