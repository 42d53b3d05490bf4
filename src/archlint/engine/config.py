"""Project configuration: ``[tool.archlint]`` in pyproject.toml, or archlint.toml.

Keys (all optional)::

    select = ["MSG", "DNS001"]     # ids, id prefixes, categories or rule names; default:
                                   # every rule except the policy rules
    extend-select = ["SEC007"]     # added to the selection (a policy rule, say)
    ignore = ["OPS003"]
    fail-on = "high"               # critical|high|medium|low|info
    rules = ["policies/"]          # directories of the organisation's own YAML rules
    baseline = "archlint-baseline.json"
    environment = "production"     # of inputs that declare none (Terraform): production
                                   # posture rules run only in production

    [tool.archlint.severity]
    NET004 = "low"                 # severity overrides, by rule id

A name that matches no rule is an input error at its line (see
:mod:`archlint.engine.rule_names`), once the custom rules are loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import field, replace
from pathlib import Path

from archlint.engine.finding import Severity
from archlint.engine.rule_names import RuleNames
from archlint.errors import InputError, did_you_mean
from archlint.inputfile import Position
from archlint.model import ENVIRONMENTS
from archlint.records import record
from archlint.rules.api import Rule

_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "fail-on",
    "severity",
    "rules",
    "baseline",
    "environment",
}


@record
class Config:
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.high
    rules_dirs: tuple[str, ...] = ()
    baseline_file: str | None = None
    baseline: frozenset[str] = frozenset()
    # The environment of an input that declares none (Terraform); a spec's own wins.
    environment: str | None = None
    source: str | None = None  # the file the configuration came from
    # (setting, rule name) -> where the file names it, for errors about unknown names
    positions: dict[tuple[str, str], Position] = field(default_factory=dict, compare=False)

    def selects(self, definition: Rule) -> bool:
        return self.selects_id(
            definition.id, definition.category, definition.name, policy=definition.policy
        )

    def selects_id(
        self, rule_id: str, category: str, name: str = "", *, policy: bool = False
    ) -> bool:
        """Whether a rule known only by id and category (importer problems) is selected.
        With no ``select``, the default selection: every rule but the policy rules."""
        chosen = _matches(self.select, rule_id, category, name) if self.select else not policy
        chosen = chosen or _matches(self.extend_select, rule_id, category, name)
        return chosen and not _matches(self.ignore, rule_id, category, name)

    def severity_for(self, definition: Rule) -> Severity:
        return self.severity.get(definition.id, definition.severity)

    def rule_name_errors(self, names: RuleNames) -> list[InputError]:
        """One error per rule name in this configuration's file that names no rule."""
        problems = [
            (setting, selector, names.selector_problem(selector))
            for setting in ("select", "extend-select", "ignore")
            for selector in getattr(self, setting.replace("-", "_"))
        ]
        problems += [("severity", rule_id, names.id_problem(rule_id)) for rule_id in self.severity]
        return [
            InputError(
                self.source or "configuration",
                self.positions.get((setting, name)),
                f"{setting}: {problem}",
            )
            for setting, name, problem in problems
            if problem
        ]

    def merged(self, **changes: object) -> Config:
        """This config with command-line options laid over it (None means 'not given')."""
        return replace(self, **{k: v for k, v in changes.items() if v not in (None, ())})


def _matches(selectors: Iterable[str], rule_id: str, category: str, name: str) -> bool:
    for selector in selectors:
        if selector == "ALL" or selector in (rule_id, category, name):
            return True
        if selector.isupper() and rule_id.startswith(selector):
            return True
    return False


def find_config(start: Path) -> Path | None:
    """The nearest archlint.toml, or pyproject.toml with [tool.archlint], upwards from start."""
    directory = start.resolve()
    for candidate in (directory, *directory.parents):
        own = candidate / "archlint.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.archlint" in pyproject.read_text(errors="replace"):
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    import tomllib  # only a configured project pays for the TOML reader

    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(str(path), None, f"invalid TOML: {error}") from None
    in_pyproject = path.name == "pyproject.toml"
    table = document.get("tool", {}).get("archlint", {}) if in_pyproject else document
    config = parse_config(table, str(path))
    return replace(config, positions=_name_positions(config, text, in_pyproject))


def environment_problem(value: object) -> str | None:
    """Why ``value`` is not an environment archlint knows (None when it is one)."""
    if isinstance(value, str) and value in ENVIRONMENTS:
        return None
    hint = ""
    if isinstance(value, str):
        # "prod" and "dev" are the usual short forms, too short for a similarity match.
        started = [e for e in ENVIRONMENTS if value and e.startswith(value.casefold())]
        hint = f"; did you mean {started[0]!r}?" if started else did_you_mean(value, ENVIRONMENTS)
    return f"unknown environment {value!r} (known: {', '.join(ENVIRONMENTS)}){hint}"


def _name_positions(
    config: Config, text: str, in_pyproject: bool
) -> dict[tuple[str, str], Position]:
    """Where each rule name of ``config`` is written (tomllib keeps no positions).

    A name is looked for from its setting's key (``select =``, ``[severity]``) on, inside
    the archlint table: the first quoted ``"NAME"`` or bare ``NAME =`` there is it.
    """
    lines = text.splitlines()
    table_start = 0
    if in_pyproject:
        table_start = next((i for i, line in enumerate(lines) if "[tool.archlint" in line), 0)
    positions: dict[tuple[str, str], Position] = {}
    named = {
        "select": config.select,
        "extend-select": config.extend_select,
        "ignore": config.ignore,
        "severity": tuple(config.severity),
    }
    for setting, names in named.items():
        key = re.compile(rf"^\s*(\[(tool\.archlint\.)?{setting}\]|{setting}\s*=)")
        start = next((i for i in range(table_start, len(lines)) if key.match(lines[i])), len(lines))
        for name in names:
            written = re.compile(rf"""(["']){re.escape(name)}\1|^\s*{re.escape(name)}\s*=""")
            for number in range(start, len(lines)):
                found = written.search(lines[number])
                if found:
                    column = found.start() + 1 + (len(found.group()) - len(found.group().lstrip()))
                    positions[(setting, name)] = Position(number + 1, column)
                    break
    return positions


def parse_config(table: dict, source: str) -> Config:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise InputError(source, None, f"unknown archlint setting(s): {', '.join(unknown)}")
    try:
        severity = {k: Severity.parse(v) for k, v in table.get("severity", {}).items()}
        fail_on = Severity.parse(table.get("fail-on", "high"))
    except (ValueError, AttributeError) as error:
        raise InputError(source, None, str(error)) from None
    base = Path(source).parent
    rules_dirs = tuple(str(base / d) for d in _strings(table, "rules", source))
    baseline = table.get("baseline")
    environment = table.get("environment")
    problem = None if environment is None else environment_problem(environment)
    if problem:
        raise InputError(source, _key_position(source, "environment"), f"environment: {problem}")
    return Config(
        select=_strings(table, "select", source),
        extend_select=_strings(table, "extend-select", source),
        ignore=_strings(table, "ignore", source),
        severity=severity,
        fail_on=fail_on,
        rules_dirs=rules_dirs,
        baseline_file=str(base / baseline) if isinstance(baseline, str) else None,
        environment=environment,
        source=source,
    )


def _key_position(source: str, key: str) -> Position | None:
    """Where ``key =`` is written in the configuration file (the archlint table's own)."""
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    start = next((i for i, line in enumerate(lines) if "[tool.archlint" in line), 0)
    written = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for number in range(start, len(lines)):
        if written.match(lines[number]):
            return Position(number + 1, lines[number].index(key) + 1)
    return None


def _strings(table: dict, key: str, source: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(source, None, f"setting '{key}' must be a list of strings")
    return tuple(value)
