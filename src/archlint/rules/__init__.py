"""The rule catalogue: one module per rule, grouped by category in sub-packages.

Every module under this package is a rule, and its ``@rule`` registers it (cfn-lint's
way: drop a file in, it is a rule); sub-packages are categories. A run reads the rules'
metadata from ``manifest.json`` and imports a rule's module only when the rule is
evaluated (see ``manifest.py``).
"""

from __future__ import annotations

from functools import cache

from archlint.rules.api import Rule, Violation, rule

__all__ = ["Rule", "Violation", "all_rules", "catalogue", "rule"]


@cache
def all_rules() -> dict[str, Rule]:
    """Every built-in rule by id, sorted by id."""
    from archlint.rules.manifest import read_manifest

    return read_manifest()


def catalogue(rules_dirs: tuple[str, ...] | list[str] = ()) -> list[Rule]:
    """The built-in rules plus the organisation's own from ``rules_dirs``.

    The YAML rule loader is imported only when there are such directories: the
    pre-commit path does not pay for it.
    """
    rules = list(all_rules().values())
    if rules_dirs:
        from archlint.rules.custom import load_custom_rules

        rules += load_custom_rules(rules_dirs)
    return rules
