"""Terraform HCL -> resources with values, following local modules.

Each ``.tf`` file is parsed into python-hcl2 (8.x)'s structure, by :mod:`hcl_fast` when
it can reproduce it and by python-hcl2 otherwise; this module evaluates what Terraform would
know before a plan: literals, ``var.*`` (defaults, ``terraform.tfvars``, ``*.auto.tfvars``,
module arguments), ``local.*``, module outputs, ``each.*``/``count.index``, templates whose
parts are known, ``dynamic`` blocks over known collections, and references to other
resources (a :class:`Reference` that keeps the target's address, and its value when the
target's argument is known).  Operators, conditionals, ``for`` expressions and a set of
pure functions are evaluated by :mod:`hcl_expr` on known values.  Anything else - other
functions, attributes only the provider computes - is :data:`UNKNOWN`, never a guess.
``count``/``for_each`` over unknown collections yields one *wildcard* instance
(``type.name[*]``) whose whole component is unknown.

python-hcl2 8.x output conventions handled here: strings keep their quotes (``'"x"'``),
expressions come as ``"${...}"``, blocks carry ``__is_block__``, labels are quoted.  It
gives no line numbers, so resource blocks are located by a light scan of the source text
for ``resource "type" "name" {`` headers (a header inside a ``/* */`` comment could
mislead it; Terraform itself would reject a duplicate address).

Before either parser reads a file, what Terraform reads and python-hcl2 misreads is
rewritten on the same lines (:func:`_terraform_equivalent`: a heredoc's closing marker
followed by spaces, a heredoc's final line break; :func:`_without_what_python_hcl2_refuses`,
only for text the fast parser declined: a ``/* */`` comment within a line, strip markers in
quoted templates). ``*.tf.json`` files are mapped into the same structure by
:mod:`hcl_json`. The conformance set ``tests/importers/test_hcl_conformance.py`` (written
from the HCL native syntax specification, checked with ``terraform console``) records what
still differs: Unicode identifiers are refused with a syntax error.

tfparse (PyPI 0.6.22, Terraform's evaluator through Trivy) was measured against this module
(``benchmarks/tfparse.md``): more faithful on expressions, but not adopted: it skips a file
with a syntax error without a word, gives positions per block only, and took 455 s on one
Azure Verified Modules example that this module reads in 0.4 s.

Local module sources (``./``, ``../``) are followed, and so are registry and git modules that
``terraform init`` installed (``.terraform/modules/modules.json``, as tflint reads them).
Any other module gives a TF006 problem, and the resources it is handed are recorded
(:attr:`HclInput.unread_module_inputs`): what it does with them is unknown.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path as FsPath
from types import MappingProxyType
from typing import Any, NamedTuple

from archlint.errors import InputError, InputErrors, Limits
from archlint.importers import hcl_expr, hcl_fast
from archlint.importers.hcl_expr import navigate as _navigate
from archlint.importers.problems import ImportProblem
from archlint.importers.provider_version import ProviderChoice, choose_schema, parse_lock
from archlint.importers.values import SENSITIVE, UNKNOWN, Reference, TfResource, scalar
from archlint.inputfile import Position, read_text
from archlint.location import Location
from archlint.records import record

__all__ = ["HclInput", "read_hcl"]

_META = frozenset(
    {"count", "for_each", "provider", "lifecycle", "depends_on", "connection", "provisioner"}
)
_MODULE_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})
# A block header at the start of a line, matched from the line break before it (so the
# text is searched for "\n", not tried at every position as a "^" pattern is: a third of
# the time); the text is given a leading line break for its first line.
_HEADER = re.compile(
    r'\n[ \t]*(resource|data|module)[ \t]+"?([A-Za-z0-9_\-]+)"?(?:[ \t]+"?([A-Za-z0-9_\-]+)"?)?'
    r"[ \t]*\{"
)
_TF_SUFFIXES = (".tf", ".tf.json")  # Terraform's native and JSON syntax
_TOP_LEVEL = re.compile(r"^(resource|data|module|variable|locals|output|provider|terraform)\b")


# The reader's records are named tuples, not dataclasses: defining a dataclass costs about
# half a millisecond at import (it compiles its methods), a named tuple a fifth of that, and
# every Terraform run imports this module.


class HclInput(NamedTuple):
    resources: list[TfResource]
    problems: list[ImportProblem]
    provider: ProviderChoice  # the azurerm version the root module pins, and its schema
    files: dict[str, list[str]]  # file -> its lines, for locating arguments
    unread_module_inputs: set[str]  # addresses modules receive
    # The root module's outputs, evaluated (references to its resources kept), and its
    # backend (type and settings): what another root's terraform_remote_state reads.
    outputs: dict[str, Any]
    backend: tuple[str, dict[str, Any]] | None

    @property
    def provider_major(self) -> int | None:
        """The azurerm major the input is judged by (None: unknown)."""
        return self.provider.major


class _File(NamedTuple):
    name: str
    body: dict[str, Any]
    lines: list[str]
    headers: dict[tuple[str, str, str], int]  # (block, label1, label2) -> line


class _Source(NamedTuple):
    """One module directory, parsed once however often it is called."""

    directory: FsPath
    files: list[_File]


class _Decl(NamedTuple):
    mode: str  # managed | data
    type: str
    name: str
    body: dict[str, Any]
    file: str
    line: int | None


_NONE: Mapping[str, Any] = MappingProxyType({})  # no iterators or names (shared: read-only)


class _Scope(NamedTuple):
    module: _Module
    each_key: Any = None
    each_value: Any = None
    count_index: Any = None
    iterators: Mapping[str, tuple[Any, Any]] = _NONE
    has_each: bool = False
    has_count: bool = False
    names: Mapping[str, Any] = _NONE  # a ``for`` expression's variables

    def with_iterator(self, name: str, key: Any, value: Any) -> _Scope:
        return self._replace(iterators={**self.iterators, name: (key, value)})

    def with_names(self, names: dict[str, Any]) -> _Scope:
        return self._replace(names={**self.names, **names})


class _Module:
    """One module instance: its variables, locals, resources and child modules."""

    def __init__(
        self, reader: _Reader, source: _Source, prefix: str, variables: dict[str, Any]
    ) -> None:
        self.reader = reader
        self.source = source
        self.prefix = prefix  # "" or 'module.a' or 'module.a["x"].module.b'
        self.variables = variables
        self.locals_raw: dict[str, Any] = {}
        self.locals: dict[str, Any] = {}
        self.locals_busy: set[str] = set()
        self.outputs_raw: dict[str, Any] = {}
        self.decls: dict[str, _Decl] = {}
        self.children: dict[str, _Module | dict[Any, _Module] | None] = {}
        self.calls: list[tuple[str, dict[str, Any], _File]] = []
        for file in source.files:
            for block in _blocks(file.body, "locals"):
                self.locals_raw.update({k: v for k, v in block.items() if not _meta_key(k)})
            for label, block in _labelled(file.body, "output"):
                self.outputs_raw[label] = block.get("value")
            for kind in ("resource", "data"):
                for type_label, by_name in _labelled(file.body, kind):
                    for name_label, body in _items_of(by_name):
                        mode = "managed" if kind == "resource" else "data"
                        key = (
                            f"{type_label}.{name_label}"
                            if mode == "managed"
                            else (f"data.{type_label}.{name_label}")
                        )
                        line = file.headers.get((kind, type_label, name_label))
                        self.decls[key] = _Decl(mode, type_label, name_label, body, file.name, line)
            for label, block in _labelled(file.body, "module"):
                self.calls.append((label, block, file))

    def address(self, local: str) -> str:
        return f"{self.prefix}.{local}" if self.prefix else local

    def local(self, name: str) -> Any:
        if name in self.locals:
            return self.locals[name]
        if name not in self.locals_raw or name in self.locals_busy:
            return UNKNOWN
        self.locals_busy.add(name)
        value = self.reader.evaluate(self.locals_raw[name], _Scope(self))
        self.locals_busy.discard(name)
        self.locals[name] = value
        return value

    def output(self, name: str) -> Any:
        if name not in self.outputs_raw:
            return UNKNOWN
        return self.reader.evaluate(self.outputs_raw[name], _Scope(self))


def _module_key(prefix: str, label: str) -> str:
    """The key ``terraform init`` gives a module call: its call names joined by dots."""
    return ".".join([*re.findall(r"module\.([A-Za-z0-9_-]+)", prefix), label])


def _addresses(value: Any) -> Iterator[str]:
    """The resource addresses a value refers to."""
    if isinstance(value, Reference):
        yield value.address
        yield from _addresses(value.value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _addresses(item)
    elif isinstance(value, list):
        for item in value:
            yield from _addresses(item)


# --- python-hcl2 shapes ----------------------------------------------------------------


def _meta_key(key: str) -> bool:
    return key.startswith("__") and key.endswith("__")


def _unquote(label: str) -> str:
    if len(label) >= 2 and label[0] == label[-1] == '"':
        return label[1:-1]
    return label


def _blocks(body: dict[str, Any], name: str) -> list[dict[str, Any]]:
    value = body.get(name)
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _items_of(value: Any) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, dict):
            for label, body in entry.items():
                if not _meta_key(label) and isinstance(body, dict):
                    out.append((_unquote(label), body))
    return out


def _labelled(body: dict[str, Any], name: str) -> list[tuple[str, Any]]:
    """``resource "a" "b" {}`` parses as ``{"resource": [{'"a"': {'"b"': {...}}}]}``."""
    out: list[tuple[str, Any]] = []
    for entry in _blocks(body, name):
        for label, inner in entry.items():
            if not _meta_key(label):
                out.append((_unquote(label), inner))
    return out


# --- expressions -----------------------------------------------------------------------

_TRAVERSAL_TOKEN = re.compile(
    r"\s*(?:(?P<attr>\.?[^\W\d][\w\-]*)|\.(?P<num>\d+)|\.\*(?P<dotsplat>)"
    r'|\[\s*(?P<index>\d+|"(?:[^"\\]|\\.)*"|\*)\s*\])'
)
# A traversal of names alone, as _TRAVERSAL_TOKEN reads names: its parts are its dotted names.
_NAMES_ONLY = re.compile(r"[^\W\d][\w\-]*(?:\.[^\W\d][\w\-]*)*")
_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_FOR_TUPLE = re.compile(r"\[\s*for\s")
# What a bracket scan must look at (everything else is skipped over), and the marks that
# start an interpolation, a directive or their escapes in template text.
_SCAN_MARK = re.compile(r'[()\[\]{}"\\]')
_TEMPLATE_MARK = re.compile(r"\$\$\{|%%\{|%\{|\$\{")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


@record
class _IndexExpression:
    """An index that is itself an expression: ``azurerm_x.y[each.key]``."""

    text: str


def _traversal(text: str) -> list[str | int | _IndexExpression] | None:
    """``a.b[0]["k"].c[*]`` -> ``["a", "b", 0, "k", "c", "*"]``, or None if it is more."""
    text = text.strip()
    if _NAMES_ONLY.fullmatch(text):  # most are ``var.x`` or ``type.name.attr``: no scan
        return list(text.split("."))
    parts: list[str | int | _IndexExpression] = []
    position = 0
    while position < len(text):
        match = _TRAVERSAL_TOKEN.match(text, position)
        if (not match or match.end() == position) and parts and text[position] == "[":
            end = _closing_bracket(text, position + 1)
            if end is None:
                return None
            parts.append(_IndexExpression(text[position + 1 : end]))
            position = end + 1
            continue
        if not match or match.end() == position:
            return None
        if match.group("attr") is not None:
            attr = match.group("attr")
            if parts and not attr.startswith("."):
                return None
            if not parts and attr.startswith("."):
                return None
            parts.append(attr.lstrip("."))
        elif match.group("num") is not None:
            parts.append(int(match.group("num")))
        elif match.group("dotsplat") is not None:
            parts.append("*")
        else:
            index = match.group("index")
            if index == "*":
                parts.append("*")
            elif index.isdigit():
                parts.append(int(index))
            else:
                parts.append(_unescape(index[1:-1]))
        position = match.end()
    return parts if parts and isinstance(parts[0], str) else None


def _top_level(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(position, character, bracket depth) of every character outside string literals;
    the depth counts (), [] and {} opened since ``start``: an opener is seen at the depth
    before it, a closer at the depth after it (-1: it closes a bracket opened before
    ``start``, and the scan ends there)."""
    depth = 0
    position = start
    in_string = False
    while position < len(text):
        char = text[position]
        if in_string:
            if char == "\\":
                position += 2
                continue
            in_string = char != '"'
        elif char == '"':
            in_string = True
        elif char in "([{":
            yield position, char, depth
            depth += 1
            position += 1
            continue
        elif char in ")]}":
            depth -= 1
            yield position, char, depth
            if depth < 0:
                return
            position += 1
            continue
        else:
            yield position, char, depth
        position += 1


def _closing(text: str, start: int, closer: str) -> int | None:
    """Where the bracket opened just before ``start`` closes (None: unbalanced).

    ``_top_level``'s scan, jumping from one bracket, quote or backslash to the next: it
    runs on every interpolation of every string, and a character-by-character generator
    was a tenth of reading a configuration.
    """
    depth = 0
    in_string = False
    escaped_until = -1
    for match in _SCAN_MARK.finditer(text, start):
        position = match.start()
        if position < escaped_until:
            continue
        char = match.group()
        if in_string:
            if char == "\\":
                escaped_until = position + 2
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth < 0:
                return position if char == closer else None
    return None


def _closing_brace(text: str, start: int) -> int | None:
    return _closing(text, start, "}")


def _closing_bracket(text: str, start: int) -> int | None:
    return _closing(text, start, "]")


def _balanced(text: str) -> bool:
    final = 0
    for _, char, depth in _top_level(text):
        if depth == -1:
            return False
        final = depth + 1 if char in "([{" else depth
    return final == 0 and not text.rstrip().endswith(("(", "[", "{"))


def _split_args(text: str) -> list[str]:
    """Split on top-level commas (not inside brackets or strings)."""
    out: list[str] = []
    start = 0
    for position, char, depth in _top_level(text):
        if char == "," and depth == 0:
            out.append(text[start:position])
            start = position + 1
    tail = text[start:]
    if tail.strip():
        out.append(tail)
    return [item.strip() for item in out]


def _unescape(text: str) -> str:
    if "\\" not in text and "$${" not in text and "%%{" not in text:
        return text
    out: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "\\" and position + 1 < len(text):
            nxt = text[position + 1]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                position += 2
                continue
            width = {"u": 4, "U": 8}.get(nxt)
            if width and position + 2 + width <= len(text):
                try:
                    out.append(chr(int(text[position + 2 : position + 2 + width], 16)))
                    position += 2 + width
                    continue
                except ValueError:
                    pass
        if text.startswith("$${", position) or text.startswith("%%{", position):
            out.append(text[position + 1 : position + 3])
            position += 3
            continue
        out.append(char)
        position += 1
    return "".join(out)


def _template_parts(text: str) -> list[tuple[str, str]] | None:
    """Split template text into ("lit", text) and ("expr", source) parts (None: directive)."""
    parts: list[tuple[str, str]] = []
    literal_start = 0
    position = 0
    while match := _TEMPLATE_MARK.search(text, position):
        position = match.start()
        mark = match.group()
        if mark in ("$${", "%%{"):  # escaped: literal text
            position += 3
            continue
        if mark == "%{":
            return None
        end = _closing_brace(text, position + 2)
        if end is None:
            return None
        if position > literal_start:
            parts.append(("lit", text[literal_start:position]))
        parts.append(("expr", text[position + 2 : end]))
        position = literal_start = end + 1
    if literal_start < len(text):
        parts.append(("lit", text[literal_start:]))
    return parts


# --- the reader ------------------------------------------------------------------------


class _Reader:
    def __init__(self, root: FsPath, limits: Limits) -> None:
        self.root = root
        self.limits = limits
        self.errors: list[InputError] = []
        self.problems: list[ImportProblem] = []
        self.sources: dict[FsPath, _Source] = {}
        self.values: dict[str, Any] = {}
        self.instance_cache: dict[str, list[tuple[Any, _Scope]]] = {}
        self.busy: set[str] = set()
        self.modules: list[_Module] = []
        self.instance_count = 0
        # Addresses of resources handed to modules archlint could not read.
        self.unread_module_inputs: set[str] = set()
        self._installed: dict[str, str] | None = None

    # parsing ---------------------------------------------------------------------------

    def parse_dir(self, directory: FsPath) -> _Source:
        real = directory.resolve()
        if real in self.sources:
            return self.sources[real]
        # Not is_file(): a broken or looping symlink must be read, and reported, not skipped.
        files = sorted(
            p for p in directory.iterdir() if p.name.endswith(_TF_SUFFIXES) and not p.is_dir()
        )
        source = _Source(directory, [])
        self.sources[real] = source
        for path in files:
            parsed = self.parse_file(path)
            if parsed is not None:
                source.files.append(parsed)
        return source

    def parse_file(self, path: FsPath) -> _File | None:
        name = self.display(path)
        try:
            text = read_text(path, self.limits)
        except InputError as error:
            self.errors.append(InputError(name, None, error.message))
            return None
        if name.endswith(".tf.json"):
            return self.parse_json_file(name, text)
        try:
            body = _parse_hcl(text)
        except Exception as error:  # lark raises many kinds; each is a syntax error here
            self.errors.append(_syntax_error(name, error, text))
            return None
        lines = text.splitlines()
        headers: dict[tuple[str, str, str], int] = {}
        # Lines are counted on from the previous header, not from 0; each match starts at the
        # line break before its line (the first line's is the one added).
        line, counted, padded = 0, 0, "\n" + text
        for match in _HEADER.finditer(padded):
            line += padded.count("\n", counted, match.start() + 1)
            counted = match.start() + 1
            key = (match.group(1), match.group(2), match.group(3) or "")
            if match.group(1) == "module":
                key = ("module", match.group(2), "")
            headers.setdefault(key, line)
        return _File(name, body, lines, headers)

    def parse_json_file(self, name: str, text: str) -> _File | None:
        """A ``.tf.json`` file (Terraform's JSON syntax), mapped to the same structure."""
        from archlint.importers import hcl_json

        try:
            body = hcl_json.loads(text)
        except json.JSONDecodeError as error:
            self.errors.append(
                InputError(name, Position(error.lineno, error.colno), f"invalid JSON: {error.msg}")
            )
            return None
        except (ValueError, RecursionError) as error:
            self.errors.append(InputError(name, None, f"not Terraform JSON: {error}"))
            return None
        return _File(name, body, text.splitlines(), hcl_json.headers(text, body))

    def display(self, path: FsPath) -> str:
        """File names as the user wrote the path (``infra/modules/bus/main.tf``)."""
        return os.path.normpath(str(path))

    def provider_choice(self, root: _Source, directory: FsPath) -> ProviderChoice:
        """The azurerm version the root module pins (its constraints, joined as Terraform
        joins them, and ``.terraform.lock.hcl`` beside it) -> the schema to judge it by.
        Modules' own constraints only narrow the root's, so they are not read."""
        constraints: list[str] = []
        for file in root.files:
            for block in _blocks(file.body, "terraform"):
                for providers in _blocks(block, "required_providers"):
                    spec = providers.get("azurerm")
                    version = spec.get("version") if isinstance(spec, dict) else spec
                    if isinstance(version, str) and _unquote(version).strip():
                        constraints.append(_unquote(version).strip())
        lock_path = directory / ".terraform.lock.hcl"
        locked = None
        if lock_path.is_file():
            try:
                locked = parse_lock(read_text(lock_path, self.limits))
            except InputError as error:
                self.errors.append(InputError(self.display(lock_path), None, error.message))
        return choose_schema(", ".join(constraints) or None, locked, self.display(directory))

    # evaluation ------------------------------------------------------------------------

    def evaluate(self, value: Any, scope: _Scope) -> Any:
        if isinstance(value, str):
            return self.string(value, scope)
        if isinstance(value, list):
            return [self.evaluate(item, scope) for item in value]
        if isinstance(value, dict):
            if value.get("__is_block__"):
                return self.body(value, scope)
            return {
                _unquote(k): self.evaluate(v, scope) for k, v in value.items() if not _meta_key(k)
            }
        return value

    def body(self, body: dict[str, Any], scope: _Scope, top: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in body.items():
            if _meta_key(key) or (top and key in _META):
                continue
            if key == "dynamic":
                self.dynamic(value, scope, out)
                continue
            evaluated = self.evaluate(value, scope)
            if out.get(key) is UNKNOWN:
                continue  # blocks of a dynamic block over an unknown collection: all unknown
            if isinstance(out.get(key), list) and isinstance(evaluated, list):
                out[key] = [*out[key], *evaluated]
            else:
                out[key] = evaluated
        return out

    def dynamic(self, value: Any, scope: _Scope, out: dict[str, Any]) -> None:
        for label, spec in _items_of(value):
            collection = scalar(self.evaluate(spec.get("for_each"), scope))
            iterator = label
            if isinstance(spec.get("iterator"), str):
                iterator = spec["iterator"].removeprefix("${").removesuffix("}").strip('"')
            contents = _blocks(spec, "content")
            if collection is UNKNOWN or not contents:
                out[label] = UNKNOWN
                continue
            pairs: list[tuple[Any, Any]]
            if isinstance(collection, dict):
                pairs = sorted(collection.items(), key=lambda kv: str(kv[0]))
            elif isinstance(collection, list):
                pairs = list(enumerate(collection))
            else:
                out[label] = UNKNOWN
                continue
            made = [
                self.body(contents[0], scope.with_iterator(iterator, key, item))
                for key, item in pairs
            ]
            existing = out.get(label)
            out[label] = [*existing, *made] if isinstance(existing, list) else made

    def string(self, text: str, scope: _Scope) -> Any:
        if len(text) >= 2 and text[0] == text[-1] == '"':
            return self.template(text[1:-1], scope)
        if text.startswith("${") and _closing_brace(text, 2) == len(text) - 1:
            return self.expression(text[2:-1], scope)
        return text  # a bare keyword (a variable's type)

    def template(self, text: str, scope: _Scope) -> Any:
        if "{" not in text and "\\" not in text:
            return text  # no interpolation, directive or escape: most strings are this
        parts = _template_parts(text)
        if parts is None:
            return UNKNOWN
        if len(parts) == 1 and parts[0][0] == "expr":
            return self.expression(parts[0][1], scope)
        out: list[str] = []
        unknown_refs: list[Reference] = []
        unknown = False
        after_first_unknown: list[str] | None = None  # literal text after a leading reference
        for kind, part in parts:
            if kind == "lit":
                out.append(_unescape(part))
                if after_first_unknown is not None:
                    after_first_unknown.append(_unescape(part))
                continue
            if not out and not unknown:
                after_first_unknown = []
            elif after_first_unknown is not None:
                after_first_unknown = None  # another expression follows: no plain suffix
            value = self.expression(part, scope)
            plain = scalar(value)
            if plain is UNKNOWN or isinstance(plain, dict | list) or plain is None:
                unknown = True
                if isinstance(value, Reference):
                    unknown_refs.append(value)
                continue
            out.append(("true" if plain else "false") if isinstance(plain, bool) else str(plain))
        if not unknown:
            return "".join(out)
        if len(unknown_refs) == 1:
            # "${azurerm_linux_function_app.f.id}/functions/x" still names that resource.
            suffix = "".join(after_first_unknown) if after_first_unknown is not None else ""
            return Reference(unknown_refs[0].address, unknown_refs[0].attribute, UNKNOWN, suffix)
        return UNKNOWN

    def expression(self, text: str, scope: _Scope) -> Any:
        text = text.strip()
        if text in ("true", "false"):
            return text == "true"
        if text == "null":
            return None
        if _NUMBER.fullmatch(text):
            return float(text) if any(c in text for c in ".eE") else int(text)
        if len(text) >= 2 and text[0] == '"' and _closing_brace_string(text) == len(text) - 1:
            return self.template(text[1:-1], scope)
        if text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
            return self.expression(text[1:-1], scope)
        if text.startswith("[") and text.endswith("]") and _balanced(text[1:-1]):
            if _FOR_TUPLE.match(text):
                return hcl_expr.evaluate(text, scope, self)  # not a one-element tuple
            return [self.expression(item, scope) for item in _split_args(text[1:-1])]
        call = _CALL.fullmatch(text)
        if call and _balanced(call.group(2)):
            arguments = _split_args(call.group(2))
            if arguments and arguments[-1].endswith("..."):  # f(list...) spreads its list
                return hcl_expr.evaluate(text, scope, self)
            values = [self.expression(argument, scope) for argument in arguments]
            return hcl_expr.call(call.group(1), values)
        found = _traversal(text)
        if found is None:  # operators, conditionals, for expressions, a call's result read
            return hcl_expr.evaluate(text, scope, self)
        parts: list[str | int] = []
        for part in found:
            if isinstance(part, _IndexExpression):
                key = scalar(self.expression(part.text, scope))
                if isinstance(key, float) and key.is_integer():
                    key = int(key)
                if not isinstance(key, str | int) or isinstance(key, bool):
                    return UNKNOWN
                parts.append(key)
            else:
                parts.append(part)
        return self.traverse(parts, scope)

    def traverse(self, parts: list[str | int], scope: _Scope) -> Any:
        root = parts[0]
        module = scope.module
        if root in scope.names:
            return _navigate(scope.names[root], parts[1:])
        if root in scope.iterators and len(parts) >= 2:
            key, value = scope.iterators[str(root)]
            chosen = key if parts[1] == "key" else value if parts[1] == "value" else UNKNOWN
            return _navigate(chosen, parts[2:])
        if root == "var" and len(parts) >= 2:
            return _navigate(module.variables.get(str(parts[1]), UNKNOWN), parts[2:])
        if root == "local" and len(parts) >= 2:
            return _navigate(module.local(str(parts[1])), parts[2:])
        if root == "each" and len(parts) >= 2:
            if not scope.has_each:
                return UNKNOWN
            chosen = scope.each_key if parts[1] == "key" else scope.each_value
            return _navigate(chosen, parts[2:])
        if root == "count" and parts[1:2] == ["index"]:
            return scope.count_index if scope.has_count else UNKNOWN
        if root == "path" and len(parts) == 2:
            return str(module.source.directory)
        if root == "terraform" and parts[1:2] == ["workspace"]:
            return "default"
        if root == "module" and len(parts) >= 3:
            return self.module_output(module, parts[1:])
        if root == "data" and len(parts) >= 3:
            return self.resource_value(module, f"data.{parts[1]}.{parts[2]}", parts[3:])
        if len(parts) >= 2 and isinstance(parts[1], str):
            return self.resource_value(module, f"{root}.{parts[1]}", parts[2:])
        return UNKNOWN

    def module_output(self, module: _Module, parts: list[str | int]) -> Any:
        child = module.children.get(str(parts[0]))
        rest = parts[1:]
        if isinstance(child, dict):
            if not rest or rest[0] not in child:
                return UNKNOWN
            child, rest = child[rest[0]], rest[1:]
        if not isinstance(child, _Module) or not rest or not isinstance(rest[0], str):
            return UNKNOWN
        return _navigate(child.output(rest[0]), rest[1:])

    def resource_value(self, module: _Module, key: str, rest: list[str | int]) -> Any:
        decl = module.decls.get(key)
        if decl is None:
            return UNKNOWN
        instances = self.instances(module, decl)
        keyed = not (len(instances) == 1 and instances[0][0] is None)
        if keyed:
            if not rest:
                return UNKNOWN
            if rest[0] == "*":
                return (
                    [
                        self.reference(module, decl, index, scope, rest[1:])
                        for index, scope in instances
                        if index != "*"
                    ]
                    if not any(index == "*" for index, _ in instances)
                    else UNKNOWN
                )
            chosen = next((i for i in instances if i[0] == rest[0]), None)
            if chosen is None:
                wildcard = next((i for i in instances if i[0] == "*"), None)
                if wildcard is None:
                    return UNKNOWN
                return Reference(_instance_address(module, decl, "*"), tuple(rest[1:]), UNKNOWN)
            return self.reference(module, decl, chosen[0], chosen[1], rest[1:])
        if rest and rest[0] == "*":
            rest = rest[1:]  # a splat over a single instance is a one-item list
            return [self.reference(module, decl, None, instances[0][1], rest)]
        return self.reference(module, decl, None, instances[0][1], rest)

    def reference(
        self, module: _Module, decl: _Decl, index: Any, scope: _Scope, rest: list[str | int]
    ) -> Reference:
        address = _instance_address(module, decl, index)
        values = self.instance_values(address, decl, scope)
        return Reference(address, tuple(rest), _navigate(values, rest))

    def instances(self, module: _Module, decl: _Decl) -> list[tuple[Any, _Scope]]:
        """(index, scope) per instance: None for a single one, "*" when unknowable."""
        cache_key = module.address(
            f"{decl.type}.{decl.name}"
            if decl.mode == "managed"
            else f"data.{decl.type}.{decl.name}"
        )
        cached = self.instance_cache.get(cache_key)
        if cached is None:
            cached = self.instance_cache[cache_key] = self.expand(module, decl.body)
        return cached

    def expand(self, module: _Module, body: dict[str, Any]) -> list[tuple[Any, _Scope]]:
        base = _Scope(module)
        if "count" in body:
            count = scalar(self.evaluate(body["count"], base))
            if isinstance(count, bool) or not isinstance(count, int):
                return [("*", _Scope(module, count_index=UNKNOWN, has_count=True))]
            self._count(count)
            return [(i, _Scope(module, count_index=i, has_count=True)) for i in range(count)]
        if "for_each" in body:
            collection = scalar(self.evaluate(body["for_each"], base))
            if isinstance(collection, dict):
                pairs = sorted(collection.items(), key=lambda kv: str(kv[0]))
            elif isinstance(collection, list) and all(
                isinstance(scalar(item), str) for item in collection
            ):
                pairs = [(scalar(k), scalar(k)) for k in sorted({scalar(i) for i in collection})]
            else:
                return [("*", _Scope(module, UNKNOWN, UNKNOWN, has_each=True))]
            self._count(len(pairs))
            return [(str(k), _Scope(module, str(k), v, has_each=True)) for k, v in pairs]
        return [(None, base)]

    def _count(self, amount: int) -> None:
        self.instance_count += amount
        if self.instance_count > self.limits.max_nodes:
            raise InputErrors(
                [InputError(str(self.root), None, "too many resource instances (count/for_each)")]
            )

    def instance_values(self, address: str, decl: _Decl, scope: _Scope) -> Any:
        if address in self.values:
            return self.values[address]
        if address in self.busy:
            return UNKNOWN  # a reference cycle: Terraform would reject it
        self.busy.add(address)
        values = self.body(decl.body, scope, top=True)
        self.busy.discard(address)
        self.values[address] = values
        return values

    # modules ---------------------------------------------------------------------------

    def instantiate(
        self, source: _Source, prefix: str, variables: dict[str, Any], stack: tuple[FsPath, ...]
    ) -> _Module:
        declared = self.declared_variables(source, prefix == "")
        merged = {**declared, **variables}
        for name, type_text in _variable_types(source).items():
            if name in merged:  # optional attributes filled in, as Terraform converts values
                merged[name] = hcl_expr.conform(merged[name], type_text)
        module = _Module(self, source, prefix, merged)
        self.modules.append(module)
        for label, block, file in module.calls:
            module.children[label] = self.call(module, label, block, file, stack)
        return module

    def declared_variables(self, source: _Source, root: bool) -> dict[str, Any]:
        out: dict[str, Any] = {}
        sensitive: set[str] = set()
        empty = _Scope(_Module(self, _Source(source.directory, []), "", {}))
        for file in source.files:
            for label, block in _labelled(file.body, "variable"):
                if not isinstance(block, dict):
                    continue
                out[label] = (
                    self.evaluate(block["default"], empty) if "default" in block else (UNKNOWN)
                )
                if block.get("sensitive") is True:
                    sensitive.add(label)
        if root:
            out.update(self.tfvars(source.directory, set(out)))
        for name in sensitive:
            out[name] = SENSITIVE
        return out

    def tfvars(self, directory: FsPath, declared: set[str]) -> dict[str, Any]:
        files = [directory / "terraform.tfvars", directory / "terraform.tfvars.json"]
        files += sorted(directory.glob("*.auto.tfvars")) + sorted(
            directory.glob("*.auto.tfvars.json")
        )
        out: dict[str, Any] = {}
        empty = _Scope(_Module(self, _Source(directory, []), "", {}))
        for path in files:
            if not path.is_file():
                continue
            name = self.display(path)
            try:
                text = read_text(path, self.limits)
            except InputError as error:
                self.errors.append(InputError(name, None, error.message))
                continue
            try:
                if path.suffix == ".json":
                    body = json.loads(text)
                    out.update({k: v for k, v in body.items() if k in declared})
                    continue
                body = _parse_hcl(text)
            except Exception as error:
                self.errors.append(_syntax_error(name, error, text))
                continue
            for key, value in body.items():
                if not _meta_key(key) and key in declared:
                    out[key] = self.evaluate(value, empty)
        return out

    def call(
        self,
        parent: _Module,
        label: str,
        block: dict[str, Any],
        file: _File,
        stack: tuple[FsPath, ...],
    ) -> _Module | dict[Any, _Module] | None:
        source_text = scalar(self.evaluate(block.get("source"), _Scope(parent)))
        line = file.headers.get(("module", label, ""))
        where = Location(file.name, line, None, parent.address(f"module.{label}"))
        if isinstance(source_text, str) and source_text.startswith(("./", "../")):
            directory = parent.source.directory / source_text
        else:
            installed = self.installed_module(_module_key(parent.prefix, label))
            if installed is None:
                self._unread(parent, label, block, source_text, where)
                return None
            directory = installed
        if not directory.is_dir():
            self.errors.append(
                InputError(
                    file.name,
                    Position(line, 1) if line else None,
                    f"module {label!r}: source {source_text!r} is not a directory",
                )
            )
            return None
        real = directory.resolve()
        if real in stack:
            self.errors.append(
                InputError(
                    file.name,
                    Position(line, 1) if line else None,
                    f"module {label!r} calls itself (module cycle)",
                )
            )
            return None
        if len(stack) > 50:
            self.errors.append(InputError(file.name, None, "modules nested too deeply"))
            return None
        source = self.parse_dir(directory)
        instances = self.expand(parent, block)
        children: dict[Any, _Module] = {}
        for index, scope in instances:
            arguments = {
                key: self.evaluate(value, scope)
                for key, value in block.items()
                if not _meta_key(key) and key not in _MODULE_META
            }
            prefix = parent.address(f"module.{label}" + _index_suffix(index))
            children[index] = self.instantiate(source, prefix, arguments, (*stack, real))
        if list(children) == [None]:
            return children[None]
        return children

    def installed_module(self, key: str) -> FsPath | None:
        """Where ``terraform init`` put a registry or git module (``.terraform/modules``)."""
        if self._installed is None:
            self._installed = {}
            root = self.root if self.root.is_dir() else self.root.parent
            manifest = root / ".terraform" / "modules" / "modules.json"
            try:
                entries = json.loads(manifest.read_text(encoding="utf-8")).get("Modules", [])
            except (OSError, ValueError, AttributeError):
                entries = []
            for entry in entries if isinstance(entries, list) else []:
                if isinstance(entry, dict) and isinstance(entry.get("Dir"), str):
                    self._installed[str(entry.get("Key"))] = str(root / entry["Dir"])
        directory = self._installed.get(key)
        return FsPath(directory) if directory and FsPath(directory).is_dir() else None

    def _unread(
        self, parent: _Module, label: str, block: dict[str, Any], source: Any, where: Location
    ) -> None:
        """A module archlint cannot read: said once, and what it is handed is marked, so that
        no rule concludes anything the module's resources could change."""
        self.problems.append(
            ImportProblem(
                "TF006",
                "medium",
                f"module {label!r} (source {source!r}) is not followed: it is not a local path "
                "and `terraform init` has not installed it (.terraform/modules), so its "
                "resources are not in the model and nothing it is handed is judged",
                where,
            )
        )
        for key, value in block.items():
            if not _meta_key(key) and key not in _MODULE_META:
                self.unread_module_inputs.update(_addresses(self.evaluate(value, _Scope(parent))))

    # output ----------------------------------------------------------------------------

    def resources(self) -> list[TfResource]:
        out: list[TfResource] = []
        for module in self.modules:
            for decl in module.decls.values():
                for index, scope in self.instances(module, decl):
                    address = _instance_address(module, decl, index)
                    values = self.instance_values(address, decl, scope)
                    out.append(
                        TfResource(
                            address=address,
                            type=decl.type,
                            name=decl.name,
                            values=values,
                            file=decl.file,
                            line=decl.line,
                            mode=decl.mode,
                            index=None if index in (None, "*") else index,
                            wildcard=index == "*",
                            body=decl.body,
                            refs={k: _addresses(v) for k, v in values.items()},
                        )
                    )
        return out


_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\((.*)\)", re.DOTALL)


def _closing_brace_string(text: str) -> int | None:
    position = 1
    while position < len(text):
        if text[position] == "\\":
            position += 2
            continue
        if text[position] == '"':
            return position
        position += 1
    return None


def _variable_types(source: _Source) -> dict[str, Any]:
    """Each variable's declared type, as written (``"${object({...})}"``)."""
    return {
        label: block["type"]
        for file in source.files
        for label, block in _labelled(file.body, "variable")
        if isinstance(block, dict) and "type" in block
    }


def _index_suffix(index: Any) -> str:
    if index is None:
        return ""
    if isinstance(index, int):
        return f"[{index}]"
    if index == "*":
        return "[*]"
    escaped = str(index).replace("\\", "\\\\").replace('"', '\\"')
    return f'["{escaped}"]'


def _instance_address(module: _Module, decl: _Decl, index: Any) -> str:
    local = (
        f"{decl.type}.{decl.name}" if decl.mode == "managed" else (f"data.{decl.type}.{decl.name}")
    )
    return module.address(local + _index_suffix(index))


def _addresses(value: Any) -> list[str]:
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Reference):
            if item.address not in found:
                found.append(item.address)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


# A heredoc's opener: ``<<EOT`` or ``<<-EOT`` and the end of its line.
_HEREDOC_OPENER = re.compile(r"<<-?([A-Za-z_][A-Za-z0-9_-]*)\r?\n")


def _terraform_equivalent(text: str) -> tuple[str, list[int]]:
    """``text`` with what Terraform reads and python-hcl2 misreads rewritten into what both
    read as Terraform does, and the lines that were added (numbered in the result), so a
    syntax error can be placed on the user's line. For each heredoc:

    - a closing marker followed by spaces or tabs ends it (Terraform's scanner trims the
      line; python-hcl2 would miss the end): the spaces are dropped;
    - its value ends with the line break before the closing marker (python-hcl2 drops
      it): a line break is added before the marker's line, which python-hcl2 then drops.

    Both parsers read the result, so they keep agreeing with each other."""
    if "<<" not in text:
        return text, []
    pieces: list[str] = []
    added: list[int] = []
    done = 0
    line, counted = 1, 0  # the line of ``counted`` in the original text
    opener = _HEREDOC_OPENER.search(text)
    while opener is not None:
        marker = re.escape(opener[1])
        closer = re.compile(rf"^[ \t]*{marker}([ \t\f\v]*)\r?$", re.MULTILINE).search(
            text, opener.end()
        )
        if closer is None:
            break  # unterminated: the parsers report it
        if closer.start() > opener.end():  # a body: Terraform keeps its last line break
            line += text.count("\n", counted, closer.start())
            counted = closer.start()
            newline = "\r\n" if text.startswith("\r\n", closer.start() - 2) else "\n"
            pieces += [text[done : closer.start()], newline]
            done = closer.start()
            added.append(line + len(added))
        if closer[1]:
            pieces.append(text[done : closer.start(1)])
            done = closer.end(1)
        opener = _HEREDOC_OPENER.search(text, closer.end())
    if not pieces:
        return text, []
    pieces.append(text[done:])
    return "".join(pieces), added


_INLINE_COMMENT = re.compile(r"/\*[^\n]*?\*/")


def _stripped(string: str) -> str:
    """A quoted template with its interpolations' strip markers applied: ``${~`` strips the
    spaces and tabs before it, ``~}`` those after it (unchanged if a part is not read)."""
    inner = string[1:-1]
    parts: list[re.Match[str]] = []
    position = 0
    while position < len(inner):
        part = hcl_fast.TEMPLATE_PART.match(inner, position)
        if part is None:
            return string
        parts.append(part)
        position = part.end()
    out: list[str] = []
    strip_next = False
    for index, part in enumerate(parts):
        if part.lastindex is None:  # literal text
            literal = part[0].lstrip(" \t") if strip_next else part[0]
            following = parts[index + 1] if index + 1 < len(parts) else None
            if following is not None and (following[1] or "").lstrip().startswith("~"):
                literal = literal.rstrip(" \t")
            out.append(literal)
            strip_next = False
        else:
            body = part[1].strip()
            strip_next = body.endswith("~")
            body = body.removeprefix("~").removesuffix("~") if len(body) > 1 else body
            out.append("${" + body + "}")
    return '"' + "".join(out) + '"'


def _without_what_python_hcl2_refuses(text: str) -> str:
    """``text`` with two things Terraform reads and python-hcl2 refuses rewritten, on the
    same lines (only when the fast parser declined the text, so the common file never pays
    for the extra scan):

    - a ``/* */`` comment within one line becomes spaces (a comment is whitespace to HCL;
      python-hcl2 refuses one between ``=`` and the value);
    - strip markers in a quoted template (``"a ${~ x ~} b"``) strip the spaces and tabs
      beside them, as Terraform does, and go.

    Strings, heredocs and comments are told apart by the fast parser's tokeniser; text it
    cannot tokenise is left as it is (python-hcl2 then reports it)."""
    if "/*" not in text and "~" not in text:
        return text
    tokens = list(hcl_fast.plain_tokens().finditer(text))
    if any(token.lastindex == hcl_fast.ERROR_TOKEN for token in tokens):
        return text
    pieces: list[str] = []
    done = 0
    for token in tokens:
        kind = token.lastindex
        if kind == hcl_fast.NEWLINE_TOKEN and "/*" in token[kind]:
            replaced = _INLINE_COMMENT.sub(lambda m: " " * len(m[0]), token[kind])
        elif kind == hcl_fast.STRING_TOKEN and "~" in token[kind]:
            replaced = _stripped(token[kind])
        else:
            continue
        pieces += [text[done : token.start(kind)], replaced]
        done = token.end(kind)
    return "".join([*pieces, text[done:]])


def _parse_hcl(text: str) -> dict[str, Any]:
    """python-hcl2's structure for ``text`` (rewritten where python-hcl2 would misread what
    Terraform reads, see :func:`_terraform_equivalent`): from the fast parser when it
    reproduces it exactly, else from python-hcl2 itself (rare constructs, and every syntax
    error, whose message and position are python-hcl2's, on the user's line)."""
    text, added = _terraform_equivalent(text)
    try:
        return hcl_fast.loads(text)
    except hcl_fast.Unsupported:
        pass
    rewritten = _without_what_python_hcl2_refuses(text)
    if rewritten != text:
        text = rewritten
        try:
            return hcl_fast.loads(text)
        except hcl_fast.Unsupported:
            pass
    import hcl2  # heavy (lark): imported only when the fast parser declines

    options = hcl2.SerializationOptions(with_comments=False, preserve_heredocs=False)
    try:
        return hcl2.loads(text, serialization_options=options)  # type: ignore[no-any-return]
    except Exception as error:
        line = getattr(error, "line", None)
        if added and isinstance(line, int) and line > 0:
            error.line = line - sum(1 for a in added if a < line)  # type: ignore[attr-defined]
        raise


_CLOSERS = {"{": "}", "[": "]", "(": ")"}


def _unclosed(text: str) -> tuple[Position, str] | None:
    """Where the bracket the end of the file leaves open was opened (the innermost one, as
    Terraform names it), and which it is; None if the text does not tokenise."""
    tokens = hcl_fast.plain_tokens()
    op = tokens.groupindex["op"]
    stack: list[tuple[int, str]] = []
    for token in tokens.finditer(text):
        kind = token.lastindex
        if kind == hcl_fast.ERROR_TOKEN:
            return None
        if kind == op and token[op] in _CLOSERS:
            stack.append((token.start(op), token[op]))
        elif (
            kind == op
            and token[op] in ("}", "]", ")")
            and (not stack or _CLOSERS[stack.pop()[1]] != token[op])
        ):
            return None
    if not stack:
        return None
    offset, bracket = stack[-1]
    line = text.count("\n", 0, offset) + 1
    return Position(line, offset - (text.rfind("\n", 0, offset) + 1) + 1), bracket


def _syntax_error(file: str, error: Exception, text: str = "") -> InputError:
    line = getattr(error, "line", None)
    column = getattr(error, "column", None)
    position = Position(line, column) if isinstance(line, int) and line > 0 else None
    token = getattr(error, "token", None)
    unclosed = _unclosed(text) if getattr(token, "type", None) == "$END" else None
    if unclosed is not None:
        position, bracket = unclosed
        message = f"HCL syntax error: this {bracket!r} is never closed (no {_CLOSERS[bracket]!r})"
    elif token is not None and getattr(token, "type", None) == "$END":
        message = "HCL syntax error: unexpected end of file (an unclosed block or bracket?)"
    elif token is not None and str(token).startswith("<<"):
        opener = str(token).splitlines()[0].strip()
        marker = opener.lstrip("<-")
        message = f"HCL syntax error: heredoc {opener} never ends (no line holding only {marker})"
    elif token is not None:  # python-hcl2's text tokens run on: its first line is enough
        shown = (str(token).strip().splitlines() or [""])[0]
        message = f"HCL syntax error: unexpected {shown[:40]!r}"
    elif getattr(error, "char", None) is not None:
        message = f"HCL syntax error: unexpected character {error.char!r}"  # type: ignore[attr-defined]
    else:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        message = f"HCL syntax error: {first[:120]}"
    return InputError(file, position, message)


def read_hcl(path: FsPath, limits: Limits | None = None) -> HclInput:
    """Read a directory of ``.tf`` files (or one file) with its local modules."""
    limits = limits or Limits()
    reader = _Reader(path, limits)
    try:
        is_dir = path.is_dir()
        exists = path.exists()
    except OSError as error:
        raise InputErrors([InputError(str(path), None, f"cannot read: {error.strerror}")]) from None
    if not exists:
        raise InputErrors([InputError(str(path), None, "file or directory not found")])
    if is_dir:
        try:
            source = reader.parse_dir(path)
        except OSError as error:
            raise InputErrors(
                [InputError(str(path), None, f"cannot read: {error.strerror}")]
            ) from None
        if not source.files and not reader.errors:
            raise InputErrors(
                [InputError(str(path), None, "no Terraform files (*.tf, *.tf.json) here")]
            )
    else:
        parsed = reader.parse_file(path)
        source = _Source(path.parent, [parsed] if parsed else [])
    provider = reader.provider_choice(source, path if is_dir else path.parent)
    if reader.errors:
        raise InputErrors(reader.errors)
    root = reader.instantiate(source, "", {}, (path.resolve(),))
    resources = reader.resources()
    if reader.errors:
        raise InputErrors(reader.errors)
    files = {file.name: file.lines for src in reader.sources.values() for file in src.files}
    if not is_dir:
        files.update({file.name: file.lines for file in source.files})
    outputs = {name: root.output(name) for name in sorted(root.outputs_raw)}
    return HclInput(
        resources,
        reader.problems,
        provider,
        files,
        reader.unread_module_inputs,
        outputs,
        _backend(source),
    )


def _backend(source: _Source) -> tuple[str, dict[str, Any]] | None:
    """The root module's ``terraform { backend "TYPE" {...} }``: its type and literal
    settings (a backend block cannot hold expressions)."""
    for file in source.files:
        for block in _blocks(file.body, "terraform"):
            for label, settings in _labelled(block, "backend"):
                body = settings[0] if isinstance(settings, list) and settings else settings
                if not isinstance(body, dict):
                    return label, {}
                texts = {k: v for k, v in body.items() if isinstance(v, str)}
                return label, {k: _unquote(v) for k, v in texts.items() if not _meta_key(k)}
    return None
