"""The rule catalogue: one module per rule, grouped by category in sub-packages.

Every module under this package is imported once, and its ``@rule`` registers it
(cfn-lint's way: drop a file in, it is a rule). Sub-packages are categories.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from archlint.rules.api import Rule, Violation, registered, rule

__all__ = ["Rule", "Violation", "all_rules", "catalogue", "rule"]


@cache
def all_rules() -> dict[str, Rule]:
    """Every built-in rule by id, sorted by id."""
    for info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        if info.name.rsplit(".", 1)[-1] in ("api", "docs", "custom", "helpers", "coverage"):
            continue
        importlib.import_module(info.name)
    return dict(sorted(registered().items()))


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
