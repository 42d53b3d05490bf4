"""A tiny HCL writer whose output is already ``terraform fmt`` clean.

Why not ``hcl2.dumps``: python-hcl2 reconstructs text from its parse tree and neither aligns
``=`` nor orders things the way ``terraform fmt`` does, so its output would need a second pass
through the terraform CLI.  The subset the generators need is small: blocks with labels,
attributes, comments, and values that are strings, numbers, booleans, lists, objects or raw
expressions (references such as ``azurerm_resource_group.main.name``).

Layout rules (those of ``terraform fmt``, checked by the tests with the real CLI): two-space
indentation; the ``=`` of consecutive one-line attributes is aligned; an attribute whose value
spans several lines, a comment, a blank line or a nested block ends an alignment group.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Union

from archlint.records import record

__all__ = [
    "Attr",
    "Block",
    "Comment",
    "Expr",
    "Item",
    "Value",
    "quote",
    "render_file",
    "template",
]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
INDENT = "  "


@record
class Expr:
    """A raw HCL expression written as is: a reference, a function call, a template."""

    text: str

    def __str__(self) -> str:
        return self.text


Value = Union[str, int, float, bool, Expr, Sequence["Value"], Mapping[str, "Value"]]  # noqa: UP007


@record
class Attr:
    name: str
    value: Value


@record
class Comment:
    """A ``#`` comment on lines of its own (never trailing: fmt would realign those)."""

    text: str


@dataclass(slots=True)
class Block:
    """``type "label" ... { body }``; the body keeps the order items were added in."""

    type: str
    labels: tuple[str, ...] = ()
    body: list[Item] = field(default_factory=list)

    @classmethod
    def of(cls, type_: str, *labels: str, items: Iterable[BodyEntry] = ()) -> Block:
        """Build a block from ``(name, value)`` pairs, blocks and comments.

        Pairs whose value is ``None`` are dropped, so optional arguments can be written
        inline (``("zones", zones or None)``); lists of blocks are flattened.
        """
        block = cls(type_, tuple(labels))
        block.extend(items)
        return block

    def extend(self, items: Iterable[BodyEntry]) -> Block:
        for item in items:
            if item is None:
                continue
            if isinstance(item, tuple):
                name, value = item
                if value is not None:
                    self.body.append(Attr(name, value))
            elif isinstance(item, list):
                self.extend(item)
            else:
                self.body.append(item)
        return self


Item = Attr | Block | Comment
BodyEntry = Union[tuple[str, Value | None], Item, list["BodyEntry"], None]  # noqa: UP007


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]|\$\{|%\{')


def _escape(match: re.Match[str]) -> str:
    text = match.group()
    if text in ("${", "%{"):
        return text[0] + text  # $${ and %%{: literal, never a template
    return _ESCAPES.get(text) or f"\\u{ord(text):04x}"


def quote(text: str) -> str:
    """A quoted HCL string that means exactly ``text``: quotes, backslashes and control
    characters are escaped, and ``${``/``%{`` are doubled so input never becomes a template."""
    return f'"{_SPECIAL.sub(_escape, text)}"'


def template(*parts: str | Expr) -> Expr:
    """A string template: text parts are escaped, expressions become ``${...}``."""
    text = "".join(
        f"${{{part.text}}}" if isinstance(part, Expr) else quote(part)[1:-1] for part in parts
    )
    return Expr(f'"{text}"')


def _number(value: int | float) -> str:
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    return str(value)


def _key(name: str) -> str:
    return name if _IDENTIFIER.match(name) else quote(name)


def _is_scalar(value: Value) -> bool:
    return isinstance(value, str | int | float | bool | Expr)


def render_value(value: Value, depth: int) -> str:
    """Render a value; ``depth`` is the indentation level of the line the value starts on."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, Expr):
        return value.text
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        inner = INDENT * (depth + 1)
        lines = _aligned([(_key(k), render_value(v, depth + 1)) for k, v in value.items()], inner)
        return "{\n" + "\n".join(lines) + "\n" + INDENT * depth + "}"
    if all(_is_scalar(item) for item in value):
        return "[" + ", ".join(render_value(item, depth) for item in value) + "]"
    inner = INDENT * (depth + 1)
    items = [f"{inner}{render_value(item, depth + 1)}," for item in value]
    return "[\n" + "\n".join(items) + "\n" + INDENT * depth + "]"


def _aligned(pairs: list[tuple[str, str]], indent: str) -> list[str]:
    """``name = value`` lines with ``=`` aligned across runs of one-line values."""
    lines: list[str] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        width = max((len(name) for name, _ in run), default=0)
        lines.extend(f"{indent}{name.ljust(width)} = {text}" for name, text in run)
        run.clear()

    for name, text in pairs:
        if "\n" in text:
            flush()
            lines.append(f"{indent}{name} = {text}")
        else:
            run.append((name, text))
    flush()
    return lines


def _render_body(items: Sequence[Item], depth: int) -> list[str]:
    indent = INDENT * depth
    lines: list[str] = []
    pending: list[tuple[str, str]] = []

    def flush() -> None:
        lines.extend(_aligned(pending, indent))
        pending.clear()

    for item in items:
        if isinstance(item, Attr):
            pending.append((item.name, render_value(item.value, depth)))
            continue
        flush()
        if isinstance(item, Comment):
            lines.extend(_comment_lines(item, indent))
        else:
            lines.extend(render_block(item, depth))
    flush()
    return lines


def _comment_lines(comment: Comment, indent: str) -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in comment.text.splitlines() or [""]]


def render_block(block: Block, depth: int = 0) -> list[str]:
    indent = INDENT * depth
    header = " ".join([block.type, *(quote(label) for label in block.labels)])
    if not block.body:
        return [f"{indent}{header} {{}}"]
    return [f"{indent}{header} {{", *_render_body(block.body, depth + 1), f"{indent}}}"]


def render_file(items: Sequence[Block | Comment], header: str | None = None) -> str:
    """A whole file: an optional header comment, then top-level blocks separated by one blank
    line; a comment directly above a block documents it. Ends in a newline."""
    chunks: list[str] = []
    for item in items:
        if isinstance(item, Comment):
            chunks.append("\n".join(_comment_lines(item, "")))
        else:
            chunks.append("\n".join(render_block(item)))
    text = ""
    for index, chunk in enumerate(chunks):
        if index:
            # A comment directly above a block documents it: no blank line between them.
            text += "\n" if isinstance(items[index - 1], Comment) else "\n\n"
        text += chunk
    if header is not None:
        head = "\n".join(_comment_lines(Comment(header), ""))
        text = f"{head}\n\n{text}" if text else head
    return text + "\n" if text else ""
