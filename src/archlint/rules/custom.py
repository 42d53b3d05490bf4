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
(regex, on text fields), ``gt``, ``gte``, ``lt``, ``lte`` (on numbers, durations, sizes
and dates). Fields are dotted paths into the component as written in specs
(``persistence.aof.enabled``, ``tags.owner``, ``channels.0.kind``: a list position).

A rule is checked against the model when it is loaded (``archlint rules --kinds`` lists
the kinds and their fields): an unknown kind or field, an operator the field's type does
not support, or a value the field cannot hold is an input error at its line, with a
did-you-mean. Values are converted to the field's type once, at load (``7d`` to a
duration, ``1GB`` to bytes).
"""

from __future__ import annotations

import operator
import re
import typing
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from archlint.engine.finding import Severity
from archlint.errors import InputError, InputErrors, Limits, did_you_mean
from archlint.model import Architecture, Component
from archlint.model.fieldpaths import (
    FieldPathError,
    component_classes,
    describe,
    resolve_field,
    value_types,
)
from archlint.records import record
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


@record
class _Test:
    """One condition compiled for one kind: where the value is, and what it must be.

    The operand is already of the field's type (a duration, a size in bytes...), so a
    comparison never meets a string where the model holds a ``timedelta``.
    """

    attributes: tuple[str | int, ...]
    operator: str
    operand: Any

    def holds(self, component: Component) -> bool:
        actual = _lookup(component, self.attributes)
        if self.operator == "exists":
            return (actual is not _MISSING and actual is not None) == self.operand
        if actual is _MISSING:
            return False
        if self.operator == "equals":
            return actual == self.operand
        if self.operator == "not_equals":
            return actual != self.operand
        if self.operator == "in":
            return actual in self.operand
        if self.operator == "not_in":
            return actual not in self.operand
        if self.operator == "matches":
            return re.search(self.operand, str(actual)) is not None
        if actual is None:  # an optional field left unset has no order
            return False
        return _ORDER[self.operator](actual, self.operand)


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def _lookup(component: Component, attributes: tuple[str | int, ...]) -> Any:
    value: Any = component
    for part in attributes:
        if isinstance(value, BaseModel):
            value = getattr(value, str(part), _MISSING)
        elif isinstance(value, dict):
            value = value.get(part, _MISSING)
        elif isinstance(value, list | tuple) and isinstance(part, int):
            value = value[part] if part < len(value) else _MISSING
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value


class _RuleError(Exception):
    """A custom rule that does not fit the model; ``where`` is the path inside the rule."""

    def __init__(self, where: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


@record
class _Compiled:
    """A rule's ``where`` and ``assert`` compiled for each kind it selects."""

    where: dict[str, list[_Test]]
    asserts: dict[str, list[_Test]]


_FIELDS = "; a message may use {id}, {label} and {title}"


def _compile(spec: CustomRule) -> tuple[_Compiled, list[_RuleError]]:
    """Check every kind, field path and operand against the model (all errors, not one)."""
    errors: list[_RuleError] = []
    classes = component_classes()
    where: dict[str, list[_Test]] = {}
    asserts: dict[str, list[_Test]] = {}
    try:
        spec.message.format(id="", label="", title="")
    except KeyError as error:
        errors.append(_RuleError(("message",), f"unknown placeholder {{{error.args[0]}}}{_FIELDS}"))
    except (IndexError, ValueError) as error:
        errors.append(_RuleError(("message",), f"invalid message template: {error}{_FIELDS}"))
    for index, kind in enumerate(spec.select):
        if kind not in classes:
            hint = did_you_mean(kind, classes)
            errors.append(
                _RuleError(
                    ("select", index),
                    f"unknown component kind '{kind}'{hint} (see `archlint rules --kinds`)",
                )
            )
            continue
        model = classes[kind]
        where[kind] = []
        for key, value in spec.where.items():
            try:
                where[kind].append(_test(model, key, "equals", value))
            except _ConditionError as error:
                errors.append(_RuleError(("where", key), error.message))
        asserts[kind] = []
        for position, condition in enumerate(spec.assert_):
            operator_name = condition.operator()
            try:
                asserts[kind].append(
                    _test(model, condition.field, operator_name, condition.operand(operator_name))
                )
            except _ConditionError as error:
                errors.append(_RuleError(("assert", position, error.part), error.message))
    unique = {(e.where, e.message): e for e in errors}  # one message per place, not per kind
    return _Compiled(where, asserts), list(unique.values())


class _ConditionError(Exception):
    """A condition that does not fit a kind; ``part`` is 'field' or the operator's key."""

    def __init__(self, part: str, message: str) -> None:
        super().__init__(message)
        self.part = part
        self.message = message


def _test(model: type[Component], field: str, operator_name: str, operand: Any) -> _Test:
    try:
        resolved = resolve_field(model, field)
    except FieldPathError as error:
        hint = did_you_mean(error.part, error.known)
        raise _ConditionError("field", f"{error}{hint}") from None
    annotation = resolved.annotation
    held = value_types(annotation)
    shape = _shape(held)
    key = "in" if operator_name == "in" else operator_name
    if operator_name == "exists" or shape == "any":
        return _Test(resolved.attributes, operator_name, operand)
    if shape == "group":
        names = ", ".join(sorted(_group_fields(held)))
        raise _ConditionError(
            key, f"'{field}' is a group of fields ({names}): name one, or use 'exists'"
        )
    if operator_name == "matches":
        if shape != "text":
            raise _ConditionError(
                key, f"'matches' needs a text field; '{field}' is {describe(annotation)}"
            )
        return _Test(resolved.attributes, operator_name, operand)
    if operator_name in _ORDER and shape != "ordered":
        raise _ConditionError(
            key,
            f"'{operator_name}' compares numbers, durations, sizes or dates; "
            f"'{field}' is {describe(annotation)}",
        )
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)
    many = operator_name in ("in", "not_in")
    values = operand if many else [operand]
    converted = [_converted(adapter, value, field, annotation, key) for value in values]
    return _Test(resolved.attributes, operator_name, converted if many else converted[0])


def _converted(adapter: TypeAdapter[Any], value: Any, field: str, annotation: Any, key: str) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError:
        choices = [str(v) for t in value_types(annotation) for v in typing.get_args(t)]
        hint = did_you_mean(str(value), choices) if choices else ""
        raise _ConditionError(
            key, f"{value!r} is not a value '{field}' can hold ({describe(annotation)}){hint}"
        ) from None


_ORDERED_TYPES = (int, float, timedelta, date)


def _shape(held: tuple[Any, ...]) -> str:
    """How a field's value can be tested: any, group, ordered, text or other."""
    if not held or any(t is Any for t in held):
        return "any"
    if all(isinstance(t, type) and issubclass(t, BaseModel) for t in held):
        return "group"
    if all(isinstance(t, type) and issubclass(t, _ORDERED_TYPES) and t is not bool for t in held):
        return "ordered"
    if all(_is_text(t) for t in held):
        return "text"
    return "other"


def _is_text(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Literal:
        return all(isinstance(v, str) for v in typing.get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, str)


def _group_fields(held: tuple[Any, ...]) -> set[str]:
    return {info.alias or name for model in held for name, info in model.model_fields.items()}


def to_rule(spec: CustomRule, compiled: _Compiled, source: str) -> Rule:
    def check(arch: Architecture) -> Iterator[Violation]:
        for component in arch.index.of_kind(*spec.select):
            if not all(test.holds(component) for test in compiled.where[component.kind]):
                continue
            if not all(test.holds(component) for test in compiled.asserts[component.kind]):
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
            for index, spec in enumerate(parsed.rules):
                compiled, problems = _compile(spec)
                for problem in problems:
                    where = ("rules", index, *problem.where)
                    position = document.source_map.locate(where, value=True)
                    dotted = ".".join(str(p) for p in where)
                    errors.append(InputError(str(file), position, problem.message, dotted))
                if not problems:
                    rules.append(to_rule(spec, compiled, str(file)))
    if errors:
        raise InputErrors(errors)
    return rules
