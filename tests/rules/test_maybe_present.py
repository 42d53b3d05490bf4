"""One policy for unknowns, tested on every rule: what may not exist decides nothing.

A Terraform resource under a ``count`` or ``for_each`` archlint cannot evaluate may not
exist at all ("maybe present"). No rule may conclude its presence or its absence. For each
rule's fail fixture and each component C in it, a finding the rule keeps while C may not
exist must be one it makes both with C and without C: it cannot rest on C either way.
Findings about C's own settings are kept (they hold for every instance there is), as
Checkov and tflint report a resource block under ``count``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.errors import InputErrors
from archlint.loader import load_spec_text
from archlint.location import YamlLocator
from archlint.model import Architecture
from archlint.model.architecture import format_path
from archlint.rules import all_rules
from tests.rules.test_rule_fixtures import FIXTURES

RULES = all_rules()
EVERY_RULE = Config(select=("ALL",))

# Rules whose finding survives the removal test for a reason that is not a premise.
NOT_A_PREMISE = {
    # The rule runs only where a Log Analytics workspace exists (`requires`); a component
    # in a flow sending no logs is a finding whichever workspace exists.
    "OPS005",
}

Key = tuple[str | None, str]


def _findings(text: str, rule_id: str, maybe: frozenset[str] = frozenset()) -> set[Key]:
    loaded = load_spec_text(text, "fixture.yaml")
    loaded.architecture.maybe_present.update(maybe)
    result = run(loaded.architecture, YamlLocator(loaded.source_map), [RULES[rule_id]], EVERY_RULE)
    return {
        (f.component, _inside(loaded.architecture, f.component, f.path))
        for f in result.findings
        if f.rule_id == rule_id
    }


def _inside(architecture: Architecture, component_id: str | None, path: str) -> str:
    """The finding's path inside its component: positions shift when another is removed."""
    if component_id is None:
        return path
    return path.removeprefix(format_path(architecture.path_of(component_id)))


def _without(data: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    node: Any = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return data


def _removable(text: str) -> list[tuple[str, str]]:
    """(component id, the fixture without it) for each component whose removal leaves a
    valid spec (one that others refer to cannot be removed alone)."""
    data = yaml.safe_load(text)
    architecture = load_spec_text(text, "fixture.yaml").architecture
    out = []
    for component_id in sorted(architecture.index.by_id):
        reduced = yaml.safe_dump(_without(data, architecture.path_of(component_id)))
        try:
            load_spec_text(reduced, "fixture.yaml")
        except InputErrors:
            continue
        out.append((component_id, reduced))
    return out


@pytest.mark.parametrize(
    "rule_id", sorted(r for r in RULES if not r.startswith("META") and r not in NOT_A_PREMISE)
)
def test_a_component_that_may_not_exist_decides_no_finding(rule_id: str) -> None:
    text = (FIXTURES / rule_id / "fail.yaml").read_text()
    with_all = _findings(text, rule_id)
    wrong = []
    for component_id, reduced in _removable(text):
        without = _findings(reduced, rule_id)
        kept = _findings(text, rule_id, frozenset({component_id}))
        wrong += [
            f"{finding} kept while '{component_id}' may not exist"
            for finding in sorted(kept - (with_all & without), key=str)
            if finding[0] != component_id
        ]
    assert wrong == []


def test_the_test_sees_a_finding_resting_on_a_maybe_present_component() -> None:
    # Two overlapping subnets: the finding on the second rests on the first existing.
    text = """
metadata: {name: t, primary_region: eastus2}
network:
  vnets:
    - id: vnet
      region: eastus2
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-a, cidr: 10.0.1.0/24, purpose: workload}
        - {id: snet-b, cidr: 10.0.1.0/25, purpose: workload}
"""
    assert _findings(text, "NET001") == {("snet-b", ".cidr")}
    assert _findings(text, "NET001", frozenset({"snet-a"})) == set()
    assert _findings(text, "NET001", frozenset({"snet-b"})) == {("snet-b", ".cidr")}
