"""Load a spec file into the model, turning every problem into a positioned InputError."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from pydantic import BaseModel

from archlint.errors import InputError, InputErrors, Limits
from archlint.gcpause import collector_paused
from archlint.loader.yaml_source import Position, SourceMap, parse_yaml, read_spec_text
from archlint.model import Architecture, ModelIssue, ModelValidationError, build_architecture
from archlint.model.architecture import format_path, leaf_types

__all__ = [
    "LoadedSpec",
    "ParsedSpec",
    "SourceMap",
    "build_spec",
    "load_spec",
    "load_spec_text",
    "parse_spec",
    "parse_spec_text",
]


@dataclass
class LoadedSpec:
    architecture: Architecture
    source_map: SourceMap


@dataclass
class ParsedSpec:
    """A spec file read and parsed, not yet validated: its data and where each value is."""

    data: dict[str, Any]
    source_map: SourceMap

    def errors(self, issues: list[ModelIssue]) -> InputErrors:
        """Model issues (paths into this file's data) as positioned input errors."""
        return InputErrors([_to_input_error(issue, self.data, self.source_map) for issue in issues])


def load_spec(path: str | FsPath, limits: Limits | None = None) -> LoadedSpec:
    """Read, parse and validate one spec file; raise InputErrors listing every problem."""
    return build_spec(parse_spec(path, limits))


def parse_spec(path: str | FsPath, limits: Limits | None = None) -> ParsedSpec:
    """Read and parse one spec file into a mapping; raise InputErrors when it is not one."""
    limits = limits or Limits()
    try:
        text = read_spec_text(FsPath(path), limits)
    except InputError as error:
        raise InputErrors([error]) from None
    return parse_spec_text(text, str(path), limits)


def load_spec_text(text: str, file: str, limits: Limits | None = None) -> LoadedSpec:
    return build_spec(parse_spec_text(text, file, limits))


def parse_spec_text(text: str, file: str, limits: Limits | None = None) -> ParsedSpec:
    limits = limits or Limits()
    try:
        document = parse_yaml(text, file, limits)
    except InputError as error:
        raise InputErrors([error]) from None
    data, source_map = document.data, document.source_map
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputErrors(
            [InputError(file, Position(1, 1), f"top level is {kind}; expected a mapping")]
        )
    return ParsedSpec(data, source_map)


def build_spec(parsed: ParsedSpec) -> LoadedSpec:
    """Validate a parsed spec into the model; raise InputErrors listing every problem."""
    try:
        # Validation makes the model, a tree as large as the data's (millions of objects on
        # a large spec, no cycles): the collector would only traverse it again and again.
        with collector_paused():
            architecture = build_architecture(parsed.data)
    except ModelValidationError as error:
        raise parsed.errors(error.issues) from None
    return LoadedSpec(architecture, parsed.source_map)


def _to_input_error(issue: ModelIssue, data: Any, source_map: SourceMap) -> InputError:
    path = _data_path(issue.path, data)
    message = issue.message
    at_value = True
    if issue.kind == "extra_forbidden":
        message = _unknown_key_message(path)
        at_value = False
    elif issue.kind == "missing":
        message = f"missing required key '{issue.path[-1]}'"
        path = _data_path(issue.path[:-1], data)
    position = source_map.locate(path, value=at_value)
    return InputError(source_map.file, position, message, format_path(path) or "<root>")


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[str | int, ...]:
    """Keep the parts of a pydantic location that exist in the data (drop union tags)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and isinstance(part, str) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            current = current[part]
            path.append(part)
        elif not isinstance(current, dict | list):
            break
    return tuple(path)


def _unknown_key_message(path: tuple[str | int, ...]) -> str:
    key = str(path[-1]) if path else "?"
    model = _model_at(path[:-1])
    if model is None:
        return f"unknown key '{key}'"
    names = [info.alias or name for name, info in model.model_fields.items()]
    hint = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if hint:
        return f"unknown key '{key}'; did you mean '{hint[0]}'?"
    return f"unknown key '{key}'; expected one of: {', '.join(sorted(names))}"


def _model_at(path: tuple[str | int, ...]) -> type[BaseModel] | None:
    model: type[BaseModel] = Architecture
    for part in path:
        if isinstance(part, int):
            continue
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == part), None)
        if field is None:
            return None
        leaves = [
            leaf
            for leaf in leaf_types(field.annotation)
            if isinstance(leaf, type) and issubclass(leaf, BaseModel)
        ]
        if not leaves:
            return None
        model = leaves[0]
    return model
