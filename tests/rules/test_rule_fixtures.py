"""Every rule is tested by data: tests/fixtures/rules/<ID>/{pass,fail}.yaml.

- ``pass.yaml``: a valid spec on which the rule reports nothing.
- ``fail.yaml``: a valid spec on which it reports; ``fail.expected`` pins what it
  reports (``line:col message`` per finding). Refresh it after a deliberate change
  with ``ARCHLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/rules``.

A new rule needs no new test code, only its fixtures (a guard test insists).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.loader import load_spec, load_spec_text
from archlint.location import YamlLocator
from archlint.rules import all_rules
from archlint.rules.meta.meta001_unused_suppression import UNUSED_SUPPRESSION
from tests.conftest import MINIMAL_SPEC, ROOT, SEED_SPEC

FIXTURES = ROOT / "tests" / "fixtures" / "rules"
RULES = all_rules()
UPDATE = os.environ.get("ARCHLINT_UPDATE_SNAPSHOTS") == "1"


def findings_of(rule_id: str, spec: Path) -> list[str]:
    loaded = load_spec(spec)
    # META001 judges the suppressions of the rules that ran: it runs with all of them.
    rules = list(RULES.values()) if rule_id == UNUSED_SUPPRESSION else [RULES[rule_id]]
    # Every rule is judged on its fixtures, the policy rules (not selected by default) too.
    every = Config(select=("ALL",))
    result = run(loaded.architecture, YamlLocator(loaded.source_map), rules, every)
    return [
        f"{f.location.line}:{f.location.column} {f.message}"
        for f in result.findings
        if f.rule_id == rule_id
    ]


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_fixtures(rule_id: str) -> None:
    folder = FIXTURES / rule_id
    assert (folder / "pass.yaml").is_file(), f"{rule_id} needs {folder}/pass.yaml"
    assert (folder / "fail.yaml").is_file(), f"{rule_id} needs {folder}/fail.yaml"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_passes_its_pass_fixture(rule_id: str) -> None:
    assert findings_of(rule_id, FIXTURES / rule_id / "pass.yaml") == []


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_reports_its_fail_fixture(rule_id: str) -> None:
    found = findings_of(rule_id, FIXTURES / rule_id / "fail.yaml")
    assert found, f"{rule_id} reported nothing on its fail fixture"
    snapshot = FIXTURES / rule_id / "fail.expected"
    text = "\n".join(found) + "\n"
    if UPDATE or not snapshot.exists():
        snapshot.write_text(text)
    assert text == snapshot.read_text()


def test_no_stray_fixture_folders() -> None:
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders - set(RULES) == set()


@pytest.mark.parametrize("spec", ["seed", "minimal"])
def test_no_rule_crashes(spec: str) -> None:
    loaded = (
        load_spec(SEED_SPEC) if spec == "seed" else load_spec_text(MINIMAL_SPEC, "minimal.yaml")
    )
    run(loaded.architecture, YamlLocator(loaded.source_map), RULES.values())
