"""The catalogue's metadata is complete, unique, and its generated docs are fresh."""

from __future__ import annotations

from pathlib import Path

import pytest

from archlint.rules import all_rules
from archlint.rules.api import rule_problems
from archlint.rules.docs import expected_pages
from tests.conftest import ROOT

RULES = all_rules()


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_metadata_is_complete(rule_id: str) -> None:
    assert rule_problems(RULES[rule_id]) == []


def test_titles_and_names_are_unique() -> None:
    titles = [r.title for r in RULES.values()]
    names = [r.name for r in RULES.values()]
    assert len(set(titles)) == len(titles)
    assert len(set(names)) == len(names)


def test_ids_carry_their_category_prefix() -> None:
    prefixes: dict[str, set[str]] = {}
    for definition in RULES.values():
        prefixes.setdefault(definition.category, set()).add(definition.id[:-3])
    assert all(len(p) == 1 for p in prefixes.values()), prefixes


def test_generated_docs_are_fresh() -> None:
    folder = ROOT / "rules"
    expected = expected_pages()
    actual = {p.name: p.read_text() for p in folder.glob("*.md")}
    stale = sorted(n for n in expected.keys() | actual.keys() if expected.get(n) != actual.get(n))
    assert not stale, f"rules/ is stale ({stale[:5]}...): run `python -m archlint.rules.docs`"


def test_manifest_lists_every_rule_module_as_it_is() -> None:
    # A rule missing from the manifest would never run: the manifest must be what the
    # modules themselves register.
    from archlint.rules.manifest import MANIFEST, import_all, manifest_text

    assert MANIFEST.read_text(encoding="utf-8") == manifest_text(import_all()), (
        "src/archlint/rules/manifest.json is stale: run `python -m archlint.rules.docs`"
    )


def test_a_rule_module_is_imported_only_when_its_rule_is_used(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from archlint.rules import all_rules\n"
        "rules = all_rules()\n"
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('archlint.rules.dns.'))\n"
        "before = loaded()\n"
        "title = rules['DNS001'].sections['What it does']\n"
        "print(before, loaded(), bool(title))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == (
        "[] ['archlint.rules.dns.dns001_private_endpoint_dns_zone_missing'] True"
    )


def test_a_rule_without_its_documentation_is_refused_by_the_catalogue() -> None:
    from dataclasses import replace

    from archlint.rules.manifest import refuse_incomplete

    lacking = replace(RULES["DNS001"], sections={"What it does": "x"})
    with pytest.raises(ValueError, match=r"DNS001 .*lacks a '## Why is this bad\?' section"):
        refuse_incomplete([lacking])


def test_a_stale_manifest_entry_is_an_error_not_a_silent_skip() -> None:
    from archlint.rules.manifest import _Deferred

    with pytest.raises(LookupError, match="manifest is stale"):
        _Deferred("DNS999", "archlint.rules.dns.dns001_private_endpoint_dns_zone_missing").check(
            None
        )


def test_no_rule_reads_the_environment_itself() -> None:
    # A rule that returned early outside production would pass in silence where the
    # environment is undeclared; `environments=` makes the engine say "not evaluated".
    rules_dir = Path(__file__).resolve().parents[2] / "src" / "archlint" / "rules"
    readers = [
        p.relative_to(rules_dir).as_posix()
        for p in sorted(rules_dir.rglob("*.py"))
        if p.name != "docs.py"
        and "metadata.environment"
        in p.read_text(encoding="utf-8").replace("metadata.environment` is", "")
    ]
    assert readers == []
