"""Fast paths for reading large specs, each proving its reading is PyYAML's or declining.

PyYAML composes about 2 MB of YAML a second even with libyaml, because it makes a Python
node and two position marks for every value; a spec a thousand times the seed took most
of a minute to read. The tiers below only *accept* what they can prove PyYAML reads the
same way, and return ``None`` for anything else; the caller then takes the PyYAML path,
which gives the same result or the exact error. Whatever a tier accepts is what
:class:`archlint.loader.yaml_source._Builder` would build from PyYAML's tree: the same
data (types decided by PyYAML's own resolver, so ``yes``, ``1_000`` or ``2025-01-01`` mean
what they mean to PyYAML) and the same key and value positions. Texts holding tabs,
carriage returns, Unicode line breaks, byte order marks or characters PyYAML refuses go
straight to PyYAML.

1. The line tier (:class:`_Lines`, no dependencies) reads block-style documents line by
   line: "key: value", "key:" with a nested block or nothing (null) under it, "- value"
   and "- key: value", blank lines and comments. One pattern proves a line's plain key
   and plain value are each one PyYAML token; a stack of open collections checks the
   indentation PyYAML's scanner and parser check. Quoted scalars (escaped or over several
   lines), flow collections and block scalars are each composed by PyYAML alone and their
   positions moved. It declines anchors, aliases, tags, merge keys, non-string and
   duplicate keys, "- - x", plain scalars over several lines, document markers and
   directives, and documents beyond the node or depth limits. A spec a thousand times the
   seed (37 MB) takes it about 3 s.
2. The rapidyaml walk (:class:`_Walk`, when ``ryml`` is installed) takes what the line
   tier declines. rapidyaml parses thirty times faster than PyYAML but gives no positions
   and reads YAML 1.2, not PyYAML's 1.1, so the walk goes through rapidyaml's tree in
   document order with a cursor in the text and checks that every scalar appears verbatim
   at the cursor, that between two scalars there is only whitespace, comments and the
   indicators ``- : , [ ] { }`` (those opening a collection where PyYAML puts its
   position: a block mapping at its first key, a block sequence at its first ``-``, a flow
   collection at its bracket), and that block indentation is what PyYAML accepts. It
   declines anchors, aliases, tags, merge keys, empty values, non-string and duplicate
   keys, document markers and directives, and documents beyond the limits.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

import yaml

from archlint.errors import InputError, Limits
from archlint.loader.yaml_source import SourceMap, _Builder, _Loader, pack, unpack

try:  # optional: without rapidyaml every spec takes the PyYAML path
    import ryml
except ImportError:  # pragma: no cover - depends on the environment
    ryml = None

__all__ = ["available", "read_fast", "read_lines"]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"

# Whitespace, comments and indicators: all that may stand between two scalars.
_GAP = re.compile(r"(?:[ \n]+|(?:(?<=[ \n])|^)#[^\n]*|[-:](?=[ \n]|\Z)|[,\[\]{}])*")
_GAP_TOKEN = re.compile(r"[ \n]+|(?:(?<=[ \n])|^)#[^\n]*|[-:](?=[ \n]|\Z)|[,\[\]{}]")
_AFTER_KEY = re.compile(r" *:(?=[ \n]|\Z)")
# Characters PyYAML refuses anywhere (outside its reader's printable set), and tabs and
# carriage returns, whose handling differs between the two parsers.
# NEL and the Unicode line and paragraph separators are line breaks to PyYAML (YAML 1.1),
# not to rapidyaml.
_REFUSED = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")
_FLOW_INDICATORS = frozenset(",[]{}")
_MAX_KEY = 1000  # PyYAML refuses implicit keys over 1024 characters

_resolver = yaml.resolver.Resolver()
_tags: dict[str, str] = {}
_BLOCK_PLAIN: dict[str, str] = {}  # plain scalars already checked, with their tags

# A "key: value" entry whose key and value are both plain, with no anchor, alias or tag.
_SIMPLE_CHECK = _SIMPLE_ENTRY = 0
if ryml is not None:
    _SIMPLE_ENTRY = ryml.KEY | ryml.VAL | ryml.KEY_PLAIN | ryml.VAL_PLAIN
    _SIMPLE_CHECK = (
        ryml.KEY
        | ryml.VAL
        | ryml.MAP
        | ryml.SEQ
        | ryml.KEY_STYLE
        | ryml.VAL_STYLE
        | ryml.KEYANCH
        | ryml.VALANCH
        | ryml.KEYREF
        | ryml.VALREF
        | ryml.KEYTAG
        | ryml.VALTAG
        | ryml.KEYNIL
        | ryml.VALNIL
    )


class _Decline(Exception):
    """The text holds something this path does not prove; use the PyYAML path."""


def available() -> bool:
    return ryml is not None


def _plain_tag(value: str) -> str:
    # PyYAML tries the implicit resolvers registered for the value's first character (and
    # none are registered for most letters): without one, a plain scalar is a string.
    resolvers = _resolver.yaml_implicit_resolvers
    if value and value[0] not in resolvers and None not in resolvers:
        return _STR
    tag = _tags.get(value)
    if tag is None:
        tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
        if len(_tags) < 65536:
            _tags[value] = tag
    return tag


def _block_plain_tag(value: str) -> str:
    """The tag of a plain scalar PyYAML would read as one token in block context."""
    first = value[:1]
    if (
        not value
        or first in _INDICATORS
        or (first in "-?:" and (len(value) == 1 or value[1] == " "))
        or ": " in value
        or " #" in value
        or value.endswith(":")
        or value != value.strip(" ")
        or "\n" in value
    ):
        raise _Decline
    tag = _plain_tag(value)
    if len(_BLOCK_PLAIN) < 65536:
        _BLOCK_PLAIN[value] = tag
    return tag


# --- tier 1: lines ------------------------------------------------------------------

# A plain scalar on one line in block context, as PyYAML's scanner reads it: its first
# character is no indicator ("-", "?" and ":" only when a non-space follows), and it runs
# until ": ", " #", trailing spaces or the line's end (a ":" or "#" elsewhere is content).
# The quantifiers are possessive: the grammar is deterministic, so a line that does not
# match fails in linear time instead of backtracking.
_PLAIN = (
    r"(?:[^-?:,\[\]{}#&*!|>'\"%@` ]|[-?:](?=[^ ]))"
    r"(?:[^ :]++|:(?=[^ ])| ++(?=[^ #:]|:[^ ]))*+"
)
# The lines a large spec is made of: "key: plain value" or "key:" (its value on the lines
# below), either one possibly after a sequence entry's "- ". Not "--- " or "... " in the
# first column: document markers, whatever follows them.
_MARKER = r"(?:---|\.\.\.)(?: |\Z)"
_KEY_LINE = re.compile(rf"(?!{_MARKER})( *)(- +)?({_PLAIN}):(?: +({_PLAIN}))? *(?: #.*)?")
_DOCUMENT_MARKER = re.compile(_MARKER)
_PLAIN_KEY = re.compile(rf"({_PLAIN}):(?= |\Z)")
_PLAIN_VALUE = re.compile(rf"({_PLAIN}) *(?: #.*)?")
_LINE_END = re.compile(r"(?: +#.*| *)")  # what may follow a complete value on its line

# Any implicit resolver's pattern, to tell in one match that a plain scalar is a string.
# Each pattern keeps its own flags (PyYAML's are verbose).
_MAYBE_TYPED = re.compile(
    "|".join(
        sorted(
            {
                f"(?{'x' if regexp.flags & re.X else ''}{'i' if regexp.flags & re.I else ''}:"
                f"{regexp.pattern})"
                for resolvers in _resolver.yaml_implicit_resolvers.values()
                for _, regexp in resolvers
            }
        )
    )
)
# First characters some implicit resolver is registered for; a plain scalar starting with
# any other character is a string. (A resolver registered for every first character, key
# None, is not PyYAML's default: the line tier then steps aside.)
_TYPED_FIRST = frozenset(key for key in _resolver.yaml_implicit_resolvers if key)
_LINE_TIER = None not in _resolver.yaml_implicit_resolvers
_STR_KEYS: set[str] = set()  # plain keys already proven to be strings of an allowed length

_LINE = pack(1, 0)  # positions are line * _LINE | column (see yaml_source.pack)
_MAX_COLUMN = pack(0, 1 << 62)  # pack clamps columns here: longer lines are declined
assert pack(3, 5) == 3 * _LINE | 5

_ROOT = object()  # the virtual key whose value is the document
_PLAIN_KIND, _OTHER_KIND = 1, 2  # a plain scalar; anything else (quoted, flow, block)


def _value_tag(value: str) -> str:
    """The tag PyYAML's resolver gives a non-empty plain scalar."""
    tag = _tags.get(value)
    if tag is None:
        if _MAYBE_TYPED.match(value) is None:
            return _STR
        tag = _plain_tag(value)
    return tag


def _check_key(key: str) -> None:
    """A plain key must resolve to a string, short enough for PyYAML's simple keys (1024
    characters; a non-ASCII key is held to a quarter in case the limit counts bytes)."""
    if len(key) > _MAX_KEY or (len(key) > _MAX_KEY // 4 and not key.isascii()):
        raise _Decline
    if _plain_tag(key) != _STR:
        raise _Decline  # merge keys, numbers, booleans, nulls: PyYAML's path and message
    if len(_STR_KEYS) < 65536:
        _STR_KEYS.add(key)


def _closing_quote(text: str, start: int, quote: str) -> int:
    """Where the quoted scalar open before ``start`` closes on this line, or -1."""
    index = start
    while True:
        index = text.find(quote, index)
        if index < 0:
            return -1
        if quote == "'":
            if text.startswith("''", index):  # an escaped quote
                index += 2
                continue
            return index
        backslashes = index - len(text[start:index].rstrip("\\")) - start
        if backslashes % 2:
            index += 1
            continue
        return index


def _one_line_quoted(token: str) -> str:
    """The value of a quoted scalar standing on one line."""
    inner = token[1:-1]
    if token[0] == "'":
        return inner.replace("''", "'")
    if "\\" in inner:
        return _pyyaml_scalar(token, '"')  # escapes: PyYAML's own reading
    return inner


def _convert(tag: str, value: str, position: int, builder: Any) -> Any:
    """The builder's value for a plain scalar with a non-string tag."""
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() in ("true", "yes", "on")
    if tag == _INT and value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
        if len(value) > 40:
            raise _Decline
        return int(value)
    # other numbers and dates: the builder's own conversion, with a real node
    where = unpack(position)
    mark = yaml.Mark("", 0, where.line - 1, where.column - 1, None, None)
    return builder._scalar(yaml.ScalarNode(tag, value, mark, mark))


class _Lines:
    """Tier 1: read a block-style document line by line, without a parser.

    Each line is "[indent][- ]key: value", "[indent][- ]key:" or "[indent]- value" (or blank
    or a comment). A stack of open block collections, as (column, container, path, depth,
    is mapping, is an indentless sequence), checks the indentation PyYAML's scanner and
    parser would: a deeper line opens a collection only under a "key:" line; otherwise a
    line closes collections down to one in its very column. Plain scalars must be whole on
    their line; quoted scalars, flow collections and block scalars (the values a hand-written
    spec has a few of) are handed to PyYAML alone, as "islands", and their positions moved.
    """

    def __init__(self, text: str, limits: Limits, builder: Any) -> None:
        self.lines = text.split("\n")
        if self.lines[-1] == "":
            self.lines.pop()  # the text's final line break ends the last line
        self.final_newline = text.endswith("\n")
        self.long = len(text) >= _MAX_COLUMN
        self.limits = limits
        self.builder = builder
        self.keys = builder.keys
        self.values = builder.values
        self.nodes = 0
        self.root: dict[Any, Any] = {}  # the document is its value for the key _ROOT
        self.it = zip(range(_LINE, (len(self.lines) + 1) * _LINE, _LINE), self.lines, strict=True)

    def document(self) -> Any:
        if self.long and max(map(len, self.lines), default=0) >= _MAX_COLUMN:
            raise _Decline  # positions would not fit their packed form
        keys, values, builder = self.keys, self.values, self.builder
        max_depth = self.limits.max_depth
        match, parse, value_of = _KEY_LINE.fullmatch, self.parse, self.value
        known_keys, typed_first, known_tags = _STR_KEYS, _TYPED_FIRST, _tags
        # The open block collections: the innermost in locals, the others on the stack as
        # (column, container, path, depth, is a mapping, is an indentless sequence). The
        # document is the value of a virtual key in a virtual mapping in column -1.
        stack: list[tuple[int, Any, tuple[Any, ...], int, bool, bool]] = []
        column_now, cur, cur_path, cur_depth, cur_is_map, cur_indentless = (
            -1,
            self.root,
            (),
            -1,
            True,
            False,
        )
        # A "key:" line's key, waiting for the next line to tell its value: the path, and
        # the position PyYAML gives a null there (just after the colon).
        pending: Any = _ROOT
        pending_path: tuple[Any, ...] = ()
        pending_null = 0
        # The current mapping's column while a "key: value" line in it needs nothing but
        # to be stored (no key pending, not an indentless sequence), else -2.
        fast_column = -2
        nodes = 0
        for base, line in self.it:
            found = match(line)
            if found is not None:
                indent, dash, key, value = found.groups()
                column = len(indent)
                if column == fast_column and dash is None:
                    # the lines a large spec is made of: "key: value" and "key:"
                    if key not in known_keys:
                        _check_key(key)
                    if key in cur:
                        raise _Decline  # a duplicate key: PyYAML's message
                    path = (*cur_path, key)
                    keys[path] = base | (column + 1)
                    if value is None:
                        pending, pending_path = key, path
                        pending_null = base | (column + len(key) + 2)
                        fast_column = -2
                        continue
                    values[path] = position = base | (found.start(4) + 1)
                    nodes += 1
                    if value[0] in typed_first:
                        tag = known_tags.get(value) or _value_tag(value)
                        if tag != _STR:
                            value = _convert(tag, value, position, builder)
                    cur[key] = value
                    continue
                dashed = dash is not None
                key_column = column + len(dash) if dashed else column
                after_colon = key_column + len(key) + 2
                kind = _PLAIN_KIND if value is not None else None
                value_column = found.start(4)
                plain_key = True
            else:
                parts = parse(line)
                if parts is None:
                    continue  # blank, or a comment
                column, dashed, key_column, key, plain_key, after_colon, kind, value = parts[:8]
                value_column = parts[8]
            # A line that changes the structure, or holds something other than plain
            # "key: value": first the pending key's value...
            if pending is not None:
                if (column > column_now and (dashed or key is not None)) or (
                    column == column_now and dashed
                ):
                    # ... a block collection starting on this line (in the key's own
                    # column, an "indentless" sequence)
                    depth = cur_depth + 1
                    if depth >= max_depth:
                        raise _Decline  # its entries would be nested too deep
                    container: Any = [] if dashed else {}
                    values[pending_path] = base | ((column if dashed else key_column) + 1)
                    cur[pending] = container
                    nodes += 1
                    stack.append((column_now, cur, cur_path, cur_depth, cur_is_map, cur_indentless))
                    indentless = dashed and column == column_now
                    column_now, cur, cur_path, cur_depth = column, container, pending_path, depth
                    cur_is_map, cur_indentless = not dashed, indentless
                elif pending is _ROOT:
                    raise _Decline  # an empty document: PyYAML's message
                else:  # ... or nothing: PyYAML's null
                    cur[pending] = None
                    values[pending_path] = pending_null
                    nodes += 1
                pending = None
            # then the collection the line is in: it closes deeper ones
            if column != column_now:
                while column < column_now:
                    column_now, cur, cur_path, cur_depth, cur_is_map, cur_indentless = stack.pop()
                if column != column_now:
                    # deeper with no "key:" above (a continuation line), or between the
                    # columns of two open collections: PyYAML's message
                    raise _Decline
            if cur_indentless and not dashed:  # a key in its column ends an indentless sequence
                column_now, cur, cur_path, cur_depth, cur_is_map, cur_indentless = stack.pop()
            if dashed:
                if cur_is_map:
                    raise _Decline  # "- " in a mapping's column (only right after "key:")
                path = (*cur_path, len(cur))
                if key is None:  # "- value"
                    fast_column = -2
                    if kind == _PLAIN_KIND:
                        values[path] = position = base | (value_column + 1)
                        nodes += 1
                        if value[0] in typed_first:
                            tag = known_tags.get(value) or _value_tag(value)
                            if tag != _STR:
                                value = _convert(tag, value, position, builder)
                        cur.append(value)
                    else:
                        cur.append(value_of(value, value_column, base, path, cur_depth + 1, column))
                    continue
                # "- key...": a mapping in the entry, its position its first key
                depth = cur_depth + 1
                if depth >= max_depth:
                    raise _Decline
                mapping: dict[str, Any] = {}
                cur.append(mapping)
                values[path] = base | (key_column + 1)
                nodes += 1
                stack.append((column_now, cur, cur_path, cur_depth, cur_is_map, cur_indentless))
                column_now, cur, cur_path, cur_depth = key_column, mapping, path, depth
                cur_is_map = True
                cur_indentless = False
            elif not cur_is_map:
                raise _Decline  # a key in a sequence's column
            if plain_key and key not in known_keys:
                _check_key(key)
            if key in cur:
                raise _Decline
            path = (*cur_path, key)
            keys[path] = base | (key_column + 1)
            if kind is None:
                pending, pending_path, pending_null = key, path, base | after_colon
                fast_column = -2
                continue
            fast_column = column_now
            if kind == _PLAIN_KIND:
                values[path] = position = base | (value_column + 1)
                nodes += 1
                if value[0] in typed_first:
                    tag = known_tags.get(value) or _value_tag(value)
                    if tag != _STR:
                        value = _convert(tag, value, position, builder)
                cur[key] = value
            else:
                cur[key] = value_of(value, value_column, base, path, cur_depth + 1, column_now)
        if pending is _ROOT:
            raise _Decline  # an empty document
        if pending is not None:  # a last "key:" with nothing under it: null
            cur[pending] = None
            values[pending_path] = pending_null
            nodes += 1
        self.nodes += nodes
        if self.nodes > self.limits.max_nodes:
            raise _Decline
        return self.root[_ROOT]

    def parse(
        self, line: str
    ) -> tuple[int, bool, int, Any, bool, int, int | None, str, int] | None:
        """(column, dashed, key column, key, plain key, column after the colon, value kind,
        value text, value column) of a line the key-line pattern does not match; None for a
        blank line or a comment."""
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            return None
        if _DOCUMENT_MARKER.match(line):
            raise _Decline  # several documents, or explicit ones
        column = len(line) - len(content)
        dashed = False
        key_column = column
        if content[0] == "-" and content[1:2] in ("", " "):
            rest = content[1:].lstrip(" ")
            if not rest or rest[0] == "#" or (rest[0] == "-" and rest[1:2] in ("", " ")):
                raise _Decline  # an empty entry, or "- - x"
            key_column += len(content) - len(rest)
            content = rest
            dashed = True
        key: str | None = None
        plain_key = True
        after = 0
        if content[0] in "'\"":
            end = _closing_quote(content, 1, content[0])
            if (
                end > 0
                and content.startswith(":", end + 1)
                and content[end + 2 : end + 3] in ("", " ")
            ):
                if end + 1 > _MAX_KEY or (end > _MAX_KEY // 4 and not content[:end].isascii()):
                    raise _Decline
                key, plain_key, after = _one_line_quoted(content[: end + 1]), False, end + 2
        else:
            found = _PLAIN_KEY.match(content)
            if found is not None:
                key, after = found.group(1), found.end()
        if key is not None:
            value = content[after:].lstrip(" ")
            value_column = key_column + len(content) - len(value)
            if not value or value[0] == "#":
                return (
                    column,
                    dashed,
                    key_column,
                    key,
                    plain_key,
                    key_column + after + 1,
                    None,
                    "",
                    0,
                )
        elif dashed:
            value, value_column = content, key_column
        else:
            raise _Decline  # a scalar alone on its line: a continuation, or not a mapping
        plain = _PLAIN_VALUE.fullmatch(value)
        if plain is not None:
            kind, value = _PLAIN_KIND, plain.group(1)
        elif value[0] in "'\"[{|>":
            kind = _OTHER_KIND
        else:
            raise _Decline  # anchors, aliases, tags, "a: b: c"...
        return (
            column,
            dashed,
            key_column,
            key,
            plain_key,
            key_column + after + 1,
            kind,
            value,
            value_column,
        )

    # --- values ---------------------------------------------------------------------

    def value(
        self, text: str, column: int, base: int, path: tuple[Any, ...], depth: int, parent: int
    ) -> Any:
        """The quoted, flow or block value at ``column`` of the line at ``base`` (``text``
        from there to the line's end), in a block collection in column ``parent``."""
        first = text[0]
        if first in "[{":
            return self.flow(text, column, base, path, depth, parent)
        value = (
            self.quoted(text, base, parent) if first in "'\"" else self.block(text, base, parent)
        )
        self.values[path] = base | (column + 1)
        self.nodes += 1
        return value

    def following(self, base: int, parent: int) -> Iterator[str]:
        """The lines after the one at ``base`` while they belong to a value in a block
        collection in column ``parent``: blank, or deeper than it."""
        lines = self.lines
        for index in range(base // _LINE, len(lines)):  # (a slice would copy the rest)
            line = lines[index]
            content = line.lstrip(" ")
            if content and len(line) - len(content) <= parent:
                return
            yield line

    def consume(self, count: int) -> None:
        for _ in range(count):
            next(self.it)

    def quoted(self, text: str, base: int, parent: int) -> str:
        """A quoted scalar; over several lines, each deeper than its collection (which
        PyYAML does not check; a less indented line is declined)."""
        quote = text[0]
        end = _closing_quote(text, 1, quote)
        if end > 0:
            if not _LINE_END.fullmatch(text, end + 1):
                raise _Decline  # "'x'y", "'x'#c", "'a': b" in a sequence...
            return _one_line_quoted(text[: end + 1])
        pieces = [text]
        for line in self.following(base, parent):
            end = _closing_quote(line, 0, quote)
            if end < 0:
                pieces.append(line)
                continue
            if not _LINE_END.fullmatch(line, end + 1):
                raise _Decline
            pieces.append(line[: end + 1])
            self.consume(len(pieces) - 1)
            return _pyyaml_scalar("\n".join(pieces), quote)
        raise _Decline  # not closed where it should be

    def block(self, text: str, base: int, parent: int) -> str:
        """A literal or folded block scalar (``|``, ``>-``...): PyYAML reads its lines,
        moved left so that the collection holding them stands in column 0."""
        lines = list(self.following(base, parent))
        last = base // _LINE + len(lines)  # the number of the block's last line
        ends = "\n" if last < len(self.lines) or self.final_newline else ""
        value = _pyyaml_block("\n".join(["k: " + text, *(line[parent:] for line in lines)]) + ends)
        self.consume(len(lines))
        return value

    def flow(
        self, text: str, column: int, base: int, path: tuple[Any, ...], depth: int, parent: int
    ) -> Any:
        """A flow collection, on its own lines: composed by PyYAML alone (flow context does
        not depend on indentation), then built by a builder of its own and moved."""
        if _FLOW_SEQUENCE.fullmatch(text):
            return self.flow_sequence(text, column, base, path, depth)
        if _FLOW_MAPPING.fullmatch(text):
            return self.flow_mapping(text, column, base, path, depth)
        pieces = [" " * column + text]
        scan = _FlowEnd()
        end = scan.feed(pieces[0], column)
        if end is None:
            for line in self.following(base, parent):
                pieces.append(line)
                end = scan.feed(line, 0)
                if end is not None:
                    break
            else:
                raise _Decline  # not closed where it should be
        if not _LINE_END.fullmatch(pieces[-1], end):
            raise _Decline  # "[a]: b", "[a] x"
        try:
            node = yaml.compose("\n".join(pieces), Loader=_Loader)
        except yaml.YAMLError:
            raise _Decline from None
        if (
            not isinstance(node, yaml.SequenceNode | yaml.MappingNode)
            or not node.flow_style
            or node.end_mark.line != len(pieces) - 1
            or node.end_mark.column != end
        ):
            raise _Decline
        island = _Builder(self.builder.file, SourceMap(self.builder.file), self.limits)
        data = island.build(node, path, depth)
        if island.alias_values:
            raise _Decline  # aliases count against a limit for the whole document
        shift = base - _LINE  # island line 1 is the line at base
        keys, values = self.keys, self.values
        for key_path, position in island.keys.items():
            keys[key_path] = position + shift
        for value_path, position in island.values.items():
            values[value_path] = position + shift
        self.nodes += island.nodes_built
        self.consume(len(pieces) - 1)
        return data

    def flow_sequence(
        self, text: str, column: int, base: int, path: tuple[Any, ...], depth: int
    ) -> list[Any]:
        """A one-line flow sequence of simple plain scalars (see _FLOW_SEQUENCE)."""
        values, builder = self.values, self.builder
        values[path] = base | (column + 1)
        items: list[Any] = []
        for found in _FLOW_ITEMS.finditer(text, 1, text.index("]")):
            if depth >= self.limits.max_depth:
                raise _Decline
            item = found.group()
            values[(*path, len(items))] = position = base | (column + found.start() + 1)
            tag = _value_tag(item) if item[0] in _TYPED_FIRST else _STR
            items.append(item if tag == _STR else _convert(tag, item, position, builder))
        self.nodes += 1 + len(items)
        return items

    def flow_mapping(
        self, text: str, column: int, base: int, path: tuple[Any, ...], depth: int
    ) -> dict[str, Any]:
        """A one-line flow mapping of simple plain keys and values (see _FLOW_MAPPING)."""
        keys, values, builder = self.keys, self.values, self.builder
        values[path] = base | (column + 1)
        mapping: dict[str, Any] = {}
        for found in _FLOW_PAIRS.finditer(text, 1, text.index("}")):
            if depth >= self.limits.max_depth:
                raise _Decline
            key, value = found.groups()
            if key not in _STR_KEYS:
                _check_key(key)
            if key in mapping:
                raise _Decline
            child = (*path, key)
            keys[child] = base | (column + found.start() + 1)
            values[child] = position = base | (column + found.start(2) + 1)
            tag = _value_tag(value) if value[0] in _TYPED_FIRST else _STR
            mapping[key] = value if tag == _STR else _convert(tag, value, position, builder)
        self.nodes += 1 + len(mapping)
        return mapping


# A flow sequence on one line whose items are plain scalars of the simplest kind (no
# spaces, and none of the characters that may end or start something else in flow
# context): the seed has a few hundred such collections, so they are read here rather
# than composed by PyYAML one by one.
_FLOW_ITEM = r"[^-?:,\[\]{}#&*!|>'\"%@` ][^ ?:,\[\]{}#]*"
_FLOW_SEQUENCE = re.compile(rf"\[ *(?:{_FLOW_ITEM}(?: *, *{_FLOW_ITEM})*)? *\](?: +#.*| *)")
_FLOW_ITEMS = re.compile(_FLOW_ITEM)
# ... and a flow mapping on one line whose keys and values are such scalars.
_FLOW_PAIR = rf"{_FLOW_ITEM}: +{_FLOW_ITEM}"
_FLOW_MAPPING = re.compile(rf"{{ *(?:{_FLOW_PAIR}(?: *, *{_FLOW_PAIR})*)? *}}(?: +#.*| *)")
_FLOW_PAIRS = re.compile(rf"({_FLOW_ITEM}): +({_FLOW_ITEM})")
_FLOW_MARK = re.compile(r"['\"\[\]{}]|(?:^|(?<= ))#")


class _FlowEnd:
    """Where a flow collection closes, line by line: its brackets outside quoted scalars
    and comments. (A misreading only makes a snippet PyYAML refuses or ends elsewhere.)"""

    def __init__(self) -> None:
        self.depth = 0
        self.quote = ""  # a quoted scalar open at the end of the last line

    def feed(self, line: str, start: int) -> int | None:
        """The column after the closing bracket, if it is on this line."""
        cursor = start
        if self.quote:
            close = _closing_quote(line, 0, self.quote)
            if close < 0:
                return None
            cursor, self.quote = close + 1, ""
        while True:
            mark = _FLOW_MARK.search(line, cursor)
            if mark is None:
                return None
            char = mark.group()
            if char in "'\"":
                close = _closing_quote(line, mark.end(), char)
                if close < 0:
                    self.quote = char
                    return None
                cursor = close + 1
            elif char == "#":
                return None  # a comment to the end of the line
            elif char in "[{":
                self.depth += 1
                cursor = mark.end()
            else:
                self.depth -= 1
                cursor = mark.end()
                if self.depth == 0:
                    return cursor


def read_fast(text: str, file: str, limits: Limits, builder: Any) -> Any:
    """Plain data for ``text`` (positions into ``builder``'s source map), or None."""
    if _refused(text):
        return None
    data = _read_lines(text, limits, builder)
    if data is not None:
        return data
    builder.keys.clear()  # what the line tier wrote before it declined
    builder.values.clear()
    if ryml is None:
        return None
    try:
        tree = _parse_quietly(text.encode("utf-8"))
    except Exception:  # any parse problem: PyYAML reports it exactly
        return None
    try:
        return _Walk(text, tree, limits, builder).document()
    except (_Decline, InputError, RecursionError):
        return None


def read_lines(text: str, file: str, limits: Limits, builder: Any) -> Any:
    """The line tier alone: plain data for ``text``, or None (its source map entries are
    then incomplete)."""
    if _refused(text):
        return None
    return _read_lines(text, limits, builder)


def _read_lines(text: str, limits: Limits, builder: Any) -> Any:
    if not _LINE_TIER:
        return None
    # The line tier makes millions of objects and no reference cycles; with CPython's
    # default thresholds the cyclic collector would traverse the growing heap over and
    # over (a third of a 1000x-seed read). Paused here, it examines the new objects once.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Lines(text, limits, builder).document()
    except (_Decline, InputError, RecursionError):
        return None
    finally:
        if collecting:
            gc.enable()


# Printable ASCII and line feeds: an ASCII text holding anything else is refused.
_ASCII_ALLOWED = bytes(range(0x20, 0x7F)) + b"\n"


def _refused(text: str) -> bool:
    """Does ``text`` hold a character either tier leaves to PyYAML (see _REFUSED)? A byte
    order mark inside the text is one: at a line's start libyaml does not read it as
    content ("a: 1\\n\\ufeffb: 2" is an error)."""
    if text.isascii():  # the common case, five times faster than the pattern
        return bool(text.encode("ascii").translate(None, _ASCII_ALLOWED))
    return _REFUSED.search(text) is not None or "\ufeff" in text


def _parse_quietly(data: bytes) -> Any:
    """rapidyaml's C++ error handler prints to file descriptor 2 before raising; the user
    must see PyYAML's message only, so standard error is pointed at /dev/null meanwhile."""
    try:
        saved = os.dup(2)
    except OSError:  # no standard error to protect
        return ryml.parse_in_arena(data)
    try:
        sys.stderr.flush()
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            try:
                return ryml.parse_in_arena(data)
            finally:
                os.dup2(saved, 2)
    finally:
        os.close(saved)


class _Walk:
    def __init__(self, text: str, tree: Any, limits: Limits, builder: Any) -> None:
        self.text = text
        self.tree = tree
        self.limits = limits
        self.builder = builder
        self.keys = builder.keys
        self.values = builder.values
        self.pos = 0
        self.pos_before = 0  # where the last token started
        self.line = 1
        self.line_start = 0
        self.nodes = 0
        # Collections entered whose opening indicator has not been seen yet, and the block
        # sequence entries whose "-" comes next: (indicator, callback taking its offset).
        self.expected: list[tuple[str, Any]] = []
        self.type = tree.type
        self.first_child = tree.first_child
        self.next_sibling = tree.next_sibling
        self.none = ryml.NONE

    # --- positions ------------------------------------------------------------------

    def position(self, offset: int) -> int:
        return pack(self.line, offset - self.line_start + 1)

    def column(self, offset: int) -> int:
        return offset - self.line_start

    def skip(self, first_on_line: bool = False) -> None:
        """Move over the gap before the next token, giving expected indicators their place;
        with ``first_on_line``, that token must be the first on its line."""
        text, start = self.text, self.pos
        end = _GAP.match(text, start).end()  # type: ignore[union-attr]
        if self.expected:
            self._indicators(start, end)
        newlines = text.count("\n", start, end)
        if newlines:
            self.line += newlines
            self.line_start = text.rfind("\n", start, end) + 1
        if first_on_line and text[self.line_start : end].strip(" "):
            raise _Decline
        self.pos = end

    def _indicators(self, start: int, end: int) -> None:
        text, expected = self.text, self.expected
        if "#" in text[start:end]:  # comments may hold indicator characters: tokenise
            marks = [
                (m.group(), m.start())
                for m in _GAP_TOKEN.finditer(text, start, end)
                if m.group() in ("-", "[", "{")
            ]
        else:
            marks = [(text[i], i) for i in range(start, end) if text[i] in "-[{"]
        line, line_start = self.line, self.line_start
        index = 0
        for indicator, callback in expected:
            while index < len(marks) and marks[index][0] != indicator:
                index += 1
            if index == len(marks):
                raise _Decline
            offset = marks[index][1]
            index += 1
            # the line of this indicator, for its position and column
            newlines = text.count("\n", start, offset)
            if newlines:
                line = self.line + newlines
                line_start = text.rfind("\n", start, offset) + 1
            callback(offset, line, line_start)
        expected.clear()

    # --- tokens ---------------------------------------------------------------------

    def scalar_token(self, raw: str, quoted: bool, flow: bool) -> int:
        """Check that ``raw`` stands at the cursor; return its offset and move past it."""
        text, pos = self.text, self.pos
        if not text.startswith(raw, pos) or "\n" in raw:
            raise _Decline
        if not quoted:
            first = raw[:1]
            if (
                not raw
                or first in _INDICATORS
                or (first in "-?:" and (len(raw) == 1 or raw[1] == " "))
                or (flow and first in "?:")  # in flow context these are indicators
                or ": " in raw
                or " #" in raw
                or raw.endswith(":")
                or raw != raw.strip(" ")
                or (flow and any(c in _FLOW_INDICATORS for c in raw))
            ):
                raise _Decline
        self.pos_before = pos
        self.pos = pos + len(raw)
        return pos

    def value_of(
        self, node: int, bits: int, key: bool, flow: bool, indent: int | None = None
    ) -> tuple[str, int, str]:
        """(value, offset, tag) of a node's key or scalar value. ``indent`` is the column of
        the block collection holding a value (None in flow context)."""
        tree = self.tree
        view = tree.key(node) if key else tree.val(node)
        value = bytes(view).decode("utf-8")
        if bits & (ryml.KEY_PLAIN if key else ryml.VAL_PLAIN):
            return value, self.scalar_token(value, False, flow), _plain_tag(value)
        if bits & (ryml.KEY_SQUO if key else ryml.VAL_SQUO):
            raw = "'" + value.replace("'", "''") + "'"
        elif bits & (ryml.KEY_DQUO if key else ryml.VAL_DQUO):
            raw = '"' + value + '"' if "\\" not in value and '"' not in value else ""
        elif key or indent is None:
            raise _Decline  # a block scalar key, or one in flow context
        else:
            return self.block_scalar(indent), self.pos_before, _STR
        if raw and self.text.startswith(raw, self.pos) and "\n" not in raw:
            return value, self.scalar_token(raw, True, flow), _STR
        if key:
            raise _Decline  # PyYAML refuses multi-line keys; escaped keys: PyYAML reads
        return self.quoted_scalar(), self.pos_before, _STR

    def _advance(self, end: int) -> None:
        """Move the cursor over a token that may span lines."""
        text, start = self.text, self.pos
        newlines = text.count("\n", start, end)
        if newlines:
            self.line += newlines
            self.line_start = text.rfind("\n", start, end) + 1
        self.pos_before = start
        self.pos = end

    def quoted_scalar(self) -> str:
        """A quoted scalar with escapes or line breaks: its value as PyYAML reads it."""
        text, start = self.text, self.pos
        quote = text[start : start + 1]
        if quote not in ("'", '"'):
            raise _Decline
        cursor = start + 1
        while True:
            end = text.find(quote, cursor)
            if end < 0:
                raise _Decline
            if quote == "'" and text.startswith("''", end):
                cursor = end + 2
                continue
            if quote == '"':
                slashes = end - len(text[:end].rstrip("\\"))
                if slashes % 2:
                    cursor = end + 1
                    continue
            break
        value = _pyyaml_scalar(text[start : end + 1], quote)
        self._advance(end + 1)
        return value

    def block_scalar(self, indent: int) -> str:
        """A literal or folded block scalar (``|``, ``>-``...): PyYAML reads its lines,
        moved left so that the key holding them stands in column 0."""
        text, start = self.text, self.pos
        if text[start : start + 1] not in ("|", ">"):
            raise _Decline
        header_end = text.find("\n", start)
        if header_end < 0:
            raise _Decline
        cursor = header_end + 1
        lines = []
        while cursor < len(text):
            line_end = text.find("\n", cursor)
            line_end = len(text) if line_end < 0 else line_end
            line = text[cursor:line_end]
            content = line.lstrip(" ")
            if content and len(line) - len(content) <= indent:
                break  # the next key or entry: the block has ended
            lines.append(line[min(indent, len(line) - len(content)) :])
            cursor = line_end + 1
        end = min(cursor, len(text))
        body = "".join(line + "\n" for line in lines)
        if cursor > len(text):
            body = body[:-1]  # the text's last line, with no line break to keep or chomp
        value = _pyyaml_block("k: " + text[start:header_end] + "\n" + body)
        self._advance(end)
        return value

    # --- the tree -------------------------------------------------------------------

    def document(self) -> Any:
        tree = self.tree
        root = tree.root_id()
        bits = self.type(root)
        if bits & (ryml.STREAM | ryml.DOC) or not bits & (ryml.MAP | ryml.SEQ):
            raise _Decline  # document markers, several documents, or a bare scalar
        self.skip()
        data = self.node(root, bits, (), 0, None)
        self.skip()
        if self.pos != len(self.text) or self.expected:
            raise _Decline
        return data

    def check_limits(self, depth: int) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes or depth > self.limits.max_depth:
            raise _Decline

    def node(self, node: int, bits: int, path: tuple[Any, ...], depth: int, parent: Any) -> Any:
        """Build one collection node. ``parent`` is (kind, indent) of the block collection
        holding it, or None in flow context (and at the root)."""
        self.check_limits(depth)
        if bits & (ryml.VALANCH | ryml.VALREF | ryml.VALTAG | ryml.KEYANCH | ryml.KEYREF):
            raise _Decline
        if bits & (ryml.FLOW_SL | ryml.FLOW_ML):
            return self.flow_collection(node, bits, path, depth, parent)
        if not bits & ryml.BLOCK:
            raise _Decline
        if bits & ryml.MAP:
            return self.block_mapping(node, path, depth, parent)
        return self.block_sequence(node, path, depth, parent)

    def flow_collection(
        self, node: int, bits: int, path: tuple[Any, ...], depth: int, parent: Any
    ) -> Any:
        values = self.values

        def opened(offset: int, line: int, line_start: int) -> None:
            if parent is not None and offset - line_start <= parent[1]:
                raise _Decline  # on a later line, no deeper than its parent
            values.setdefault(path, pack(line, offset - line_start + 1))

        self.expected.append(("{" if bits & ryml.MAP else "[", opened))
        child = self.first_child(node)
        if bits & ryml.MAP:
            result: dict[str, Any] = {}
            while child != self.none:
                self.entry(child, result, path, depth, None, flow=True)
                child = self.next_sibling(child)
            if not result:
                self.skip()  # "{}": the bracket gives the position
            return result
        items: list[Any] = []
        position = 0
        while child != self.none:
            items.append(self.item(child, (*path, position), depth, None, flow=True))
            position += 1
            child = self.next_sibling(child)
        if not items:
            self.skip()
        return items

    def block_mapping(
        self, node: int, path: tuple[Any, ...], depth: int, parent: Any
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        child = self.first_child(node)
        column = self.entry(child, result, path, depth, parent, flow=False, first=True)
        if parent is not None and column <= parent[1]:
            raise _Decline  # a mapping no deeper than its parent
        child = self.next_sibling(child)
        # The common entry, "key: value" with both plain on one line, is read inline: this
        # loop is where a large spec spends its time.
        text, keys, values, none = self.text, self.keys, self.values, self.none
        type_of, next_sibling, key_of, value_of = (
            self.type,
            self.next_sibling,
            self.tree.key,
            self.tree.val,
        )
        gap, count, rfind, startswith = _GAP.match, text.count, text.rfind, text.startswith
        known = _BLOCK_PLAIN
        if depth + 1 > self.limits.max_depth:
            raise _Decline
        while child != none:
            bits = type_of(child)
            if bits & _SIMPLE_CHECK != _SIMPLE_ENTRY or self.expected:
                key_column = self.entry(child, result, path, depth, parent, flow=False)
                if key_column != column:
                    raise _Decline
                child = next_sibling(child)
                continue
            self.nodes += 1
            pos = self.pos
            end = gap(text, pos).end()  # type: ignore[union-attr]
            newlines = count("\n", pos, end)
            if newlines:
                self.line += newlines
                self.line_start = rfind("\n", pos, end) + 1
            line_start = self.line_start
            # the key: first on its line, in the mapping's column, verbatim, a new string
            if end - line_start != column or count(" ", line_start, end) != column:
                raise _Decline
            key = bytes(key_of(child)).decode("utf-8")
            if known.get(key) != _STR and _block_plain_tag(key) != _STR:
                raise _Decline
            if not startswith(key, end) or key in result or len(key) > _MAX_KEY:
                raise _Decline
            child_path = (*path, key)
            keys[child_path] = pack(self.line, column + 1)
            pos = end + len(key)
            if startswith(": ", pos):
                pos += 2
            else:
                match = _AFTER_KEY.match(text, pos)
                if match is None:
                    raise _Decline
                pos = match.end()
            end = gap(text, pos).end()  # type: ignore[union-attr]
            newlines = count("\n", pos, end)
            if newlines:
                self.line += newlines
                self.line_start = rfind("\n", pos, end) + 1
            value = bytes(value_of(child)).decode("utf-8")
            tag = known.get(value) or _block_plain_tag(value)
            value_column = end - self.line_start
            if not startswith(value, end) or value_column <= column:
                raise _Decline
            values[child_path] = position = pack(self.line, value_column + 1)
            self.pos = end + len(value)
            result[key] = value if tag == _STR else self.convert(tag, value, position)
            child = next_sibling(child)
        if self.nodes > self.limits.max_nodes:
            raise _Decline
        return result

    def entry(
        self,
        child: int,
        result: dict[str, Any],
        path: tuple[Any, ...],
        depth: int,
        parent: Any,
        *,
        flow: bool,
        first: bool = False,
    ) -> int:
        """Read one ``key: value`` pair into ``result``; return the key's column."""
        bits = self.type(child)
        if bits & (ryml.KEYANCH | ryml.KEYREF | ryml.KEYTAG | ryml.KEYNIL | ryml.VALNIL):
            raise _Decline
        # a block mapping's first key is its own position; later keys start lines
        self.skip(first_on_line=not flow and not first)
        key, offset, tag = self.value_of(child, bits, True, flow)
        if tag != _STR or key in result or len(key) > _MAX_KEY:
            raise _Decline  # merge keys, non-string keys, duplicates: PyYAML's messages
        if first and not flow:
            self.values.setdefault(path, self.position(offset))
        child_path = (*path, key)
        self.keys[child_path] = self.position(offset)
        match = _AFTER_KEY.match(self.text, self.pos)
        if match is None:
            raise _Decline  # the ":" must follow the key on its line
        self.pos = match.end()
        column = self.column(offset)
        result[key] = self.value(
            child, bits, child_path, depth + 1, None if flow else ("map", column), flow
        )
        return column

    def block_sequence(
        self, node: int, path: tuple[Any, ...], depth: int, parent: Any
    ) -> list[Any]:
        items: list[Any] = []
        child = self.first_child(node)
        # what this sequence's entries hold: their indent is the column of the "-", known
        # once the first one is read (before anything inside the entry is checked)
        holder = ["seq", -1]
        values = self.values

        def entry_dash(offset: int, line: int, line_start: int) -> None:
            column = offset - line_start
            if holder[1] < 0:
                holder[1] = column
                # PyYAML allows "key:\n- item" (the same column as the key), no less
                if parent is not None and (
                    column < parent[1] or (column == parent[1] and parent[0] != "map")
                ):
                    raise _Decline
                values.setdefault(path, pack(line, column + 1))
            elif column != holder[1] or text[line_start:offset].strip(" "):
                raise _Decline  # entries in one column, each first on its line

        text = self.text
        position = 0
        while child != self.none:
            self.expected.append(("-", entry_dash))
            items.append(self.item(child, (*path, position), depth, holder, flow=False))
            position += 1
            child = self.next_sibling(child)
        return items

    def item(
        self, child: int, path: tuple[Any, ...], depth: int, parent: Any, *, flow: bool
    ) -> Any:
        bits = self.type(child)
        if bits & ryml.KEY:
            raise _Decline  # "[a: b]": a single-pair mapping inside a flow sequence
        return self.value(child, bits, path, depth + 1, parent, flow)

    def value(
        self, node: int, bits: int, path: tuple[Any, ...], depth: int, parent: Any, flow: bool
    ) -> Any:
        if bits & (ryml.MAP | ryml.SEQ):
            block = not bits & (ryml.FLOW_SL | ryml.FLOW_ML)
            if block and parent is not None and parent[0] == "map":
                self._need_newline_before_next_token()  # "a: b: c" or "a: - b" are errors
            return self.node(node, bits, path, depth, parent)
        self.check_limits(depth)
        if bits & (ryml.VALANCH | ryml.VALREF | ryml.VALTAG):
            raise _Decline
        self.skip()
        line, line_start = self.line, self.line_start  # a token may span lines
        value, offset, tag = self.value_of(
            node, bits, False, flow, None if parent is None else parent[1]
        )
        column = offset - line_start
        if parent is not None and column <= parent[1]:
            raise _Decline  # a value on a later line, no deeper than its parent
        position = pack(line, column + 1)
        self.values.setdefault(path, position)
        return self.convert(tag, value, position)

    def _need_newline_before_next_token(self) -> None:
        match = _GAP.match(self.text, self.pos)
        if match is None or "\n" not in self.text[self.pos : match.end()]:
            raise _Decline

    def convert(self, tag: str, value: str, position: int) -> Any:
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return value.lower() in ("true", "yes", "on")
        if (
            tag == _INT
            and value.isascii()
            and value.isdigit()
            and (value[0] != "0" or value == "0")
        ):
            if len(value) > 40:
                raise _Decline
            return int(value)
        # other numbers and dates: the builder's own conversion, with a real node
        where = unpack(position)
        mark = yaml.Mark("", 0, where.line - 1, where.column - 1, None, None)
        return self.builder._scalar(yaml.ScalarNode(tag, value, mark, mark))


def _pyyaml_scalar(token: str, style: str) -> str:
    """The value PyYAML gives a quoted scalar token standing alone (flow scalars do not
    depend on indentation)."""
    from archlint.loader.yaml_source import _Loader

    try:
        node = yaml.compose(token, Loader=_Loader)
    except yaml.YAMLError:
        raise _Decline from None
    if not isinstance(node, yaml.ScalarNode) or node.style != style:
        raise _Decline
    return str(node.value)


def _pyyaml_block(snippet: str) -> str:
    from archlint.loader.yaml_source import _Loader

    try:
        node = yaml.compose(snippet, Loader=_Loader)
    except yaml.YAMLError:
        raise _Decline from None
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        raise _Decline
    value = node.value[0][1]
    if not isinstance(value, yaml.ScalarNode) or value.style not in ("|", ">"):
        raise _Decline
    return str(value.value)
