"""Component kinds, and dotted field paths into them resolved against the model's types.

The organisation's YAML rules (:mod:`archlint.rules.custom`) name a kind and fields such
as ``persistence.aof.enabled``; a name the model does not have would match nothing, or
fail on every component, in silence. This module answers, from the model classes
themselves, which kinds exist, which fields a kind has (``archlint rules --kinds``) and
what type the field at a path holds.

A path walks model fields by name (or YAML alias), mapping keys (``tags.owner``) and list
positions (``ip_rules.0.cidr``).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from archlint.model.base import Component
from archlint.model.types import (
    TypedValue,
    parse_cidr,
    parse_duration,
    parse_percentage,
    parse_size,
)
from archlint.records import record

__all__ = [
    "FieldPathError",
    "ResolvedField",
    "component_classes",
    "describe",
    "field_paths",
    "resolve_field",
    "value_types",
]


@cache
def component_classes() -> dict[str, type[Component]]:
    """Every concrete component class by its kind, sorted by kind."""
    out: dict[str, type[Component]] = {}
    pending: list[type[Component]] = [Component]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.kind != "component":
            out.setdefault(cls.kind, cls)
    return dict(sorted(out.items()))


class FieldPathError(ValueError):
    """A path the model does not have; ``known`` are the names that would have fitted."""

    def __init__(self, message: str, part: str, known: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.part = part
        self.known = known


@record
class ResolvedField:
    """Where a dotted path leads: attribute names / list positions, and the field's type."""

    attributes: tuple[str | int, ...]
    annotation: Any


def value_types(annotation: Any) -> tuple[Any, ...]:
    """The types a field may hold, ``None`` left out and ``Annotated`` unwrapped.

    ``Literal[...]`` stays as it is (its values are the choices); ``Duration`` is
    ``timedelta``, ``Size`` is ``int``.
    """
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return value_types(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return tuple(t for arg in typing.get_args(annotation) for t in value_types(arg))
    if annotation is type(None):
        return ()
    return (annotation,)


def field_annotation(info: FieldInfo) -> Any:
    """A field's type with its parser kept (pydantic moves ``Annotated`` metadata apart).

    Constraints (``ge``, ``max_length``) are left out: a condition may compare a field
    with any value of its type, not only with the values it may hold.
    """
    parsers = [m for m in info.metadata if isinstance(m, TypedValue)]
    return Annotated[info.annotation, *parsers] if parsers else info.annotation


def _models(annotation: Any) -> list[type[BaseModel]]:
    return [t for t in value_types(annotation) if isinstance(t, type) and issubclass(t, BaseModel)]


def _field_names(model: type[BaseModel]) -> dict[str, str]:
    """YAML key (alias) and attribute name -> attribute name."""
    names: dict[str, str] = {}
    for name, info in model.model_fields.items():
        names[info.alias or name] = name
        names.setdefault(name, name)
    return names


def resolve_field(model: type[BaseModel], dotted: str) -> ResolvedField:
    """The field at ``dotted`` below ``model``, or :class:`FieldPathError` saying why not."""
    annotation: Any = model
    attributes: list[str | int] = []
    walked: list[str] = []
    root = model.kind if issubclass(model, Component) else model.__name__
    for part in dotted.split("."):
        here = ".".join(walked) or root
        held = value_types(annotation)
        if any(t is Any for t in held):  # free-form below this point: any key is fine
            attributes.append(part)
            walked.append(part)
            annotation = Any
            continue
        models = _models(annotation)
        origin = {typing.get_origin(t) for t in held}
        if models:
            names = {k: v for m in models for k, v in _field_names(m).items()}
            if part not in names:
                known = tuple(sorted({k for m in models for k in _public_keys(m)}))
                raise FieldPathError(f"{_quoted(here, root)} has no field '{part}'", part, known)
            attribute = names[part]
            owner = next(m for m in models if attribute in m.model_fields)
            annotation = field_annotation(owner.model_fields[attribute])
            attributes.append(attribute)
        elif origin & {list, tuple, set, frozenset}:
            if not part.isdigit():
                raise FieldPathError(
                    f"'{here}' is a list: name a position ('{here}.0'), not '{part}'", part
                )
            sequence = next(t for t in held if typing.get_origin(t) in (list, tuple))
            annotation = typing.get_args(sequence)[0]
            attributes.append(int(part))
        elif dict in origin:
            mapping = next(t for t in held if typing.get_origin(t) is dict)
            annotation = typing.get_args(mapping)[1]
            attributes.append(part)
        else:
            raise FieldPathError(f"'{here}' is {describe(annotation)}, it has no fields", part)
        walked.append(part)
    return ResolvedField(tuple(attributes), annotation)


def _quoted(here: str, root: str) -> str:
    return root if here == root else f"'{here}'"


def _public_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _typed_value(annotation: Any) -> TypedValue | None:
    """The parser marker of a Duration, Size, Cidr... field (Optional or not)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return next((m for m in annotation.__metadata__ if isinstance(m, TypedValue)), None)
    if origin in (typing.Union, types.UnionType):
        return next(filter(None, map(_typed_value, typing.get_args(annotation))), None)
    return None


def describe(annotation: Any) -> str:
    """A short, user-facing name for a field's type: 'a duration', 'one of ...'."""
    typed = _typed_value(annotation)
    if typed is not None and typed.parse in _PARSED:
        return _PARSED[typed.parse]
    held = value_types(annotation)
    if not held:
        return "nothing"
    if len(held) > 1 and not all(_is_literal(t) for t in held):
        return " or ".join(describe(t) for t in held)
    kind = held[0]
    if _is_literal(kind):
        choices = [repr(v) for t in held for v in typing.get_args(t)]
        return f"one of {', '.join(choices)}"
    origin = typing.get_origin(kind)
    if origin in (list, tuple, set, frozenset):
        return f"a list of {_plural(typing.get_args(kind)[0])}"
    if origin is dict:
        return "a mapping"
    if isinstance(kind, type) and issubclass(kind, Component):
        return f"a {kind.kind}"
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return "a group of fields"
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return f"one of {', '.join(repr(m.value) for m in kind)}"
    return _SCALARS.get(kind, "a value")


def _plural(annotation: Any) -> str:
    text = describe(annotation)
    return text.removeprefix("a ").removeprefix("an ")


def _is_literal(annotation: Any) -> bool:
    return typing.get_origin(annotation) is typing.Literal


_PARSED: dict[Any, str] = {
    parse_duration: "a duration",
    parse_size: "a size",
    parse_cidr: "a CIDR range",
    parse_percentage: "a percentage",
}
_SCALARS: dict[Any, str] = {
    bool: "true or false",
    int: "a number",
    float: "a number",
    str: "text",
    timedelta: "a duration",
    date: "a date",
    datetime: "a date and time",
    Any: "any value",
}


def field_paths(model: type[BaseModel], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every field path of ``model`` with its type, nested groups spelled out.

    Lists of components (a namespace's queues) are named, not entered: each component
    kind has its own fields. ``<i>`` stands for a list position (``suppress.0.rule``).
    """
    for name, info in model.model_fields.items():
        key = f"{prefix}{info.alias or name}"
        annotation = field_annotation(info)
        held = value_types(annotation)
        if len(held) == 1 and _is_group(held[0]):
            yield from field_paths(held[0], f"{key}.")
            continue
        if len(held) == 1 and typing.get_origin(held[0]) is list:
            element = value_types(typing.get_args(held[0])[0])
            if len(element) == 1 and _is_group(element[0]):
                yield from field_paths(element[0], f"{key}.<i>.")
                continue
        yield key, describe(annotation)


def _is_group(annotation: Any) -> bool:
    """A nested model that is not a component (a component kind has its own fields)."""
    return (
        isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
        and not issubclass(annotation, Component)
    )
