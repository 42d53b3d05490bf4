"""The rule catalogue: one module per rule, grouped by category in sub-packages.

Every module under this package is imported once, and its ``@rule`` registers it
(cfn-lint's way: drop a file in, it is a rule). Sub-packages are categories.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from archlint.rules.api import Rule, Violation, registered, rule

__all__ = ["Rule", "Violation", "all_rules", "rule"]


@cache
def all_rules() -> dict[str, Rule]:
    """Every built-in rule by id, sorted by id."""
    for info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        if info.name.rsplit(".", 1)[-1] in ("api", "docs", "custom", "helpers"):
            continue
        importlib.import_module(info.name)
    return dict(sorted(registered().items()))
