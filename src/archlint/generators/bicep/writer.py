"""A small Bicep writer: values, resource/param/module statements, two-space indentation.

Strings are single-quoted with every character Bicep would interpret escaped (``\\'``,
``\\\\``, ``\\${``, control characters as ``\\u{..}``); expressions (:class:`BExpr`) are
written as is and remember which symbols and parameters they use, so the generator can work
out dependencies between modules from the values alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from typing import Union

from archlint.records import record

__all__ = ["BExpr", "BValue", "interpolate", "quote", "render_value"]

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SPECIAL = re.compile(r"[\\'\x00-\x1f\x7f]|\$\{")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "${": "\\${"}
INDENT = "  "


@record
class BExpr:
    """A Bicep expression, with the resource symbols and parameters it refers to."""

    text: str
    symbols: frozenset[str] = field(default_factory=frozenset)
    params: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def symbol(cls, symbol: str, path: str = "") -> BExpr:
        return cls(f"{symbol}.{path}" if path else symbol, symbols=frozenset({symbol}))

    @classmethod
    def param(cls, name: str) -> BExpr:
        return cls(name, params=frozenset({name}))

    def wrap(self, text: str) -> BExpr:
        """Another expression that uses this one (``text`` contains it)."""
        return BExpr(text, self.symbols, self.params)


BValue = Union[  # noqa: UP007 - recursive alias needs the string forward references
    str, int, float, bool, BExpr, Sequence["BValue"], Mapping[Union[str, BExpr], "BValue"]  # noqa: UP007
]


def _escape(match: re.Match[str]) -> str:
    text = match.group()
    return _ESCAPES.get(text) or f"\\u{{{ord(text):X}}}"


def quote(text: str) -> str:
    """A Bicep string literal meaning exactly ``text``."""
    return f"'{_SPECIAL.sub(_escape, text)}'"


def interpolate(*parts: str | BExpr) -> BExpr:
    """A string with interpolations: ``interpolate('x-', ref)`` -> ``'x-${ref}'``."""
    text = "".join(f"${{{p.text}}}" if isinstance(p, BExpr) else quote(p)[1:-1] for p in parts)
    symbols = frozenset().union(*(p.symbols for p in parts if isinstance(p, BExpr)))
    params = frozenset().union(*(p.params for p in parts if isinstance(p, BExpr)))
    return BExpr(f"'{text}'", symbols, params)


def _key(key: str | BExpr) -> str:
    if isinstance(key, BExpr):
        # Object keys are identifiers or strings: an expression key is interpolated.
        return key.text if key.text.startswith("'") else f"'${{{key.text}}}'"
    return key if _KEY.match(key) else quote(key)


def render_value(value: BValue, depth: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # Bicep has no float literals: integral values are ints, others go through json().
        return str(int(value)) if value.is_integer() else f"json('{value!r}')"
    if isinstance(value, BExpr):
        return value.text
    if isinstance(value, str):
        return quote(value)
    inner = INDENT * (depth + 1)
    closing = INDENT * depth
    if isinstance(value, Mapping):
        # None means "not set": the property is left out (at any depth).
        items = [(k, v) for k, v in value.items() if v is not None]
        if not items:
            return "{}"
        lines = [f"{inner}{_key(k)}: {render_value(v, depth + 1)}" for k, v in items]
        return "{\n" + "\n".join(lines) + f"\n{closing}}}"
    items = [v for v in value if v is not None]
    if not items:
        return "[]"
    return (
        "[\n" + "\n".join(f"{inner}{render_value(v, depth + 1)}" for v in items) + f"\n{closing}]"
    )


def references(value: BValue) -> tuple[set[str], set[str]]:
    """The symbols and parameters a value uses, anywhere inside it."""
    symbols: set[str] = set()
    params: set[str] = set()
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, BExpr):
            symbols |= item.symbols
            params |= item.params
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return symbols, params


def compact(mapping: Mapping[str, BValue | None]) -> dict[str, BValue]:
    """Drop ``None`` values, so optional properties can be written inline."""
    return {key: value for key, value in mapping.items() if value is not None}


def comment_lines(text: str) -> Iterable[str]:
    for line in text.splitlines() or [""]:
        yield f"// {line}".rstrip()
