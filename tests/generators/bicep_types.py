"""Check generated Bicep resources against Azure's resource types (from Azure/bicep-types-az).

The type data (``data/bicep-types.json.gz``) is extracted by ``scripts/extract_bicep_types.py``;
its format is described there. :func:`check_resource` walks the values the generator writes
(the :class:`~archlint.generators.bicep.core.BicepResource` bodies that
:func:`~archlint.generators.bicep.writer.render_value` turns into text, literals told apart from
expressions) and returns one problem per wrong value, as the Bicep compiler would report it:
an unknown resource type or API version, a property the type does not have, a read-only
property written, a required one missing, a literal that is not an allowed value or not of the
property's type. Expressions are only checked where their kind is certain (a computed string
where only literals are allowed).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from archlint.generators.bicep.core import BicepResource
from archlint.generators.bicep.writer import BExpr

DATA = Path(__file__).parent / "data" / "bicep-types.json.gz"

REQUIRED, READ_ONLY = 1, 2
RESOURCE_GROUP_SCOPE, EXTENSION_SCOPE = 8, 16
# Written by Bicep itself, not properties of the resource body.
_BICEP_KEYWORDS = frozenset({"parent", "scope", "dependsOn"})

Json = dict[str, Any]


@cache
def load_types() -> Json:
    with gzip.open(DATA, "rt", encoding="ascii") as handle:
        document: Json = json.load(handle)
    document["by_lower"] = {name.lower(): name for name in document["resources"]}
    return document


def resource_entry(resource_type: str, api_version: str) -> Json | None:
    types = load_types()
    name = types["by_lower"].get(f"{resource_type}@{api_version}".lower())
    return types["resources"][name] if name else None


def check_resource(resource: BicepResource) -> list[str]:
    """Every problem of one resource, as ``type@api symbol path: message``."""
    label = f"{resource.symbol} ({resource.type}@{resource.api})"
    entry = resource_entry(resource.type, resource.api)
    if entry is None:
        return [f"{label}: no such resource type and API version in {load_types()['repository']}"]
    if resource.existing:
        return []
    problems: list[str] = []
    scope = EXTENSION_SCOPE if resource.scope else RESOURCE_GROUP_SCOPE
    if entry.get("flags", 0) & 1 or not entry["writable"] & scope:
        problems.append(f"{label}: cannot be deployed at this scope")
    body = {"name": resource.name, **resource.body}
    problems += (f"{label} {message}" for message in _check(body, entry["body"], ""))
    return problems


def _node(index: int) -> Json:
    node: Json = load_types()["types"][index]
    return node


def _describe(index: int) -> str:
    node = _node(index)
    kind = node["k"]
    if kind == "lit":
        return repr(node["v"])
    if kind == "union":
        return " | ".join(_describe(member) for member in node["of"])
    if kind in ("object", "tagged"):
        return f"object {node['name']}"
    if kind == "array":
        return f"{_describe(node['of'])}[]"
    return kind


def _check(value: Any, index: int, path: str) -> Iterator[str]:
    node = _node(index)
    kind = node["k"]
    where = path or "(body)"
    if kind == "any" or value is None:
        return
    if isinstance(value, float) and not value.is_integer():
        return  # written as json('...'): Bicep has no float literals, json() is of type any
    if kind == "union":
        # Fits if any member fits; report the member's problems only when it is the one object
        # member (a union of literals reports the allowed values).
        results = [list(_check(value, member, path)) for member in node["of"]]
        if not any(problems == [] for problems in results):
            shaped = [r for r, m in zip(results, node["of"], strict=True) if _node(m)["k"] != "lit"]
            if len(shaped) == 1 and isinstance(value, Mapping | list | tuple):
                yield from shaped[0]
            else:
                yield f"{where}: {_shown(value)} is not {_describe(index)}"
        return
    if isinstance(value, BExpr):
        # A reference or function call: its type is unknown here. An interpolated string is a
        # string, so it only fails where just literals are allowed.
        if value.text.startswith("'") and kind in ("lit", "int", "bool", "object", "array"):
            yield f"{where}: computed string {value.text} is not {_describe(index)}"
        return
    if kind == "lit":
        if value != node["v"]:
            yield f"{where}: {_shown(value)} is not {node['v']!r}"
    elif kind == "string":
        if not isinstance(value, str):
            yield f"{where}: {_shown(value)} is not a string"
    elif kind == "bool":
        if not isinstance(value, bool):
            yield f"{where}: {_shown(value)} is not a bool"
    elif kind == "int":
        yield from _check_int(value, node, where)
    elif kind == "array":
        if not isinstance(value, list | tuple):
            yield f"{where}: {_shown(value)} is not an array"
            return
        for position, item in enumerate(value):
            yield from _check(item, node["of"], f"{path}[{position}]")
    elif kind in ("object", "tagged"):
        if not isinstance(value, Mapping):
            yield f"{where}: {_shown(value)} is not {_describe(index)}"
            return
        yield from _check_object(value, node, path)
    else:  # "null"
        yield f"{where}: {_shown(value)} is not null"


def _check_int(value: Any, node: Json, where: str) -> Iterator[str]:
    if isinstance(value, bool) or not isinstance(value, int | float):
        yield f"{where}: {_shown(value)} is not an int"
    elif not node.get("min", value) <= value <= node.get("max", value):
        yield f"{where}: {value!r} is outside {node.get('min')}..{node.get('max')}"


def _check_object(value: Mapping, node: Json, path: str) -> Iterator[str]:
    props: dict[str, list[int]] = dict(node["props"])
    extra: int | None = node.get("extra")
    if node["k"] == "tagged":
        key = node["key"]
        case = value.get(key)
        if case not in node["cases"]:
            allowed = ", ".join(repr(c) for c in sorted(node["cases"]))
            yield f"{_join(path, key)}: {_shown(case)} is not one of {allowed}"
            return
        chosen = _node(node["cases"][case])
        props.update(chosen["props"])
        extra = chosen.get("extra")
    written = {k for k, v in value.items() if v is not None}
    for key in sorted(written, key=str):
        item = value[key]
        if isinstance(key, BExpr) or key not in props:
            if extra is None:
                if not (path == "" and key in _BICEP_KEYWORDS):
                    yield f"{_join(path, str(key))}: no such property in {node['name']}"
                continue
            yield from _check(item, extra, _join(path, str(key)))
            continue
        target, flags = props[key]
        if flags & READ_ONLY:
            yield f"{_join(path, key)}: read-only in {node['name']}"
            continue
        yield from _check(item, target, _join(path, key))
    for key, (_, flags) in sorted(props.items()):
        if flags & REQUIRED and not flags & READ_ONLY and key not in written:
            yield f"{_join(path, key)}: required in {node['name']}, not written"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _shown(value: Any) -> str:
    if isinstance(value, BExpr):
        return value.text
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "an array"
    return repr(value)
