"""The YAML fast path reads a spec exactly as the PyYAML path does, or declines it.

Whatever ``archlint.loader.fast_yaml.read_fast`` accepts must give the same data (same
values, same types) and the same key and value positions as PyYAML; anything it is not sure
of it declines (None), and PyYAML reads it, errors included. Checked on every YAML file in
the repository, on hand-picked corner cases and on mutants of the seed spec: once through
both tiers (the line tier takes most of these), once through rapidyaml's walk alone (the
line tier has tests of its own in test_yaml_line_scanner.py).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from archlint.errors import InputError, Limits
from archlint.loader import yaml_lines, yaml_source
from tests.conftest import ROOT, SEED_SPEC, project_files

fast_yaml = pytest.importorskip("archlint.loader.fast_yaml")
if not fast_yaml.available():
    pytest.skip("rapidyaml is not installed", allow_module_level=True)


@pytest.fixture(params=["both tiers", "rapidyaml alone"], autouse=True)
def tiers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if request.param == "rapidyaml alone":
        monkeypatch.setattr(yaml_lines, "read", lambda *args: None)


CORNER_CASES = [
    # Empty sequence entries (null to PyYAML): rapidyaml's walk once crashed on these
    # (found by fuzz/fuzz_fast_paths.py).
    "a:\n- \n- {b: 1}\n",
    "a:\n  - \n  - x\n",
    "a:\n- \n",
    "a: 1\nb: - 2\n",
    "a: b: c\n",
    "a:\n  b: 1\n c: 2\n",
    "a:\n- 1\n- 2\n",
    "a:\n  - 1\n - 2\n",
    "- a\n-b\n",
    "a: 'x'#c\n",
    "a: x #c\n",
    "a: [1, 2,]\n",
    "a: {b: 1,}\n",
    "a: {b:1}\n",
    "a: {'b':1}\n",
    "a: [b: 1]\n",
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "a: -x\n",
    "a: - x\n",
    "a: ?x\n",
    "a: :x\n",
    "a: x:\n",
    "a: {?x: 1}\n",
    "a: 'it''s'\n",
    'a: "x\\ty"\n',
    'a: "x\\u00e9"\n',
    "a: 'line\n  two'\n",
    'a: "line\n  two"\n',
    "a: >\n  x\n  y\n\nb: 1\n",
    "a: |+\n  x\n\n\nb: 1\n",
    "a: |2\n   x\n  y\nb: 1\n",
    "- |\n  x\n- >-\n  y\n",
    "a:\n  - b: |\n      text\n    c: 1\n",
    "a: 0x1F\n",
    "a: 1_000\n",
    "a: 0777\n",
    "a: 1.5\n",
    "a: .inf\n",
    "a: 1e999\n",
    "a: 2025-10-06\n",
    "a: 2025-13-45\n",
    "a: yes\n",
    "a: No\n",
    "a: ~\n",
    "a: null\n",
    "a: ''\n",
    'a: ""\n',
    "1: x\n",
    "true: x\n",
    "a: 1\na: 2\n",
    "<<: {a: 1}\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "--- \na: 1\n",
    "a: 1\n...\n",
    "a: 1\n---\nb: 2\n",
    "%YAML 1.1\n---\na: 1\n",
    "a:\n\tb: 1\n",
    "a: 1\r\nb: 2\r\n",
    "? a\n: 1\n",
    "a: [1, [2, {b: c}], {}]\n",
    "a: {}\nb: []\n",
    "- - a\n  - b\n- c\n",
    "-   - a\n    - b\n",
    "a:\n    - x\n    - y\nb: 1\n",
    "a: x\n  y\n",
    "a:\n  x\n",
    "a:\nb: 1\n",
    "a: [\n  1,\n  2\n]\n",
    "a: [1,\n2]\n",
    "k: {x: 1,\n  y: 2}\n",
    "k:\n  - {x: 1,\n     y: 2}\n",
    "# c\n\na: 1 # d\n# e\n",
    "a: b#c\n",
    "[1, 2]\n",
    "a\n",
    "",
    "# only\n",
    "a: 'x\n",
    "a: [1\n",
    "a: x y z\n",
    "a b: c\n",
    "'a b': c\n",
    '"a\\tb": c\n',
    "a: '#x'\n",
    "a: é\n",
    "a: \u2028x\n",
    "a: \x85x\n",
    'a: "x\\\n  y"\n',
    "a:\n- b\nc: 1\n",
    "a:\n  - b\n  c: 1\n",
    "x: 1\n y: 2\n",
    "- x\n  - y\n",
    "a: |\n  text\n b: 1\n",
    "a: >-\n\n  x\n",
    "a: |-\n",
    "a: 'x'\n  b: 1\n",
    "a: [1, 2]\n  b: 1\n",
    "[a, b]: c\n",
    "a: 'x'y\n",
    "a: 99999999999999999999999999999999999999999999\n",
    "--- a: 1\n",
    "a: 1\n--- b: 2\n",
    "a: 1\n... b: 2\n",
    "x:\n  --- a: 1\n",
    "a: 1\n\ufeffb: 2\n",
    "a: |+\nb: 1\n",
    "a: |\n  x",
    "a: |+\n  x",
    "- |+\n  x",
    "a: >+\n\n  x\n\n",
]


def _pyyaml(text: str) -> tuple[Any, yaml_source.SourceMap] | None:
    source_map = yaml_source.SourceMap("f", text=text)
    builder = yaml_source._Builder("f", source_map, Limits())
    try:
        node = yaml.compose(text, Loader=yaml_source._Loader)
        if node is None:
            return None
        return builder.build(node, (), 0), source_map
    except (yaml.YAMLError, InputError):
        return None


def _fast(text: str) -> tuple[Any, yaml_source.SourceMap]:
    source_map = yaml_source.SourceMap("f", text=text)
    builder = yaml_source._Builder("f", source_map, Limits())
    return fast_yaml.read_fast(text, "f", Limits(), builder), source_map


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _same_or_declined(text: str) -> bool:
    """True when the fast path accepted ``text`` (and then agrees with PyYAML exactly)."""
    data, source_map = _fast(text)
    if data is None:
        return False
    expected = _pyyaml(text)
    assert expected is not None, f"accepted what PyYAML refuses: {text[:200]!r}"
    expected_data, expected_map = expected
    assert data == expected_data
    assert [type(v) for v in _leaves(data)] == [type(v) for v in _leaves(expected_data)]
    assert source_map.keys == expected_map.keys
    assert source_map.values == expected_map.values
    return True


YAML_FILES = [
    *project_files(ROOT / "spec", "*.yaml"),
    *project_files(ROOT / "tests", "*.yaml", "*.yml"),
]


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_repository_yaml_files(path: Path) -> None:
    _same_or_declined(path.read_text(encoding="utf-8-sig"))


@pytest.mark.parametrize("text", CORNER_CASES)
def test_corner_cases(text: str) -> None:
    _same_or_declined(text)


def test_the_seed_and_the_estates_take_the_fast_path() -> None:
    from benchmarks import synth

    assert _same_or_declined(SEED_SPEC.read_text(encoding="utf-8"))
    assert _same_or_declined(synth.synth_yaml(2))


def test_mutants_of_the_seed() -> None:
    lines = SEED_SPEC.read_text(encoding="utf-8").splitlines(keepends=True)
    rng = random.Random(20251125)
    accepted = 0
    for _ in range(150):
        mutant = list(lines)
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(mutant))
            operation = rng.randrange(6)
            if operation == 0:
                del mutant[i]
            elif operation == 1:
                mutant[i] = " " + mutant[i]
            elif operation == 2:
                mutant[i] = mutant[i][1:] if mutant[i].startswith(" ") else mutant[i]
            elif operation == 3:
                mutant.insert(i, mutant[rng.randrange(len(mutant))])
            else:
                j = rng.randrange(max(1, len(mutant[i])))
                noise = rng.choice(":-{}[],#'\"&*!|> \n@`%?") if operation == 4 else ""
                mutant[i] = mutant[i][:j] + noise + mutant[i][j + (operation == 5) :]
        accepted += _same_or_declined("".join(mutant))
    assert accepted > 10  # the property was exercised, not only declined


def test_parse_errors_print_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    assert _fast("a: [1\n")[0] is None
    assert capfd.readouterr().err == ""


def test_a_fast_tier_failing_unexpectedly_leaves_the_reading_to_pyyaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: Any) -> Any:
        raise TypeError("a gap in a fast tier")

    monkeypatch.setattr(fast_yaml, "read_fast", broken)
    monkeypatch.setattr(yaml_source, "FAST_PATH_MIN_CHARS", 0)
    text = SEED_SPEC.read_text()
    document = yaml_source.parse_yaml(text, "f", Limits())
    expected = _pyyaml(text)
    assert expected is not None
    assert document.data == expected[0]
    assert document.source_map.values == expected[1].values
