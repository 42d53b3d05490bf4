"""The rapidyaml tier of the YAML fast path: rapidyaml's tree, checked against the text.

rapidyaml parses thirty times faster than PyYAML but gives no positions and reads YAML
1.2, not PyYAML's 1.1, so the walk goes through rapidyaml's tree in document order with a
cursor in the text and checks that every scalar appears verbatim at the cursor, that
between two scalars there is only whitespace, comments and the indicators ``- : , [ ] { }``
(those opening a collection where PyYAML puts its position: a block mapping at its first
key, a block sequence at its first ``-``, a flow collection at its bracket), and that block
indentation is what PyYAML accepts. It declines anchors, aliases, tags, merge keys, empty
values, non-string and duplicate keys, document markers and directives, and documents
beyond the limits. See :mod:`archlint.loader.fast_yaml` for the contract both tiers keep.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from archlint.errors import InputError, Limits
from archlint.loader.yaml_plain import (
    BLOCK_PLAIN,
    FLOW_INDICATORS,
    INDICATORS,
    MAX_KEY,
    STR,
    Decline,
    block_plain_tag,
    convert,
    plain_tag,
    pyyaml_block,
    pyyaml_scalar,
)
from archlint.loader.yaml_source import pack

try:  # optional: without rapidyaml every spec takes the PyYAML path
    import ryml
except ImportError:  # pragma: no cover - depends on the environment
    ryml = None

# Whitespace, comments and indicators: all that may stand between two scalars.
_GAP = re.compile(r"(?:[ \n]+|(?:(?<=[ \n])|^)#[^\n]*|[-:](?=[ \n]|\Z)|[,\[\]{}])*")
_GAP_TOKEN = re.compile(r"[ \n]+|(?:(?<=[ \n])|^)#[^\n]*|[-:](?=[ \n]|\Z)|[,\[\]{}]")
_AFTER_KEY = re.compile(r" *:(?=[ \n]|\Z)")

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
            raise Decline
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
                raise Decline
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
            raise Decline
        if not quoted:
            first = raw[:1]
            if (
                not raw
                or first in INDICATORS
                or (first in "-?:" and (len(raw) == 1 or raw[1] == " "))
                or (flow and first in "?:")  # in flow context these are indicators
                or ": " in raw
                or " #" in raw
                or raw.endswith(":")
                or raw != raw.strip(" ")
                or (flow and any(c in FLOW_INDICATORS for c in raw))
            ):
                raise Decline
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
        if view is None:
            raise Decline  # an empty value ("- " with nothing after it): PyYAML's null
        value = bytes(view).decode("utf-8")
        if bits & (ryml.KEY_PLAIN if key else ryml.VAL_PLAIN):
            return value, self.scalar_token(value, False, flow), plain_tag(value)
        if bits & (ryml.KEY_SQUO if key else ryml.VAL_SQUO):
            raw = "'" + value.replace("'", "''") + "'"
        elif bits & (ryml.KEY_DQUO if key else ryml.VAL_DQUO):
            raw = '"' + value + '"' if "\\" not in value and '"' not in value else ""
        elif key or indent is None:
            raise Decline  # a block scalar key, or one in flow context
        else:
            return self.block_scalar(indent), self.pos_before, STR
        if raw and self.text.startswith(raw, self.pos) and "\n" not in raw:
            return value, self.scalar_token(raw, True, flow), STR
        if key:
            raise Decline  # PyYAML refuses multi-line keys; escaped keys: PyYAML reads
        return self.quoted_scalar(), self.pos_before, STR

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
            raise Decline
        cursor = start + 1
        while True:
            end = text.find(quote, cursor)
            if end < 0:
                raise Decline
            if quote == "'" and text.startswith("''", end):
                cursor = end + 2
                continue
            if quote == '"':
                slashes = end - len(text[:end].rstrip("\\"))
                if slashes % 2:
                    cursor = end + 1
                    continue
            break
        value = pyyaml_scalar(text[start : end + 1], quote)
        self._advance(end + 1)
        return value

    def block_scalar(self, indent: int) -> str:
        """A literal or folded block scalar (``|``, ``>-``...): PyYAML reads its lines,
        moved left so that the key holding them stands in column 0."""
        text, start = self.text, self.pos
        if text[start : start + 1] not in ("|", ">"):
            raise Decline
        header_end = text.find("\n", start)
        if header_end < 0:
            raise Decline
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
        value = pyyaml_block("k: " + text[start:header_end] + "\n" + body)
        self._advance(end)
        return value

    # --- the tree -------------------------------------------------------------------

    def document(self) -> Any:
        tree = self.tree
        root = tree.root_id()
        bits = self.type(root)
        if bits & (ryml.STREAM | ryml.DOC) or not bits & (ryml.MAP | ryml.SEQ):
            raise Decline  # document markers, several documents, or a bare scalar
        self.skip()
        data = self.node(root, bits, (), 0, None)
        self.skip()
        if self.pos != len(self.text) or self.expected:
            raise Decline
        return data

    def check_limits(self, depth: int) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes or depth > self.limits.max_depth:
            raise Decline

    def node(self, node: int, bits: int, path: tuple[Any, ...], depth: int, parent: Any) -> Any:
        """Build one collection node. ``parent`` is (kind, indent) of the block collection
        holding it, or None in flow context (and at the root)."""
        self.check_limits(depth)
        if bits & (ryml.VALANCH | ryml.VALREF | ryml.VALTAG | ryml.KEYANCH | ryml.KEYREF):
            raise Decline
        if bits & (ryml.FLOW_SL | ryml.FLOW_ML):
            return self.flow_collection(node, bits, path, depth, parent)
        if not bits & ryml.BLOCK:
            raise Decline
        if bits & ryml.MAP:
            return self.block_mapping(node, path, depth, parent)
        return self.block_sequence(node, path, depth, parent)

    def flow_collection(
        self, node: int, bits: int, path: tuple[Any, ...], depth: int, parent: Any
    ) -> Any:
        values = self.values

        def opened(offset: int, line: int, line_start: int) -> None:
            if parent is not None and offset - line_start <= parent[1]:
                raise Decline  # on a later line, no deeper than its parent
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
            raise Decline  # a mapping no deeper than its parent
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
        known = BLOCK_PLAIN
        if depth + 1 > self.limits.max_depth:
            raise Decline
        while child != none:
            bits = type_of(child)
            if bits & _SIMPLE_CHECK != _SIMPLE_ENTRY or self.expected:
                key_column = self.entry(child, result, path, depth, parent, flow=False)
                if key_column != column:
                    raise Decline
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
                raise Decline
            key = bytes(key_of(child)).decode("utf-8")
            if known.get(key) != STR and block_plain_tag(key) != STR:
                raise Decline
            if not startswith(key, end) or key in result or len(key) > MAX_KEY:
                raise Decline
            child_path = (*path, key)
            keys[child_path] = pack(self.line, column + 1)
            pos = end + len(key)
            if startswith(": ", pos):
                pos += 2
            else:
                match = _AFTER_KEY.match(text, pos)
                if match is None:
                    raise Decline
                pos = match.end()
            end = gap(text, pos).end()  # type: ignore[union-attr]
            newlines = count("\n", pos, end)
            if newlines:
                self.line += newlines
                self.line_start = rfind("\n", pos, end) + 1
            value = bytes(value_of(child)).decode("utf-8")
            tag = known.get(value) or block_plain_tag(value)
            value_column = end - self.line_start
            if not startswith(value, end) or value_column <= column:
                raise Decline
            values[child_path] = position = pack(self.line, value_column + 1)
            self.pos = end + len(value)
            result[key] = value if tag == STR else self.convert(tag, value, position)
            child = next_sibling(child)
        if self.nodes > self.limits.max_nodes:
            raise Decline
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
            raise Decline
        # a block mapping's first key is its own position; later keys start lines
        self.skip(first_on_line=not flow and not first)
        key, offset, tag = self.value_of(child, bits, True, flow)
        if tag != STR or key in result or len(key) > MAX_KEY:
            raise Decline  # merge keys, non-string keys, duplicates: PyYAML's messages
        if first and not flow:
            self.values.setdefault(path, self.position(offset))
        child_path = (*path, key)
        self.keys[child_path] = self.position(offset)
        match = _AFTER_KEY.match(self.text, self.pos)
        if match is None:
            raise Decline  # the ":" must follow the key on its line
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
                    raise Decline
                values.setdefault(path, pack(line, column + 1))
            elif column != holder[1] or text[line_start:offset].strip(" "):
                raise Decline  # entries in one column, each first on its line

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
            raise Decline  # "[a: b]": a single-pair mapping inside a flow sequence
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
            raise Decline
        self.skip()
        line, line_start = self.line, self.line_start  # a token may span lines
        value, offset, tag = self.value_of(
            node, bits, False, flow, None if parent is None else parent[1]
        )
        column = offset - line_start
        if parent is not None and column <= parent[1]:
            raise Decline  # a value on a later line, no deeper than its parent
        position = pack(line, column + 1)
        self.values.setdefault(path, position)
        return self.convert(tag, value, position)

    def _need_newline_before_next_token(self) -> None:
        match = _GAP.match(self.text, self.pos)
        if match is None or "\n" not in self.text[self.pos : match.end()]:
            raise Decline

    def convert(self, tag: str, value: str, position: int) -> Any:
        return value if tag == STR else convert(tag, value, position, self.builder)


def read(text: str, limits: Limits, builder: Any) -> Any:
    """Plain data for ``text`` (positions into ``builder``'s source map), or None."""
    if ryml is None:
        return None
    try:
        tree = _parse_quietly(text.encode("utf-8"))
    except Exception:  # any parse problem: PyYAML reports it exactly
        return None
    try:
        return _Walk(text, tree, limits, builder).document()
    except (Decline, InputError, RecursionError):
        return None
