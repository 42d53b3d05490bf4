"""The YAML fast path's line tier reads a spec exactly as the PyYAML path does, or declines.

``archlint.loader.fast_yaml.read_lines`` is the first tier of ``read_fast`` and needs no
rapidyaml. Whatever it accepts must give the same data (same values, same types) and the
same key and value positions as PyYAML; anything else it must decline (None). Checked on
hand-picked corner cases of line scanning, on generated documents of the block subset it
reads and on mutants of them, on lines put together at random, and on mutants of the
seed.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archlint.errors import InputError, Limits
from archlint.loader import fast_yaml, yaml_source, yaml_walk
from tests.conftest import SEED_SPEC


def _pyyaml(text: str, limits: Limits) -> tuple[Any, yaml_source.SourceMap] | None:
    source_map = yaml_source.SourceMap("f", text=text)
    builder = yaml_source._Builder("f", source_map, limits)
    try:
        node = yaml.compose(text, Loader=yaml_source._Loader)
        if node is None:
            return None
        return builder.build(node, (), 0), source_map
    except (yaml.YAMLError, InputError, RecursionError):
        return None


def _lines(text: str, limits: Limits) -> tuple[Any, yaml_source.SourceMap]:
    source_map = yaml_source.SourceMap("f", text=text)
    builder = yaml_source._Builder("f", source_map, limits)
    return fast_yaml.read_lines(text, "f", limits, builder), source_map


def _typed(value: Any) -> Any:
    """``value`` with the type of every leaf (so that 1, True and 1.0 differ) and its
    mappings as lists of pairs (so that the order of their keys counts)."""
    if isinstance(value, dict):
        return [(key, _typed(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, float) and value != value:
        return ("nan", float)
    return (value, type(value))


def _same_or_declined(text: str, limits: Limits | None = None) -> bool:
    """True when the line tier accepted ``text`` (and then agrees with PyYAML exactly)."""
    limits = limits or Limits()
    data, source_map = _lines(text, limits)
    if data is None:
        return False
    expected = _pyyaml(text, limits)
    assert expected is not None, f"accepted what PyYAML refuses: {text[:300]!r}"
    expected_data, expected_map = expected
    assert _typed(data) == _typed(expected_data), text[:300]
    assert source_map.keys == expected_map.keys, text[:300]
    assert source_map.values == expected_map.values, text[:300]
    return True


# Accepted: each reads as PyYAML reads it, positions included.
ACCEPTED = [
    # indentation
    "a: 1\nb: 2\n",
    "  a: 1\n  b: 2\n",
    "a:\n b: 1\n c: 2\nd: 3\n",
    "a:\n        b: 1\n        c:\n          d: x\ne: 1\n",
    "a:\n  b:\n    c: 1\n  d: 2\n",
    "a:\n  b:\n    c: 1\nd: 2\n",
    # "key:" then a dedent, a sibling or the end: null, just after the colon
    "a:\nb: 1\n",
    "a:\n  b:\nc: 1\n",
    "a:   # c\nb: 1\n",
    "a: 1\nb:",
    "a: 1\nb:\n",
    "a:\n\n# c\n",
    "- a:\n- b\n",
    "- a:\n  b: 1\n",
    # sequences in the key's column ("indentless") or deeper
    "a:\n- 1\n- 2\nb: 3\n",
    "a:\n  - 1\n  - 2\nb: 3\n",
    "a:\n    - x\n    - y\nb: 1\n",
    "x:\n  a:\n  - 1\n  b: 2\n",
    "- a:\n  - 1\n  b: 2\n- c\n",
    "- a:\n  - b:\n    - c\n    d: 1\n  e: 2\n",
    "-   a: 1\n    b: 2\n-  c\n",
    "- x\n- y: 1\n  z:\n  - w\n",
    # comments everywhere, "#" inside values
    "# head\na: 1 # after\n# between\n  # indented\nb:  # after key\n  # inside\n  c: x\n# tail",
    "a: b#c\n",
    "a: 'x # y' # z\n",
    'a: "#x"\n',
    "a: x  #  c\n",
    "a: [x, '#y'] # c\n",
    # trailing spaces, no final newline, blank lines
    "a: 1   \nb:   \n  c: x  \n",
    "a: 1\n\n\nb: 2",
    "\n\na: 1\n\n",
    "a:\n  b: 1\n  \n     \n  c: 2\n",
    # keys with spaces, dots, colons, quotes, indicators inside
    "a b: 1\na.b: 2\na:b: 3\na-b: 4\n",
    "'a: b': 1\n\"c d\": 2\n'it''s': 3\n'': 4\n",
    "a'b: 1\na\"b: 2\na#b: 3\n-k: 4\n?k: 5\n:k: 6\n",
    "k[0]: 1\nk{x}: 2\nk,y: 3\n",
    "é: ü\n",
    # plain scalars PyYAML types with its resolver
    "a: 1e3\nb: 0o7\nc: .inf\nd: ~\ne: null\nf: Yes\ng: 2025-01-01\nh: 1_000\ni: 0x1F\n",
    "a: +1\nb: -1\nc: 0777\nd: 1.5\ne: -.inf\nf: .NaN\ng: NULL\nh: off\ni: On\nj: 0b101\n",
    "a: 1:30\nb: 190:20:30.15\nc: 2001-12-14t21:59:43.10-05:00\nd: 2002-12-14\n",
    "a: 0\nb: 00\nc: 12345678901234567890\nd: 1.\ne: y\nf: n\ng: TRUE\n",
    "a: :x\nb: -x\nc: ?x\nd: x:y\ne: x,y\nf: x]\ng: a b  c\nh: x:\n  i: 1\n".replace(
        "h: x:\n  i: 1\n", "h: '-'\n"
    ),
    "- -x\n- :x\n- ?x\n- x:y\n- 1\n- yes\n",
    # "---" and "..." are document markers only in the first column, followed by a space
    "---a: 1\n---: 2\n...: 3\nb:\n  --- x: 4\n  ... y: 5\nc: --- z\n",
    "- --- a\n- ... b\n",
    "-- a: 1\n",
    "a:: b\nc: x :y\n",
    "😀: 😀 x\nb: é\n",
    "a:\n- |\n  x\nb: 1\n",
    # quoted scalars: one line, escapes, several lines
    "a: 'x'\nb: \"y\"\nc: ''\nd: \"\"\ne: 'it''s'\n",
    'a: "x\\ty"\nb: "\\u00e9"\n',
    "a: 'line\n  two'\nb: \"three\n\n  four\"\nc: 1\n",
    "- 'a\n  b'\n- c\n",
    # flow collections and block scalars: PyYAML reads them alone
    "a: [1, x, 'y']\nb: {c: 1, d: [2]}\ne: []\nf: {}\n",
    "a: {x: 1,\n  y: 2}\nb:\n  - {p: 1,\n     q: 2}\n",
    "a: [x, y]\nb: [1, yes, ~, 2025-01-01, .inf, 0x1F]\nc: [ a ,b ]  # c\nd: [a'b, c&d, é]\n",
    "- [x]\n- []\n- [a b, -c, 'd', [e], {f: g}, h,]\n",
    "a: {x: 1, y: yes,z: ~ , w: 0x1F}\nb: {}\nc: { on_x: 2025-01-01 }\n",
    "- {a: b}\n- {a: b, c: [d]}\n- {'a': b}\n- {a: 'b'}\n- {a}\n",
    "a: >-\n  one\n  two\nb: |\n  x\n\n  y\nc: |+\n  k\n\nd: 1\n",
    "- |\n  x\n- >\n  y\n",
    "a: |\n  x\n",
    "a: |+\n  x\n\n",
    "a: |+\n  x",
    "a: |-\n",
    # long keys (PyYAML's simple keys end at 1024 characters)
    "k" * 1000 + ": 1\n",
]

# Declined: PyYAML refuses them or the line tier does not prove them.
DECLINED = [
    "",
    "\n\n",
    "# only a comment\n",
    "a\n",
    "- - x\n",
    "- \n",
    "-\n",
    "a: - b\n",
    "a: b: c\n",
    "a:value\n",
    "a: x\n  y\n",
    "a:\n  x\n",
    "a: 1\n  b: 2\n",
    "a:\n  b: 1\n c: 2\n",
    "a:\n  - 1\n - 2\n",
    "a:\n  b:\n - x\n",
    "a:\n  b:\n- x\n",
    "x: 1\n y: 2\n",
    "- x\n  - y\n",
    "a:\n  - b\n  c: 1\n",
    "  a: 1\n b: 2\n",
    "- a\nb: 1\n",
    "a: 1\n- b\n",
    "a: 1\n- b: 2\n",
    "- a: 1\n  - b: 2\n",
    "a: 1\na: 2\n",
    "a: {x: 1, x: 2}\n",
    "a: {1: x}\n",
    "a: {on: x}\n",
    "1: x\n",
    "true: x\n",
    "null: x\n",
    "~: x\n",
    "<<: {a: 1}\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: *x\n",
    "---\na: 1\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "--- a: 1\n",
    "--- # c\na: 1\n",
    "a: 1\n--- b: 2\n",
    "a: 1\n... b: 2\n",
    "a: 1\n...\n",
    "- a\n--- - b\n",
    "? a\n: 1\n",
    "a:\n\tb: 1\n",
    "a: 1\r\nb: 2\r\n",
    "a: 'x'y\n",
    "a: 'x'#c\n",
    "a: 'x\n",
    "a: [1\n",
    "a: [1, 2]\n  b: 1\n",
    "[a, b]: c\n",
    "a: x:\n",
    "a: x :y: z\n",
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "a: -\n",
    "a: |\n  x\n b: 1\n",
    "a: 'x\nb'\n",
    "k" * 1025 + ": 1\n",
    "a: 1\n\ufeffb: 2\n",
    "a: 99999999999999999999999999999999999999999999\n",
    "a: 2025-13-45\n",
    "a: =\n",
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_accepted_corner_cases(text: str) -> None:
    assert _same_or_declined(text), f"declined: {text!r}"


@pytest.mark.parametrize("text", DECLINED)
def test_declined_corner_cases(text: str) -> None:
    assert _lines(text, Limits())[0] is None


def test_the_seed_and_the_estates_take_the_line_tier() -> None:
    from benchmarks import synth

    # The seed has flow collections over several lines and block scalars; the estates
    # (PyYAML's own dump) wrap long strings in quoted scalars over several lines.
    assert _same_or_declined(SEED_SPEC.read_text(encoding="utf-8"))
    assert _same_or_declined(synth.synth_yaml(3))


def test_the_depth_limit_declines() -> None:
    text = "a:\n  b:\n    c: [1, 2]\n  d: 1\n"  # 1 and 2 at depth 4
    assert _same_or_declined(text, Limits(max_depth=4))
    assert _pyyaml(text, Limits(max_depth=3)) is None
    assert _lines(text, Limits(max_depth=3))[0] is None
    assert _lines("a:\n  b: 1\n", Limits(max_depth=1))[0] is None
    assert _lines("a:\n  b:\n    c: 1\n", Limits(max_depth=2))[0] is None
    assert _lines("-  a: 1\n", Limits(max_depth=1))[0] is None
    assert _lines("-  a:\n   - 1\n", Limits(max_depth=2))[0] is None
    assert _same_or_declined("a: [1]\nb: []\n", Limits(max_depth=2))
    assert _lines("a: [1]\n", Limits(max_depth=1))[0] is None
    assert _same_or_declined("a: []\n", Limits(max_depth=1))
    assert _same_or_declined("a: {b: 1}\n", Limits(max_depth=2))
    assert _lines("a: {b: 1}\n", Limits(max_depth=1))[0] is None


def test_the_node_limit_declines() -> None:
    text = "a:\n  b:\n    c: [1, 2]\n  d: 1\n"  # seven values
    assert _same_or_declined(text, Limits(max_nodes=7))
    assert _pyyaml(text, Limits(max_nodes=6)) is None
    assert _lines(text, Limits(max_nodes=6))[0] is None
    # values in flow collections and scalars over several lines count too
    flow = "a: {b: 1, c: [x]}\nd: 'e\n  f'\n"
    assert _same_or_declined(flow, Limits(max_nodes=6))
    assert _pyyaml(flow, Limits(max_nodes=5)) is None
    assert _lines(flow, Limits(max_nodes=5))[0] is None
    for simple in ("a: {b: 1, c: 2}\n", "a: [1, 2]\n"):
        assert _same_or_declined(simple, Limits(max_nodes=4))
        assert _lines(simple, Limits(max_nodes=3))[0] is None


def test_aliases_in_flow_collections_decline() -> None:
    # PyYAML's path bounds alias expansion over the whole document (2 + 2 values here),
    # not per island
    text = "a: [&x [1], *x]\nb: [&y [2], *y]\n"
    assert _pyyaml(text, Limits(max_alias_values=3)) is None
    assert _lines(text, Limits(max_alias_values=3))[0] is None


def test_large_specs_take_the_line_tier_through_parse_yaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from benchmarks import synth

    def no_walk(*args: Any) -> None:
        raise AssertionError("the line tier declined; rapidyaml's walk was asked")

    monkeypatch.setattr(yaml_walk, "read", no_walk)
    text = synth.synth_yaml(8)
    assert len(text) >= yaml_source.FAST_PATH_MIN_CHARS
    document = yaml_source.parse_yaml(text, "f", Limits())
    expected = _pyyaml(text, Limits())
    assert expected is not None
    assert _typed(document.data) == _typed(expected[0])
    assert document.source_map.keys == expected[1].keys
    assert document.source_map.values == expected[1].values


def test_a_decline_late_in_a_large_file_falls_back_cleanly() -> None:
    """The line tier has written positions before it declines; the next tier (or
    PyYAML) starts from an empty source map."""
    from benchmarks import synth

    text = synth.synth_yaml(8) + "zzz: &anchor 1\n"
    assert len(text) >= yaml_source.FAST_PATH_MIN_CHARS
    document = yaml_source.parse_yaml(text, "f", Limits())
    expected = _pyyaml(text, Limits())
    assert expected is not None
    assert document.data == expected[0]
    assert document.source_map.keys == expected[1].keys
    assert document.source_map.values == expected[1].values


# --- generated documents ------------------------------------------------------------

_WORDS = [
    "a",
    "id",
    "name",
    "on",
    "no",
    "y",
    "x y",
    "a.b",
    "k:v",
    "-k",
    "é",
    "a#b",
    "ns-1",
    "--- m",
]
_KEYS = [*_WORDS, "'q k'", '"d q"', "'it''s'", "1", "true", "~", "<<", "null", "0x1"]
_SCALARS = [
    *_WORDS,
    "1e3",
    "0o7",
    ".inf",
    "-.inf",
    ".nan",
    "~",
    "null",
    "Null",
    "yes",
    "Yes",
    "No",
    "off",
    "2025-01-01",
    "1_000",
    "0x1F",
    "+1",
    "-1",
    "0777",
    "1.5",
    "1:30",
    "0b11",
    ":x",
    "-x",
    "?x",
    "x:y",
    "x,y",
    "x]",
    "=",
    "12345678901234567890",
    "2001-12-14t21:59:43.1Z",
    "'it''s'",
    "'#x'",
    '"a b"',
    '"x\\ty"',
    "''",
    "[a, 1]",
    "{a: 1, b: [x]}",
    "[]",
    "{}",
    "'wrapped\n  over lines'",  # the continuation is indented under its collection
]


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """A block-style document of the line tier's subset, laid out at random."""
    out: list[str] = []

    def comment(indent: int) -> None:
        if draw(st.integers(0, 9)) == 0:
            out.append(" " * draw(st.integers(0, indent + 2)) + draw(st.sampled_from(["", "# c"])))

    def tail() -> str:
        return draw(st.sampled_from(["", "", "", " ", "  # c", " #c:-"]))

    def mapping(indent: int, first_prefix: str | None, depth: int) -> None:
        keys = draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=4, unique=True))
        for index, key in enumerate(keys):
            prefix = first_prefix if index == 0 and first_prefix is not None else " " * indent
            value(prefix + key + ":", indent, depth, in_mapping=True)
            comment(indent)

    def sequence(indent: int, first_prefix: str | None, depth: int) -> None:
        for index in range(draw(st.integers(1, 3))):
            prefix = first_prefix if index == 0 and first_prefix is not None else " " * indent
            gap = " " * draw(st.integers(1, 3))
            kind = draw(st.integers(0, 3)) if depth < 4 else 0
            if kind == 1:
                mapping(indent + 1 + len(gap), prefix + "-" + gap, depth + 1)
            else:
                scalar = draw(st.sampled_from(_SCALARS)).replace("\n", "\n" + " " * indent)
                out.append(prefix + "-" + gap + scalar + tail())
            comment(indent)

    def value(head: str, indent: int, depth: int, in_mapping: bool) -> None:
        kind = draw(st.integers(0, 4)) if depth < 4 else 0
        if kind <= 1:
            scalar = draw(st.sampled_from(_SCALARS)).replace("\n", "\n" + " " * indent)
            out.append(head + " " * draw(st.integers(1, 2)) + scalar + tail())
        elif kind == 2:
            out.append(head + tail())  # null
        elif kind == 3:
            out.append(head + tail())
            comment(indent)
            mapping(indent + draw(st.integers(1, 3)), None, depth + 1)
        else:
            out.append(head + tail())
            comment(indent)
            step = draw(st.integers(0 if in_mapping else 1, 3))
            sequence(indent + step, None, depth + 1)

    root_indent = draw(st.sampled_from([0, 0, 0, 2]))
    if draw(st.booleans()):
        mapping(root_indent, None, 0)
    else:
        sequence(root_indent, None, 0)
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


_NOISE = ":-{}[],#'\"&*!|> \n@`%?x"


def _mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True) or [""]
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        operation = rng.randrange(6)
        if operation == 0:
            del lines[i]
            lines = lines or [""]
        elif operation == 1:
            lines[i] = " " + lines[i]
        elif operation == 2:
            lines[i] = lines[i][1:] if lines[i].startswith(" ") else lines[i]
        elif operation == 3:
            lines.insert(i, lines[rng.randrange(len(lines))])
        else:
            j = rng.randrange(max(1, len(lines[i])))
            noise = rng.choice(_NOISE) if operation == 4 else ""
            lines[i] = lines[i][:j] + noise + lines[i][j + (operation == 5) :]
    return "".join(lines)


_SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(_documents())
def test_generated_documents(text: str) -> None:
    accepted = _same_or_declined(text)
    # The generator stays inside the subset: what PyYAML reads, the line tier must take
    # (merge keys aside: PyYAML's path merges them).
    if not accepted and "<<" not in text and _pyyaml(text, Limits()) is not None:
        pytest.fail(f"declined a document of the subset: {text!r}")


@_SETTINGS
@given(_documents(), st.randoms(use_true_random=False))
def test_mutated_documents(text: str, rng: random.Random) -> None:
    _same_or_declined(_mutate(text, rng))


# Lines put together from fragments at random indentation: structure PyYAML refuses, or
# reads in ways a layout generator would not think of.
_LINE_SOUP = st.lists(
    st.tuples(
        st.integers(0, 5),
        st.sampled_from(["", "", "- ", "-  ", "- - ", "-"]),
        st.sampled_from(["", "k", "k2", "a b", "'q'", "---", "...", "? k", "k:x", "#c"]),
        st.sampled_from([":", ": ", ":  ", "", " :"]),
        st.sampled_from(["", "", "v", "1", "yes", "~", "'s'", "[1]", "{a: 1}", "|", ">-", "x:"]),
        st.sampled_from(["", "", " ", " # c", "#c"]),
    ).map(lambda parts: " " * parts[0] + "".join(parts[1:])),
    min_size=1,
    max_size=12,
).map("\n".join)


@_SETTINGS
@given(_LINE_SOUP, st.booleans())
def test_line_soup(text: str, final_newline: bool) -> None:
    _same_or_declined(text + "\n" * final_newline)


def test_mutants_of_the_seed_through_the_line_tier() -> None:
    lines = SEED_SPEC.read_text(encoding="utf-8").splitlines(keepends=True)
    rng = random.Random(20251126)
    accepted = 0
    for _ in range(200):
        mutant = "".join(lines)
        mutant = _mutate(mutant, rng)
        accepted += _same_or_declined(mutant)
    assert accepted > 20  # the property was exercised, not only declined
