"""The seed, judged: what archlint reports on spec/architecture.yaml is pinned here.

Every finding was reviewed; each firing rule explains its seed finding in its docs
("## In the seed"). After a deliberate change, refresh the snapshot with
``ARCHLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_seed_findings.py`` and
review the diff like code.
"""

from __future__ import annotations

import os

from archlint.engine.runner import run
from archlint.loader import load_spec
from archlint.location import YamlLocator
from archlint.rules import all_rules
from tests.conftest import ROOT, SEED_SPEC

SNAPSHOT = ROOT / "tests" / "snapshots" / "seed-findings.txt"


def seed_findings() -> list:
    loaded = load_spec(SEED_SPEC)
    return run(loaded.architecture, YamlLocator(loaded.source_map), all_rules().values()).findings


def test_seed_findings_are_the_reviewed_ones() -> None:
    lines = [
        f"{f.rule_id} {f.severity.value} {f.location.line}:{f.location.column} {f.message}"
        for f in seed_findings()
    ]
    text = "\n".join(lines) + "\n"
    if os.environ.get("ARCHLINT_UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.write_text(text)
    assert text == SNAPSHOT.read_text()


def test_every_rule_that_fires_on_the_seed_explains_why() -> None:
    rules = all_rules()
    firing = sorted({f.rule_id for f in seed_findings()})
    unexplained = [r for r in firing if not rules[r].sections.get("In the seed")]
    assert unexplained == []


def test_no_rule_explains_a_seed_finding_it_does_not_make() -> None:
    rules = all_rules()
    firing = {f.rule_id for f in seed_findings()}
    stale = sorted(r for r, d in rules.items() if d.sections.get("In the seed") and r not in firing)
    assert stale == []
