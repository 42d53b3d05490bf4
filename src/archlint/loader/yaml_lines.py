"""The line tier of the YAML fast path: block-style specs read line by line, no tree.

It reads "key: value", "key:" with a nested block or nothing (null) under it, "- value"
and "- key: value", blank lines and comments. One pattern proves a line's plain key and
plain value are each one PyYAML token; a stack of open collections checks the indentation
PyYAML's scanner and parser check. Quoted scalars (escaped or over several lines), flow
collections and block scalars are each composed by PyYAML alone and their positions moved.
It declines anchors, aliases, tags, merge keys, non-string and duplicate keys, "- - x",
plain scalars over several lines, document markers and directives, and documents beyond
the node or depth limits. A spec a thousand times the seed (37 MB) takes it about 3 s.
See :mod:`archlint.loader.fast_yaml` for the contract both tiers keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

import yaml

from archlint.errors import InputError, Limits
from archlint.gcpause import collector_paused
from archlint.loader.yaml_plain import (
    MAX_KEY,
    RESOLVER,
    STR,
    TAG_CACHE,
    Decline,
    convert,
    plain_tag,
    pyyaml_block,
    pyyaml_scalar,
)
from archlint.loader.yaml_source import SourceMap, _Builder, _Loader, pack

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
                for resolvers in RESOLVER.yaml_implicit_resolvers.values()
                for _, regexp in resolvers
            }
        )
    )
)
# First characters some implicit resolver is registered for; a plain scalar starting with
# any other character is a string. (A resolver registered for every first character, key
# None, is not PyYAML's default: the line tier then steps aside.)
_TYPED_FIRST = frozenset(key for key in RESOLVER.yaml_implicit_resolvers if key)
_LINE_TIER = None not in RESOLVER.yaml_implicit_resolvers
_STR_KEYS: set[str] = set()  # plain keys already proven to be strings of an allowed length

_LINE = pack(1, 0)  # positions are line * _LINE | column (see yaml_source.pack)
_MAX_COLUMN = pack(0, 1 << 62)  # pack clamps columns here: longer lines are declined
assert pack(3, 5) == 3 * _LINE | 5

_ROOT = object()  # the virtual key whose value is the document
_PLAIN_KIND, _OTHER_KIND = 1, 2  # a plain scalar; anything else (quoted, flow, block)


def _value_tag(value: str) -> str:
    """The tag PyYAML's resolver gives a non-empty plain scalar."""
    tag = TAG_CACHE.get(value)
    if tag is None:
        if _MAYBE_TYPED.match(value) is None:
            return STR
        tag = plain_tag(value)
    return tag


def _check_key(key: str) -> None:
    """A plain key must resolve to a string, short enough for PyYAML's simple keys (1024
    characters; a non-ASCII key is held to a quarter in case the limit counts bytes)."""
    if len(key) > MAX_KEY or (len(key) > MAX_KEY // 4 and not key.isascii()):
        raise Decline
    if plain_tag(key) != STR:
        raise Decline  # merge keys, numbers, booleans, nulls: PyYAML's path and message
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
        return pyyaml_scalar(token, '"')  # escapes: PyYAML's own reading
    return inner


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
            raise Decline  # positions would not fit their packed form
        keys, values, builder = self.keys, self.values, self.builder
        max_depth = self.limits.max_depth
        match, parse, value_of = _KEY_LINE.fullmatch, self.parse, self.value
        known_keys, typed_first, known_tags = _STR_KEYS, _TYPED_FIRST, TAG_CACHE
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
        # A large spec repeats its lines (three in four lines of the 1000x seed are copies of
        # another): each distinct line is matched once, its reading kept while the document
        # is read (False: the pattern does not match it), with the tag of its plain value.
        # Repeated keys and values then share one string each, too.
        readings: dict[str, tuple[int, str | None, str, str | None, int, str] | Literal[False]] = {}
        for base, line in self.it:
            reading = readings.get(line)
            if reading is None:
                found = match(line)
                if found is None:
                    reading = readings[line] = False
                else:
                    value = found.group(4)
                    tag = (
                        known_tags.get(value) or _value_tag(value)
                        if value is not None and value[0] in typed_first
                        else STR
                    )
                    reading = readings[line] = (
                        len(found.group(1)),
                        *found.group(2, 3),
                        value,
                        found.start(4),
                        tag,
                    )
            if reading:
                column, dash, key, value, value_column, value_tag = reading
                if column == fast_column and dash is None:
                    # the lines a large spec is made of: "key: value" and "key:"
                    if key not in known_keys:
                        _check_key(key)
                    if key in cur:
                        raise Decline  # a duplicate key: PyYAML's message
                    path = (*cur_path, key)
                    keys[path] = base | (column + 1)
                    if value is None:
                        pending, pending_path = key, path
                        pending_null = base | (column + len(key) + 2)
                        fast_column = -2
                        continue
                    values[path] = position = base | (value_column + 1)
                    nodes += 1
                    if value_tag != STR:
                        value = convert(value_tag, value, position, builder)
                    cur[key] = value
                    continue
                dashed = dash is not None
                key_column = column + len(dash) if dashed else column
                after_colon = key_column + len(key) + 2
                kind = _PLAIN_KIND if value is not None else None
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
                        raise Decline  # its entries would be nested too deep
                    container: Any = [] if dashed else {}
                    values[pending_path] = base | ((column if dashed else key_column) + 1)
                    cur[pending] = container
                    nodes += 1
                    stack.append((column_now, cur, cur_path, cur_depth, cur_is_map, cur_indentless))
                    indentless = dashed and column == column_now
                    column_now, cur, cur_path, cur_depth = column, container, pending_path, depth
                    cur_is_map, cur_indentless = not dashed, indentless
                elif pending is _ROOT:
                    raise Decline  # an empty document: PyYAML's message
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
                    raise Decline
            if cur_indentless and not dashed:  # a key in its column ends an indentless sequence
                column_now, cur, cur_path, cur_depth, cur_is_map, cur_indentless = stack.pop()
            if dashed:
                if cur_is_map:
                    raise Decline  # "- " in a mapping's column (only right after "key:")
                path = (*cur_path, len(cur))
                if key is None:  # "- value"
                    fast_column = -2
                    if kind == _PLAIN_KIND:
                        values[path] = position = base | (value_column + 1)
                        nodes += 1
                        if value[0] in typed_first:
                            tag = known_tags.get(value) or _value_tag(value)
                            if tag != STR:
                                value = convert(tag, value, position, builder)
                        cur.append(value)
                    else:
                        cur.append(value_of(value, value_column, base, path, cur_depth + 1, column))
                    continue
                # "- key...": a mapping in the entry, its position its first key
                depth = cur_depth + 1
                if depth >= max_depth:
                    raise Decline
                mapping: dict[str, Any] = {}
                cur.append(mapping)
                values[path] = base | (key_column + 1)
                nodes += 1
                stack.append((column_now, cur, cur_path, cur_depth, cur_is_map, cur_indentless))
                column_now, cur, cur_path, cur_depth = key_column, mapping, path, depth
                cur_is_map = True
                cur_indentless = False
            elif not cur_is_map:
                raise Decline  # a key in a sequence's column
            if plain_key and key not in known_keys:
                _check_key(key)
            if key in cur:
                raise Decline
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
                    if tag != STR:
                        value = convert(tag, value, position, builder)
                cur[key] = value
            else:
                cur[key] = value_of(value, value_column, base, path, cur_depth + 1, column_now)
        if pending is _ROOT:
            raise Decline  # an empty document
        if pending is not None:  # a last "key:" with nothing under it: null
            cur[pending] = None
            values[pending_path] = pending_null
            nodes += 1
        self.nodes += nodes
        if self.nodes > self.limits.max_nodes:
            raise Decline
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
            raise Decline  # several documents, or explicit ones
        column = len(line) - len(content)
        dashed = False
        key_column = column
        if content[0] == "-" and content[1:2] in ("", " "):
            rest = content[1:].lstrip(" ")
            if not rest or rest[0] == "#" or (rest[0] == "-" and rest[1:2] in ("", " ")):
                raise Decline  # an empty entry, or "- - x"
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
                if end + 1 > MAX_KEY or (end > MAX_KEY // 4 and not content[:end].isascii()):
                    raise Decline
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
            raise Decline  # a scalar alone on its line: a continuation, or not a mapping
        plain = _PLAIN_VALUE.fullmatch(value)
        if plain is not None:
            kind, value = _PLAIN_KIND, plain.group(1)
        elif value[0] in "'\"[{|>":
            kind = _OTHER_KIND
        else:
            raise Decline  # anchors, aliases, tags, "a: b: c"...
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
                raise Decline  # "'x'y", "'x'#c", "'a': b" in a sequence...
            return _one_line_quoted(text[: end + 1])
        pieces = [text]
        for line in self.following(base, parent):
            end = _closing_quote(line, 0, quote)
            if end < 0:
                pieces.append(line)
                continue
            if not _LINE_END.fullmatch(line, end + 1):
                raise Decline
            pieces.append(line[: end + 1])
            self.consume(len(pieces) - 1)
            return pyyaml_scalar("\n".join(pieces), quote)
        raise Decline  # not closed where it should be

    def block(self, text: str, base: int, parent: int) -> str:
        """A literal or folded block scalar (``|``, ``>-``...): PyYAML reads its lines,
        moved left so that the collection holding them stands in column 0."""
        lines = list(self.following(base, parent))
        last = base // _LINE + len(lines)  # the number of the block's last line
        ends = "\n" if last < len(self.lines) or self.final_newline else ""
        value = pyyaml_block("\n".join(["k: " + text, *(line[parent:] for line in lines)]) + ends)
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
                raise Decline  # not closed where it should be
        if not _LINE_END.fullmatch(pieces[-1], end):
            raise Decline  # "[a]: b", "[a] x"
        try:
            node = yaml.compose("\n".join(pieces), Loader=_Loader)
        except yaml.YAMLError:
            raise Decline from None
        if (
            not isinstance(node, yaml.SequenceNode | yaml.MappingNode)
            or not node.flow_style
            or node.end_mark.line != len(pieces) - 1
            or node.end_mark.column != end
        ):
            raise Decline
        island = _Builder(self.builder.file, SourceMap(self.builder.file), self.limits)
        data = island.build(node, path, depth)
        if island.alias_values:
            raise Decline  # aliases count against a limit for the whole document
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
                raise Decline
            item = found.group()
            values[(*path, len(items))] = position = base | (column + found.start() + 1)
            tag = _value_tag(item) if item[0] in _TYPED_FIRST else STR
            items.append(item if tag == STR else convert(tag, item, position, builder))
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
                raise Decline
            key, value = found.groups()
            if key not in _STR_KEYS:
                _check_key(key)
            if key in mapping:
                raise Decline
            child = (*path, key)
            keys[child] = base | (column + found.start() + 1)
            values[child] = position = base | (column + found.start(2) + 1)
            tag = _value_tag(value) if value[0] in _TYPED_FIRST else STR
            mapping[key] = value if tag == STR else convert(tag, value, position, builder)
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


def read(text: str, limits: Limits, builder: Any) -> Any:
    """Plain data for ``text`` (positions into ``builder``'s source map), or None; the
    source map may then hold some of its entries."""
    if not _LINE_TIER:
        return None
    try:
        with collector_paused():
            return _Lines(text, limits, builder).document()
    except (Decline, InputError, RecursionError):
        return None
