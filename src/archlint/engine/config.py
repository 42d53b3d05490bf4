"""Project configuration: ``[tool.archlint]`` in pyproject.toml, or archlint.toml.

Keys (all optional)::

    select = ["MSG", "DNS001"]     # ids, id prefixes, categories or rule names; default all
    ignore = ["OPS003"]
    fail-on = "high"               # critical|high|medium|low|info
    rules = ["policies/"]          # directories of the organisation's own YAML rules
    baseline = "archlint-baseline.json"

    [tool.archlint.severity]
    NET004 = "low"                 # severity overrides
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from archlint.engine.finding import Severity
from archlint.errors import InputError
from archlint.rules.api import Rule

_KEYS = {"select", "ignore", "fail-on", "severity", "rules", "baseline"}


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity = Severity.high
    rules_dirs: tuple[str, ...] = ()
    baseline_file: str | None = None
    baseline: frozenset[str] = frozenset()
    source: str | None = None  # the file the configuration came from

    def selects(self, definition: Rule) -> bool:
        chosen = not self.select or _matches(self.select, definition)
        return chosen and not _matches(self.ignore, definition)

    def severity_for(self, definition: Rule) -> Severity:
        return self.severity.get(definition.id, definition.severity)

    def merged(self, **changes: object) -> Config:
        """This config with command-line options laid over it (None means 'not given')."""
        return replace(self, **{k: v for k, v in changes.items() if v not in (None, ())})


def _matches(selectors: Iterable[str], definition: Rule) -> bool:
    for selector in selectors:
        if selector == "ALL" or selector in (definition.id, definition.category, definition.name):
            return True
        if selector.isupper() and definition.id.startswith(selector):
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
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(str(path), None, f"invalid TOML: {error}") from None
    table = (
        document.get("tool", {}).get("archlint", {}) if path.name == "pyproject.toml" else document
    )
    return parse_config(table, str(path))


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
    return Config(
        select=_strings(table, "select", source),
        ignore=_strings(table, "ignore", source),
        severity=severity,
        fail_on=fail_on,
        rules_dirs=rules_dirs,
        baseline_file=str(base / baseline) if isinstance(baseline, str) else None,
        source=source,
    )


def _strings(table: dict, key: str, source: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(source, None, f"setting '{key}' must be a list of strings")
    return tuple(value)
