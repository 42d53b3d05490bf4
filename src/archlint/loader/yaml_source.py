"""Read YAML safely into plain data plus a map from model paths to file positions.

PyYAML's own constructors lose positions, keep the last of two duplicate keys and
(in unsafe loaders) build Python objects. We compose the node tree with libyaml
when available and build plain data ourselves, so that we can
- record the line and column of every key and value (errors and findings point there),
- refuse duplicate keys and any tag that is not a plain YAML type,
- bound alias expansion (billion laughs) and nesting depth.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path as FsPath
from typing import Any

import yaml

from archlint.errors import InputError, Limits
from archlint.inputfile import Position, read_text

Path = tuple[str | int, ...]

try:  # libyaml's parser is much faster; the pure-Python one behaves the same.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _MAP, _SEQ, _MERGE, _TIMESTAMP}

_INT_RE = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")
# One constructor instance reused for the rare scalars (hex ints, floats, dates).
_SCALARS = yaml.SafeLoader("")


# Positions are stored packed in one int (line << 24 | column): a spec a thousand times
# the seed holds about five million of them, and an int costs a third of an object.
_COLUMN_BITS = 24
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def pack(line: int, column: int) -> int:
    return (line << _COLUMN_BITS) | min(column, _COLUMN_MASK)


def unpack(code: int) -> Position:
    return Position(code >> _COLUMN_BITS, code & _COLUMN_MASK)


@dataclass
class SourceMap:
    """Positions of keys and values by model path, for one file."""

    file: str
    keys: dict[Path, int] = field(default_factory=dict)  # packed positions (pack/unpack)
    values: dict[Path, int] = field(default_factory=dict)
    text: str | None = None

    def locate(self, path: Path, *, value: bool = False) -> Position | None:
        """Position of the deepest element of ``path`` that the file has.

        Findings point at the key that names an element; errors about a value
        (``value=True``) point at the value itself.
        """
        first, second = (self.values, self.keys) if value else (self.keys, self.values)
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            code = first.get(prefix) or second.get(prefix)
            if code is not None:
                return unpack(code)
        return None


@dataclass
class YamlDocument:
    data: Any
    source_map: SourceMap


# Below this size PyYAML is as fast as the fast path costs to import (a pre-commit run
# on the seed spec: 7 ms PyYAML against 11 ms + 10 ms of imports).
FAST_PATH_MIN_CHARS = 256 * 1024


def read_spec_text(path: FsPath, limits: Limits) -> str:
    """A spec file's text (UTF-8, BOM allowed), or a one-line InputError."""
    return read_text(path, limits, expected="a YAML spec file")


def parse_yaml(text: str, file: str, limits: Limits) -> YamlDocument:
    """Parse one YAML document into plain data and its source map."""
    source_map = SourceMap(file, text=text)
    if len(text) >= FAST_PATH_MIN_CHARS:
        from archlint.loader.fast_yaml import read_fast

        # The fast tiers read large specs many times faster; they decline (None) anything
        # they cannot prove PyYAML reads the same way, and PyYAML reads that.
        try:
            data = read_fast(text, file, limits, _Builder(file, source_map, limits))
        except Exception:  # a gap in a fast tier must not change what the user sees
            data = None  # (fuzz/fuzz_fast_paths.py calls the tiers directly, to find gaps)
        if data is not None:
            return YamlDocument(data, source_map)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise _yaml_error(file, error, text, limits) from None
    except yaml.reader.ReaderError as error:  # control characters: a position, no mark
        before = text[: error.position]
        position = Position(before.count("\n") + 1, len(before) - before.rfind("\n"))
        raise InputError(
            file, position, f"character U+{error.character:04X} is not allowed in YAML"
        ) from None
    except yaml.YAMLError as error:
        raise InputError(file, None, f"YAML error: {str(error).splitlines()[0]}") from None
    except RecursionError:
        raise InputError(file, None, "YAML nesting is too deep") from None
    source_map = SourceMap(file, text=text)
    if node is None:
        raise InputError(file, Position(1, 1), "empty file; expected a mapping with 'metadata'")
    builder = _Builder(file, source_map, limits)
    data = builder.build(node, (), 0)
    return YamlDocument(data, source_map)


def _yaml_error(file: str, error: yaml.MarkedYAMLError, text: str, limits: Limits) -> InputError:
    mark = error.problem_mark or error.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else None
    problem = error.problem or "invalid YAML"
    if "maximum nesting depth" in problem:
        # Newer PyYAML/libyaml stop at a depth of their own, deeper than ours: say ours.
        return InputError(file, position, f"nesting deeper than {limits.max_depth} levels")
    if mark and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return InputError(
            file, position, "YAML syntax error: tab character used for indentation; use spaces"
        )
    context = f"{error.context} " if error.context else ""
    return InputError(file, position, f"YAML syntax error: {context}{problem}")


class _Builder:
    def __init__(self, file: str, source_map: SourceMap, limits: Limits) -> None:
        self.file = file
        self.keys = source_map.keys
        self.values = source_map.values
        self.limits = limits
        self.nodes_built = 0
        self.built: set[int] = set()  # ids of nodes already built once
        self.sizes: dict[int, int] = {}  # memoised subtree sizes (shared nodes counted once)
        self.alias_values = 0  # values produced by re-using anchored nodes

    def _where(self, node: yaml.Node) -> Position:
        return Position(node.start_mark.line + 1, node.start_mark.column + 1)

    def _code(self, node: yaml.Node) -> int:
        return pack(node.start_mark.line + 1, node.start_mark.column + 1)

    def _fail(self, node: yaml.Node, message: str) -> InputError:
        return InputError(self.file, self._where(node), message)

    def _size(self, node: yaml.Node) -> int:
        key = id(node)
        if key not in self.sizes:
            self.sizes[key] = 0  # a cycle (recursive alias) counts once
            children: list[yaml.Node] = []
            if isinstance(node, yaml.MappingNode):
                children = [n for pair in node.value for n in pair]
            elif isinstance(node, yaml.SequenceNode):
                children = node.value
            self.sizes[key] = min(1 + sum(self._size(c) for c in children), 1 << 62)
        return self.sizes[key]

    def _count_alias(self, node: yaml.Node) -> None:
        # An alias re-uses an anchored node; its expansion is bounded up front, so
        # "billion laughs" is refused in microseconds instead of being built.
        if id(node) in self.built:
            self.alias_values += self._size(node)
            if self.alias_values > self.limits.max_alias_values:
                raise self._fail(
                    node,
                    f"aliases expand to more than {self.limits.max_alias_values:,} values "
                    "(billion laughs?); refusing to expand",
                )
        elif isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            self.built.add(id(node))

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.nodes_built += 1
        self._count_alias(node)
        if self.nodes_built > self.limits.max_nodes:
            raise self._fail(
                node,
                f"document expands to more than {self.limits.max_nodes:,} values "
                "(alias expansion?); refusing to continue",
            )
        if depth > self.limits.max_depth:
            raise self._fail(node, f"nesting deeper than {self.limits.max_depth} levels")
        self.values.setdefault(path, self._code(node))
        if node.tag not in _PLAIN_TAGS:
            raise self._fail(
                node, f"tag '{node.tag}' is not allowed; specs hold plain YAML data only"
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(child, (*path, position), depth + 1)
                for position, child in enumerate(node.value)
            ]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, yaml.Node] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.update(self._merge(value_node, path, depth))
                continue
            key = self._key(key_node)
            if key in seen:
                first = self._where(seen[key])
                raise self._fail(
                    key_node, f"duplicate key '{key}' (first defined at line {first.line})"
                )
            seen[key] = key_node
            child = (*path, key)
            self.keys[child] = self._code(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        # Explicit keys win over merged ones, as the YAML merge-key spec says.
        return {**{k: v for k, v in merged.items() if k not in result}, **result}

    def _merge(self, node: yaml.Node, path: Path, depth: int) -> dict[str, Any]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            if not isinstance(source, yaml.MappingNode):
                raise self._fail(source, "merge key '<<' needs a mapping or a list of mappings")
            merged.update(self._mapping(source, path, depth + 1))
        return merged

    def _key(self, node: yaml.Node) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != _STR:
            shown = node.value if isinstance(node, yaml.ScalarNode) else type(node).__name__
            raise self._fail(node, f"mapping key {shown!r} must be a string")
        return node.value

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, value = node.tag, node.value
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on")
        if tag == _INT:
            return self._int(node)
        if tag == _FLOAT:
            return self._float(node)
        if tag == _TIMESTAMP:
            return self._timestamp(node)
        raise self._fail(node, f"unsupported scalar tag '{tag}'")  # pragma: no cover

    def _int(self, node: yaml.ScalarNode) -> int:
        text = node.value.replace("_", "")
        if len(text) > 40:
            raise self._fail(node, f"number {node.value[:20]}... is too large")
        try:
            if _INT_RE.match(node.value):
                return int(text)
            return _SCALARS.construct_yaml_int(node)
        except ValueError:
            raise self._fail(node, f"invalid integer {node.value!r}") from None

    def _float(self, node: yaml.ScalarNode) -> float:
        number = _SCALARS.construct_yaml_float(node)
        if math.isinf(number) and "inf" not in node.value.lower():
            raise self._fail(node, f"number {node.value[:20]!r} overflows")
        return number

    def _timestamp(self, node: yaml.ScalarNode) -> date | datetime:
        try:
            return _SCALARS.construct_yaml_timestamp(node)
        except ValueError:
            raise self._fail(node, f"invalid date {node.value!r}") from None
