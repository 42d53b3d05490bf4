"""Terraform's JSON configuration syntax (``*.tf.json``) -> the structure python-hcl2 gives
for the same configuration written in HCL, so one evaluator reads both.

The mapping follows Terraform's "JSON Configuration Syntax" page
(https://developer.hashicorp.com/terraform/language/syntax/json): block types at the top
level, their labels as nested object keys (an array where a label repeats), every JSON
string a template (``"${var.x}"``), numbers, booleans and null as themselves, and ``"//"``
keys as comments. JSON cannot tell a nested block from an object-valued argument; Terraform
asks the provider's schema, and so does this module: inside a resource, a key is a block
when the azurerm schema names it a block (or it is ``lifecycle``, ``provisioner``,
``connection`` or ``dynamic``), else an argument.
"""

from __future__ import annotations

import json
import re
from typing import Any

from archlint.importers.hcl import _closing_brace
from archlint.importers.provider_schema import BlockSchema, load_schema

__all__ = ["headers", "loads"]

_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection", "dynamic"})
_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1}


def loads(text: str) -> dict[str, Any]:
    """The python-hcl2 structure of a ``.tf.json`` document (``json.JSONDecodeError`` and
    ``ValueError`` for what is not one). Block names come from the newest azurerm schema
    shipped: a name that is a block in one major and an argument in another is rare, and
    the pinned version is known only once every file is read."""
    document = json.loads(text)
    if not isinstance(document, dict):
        raise ValueError("a .tf.json file holds one JSON object")
    schema = load_schema(4)
    out: dict[str, list[Any]] = {}
    for kind, value in document.items():
        if kind == "//":
            continue
        entries = out.setdefault(kind, [])
        if kind == "locals":
            entries.extend(_block(body, None) for body in _each(value))
        elif kind == "terraform":
            entries.extend(_block(body, None, nested_blocks=True) for body in _each(value))
        elif kind in _LABELS:
            for labels, body in _labelled(value, _LABELS[kind]):
                block_schema = schema.resource(labels[0]) if kind == "resource" else None
                block = _block(body, block_schema, nested_blocks=kind == "provider")
                for label in reversed(labels):
                    block = {f'"{label}"': block}
                entries.append(block)
        else:  # moved, import, check...: bodies of arguments
            entries.extend(_block(body, None) for body in _each(value))
    return out


def headers(text: str, document: dict[str, Any]) -> dict[tuple[str, str, str], int]:
    """The line of each ``resource``/``data``/``module`` block: where its last label is a
    key, searched from its first label's key."""
    found: dict[tuple[str, str, str], int] = {}
    for kind in ("resource", "data", "module"):
        for entry in document.get(kind, []):
            first = next(iter(entry))[1:-1]
            labels = [first] if kind == "module" else [first, next(iter(entry[f'"{first}"']))[1:-1]]
            position = 0
            for label in labels:
                match = re.compile(re.escape(json.dumps(label)) + r"\s*:").search(text, position)
                position = match.start() if match else -1
                if position < 0:
                    break
            if position >= 0:
                key = (kind, labels[0], labels[1] if len(labels) > 1 else "")
                found.setdefault(key, text.count("\n", 0, position) + 1)
    return found


def _each(value: Any) -> list[dict[str, Any]]:
    """A body, or an array of bodies (Terraform allows both wherever a block may repeat)."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def _labelled(value: Any, depth: int) -> list[tuple[list[str], dict[str, Any]]]:
    out: list[tuple[list[str], dict[str, Any]]] = []
    for mapping in _each(value):
        for label, inner in mapping.items():
            if label == "//":
                continue
            if depth == 1:
                out.extend(([label], body) for body in _each(inner))
            else:
                out.extend(([label, *rest], body) for rest, body in _labelled(inner, depth - 1))
    return out


def _block(
    body: dict[str, Any], schema: BlockSchema | None, nested_blocks: bool = False
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in body.items():
        if key == "//":
            continue
        nested = schema.blocks.get(key) if schema is not None else None
        is_block = (
            key in _META_BLOCKS
            or nested is not None
            or (nested_blocks and isinstance(value, dict | list) and _each(value) == _list(value))
        )
        if is_block and _each(value):
            if key == "dynamic":
                out[key] = [
                    {f'"{label}"': _block(inner, None, nested_blocks=True)}
                    for label, inner in _dynamic(value)
                ]
            else:
                out[key] = [_block(item, nested) for item in _each(value)]
        else:
            out[key] = _value(value)
    out["__is_block__"] = True
    return out


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _dynamic(value: Any) -> list[tuple[str, dict[str, Any]]]:
    return [(label, inner) for mapping in _each(value) for label, inner in mapping.items()]


def _value(value: Any) -> Any:
    if isinstance(value, str):
        return _template(value)
    if isinstance(value, list):
        return [_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _value(item) for key, item in value.items()}
    return value  # numbers, booleans, null


def _template(text: str) -> str:
    """A JSON string as the quoted HCL template python-hcl2 keeps: its literal parts
    escaped, its interpolations as written (``$${`` stays a literal ``${``)."""
    out = ['"']
    position = 0
    while True:
        start = text.find("${", position)
        if start > 0 and text[start - 1] == "$":
            out.append(_escape(text[position : start + 2]))
            position = start + 2
            continue
        end = _closing_brace(text, start + 2) if start >= 0 else None
        if end is None:
            out.append(_escape(text[position:]))
            break
        out.append(_escape(text[position:start]) + text[start : end + 1])
        position = end + 1
    out.append('"')
    return "".join(out)


def _escape(literal: str) -> str:
    return (
        literal.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
