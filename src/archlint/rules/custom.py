"""An organisation's own rules, written as YAML and loaded with ``--rules DIR``.

A rules file (``*.yaml`` in DIR)::

    rules:
      - id: ORG001
        name: namespace-without-cost-center
        title: Service Bus namespace has no cost-center tag
        severity: medium
        category: organisation
        select: [service_bus_namespace]       # component kinds it applies to
        where: {tier: premium}                 # optional: only these components
        assert:                                # every condition must hold
          - {field: tags.cost-center, exists: true}
          - {field: min_tls_version, in: ["1.2", "1.3"]}
        message: "{label} has no cost-center tag"
        rationale: Costs are charged back per team.
        remediation: "Add tags: {cost-center: '1234'}"
        references: [https://wiki.example.com/tagging]
        controls: ["WAF Cost Optimization"]

Operators: ``equals``, ``not_equals``, ``in``, ``not_in``, ``exists``, ``matches``
(regex), ``gt``, ``gte``, ``lt``, ``lte`` (durations written as in specs compare as
durations). Fields are dotted paths into the component (``persistence.aof.enabled``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from archlint.engine.finding import Severity
from archlint.errors import InputError, InputErrors, Limits
from archlint.model import Architecture, Component
from archlint.model.types import parse_duration
from archlint.rules.api import RULE_ID, Rule, Violation

_OPERATORS = ("equals", "not_equals", "in", "not_in", "exists", "matches", "gt", "gte", "lt", "lte")
_MISSING = object()


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str
    equals: Any = None
    not_equals: Any = None
    in_: list[Any] | None = Field(default=None, alias="in")
    not_in: list[Any] | None = None
    exists: bool | None = None
    matches: str | None = None
    gt: Any = None
    gte: Any = None
    lt: Any = None
    lte: Any = None

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        given = [op for op in _OPERATORS if self.operand(op) is not None]
        if len(given) != 1:
            raise ValueError(f"condition on '{self.field}' needs exactly one of {_OPERATORS}")
        if self.matches is not None:
            try:
                re.compile(self.matches)
            except re.error as error:
                raise ValueError(f"invalid regex {self.matches!r}: {error}") from None
        return self

    def operand(self, operator: str) -> Any:
        return getattr(self, "in_" if operator == "in" else operator)

    def operator(self) -> str:
        return next(op for op in _OPERATORS if self.operand(op) is not None)


class CustomRule(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(pattern=RULE_ID.pattern)
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)+$")
    title: str
    severity: Literal["critical", "high", "medium", "low", "info"]
    category: str = "custom"
    select: list[str] = Field(min_length=1, description="Component kinds.")
    where: dict[str, Any] = Field(default_factory=dict)
    assert_: list[Condition] = Field(alias="assert", min_length=1)
    message: str
    rationale: str = ""
    remediation: str = ""
    references: list[str] = Field(default_factory=list)
    controls: list[str] = Field(default_factory=list)


class RulesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rules: list[CustomRule]


def _lookup(component: Component, dotted: str) -> Any:
    value: Any = component
    for part in dotted.split("."):
        if isinstance(value, BaseModel):
            value = getattr(value, part, _MISSING)
        elif isinstance(value, dict):
            value = value.get(part, _MISSING)
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value


def _comparable(actual: Any, expected: Any) -> tuple[Any, Any]:
    if isinstance(actual, timedelta) and not isinstance(expected, timedelta):
        return actual, parse_duration(expected)
    return actual, expected


def holds(condition: Condition, component: Component) -> bool:
    actual = _lookup(component, condition.field)
    operator = condition.operator()
    expected = condition.operand(operator)
    if operator == "exists":
        return (actual is not _MISSING and actual is not None) == expected
    if actual is _MISSING:
        return False
    if operator == "in":
        return actual in expected
    if operator == "not_in":
        return actual not in expected
    if operator == "matches":
        return re.search(expected, str(actual)) is not None
    try:
        actual, expected = _comparable(actual, expected)
        if operator == "equals":
            return actual == expected
        if operator == "not_equals":
            return actual != expected
        if actual is None:
            return False
        return {
            "gt": actual > expected,
            "gte": actual >= expected,
            "lt": actual < expected,
            "lte": actual <= expected,
        }[operator]
    except (TypeError, ValueError):
        return False


def to_rule(spec: CustomRule, source: str) -> Rule:
    def check(arch: Architecture) -> Iterator[Violation]:
        for component in arch.index.of_kind(*spec.select):
            if not all(_lookup(component, key) == value for key, value in spec.where.items()):
                continue
            failed = [c for c in spec.assert_ if not holds(c, component)]
            if failed:
                message = spec.message.format(
                    id=component.id, label=component.label(), title=component.title
                )
                yield Violation.on(arch, component, message=message)

    sections = {
        "What it does": spec.title,
        "Why is this bad?": spec.rationale,
        "Use instead": spec.remediation,
    }
    pillars = tuple(c.removeprefix("WAF ") for c in spec.controls if c.startswith("WAF "))
    mcsb = tuple(c.removeprefix("MCSB ") for c in spec.controls if c.startswith("MCSB "))
    return Rule(
        id=spec.id,
        name=spec.name,
        title=spec.title,
        severity=Severity(spec.severity),
        category=spec.category,
        check=check,
        sections=sections,
        references=tuple(spec.references),
        mcsb=mcsb,
        pillars=pillars,
        module=source,
    )


def load_custom_rules(directories: tuple[str, ...] | list[str]) -> list[Rule]:
    """Every rule in every ``*.yaml``/``*.yml`` file of ``directories``, or InputErrors."""
    from archlint.loader.yaml_source import parse_yaml, read_spec_text

    rules: list[Rule] = []
    errors: list[InputError] = []
    limits = Limits()
    for directory in directories:
        base = Path(directory)
        files = (
            [base]
            if base.is_file()
            else sorted(p for p in base.iterdir() if p.suffix in (".yaml", ".yml"))
        )
        for file in files:
            try:
                document = parse_yaml(read_spec_text(file, limits), str(file), limits)
                parsed = RulesFile.model_validate(document.data)
            except InputError as error:
                errors.append(error)
                continue
            except ValidationError as error:
                for item in error.errors(include_url=False):
                    loc = tuple(item["loc"])
                    position = document.source_map.locate(loc, value=True)
                    where = ".".join(str(p) for p in loc)
                    errors.append(InputError(str(file), position, item["msg"], where))
                continue
            rules.extend(to_rule(spec, str(file)) for spec in parsed.rules)
    if errors:
        raise InputErrors(errors)
    return rules
