"""The catalogue's table of contents, so that a run imports only the rules it evaluates.

Importing the ~140 rule modules costs about a sixth of a seed-size Terraform lint, and
most runs evaluate about half of them: the others need model sections the input lacks
(``requires``), an environment it does not declare, or are not selected. So the rules'
metadata (everything but the check and the docs) is kept in ``manifest.json``, written
from the rules themselves by ``python -m archlint.rules.docs`` (a test fails when it is
stale), and a rule's module is imported the first time its check runs or its page is read.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from archlint.rules.api import LazyMapping, Rule, Violation, registered, rule_problems
from archlint.severity import Severity

MANIFEST = Path(__file__).with_name("manifest.json")
_NOT_RULES = ("api", "docs", "custom", "helpers", "coverage", "manifest")
# Rule fields the manifest keeps; ``check`` and ``sections`` stay in the module.
_TUPLES = ("references", "mcsb", "pillars", "requires", "environments", "aprl")


def import_all() -> dict[str, Rule]:
    """Import every rule module (each ``@rule`` registers itself); the rules by id."""
    import archlint.rules as package

    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        if info.name.rsplit(".", 1)[-1] not in _NOT_RULES:
            importlib.import_module(info.name)
    rules = dict(sorted(registered().items()))
    refuse_incomplete(rules.values())
    return rules


def refuse_incomplete(rules: Iterable[Rule]) -> None:
    """A rule without docs, references or controls is refused, as in sqlfluff."""
    for definition in rules:
        problems = rule_problems(definition)
        if problems:
            raise ValueError(f"rule {definition.id} in {definition.module}: " + "; ".join(problems))


def manifest_text(rules: Mapping[str, Rule]) -> str:
    entries = [
        {
            "id": r.id,
            "name": r.name,
            "title": r.title,
            "severity": r.severity.value,
            "category": r.category,
            "module": r.module,
            "policy": r.policy,
            **{name: list(getattr(r, name)) for name in _TUPLES},
        }
        for r in rules.values()
    ]
    return json.dumps(entries, indent=1) + "\n"


def read_manifest() -> dict[str, Rule]:
    """The built-in rules by id, each importing its module when first used."""
    entries: list[dict[str, Any]] = json.loads(MANIFEST.read_text(encoding="utf-8"))
    rules = {}
    for entry in entries:
        deferred = _Deferred(entry["id"], entry["module"])
        rules[entry["id"]] = Rule(
            id=entry["id"],
            name=entry["name"],
            title=entry["title"],
            severity=Severity.parse(entry["severity"]),
            category=entry["category"],
            check=deferred.check,
            sections=LazyMapping(lambda d=deferred: d.definition().sections),
            module=entry["module"],
            policy=entry["policy"],
            **{name: tuple(entry[name]) for name in _TUPLES},
        )
    return rules


class _Deferred:
    """One rule's module, imported on first use."""

    def __init__(self, rule_id: str, module: str) -> None:
        self.rule_id, self.module = rule_id, module

    def definition(self) -> Rule:
        importlib.import_module(self.module)
        try:
            return registered()[self.rule_id]
        except KeyError:  # the manifest is stale: say how to mend it, never skip the rule
            raise LookupError(
                f"rule {self.rule_id} is not in {self.module}: the rule manifest is stale "
                "(python -m archlint.rules.docs)"
            ) from None

    def check(self, architecture: Any) -> Iterator[Violation]:
        return self.definition().check(architecture)
