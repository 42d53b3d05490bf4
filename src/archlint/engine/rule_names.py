"""The names a user may give a rule, and a did-you-mean for every name that is none of them.

A rule is named in many places: ``--select``/``--ignore``, the configuration's ``select``,
``ignore`` and ``[severity]`` keys, a spec's ``suppress:`` entries and a baseline file. A
name that matches no rule would silently do nothing there (ruff refuses unknown selectors
for the same reason), so each place checks its names here and reports the unknown ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from archlint.errors import InputError, did_you_mean
from archlint.inputfile import Position
from archlint.location import Locator
from archlint.model import Architecture, format_path
from archlint.records import record
from archlint.rules.api import Rule

# The category of the importer problems (archlint.engine.problems): known without a Rule.
TERRAFORM_CATEGORY = "terraform"
_LETTERS = re.compile(r"^[A-Z]+")


@record
class RuleNames:
    """Every rule id, rule name and category a run knows (built-in, custom and importer)."""

    ids: tuple[str, ...]
    names: dict[str, str]  # rule name -> rule id
    categories: tuple[str, ...]

    @classmethod
    def of(cls, rules: Iterable[Rule]) -> RuleNames:
        """The names of ``rules`` and of the importer problems (TF001...)."""
        rules = list(rules)
        ids = sorted({r.id for r in rules})
        categories = sorted({r.category for r in rules} | {TERRAFORM_CATEGORY})
        return cls(tuple(ids), {r.name: r.id for r in rules}, tuple(categories))

    def selector_problem(self, selector: str) -> str | None:
        """Why ``selector`` (an id, an id prefix, a category, a name or ALL) selects nothing."""
        if selector == "ALL" or selector in self.names or selector in self.categories:
            return None
        if selector.isupper() and any(i.startswith(selector) for i in self.ids):
            return None
        ids = self._all_ids()
        if selector.isupper() and any(i.startswith(selector) for i in ids):
            return None
        prefixes = {m.group() for i in ids if (m := _LETTERS.match(i))}
        candidates = [*ids, *sorted(prefixes), *self.categories, *sorted(self.names)]
        return f"unknown rule selector {selector!r}{did_you_mean(selector, candidates)}"

    def id_problem(self, value: str) -> str | None:
        """Why ``value`` is not a rule id (where only an id will do: suppressions, severity)."""
        if value in self.ids or value in self._all_ids():
            return None
        if value in self.names:
            return f"{value!r} is the name of rule {self.names[value]}: write its id"
        return f"unknown rule id {value!r}{did_you_mean(value, self._all_ids())}"

    def _all_ids(self) -> tuple[str, ...]:
        # The importers (and their TF ids) load only when a name is not a rule's: a spec
        # lint never imports them.
        from archlint.importers.problems import TF_RULES

        return (*self.ids, *sorted(TF_RULES))


def option_errors(option: str, selectors: Iterable[str], names: RuleNames) -> list[InputError]:
    """One error per selector given to a command-line option (``--select``) that selects nothing."""
    return [
        InputError(option, None, problem)
        for selector in selectors
        if (problem := names.selector_problem(selector))
    ]


def suppression_errors(
    architecture: Architecture, locator: Locator, names: RuleNames
) -> list[InputError]:
    """One error per ``suppress:`` entry whose ``rule`` is not a rule id, at its file:line."""
    errors = []
    for entry in architecture.index.by_id.values():
        for index, suppression in enumerate(entry.component.suppress):
            problem = names.id_problem(suppression.rule)
            if problem is None and suppression.rule not in names.ids:
                # Importer problems (TF...) are about Terraform input and never on a
                # spec's component: such an entry could never suppress anything.
                problem = f"{suppression.rule} reports on Terraform input, not on a spec"
            if problem is None:
                continue
            path = (*entry.path, "suppress", index, "rule")
            location = locator.locate(path)
            file = location.file if location else "spec"
            position = None
            if location and location.line is not None:
                position = Position(location.line, location.column or 1)
            errors.append(InputError(file, position, f"suppress: {problem}", format_path(path)))
    return errors
