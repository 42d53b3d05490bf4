"""A fast path for reading Terraform HCL: the structure python-hcl2 gives, or a refusal.

python-hcl2 (8.x) parses with Lark's LALR parser in pure Python and then walks a tree of
rule objects to serialise it; that costs seconds per megabyte and was most of the time of
``archlint lint`` on a Terraform directory. This module tokenises the whole text with one
compiled regular expression and parses the tokens by recursive descent, building the same
dicts, lists and strings directly. It only *accepts* what it can reproduce exactly: for
anything else - every syntax error included - it raises :class:`Unsupported`, and the
caller parses the text with python-hcl2, which gives the same result or its own error.
So a file behaves the same whichever path reads it; the fast path only makes it quicker.

:func:`loads` returns what ``hcl2.loads(text, serialization_options=
SerializationOptions(with_comments=False, preserve_heredocs=False))`` returns:

- strings keep their quotes and escapes as written (``'"a\\\\n"'``); interpolations are
  re-rendered the way python-hcl2 renders expressions (``"${ f( x ) }"`` -> ``"${f(x)}"``);
- numbers, ``true``/``false``/``null`` are Python values at the top of a value, tuples
  and objects are lists and dicts; any other expression is ``"${...}"`` with python-hcl2's
  spacing (``a + b``, ``c ? d : e``, ``f(x, y)``, ``{k = v}``, ``[for x in y : x]``);
- blocks carry ``"__is_block__": True``, labels nest (``{'"type"': {'"name"': {...}}}``)
  and repeated blocks make a list; heredocs become quoted strings.

Supported: attributes, blocks, comments of all three kinds, strings with interpolations,
heredocs (``<<`` and ``<<-``), numbers, booleans, null, tuples, objects, traversals
(``.attr``, ``.0``, ``[index]``, ``.*``, ``[*]``), function calls (with ``...`` and
``provider::ns::name``), unary, binary and conditional operators, parentheses and
``for`` expressions, with line breaks where python-hcl2's grammar allows them (and an
operator starting a continuation line). On 1 MB of generated Terraform it takes 0.03 s
where python-hcl2 takes 3 s, and a seventh of python-hcl2's memory. Names may be
Unicode, as Terraform's are; python-hcl2's lexer refuses them, so those are read here only.

Left to python-hcl2 (some it refuses, some it reads in ways not reproduced here):
template directives (``"%{ if x }"``); its escaped-quote strings (``\\"x\\"``); a comment
before an operator that continues a line (python-hcl2 keeps the comment in the text); a
line break between a block's labels and its ``{`` (it becomes a label); the keywords
``for in if else endif endfor for_each`` as variables or functions, and ``true``,
``false``, ``null`` as functions or iterators (its lexer reads them as keywords in some
places); object keys starting with ``-``; a ``-`` its lexer joins to the number after it
(``x -12`` is ``x`` then ``-12``, ``-00`` is ``0``, ``- -12`` is ``12``); a number literal as
a ``for`` value (python-hcl2 fails on it); an interpolation ending in a line break; a
continuation line after a blank one; a block named like an attribute before it (an error
there); integers over 4000 digits; nesting over 48 levels or strings nested in
interpolations over three deep; and every syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from archlint.gcpause import collector_paused

__all__ = [
    "ERROR_TOKEN",
    "NEWLINE_TOKEN",
    "STRING_TOKEN",
    "TEMPLATE_PART",
    "Unsupported",
    "loads",
    "plain_tokens",
]


class Unsupported(Exception):
    """The text holds something this parser does not reproduce exactly: use python-hcl2."""


# --- tokens -----------------------------------------------------------------------------

# Inside a quoted string (python-hcl2's STRING_CHARS and escaped ${ / %{ markers): any
# character but a quote or backslash, an escape pair, and "$" or "%" not opening "${"/"%{".
_CHARS = r'[^"\\$%]|\\.|\$(?!\$?\{)|%(?!%?\{)'
_ESCAPED = r"\$\$\{[^}]*\}|%%\{[^}]*\}"
_DEPTH = 3  # strings nested in interpolations: deeper ones are left to python-hcl2


def _interpolation_body(depth: int) -> str:
    """What may stand between ``${`` and its ``}``: braces and strings balanced."""
    if depth == 0:
        return r'[^{}"]*'
    inner = _interpolation_body(depth - 1)
    return rf'(?:[^{{}}"]|"{_string_body(depth - 1)}"|\{{{inner}\}})*'


def _string_body(depth: int) -> str:
    return rf"(?:{_CHARS}|{_ESCAPED}|\$\{{{_interpolation_body(depth)}\}})*"


_NL_ITEM = r"(?:\n|#[^\n]*\n|//[^\n]*\n|/\*[\s\S]*?\*/)"
# Terraform identifiers are Unicode (ID_Start, then ID_Continue or "-"); python-hcl2 reads
# ASCII only, so a non-ASCII name is read here or nowhere.
_NAME_RE = r"[^\W\d][\w-]*"
_KEYWORD_RE = r"(?:for|in|if|else|endif|endfor|for_each)(?![\w-])"
# Most lines of Terraform are ``name = "text"``, ``name = 3``, ``name = a.b.c`` or a block
# header ``type "label" name {``: each is one token, taken whole only where nothing can
# follow on its line but a comment, "}" or "," (so the value is surely complete); the
# line break after an attribute is part of its token. Anything else is tokenised piece by
# piece. A string here has no escape, "$" or "%"; a traversal no keyword to start with.
_ATTRIBUTE = (
    rf"(?P<attr>(?!for[ \t]*=)(?P<aname>{_NAME_RE})[ \t]*=(?![=>])[ \t]*"
    r'(?:(?P<astr>"[^"\\$%\n]*")|(?P<anum>[0-9]{1,15})'
    rf"|(?P<apath>(?!{_KEYWORD_RE}){_NAME_RE}(?:\.{_NAME_RE}){{0,8}}))"
    # the line breaks after it, unless an operator continues the value on the next line
    r"[ \t\r]*(?:(?:\n[ \t\r]*)+(?![ \t\r]*(?:[+*%<>&|?!=]|/(?![/*])))|(?=[},#]|//|/\*)))"
)
_LABEL_RE = rf'{_NAME_RE}|"[^"\\$%\n]*"'
_BLOCK = rf"(?P<block>(?P<bname>{_NAME_RE})(?P<blabels>(?:[ \t]+(?:{_LABEL_RE}))*)[ \t]*\{{)"


def _tokens(whole_lines: bool) -> re.Pattern[str]:
    """The tokeniser: one alternative per token kind, each one group, so a match's
    ``lastindex`` is its kind (inner groups close before their outer one). Spaces, tabs
    and carriage returns between tokens are skipped, as python-hcl2 ignores them. Without
    ``whole_lines`` the one-token lines never match (their groups stay, numbered alike)."""
    attribute = _ATTRIBUTE
    block = _BLOCK
    if not whole_lines:
        attribute = "(?P<attr>(?!)(?P<aname>)(?P<astr>)(?P<anum>)(?P<apath>))"
        block = "(?P<block>(?!)(?P<bname>)(?P<blabels>))"
    return re.compile(
        r"[ \t\r]*(?:"
        rf"(?P<nl>(?:{_NL_ITEM}[ \t\r]*)+)"
        rf"|{attribute}"
        rf"|{block}"
        rf"|(?P<name>{_NAME_RE})"
        rf'|(?P<str>"{_string_body(_DEPTH)}")'
        r"|(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
        r"|(?P<heredoc><<(?P<trim>-?)(?P<marker>[A-Za-z][A-Za-z0-9._-]*)\r?\n"
        r"(?:[\s\S]*?\r?\n)??\s*(?P=marker)\r?\n)"
        r"|(?P<op>\.\.\.|\.\*|\[\*\]|::|=>|==|!=|<=|>=|&&|\|\||/(?!\*)|<(?!<)"
        r"|[{}\[\]().,=:?+\-*%>!])"
        r"|(?P<end>\Z)"
        r"|(?P<err>[\s\S]))"
    )


_TOKEN = _tokens(True)


@cache
def plain_tokens() -> re.Pattern[str]:
    """The tokeniser without one-token lines (one token a match): to split a one-token line
    found inside an expression, and for callers that rewrite text by token. Compiled on
    first use: it took 1.3 ms of every Terraform run, and most configurations never need it.
    Its kinds are numbered as :data:`_TOKEN`'s (``NEWLINE_TOKEN``...)."""
    plain = _tokens(False)
    assert plain.groupindex == _TOKEN.groupindex
    return plain


# Token kinds, for callers that rewrite text by token.
NEWLINE_TOKEN = _TOKEN.groupindex["nl"]  # line breaks and comments
STRING_TOKEN = _TOKEN.groupindex["str"]
ERROR_TOKEN = _TOKEN.groupindex["err"]
_NL = _TOKEN.groupindex["nl"]
_NAME = _TOKEN.groupindex["name"]
_STR = _TOKEN.groupindex["str"]
_NUM = _TOKEN.groupindex["num"]
_HEREDOC = _TOKEN.groupindex["heredoc"]
_TRIM = _TOKEN.groupindex["trim"]
_MARKER = _TOKEN.groupindex["marker"]
_OP = _TOKEN.groupindex["op"]
_END = _TOKEN.groupindex["end"]
_ATTR = _TOKEN.groupindex["attr"]
_ANAME = _TOKEN.groupindex["aname"]
_ASTR = _TOKEN.groupindex["astr"]
_ANUM = _TOKEN.groupindex["anum"]
_APATH = _TOKEN.groupindex["apath"]
_BLOCK_HEADER = _TOKEN.groupindex["block"]
_BNAME = _TOKEN.groupindex["bname"]
_BLABELS = _TOKEN.groupindex["blabels"]
_LABELS = re.compile(_LABEL_RE)

# A template's parts: literal text, or an interpolation whose expression is group 1.
_PART = re.compile(rf"(?:{_CHARS}|{_ESCAPED})+|\$\{{({_interpolation_body(_DEPTH)})\}}")
# python-hcl2's number terminals, which take a leading "-" when its lexer may start a
# literal there: "-12", "-1.5", "-1e5" (but not "-1"), even after an operand.
_LARK_NUMBER = re.compile(
    r"(?:(?:-[0-9])?[0-9]+|(?:-[0-9])+)\.[0-9]+(?:[eE][+-]?[0-9]+)?"
    r"|(?:(?:-[0-9])?[0-9]+|(?:-[0-9])+)[eE][+-]?[0-9]+"
    r"|(?:-[0-9])?[0-9]+"
)
TEMPLATE_PART = _PART  # for callers that rewrite a string part by part
_SIMPLE_NEWLINE = re.compile(r"\n[ \t\r]*")

_BINARY = frozenset(("==", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "&&", "||"))
# Operators python-hcl2 lets start a continuation line (its lexer joins a newline to the
# operator after it): all binary ones but "-", which is also negation, and "?".
_AFTER_NEWLINE = (_BINARY - {"-"}) | {"?"}
# Tokens that extend an expression after a primary (calls are checked separately).
_EXTENDS = _BINARY | {"?", ".", "[", ".*", "[*]"}
# Keywords python-hcl2's lexer may read as keywords rather than names in an expression
# (after a line break, say, where its LALR tables also expect an attribute's name).
_KEYWORDS = frozenset(("for", "in", "if", "else", "endif", "endfor", "for_each"))
_LITERALS = {"true": True, "false": False, "null": None}
# Names that are no function or iterator to python-hcl2's lexer in some places.
_RESERVED = _KEYWORDS | set(_LITERALS)
# python-hcl2 recurses once or more per level of its tree and fails past Python's limit
# (from a shallow stack: 121 nested interpolations, 161 objects, 243 attributes in a row);
# deeper text is left to it. A level is a bracket, block, interpolation (two), conditional
# or one operator or traversal step of a chain (left-recursive in python-hcl2's tree).
_MAX_DEPTH = 48
_MAX_DIGITS = 4000  # python-hcl2 calls int(), which refuses more than 4300 digits


def loads(text: str) -> dict[str, Any]:
    """What python-hcl2 reads (comments off, heredocs as strings), or :class:`Unsupported`."""
    try:
        with collector_paused():
            # python-hcl2 appends a newline too, so a final comment or heredoc ends properly
            return _Parser(text + "\n").document()
    except Unsupported:
        raise
    except RecursionError:
        raise Unsupported("nested too deeply") from None
    except Exception as error:  # a gap in this parser: python-hcl2 decides
        raise Unsupported(f"{type(error).__name__}: {error}") from error


def _number(text: str) -> str:
    """A number as python-hcl2 writes it inside an expression."""
    if "." not in text and "e" not in text and "E" not in text:
        if len(text) > _MAX_DIGITS:
            raise Unsupported("integer too long")
        return str(int(text))
    if "e" in text or "E" in text:
        return text  # scientific notation is kept as written
    return str(float(text))


def _top_number(text: str) -> Any:
    """A number standing alone as a value: an int, a float or ``"${1e5}"``."""
    if "." not in text and "e" not in text and "E" not in text:
        if len(text) > _MAX_DIGITS:
            raise Unsupported("integer too long")
        return int(text)
    if "e" in text or "E" in text:
        return "${" + text + "}"
    return float(text)


def _heredoc(match: re.Match[str]) -> str:
    """A heredoc as the quoted, escaped one-line string python-hcl2 makes of it."""
    token = match[_HEREDOC]
    marker = match[_MARKER]
    start = token.index("\n") + 1
    end = len(token) - len(marker) - (2 if token.endswith("\r\n") else 1)
    body = token[start:end].rstrip(" \t")
    if body.endswith("\r\n"):  # the line break before the closing marker's line
        body = body[:-2]
    elif body.endswith("\n"):
        body = body[:-1]
    if not match[_TRIM]:
        escaped = body.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return '"' + escaped + '"'
    lines = body.split("\n")
    # <<- strips the least indentation (in spaces) of the lines that hold anything
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return (
        '"'
        + "\\n".join(line[cut:].replace("\\", "\\\\").replace('"', '\\"') for line in lines)
        + '"'
    )


class _Parser:
    """Recursive descent over the token list. Methods take the index of their first token
    and return ``(value, index after it)``; "dollar" methods return python-hcl2's text of
    an expression inside ``${...}``, "top" methods the value it gives a whole value."""

    __slots__ = ("depth", "peak", "text", "toks")

    def __init__(self, text: str, start: int = 0, end: int | None = None, depth: int = 0) -> None:
        self.text = text
        self.toks = list(_TOKEN.finditer(text, start, len(text) if end is None else end))
        self.depth = depth  # levels of python-hcl2's tree above the current token
        self.peak = depth  # the deepest level reached since the innermost chain began

    def enter(self, levels: int = 1) -> None:
        depth = self.depth = self.depth + levels
        if depth > self.peak:
            self.peak = depth
            if depth > _MAX_DEPTH:
                raise Unsupported("nested too deeply")

    def chain(self, saved: int, steps: int) -> None:
        """A chain of ``steps`` operators or traversals ended; ``saved`` is the peak from
        before it. python-hcl2 nests the chain's first operand ``steps`` levels deep."""
        peak = self.peak + steps
        if peak > _MAX_DEPTH:
            raise Unsupported("nested too deeply")
        self.peak = peak if peak > saved else saved

    # --- structure ----------------------------------------------------------------------

    def document(self) -> dict[str, Any]:
        result, _ = self.body(0, False)
        return result

    def body(self, i: int, nested: bool) -> tuple[dict[str, Any], int]:
        toks = self.toks
        result: dict[str, Any] = {}
        attributes: set[str] = set()
        while True:
            m = toks[i]
            k = m.lastindex
            if k == _ATTR:
                name = m[_ANAME]
                result[name] = self.attribute_top(m)
                attributes.add(name)
                i += 1
            elif k == _BLOCK_HEADER:
                labels = m[_BLABELS]
                i = self.block(result, attributes, m[_BNAME], _LABELS.findall(labels), i + 1)
            elif k == _NAME:
                name = m[k]
                n = toks[i + 1]
                nk = n.lastindex
                if nk == _OP and n[nk] == "=":
                    value, i = self.top(i + 2)
                    result[name] = value
                    attributes.add(name)
                    continue
                labels_: list[str] = []
                i += 1
                while nk != _OP or n[nk] != "{":  # no newline: python-hcl2 would label it
                    if nk == _NAME:
                        labels_.append(n[nk])
                    elif nk == _STR:
                        labels_.append(self.string(n))
                    else:
                        raise Unsupported("not an attribute or a block")
                    i += 1
                    n = toks[i]
                    nk = n.lastindex
                i = self.block(result, attributes, name, labels_, i + 1)
            elif k == _NL:
                i += 1
            elif nested and k == _OP and m[k] == "}":
                return result, i + 1
            elif k == _END and not nested:
                return result, i
            else:
                raise Unsupported("not an attribute or a block")

    def block(
        self, result: dict[str, Any], attributes: set[str], name: str, labels: list[str], i: int
    ) -> int:
        """A block's body from ``i`` (after its ``{``), added to ``result``."""
        self.enter()
        block, i = self.body(i, True)
        self.depth -= 1
        block["__is_block__"] = True
        for label in reversed(labels):
            block = {label: block}
        if name in attributes:
            raise Unsupported("a block named like an attribute")  # python-hcl2 raises
        entries = result.get(name)
        if entries is None:
            result[name] = [block]
        else:
            entries.append(block)
        return i

    def attribute_top(self, m: re.Match[str]) -> Any:
        """The value of a one-token attribute, as a whole value."""
        value = m[_ASTR]
        if value is not None:
            return value
        value = m[_ANUM]
        if value is not None:
            return int(value)
        value = m[_APATH]
        if "." in value:
            if self.depth + value.count(".") > _MAX_DEPTH:
                raise Unsupported("nested too deeply")
            return "${" + value + "}"
        return _LITERALS.get(value, value)  # true, false, null or a name

    def attribute_dollar(self, m: re.Match[str]) -> str:
        """A one-token attribute as an object element inside ``${...}``."""
        value = m[_ANUM]
        if value is not None:
            value = str(int(value))
        else:
            value = m[_ASTR] or m[_APATH]
            if "." in value and self.depth + value.count(".") > _MAX_DEPTH:
                raise Unsupported("nested too deeply")
        return m[_ANAME] + " = " + value

    # --- helpers ------------------------------------------------------------------------

    def split(self, i: int) -> None:
        """Replace the one-token line at ``i`` by its tokens: an expression holds it, as in
        the object key ``x.y = 1`` (``y = 1`` looked like a line)."""
        m = self.toks[i]
        parts = list(plain_tokens().finditer(self.text, m.start(m.lastindex), m.end()))
        self.toks[i : i + 1] = parts[:-1]  # without the end token

    def skip(self, i: int) -> int:
        """Past newlines and comments (where the grammar allows them)."""
        return i + 1 if self.toks[i].lastindex == _NL else i

    def expect(self, i: int, op: str) -> int:
        m = self.toks[i]
        if m.lastindex != _OP or m[_OP] != op:
            raise Unsupported(f"expected {op!r}")
        return i + 1

    def is_op(self, i: int, op: str) -> bool:
        m = self.toks[i]
        return m.lastindex == _OP and m[_OP] == op

    def operator(self, i: int) -> tuple[str | None, int]:
        """The operator that continues an expression at ``i`` (and its index): one on the
        same line, or one after a single plain line break that python-hcl2's lexer joins
        to it. A comment there would end up in python-hcl2's text: not continued."""
        toks = self.toks
        m = toks[i]
        k = m.lastindex
        if k == _OP:
            return m[k], i
        if k == _NL and _SIMPLE_NEWLINE.fullmatch(m[k]):
            n = toks[i + 1]
            if n.lastindex == _OP and n[_OP] in _AFTER_NEWLINE:
                return n[_OP], i + 1
        return None, i

    def extends(self, i: int, after_name: bool) -> bool:
        """Whether the expression goes on past the primary that ends before ``i``."""
        op, j = self.operator(i)
        if op is None:
            return False
        if j == i:
            return op in _EXTENDS or (after_name and op in ("(", "::"))
        return True  # an operator after a line break

    def minus(self, i: int, unary: bool) -> None:
        """python-hcl2's lexer reads "-12" as one number wherever one may start - even
        after an operand, where it is then an error; accept "-" only where it is not."""
        m = self.toks[i]
        literal = _LARK_NUMBER.match(self.text, m.start(_OP))
        if literal is None or not literal[0].startswith("-"):
            return
        if unary:
            n = self.toks[i + 1]
            number = literal[0][1:]
            if (
                n.lastindex == _NUM
                and n.start(_NUM) == m.end(_OP)
                and n[_NUM] == number
                and not (number.isdigit() and int(number) == 0)  # hcl2 writes "-00" as 0
            ):
                return  # the same number either way
        raise Unsupported("a number python-hcl2 lexes with its sign")

    # --- values as python-hcl2 gives them at the top of a value -------------------------

    def top(self, i: int) -> tuple[Any, int]:
        """A whole value (attribute, tuple element, object value, parenthesised)."""
        toks = self.toks
        m = toks[i]
        k = m.lastindex
        if k in (_ATTR, _BLOCK_HEADER):  # "a = x {" is no block
            self.split(i)
            return self.top(i)
        if k == _NAME:
            if not self.extends(i + 1, True):
                name = m[k]
                if name in _LITERALS:
                    return _LITERALS[name], i + 1
                if name in _KEYWORDS:
                    raise Unsupported("a keyword as a value")
                return name, i + 1
        elif k == _STR:
            if not self.extends(i + 1, False):
                return self.string(m), i + 1
        elif k == _NUM:
            if not self.extends(i + 1, False):
                return _top_number(m[k]), i + 1
        elif k == _HEREDOC:
            if not self.extends(i + 1, False):
                return _heredoc(m), i + 1
        elif k == _OP:
            op = m[k]
            value: Any
            self.enter()
            if op == "[":
                j = self.skip(i + 1)
                if self.is_for(j):
                    text, j = self.for_tuple(j + 1)
                    value = "${" + text + "}"
                else:
                    value, j = self.top_tuple(j)
            elif op == "{":
                j = self.skip(i + 1)
                if self.is_for(j):
                    text, j = self.for_object(j + 1)
                    value = "${" + text + "}"
                else:
                    value, j = self.top_object(j)
            elif op == "(":
                inner, j = self.top(self.skip(i + 1))
                j = self.expect(self.skip(j), ")")
                if isinstance(inner, str) and inner.startswith("${") and inner.endswith("}"):
                    value = "${(" + inner[2:-1] + ")}"
                else:  # python-hcl2 formats the inner value with str(): "(True)", "([1])"
                    value = "${(" + str(inner) + ")}"
            elif op == "-":
                self.minus(i, True)
                text, j = self.term(i + 1)
                n = toks[i + 1]
                if j == i + 2 and n.lastindex == _NUM and "e" not in n[_NUM] and "E" not in n[_NUM]:
                    value = -_top_number(n[_NUM])  # a negative number, not an expression
                else:
                    value = "${-" + text + "}"
            else:
                j = -1
            self.depth -= 1
            if j >= 0 and not self.extends(j, False):
                return value, j
        text, j = self.expression(i)
        return "${" + text + "}", j

    def top_tuple(self, i: int) -> tuple[list[Any], int]:
        return self.elements(i, self.top)

    def elements(self, i: int, element: Callable[[int], tuple[Any, int]]) -> tuple[list[Any], int]:
        """A tuple's elements up to its "]", each read by ``element``; the index after it."""
        items: list[Any] = []
        while not self.is_op(i, "]"):
            item, i = element(i)
            items.append(item)
            i = self.skip(i)
            if self.is_op(i, ","):
                i = self.skip(i + 1)
            elif not self.is_op(i, "]"):
                raise Unsupported("expected ',' or ']'")
        return items, i + 1

    def top_object(self, i: int) -> tuple[dict[str, Any], int]:
        result: dict[str, Any] = {}
        toks = self.toks
        while not self.is_op(i, "}"):
            m = toks[i]
            if m.lastindex == _ATTR:
                result[m[_ANAME]] = self.attribute_top(m)
                i += 1
            else:
                key, i = self.key(i, False)
                value, i = self.top(i)
                result[key] = value
            i = self.separator(i)
        return result, i + 1

    def separator(self, i: int) -> int:
        """After an object element: a line break, a comma, both, or nothing."""
        i = self.skip(i)
        if self.is_op(i, ","):
            i = self.skip(i + 1)
        return i

    def key(self, i: int, dollar: bool) -> tuple[str, int]:
        """An object key and the index after its ``=`` or ``:``."""
        toks = self.toks
        m = toks[i]
        k = m.lastindex
        n = toks[i + 1]
        if n.lastindex == _OP and n[_OP] in ("=", ":"):
            if k == _NAME:
                return m[k], i + 2  # keywords and true/false/null too, as names
            if k == _STR:
                return self.string(m), i + 2
            if k == _NUM:
                text = m[k]
                if "e" in text or "E" in text:
                    return (text if dollar else "${" + text + "}"), i + 2
                return _number(text), i + 2
        if (k == _NAME and m[k] in _KEYWORDS) or (k == _OP and m[k] == "-"):
            raise Unsupported("a key python-hcl2's lexer may read differently")
        text, i = self.expression(i)
        m = toks[i]
        if m.lastindex != _OP or m[_OP] not in ("=", ":"):
            raise Unsupported("expected '=' or ':'")
        return (text if dollar else "${" + text + "}"), i + 1

    # --- expressions as python-hcl2 writes them inside ${...} ---------------------------

    def expression(self, i: int) -> tuple[str, int]:
        text, i = self.binary(i)
        op, j = self.operator(i)
        if op != "?":
            return text, i
        self.enter()
        yes, i = self.expression(self.skip(j + 1))
        i = self.expect(self.skip(i), ":")
        no, i = self.expression(self.skip(i))
        self.depth -= 1
        return f"{text} ? {yes} : {no}", i

    def binary(self, i: int) -> tuple[str, int]:
        # python-hcl2 writes operands and operators in order, whatever the precedence
        saved = self.peak
        self.peak = self.depth
        text, i = self.unary(i)
        steps = 0
        while True:
            op, j = self.operator(i)
            if op is None or op not in _BINARY:
                self.chain(saved, steps)
                return text, i
            if op == "-":
                self.minus(j, False)
            right, i = self.unary(self.skip(j + 1))
            text = f"{text} {op} {right}"
            steps += 1

    def unary(self, i: int) -> tuple[str, int]:
        m = self.toks[i]
        if m.lastindex == _OP:
            op = m[_OP]
            if op == "-" or op == "!":
                if op == "-":
                    self.minus(i, True)
                text, i = self.term(i + 1)
                return op + text, i
        return self.term(i)

    def term(self, i: int) -> tuple[str, int]:
        """A primary and its traversals."""
        toks = self.toks
        saved = self.peak
        self.peak = self.depth
        text, i = self.primary(i)
        steps = 0
        while True:
            m = toks[i]
            if m.lastindex != _OP:
                self.chain(saved, steps)
                return text, i
            op = m[_OP]
            steps += 1
            if op == ".":
                n = toks[i + 1]
                nk = n.lastindex
                if nk in (_ATTR, _BLOCK_HEADER):
                    self.split(i + 1)
                    steps -= 1
                    continue  # and read the "." again
                if nk == _NAME:
                    text += "." + n[nk]
                elif nk == _NUM and n[nk].isdigit():
                    text += "." + _number(n[nk])
                else:
                    raise Unsupported("expected an attribute or index after '.'")
                i += 2
            elif op == "[":
                self.enter()
                index, i = self.expression(self.skip(i + 1))
                self.depth -= 1
                i = self.expect(self.skip(i), "]")
                text += "[" + index + "]"
            elif op == ".*" or op == "[*]":
                text += op
                i += 1
            else:
                self.chain(saved, steps - 1)
                return text, i

    def primary(self, i: int) -> tuple[str, int]:
        toks = self.toks
        m = toks[i]
        k = m.lastindex
        if k == _NAME:
            name = m[k]
            if name in _KEYWORDS:
                raise Unsupported("a keyword as a value or function")
            n = toks[i + 1]
            if n.lastindex == _OP:
                op = n[_OP]
                if op in ("(", "::") and name in _LITERALS:
                    raise Unsupported("true, false or null as a function")  # hcl2 refuses
                if op == "(":
                    return self.call(name, i + 2)
                if op == "::":  # provider::namespace::function(...)
                    parts = [name]
                    j = i + 1
                    for _ in range(2):
                        j = self.expect(j, "::")
                        p = toks[j]
                        if p.lastindex != _NAME or p[_NAME] in _RESERVED:
                            raise Unsupported("expected a name after '::'")
                        parts.append(p[_NAME])
                        j += 1
                    return self.call("::".join(parts), self.expect(j, "("))
            return name, i + 1
        if k == _STR:
            return self.string(m), i + 1
        if k == _NUM:
            return _number(m[k]), i + 1
        if k == _HEREDOC:
            return _heredoc(m), i + 1
        if k in (_ATTR, _BLOCK_HEADER):
            self.split(i)
            return self.primary(i)
        if k == _OP:
            op = m[k]
            if op == "(" or op == "[" or op == "{":
                self.enter()
                i = self.skip(i + 1)
                if op == "(":
                    text, i = self.expression(i)
                    text, i = "(" + text + ")", self.expect(self.skip(i), ")")
                elif self.is_for(i):
                    text, i = self.for_tuple(i + 1) if op == "[" else self.for_object(i + 1)
                else:
                    text, i = self.tuple(i) if op == "[" else self.object(i)
                self.depth -= 1
                return text, i
        raise Unsupported("expected an expression")

    def call(self, name: str, i: int) -> tuple[str, int]:
        """``name(`` has been read; the arguments up to ``)``."""
        self.enter()
        args: list[str] = []
        ellipsis = ""
        i = self.skip(i)
        while not self.is_op(i, ")"):
            arg, i = self.expression(i)
            args.append(arg)
            if self.is_op(i, "..."):
                ellipsis = " ..."
                i = self.skip(i + 1)
                break
            j = self.skip(i)
            if not self.is_op(j, ","):
                i = j
                break
            after = self.skip(j + 1)
            if self.is_op(after, ")") and j != i:
                raise Unsupported("a trailing comma on its own line")  # hcl2 refuses it
            i = after
        i = self.expect(i, ")")
        self.depth -= 1
        return name + "(" + ", ".join(args) + ellipsis + ")", i

    def tuple(self, i: int) -> tuple[str, int]:
        items, i = self.elements(i, self.expression)
        return "[" + ", ".join(items) + "]", i

    def object(self, i: int) -> tuple[str, int]:
        items: list[str] = []
        toks = self.toks
        while not self.is_op(i, "}"):
            m = toks[i]
            if m.lastindex == _ATTR:
                items.append(self.attribute_dollar(m))
                i += 1
            else:
                key, i = self.key(i, True)
                value, i = self.expression(i)
                items.append(f"{key} = {value}")
            i = self.separator(i)
        return "{" + ", ".join(items) + "}", i + 1

    def is_for(self, i: int) -> bool:
        m = self.toks[i]
        return m.lastindex == _NAME and m[_NAME] == "for"

    def for_intro(self, i: int) -> tuple[str, int]:
        """After ``for``: ``k, v in collection :``."""
        toks = self.toks
        i = self.skip(i)
        names: list[str] = []
        while True:
            m = toks[i]
            if m.lastindex != _NAME or m[_NAME] in _RESERVED:
                raise Unsupported("expected an iterator name")
            names.append(m[_NAME])
            i += 1
            if len(names) == 2 or not self.is_op(i, ","):
                break
            i += 1
        i = self.skip(i)
        m = toks[i]
        if m.lastindex != _NAME or m[_NAME] != "in":
            raise Unsupported("expected 'in'")
        collection, i = self.expression(self.skip(i + 1))
        i = self.expect(self.skip(i), ":")
        return f"for {', '.join(names)} in {collection} : ", self.skip(i)

    def for_value(self, i: int) -> tuple[str, int]:
        """A for expression's value: python-hcl2 fails adding a number literal (not in
        scientific notation) to its text; "-12" is one literal to its lexer, "-1" is not."""
        start = i
        text, i = self.expression(i)
        toks = self.toks
        m = toks[start]
        number = toks[i - 1]
        literal = (i == start + 1 and m.lastindex == _NUM) or (
            i == start + 2
            and m.lastindex == _OP
            and m[_OP] == "-"
            and number.lastindex == _NUM
            and _LARK_NUMBER.match(self.text, m.start(_OP)) is not None
        )
        if literal and "e" not in number[_NUM] and "E" not in number[_NUM]:
            raise Unsupported("a number literal as a for value")
        return text, i

    def for_condition(self, i: int) -> tuple[str, int]:
        m = self.toks[i]
        if m.lastindex == _NAME and m[_NAME] == "if":
            condition, i = self.expression(self.skip(i + 1))
            return " if " + condition, self.skip(i)
        return "", i

    def for_tuple(self, i: int) -> tuple[str, int]:
        intro, i = self.for_intro(i)
        value, i = self.for_value(i)
        condition, i = self.for_condition(self.skip(i))
        return "[" + intro + value + condition + "]", self.expect(i, "]")

    def for_object(self, i: int) -> tuple[str, int]:
        intro, i = self.for_intro(i)
        key, i = self.expression(i)
        i = self.expect(i, "=>")
        value, i = self.for_value(self.skip(i))
        i = self.skip(i)
        ellipsis = ""
        if self.is_op(i, "..."):
            ellipsis = "..."
            i = self.skip(i + 1)
        condition, i = self.for_condition(i)
        return "{" + intro + key + " => " + value + ellipsis + condition + "}", self.expect(i, "}")

    # --- strings ------------------------------------------------------------------------

    def string(self, m: re.Match[str]) -> str:
        """A quoted string as written, its interpolations re-rendered."""
        text = m[_STR]
        if "${" not in text:
            return text
        start = m.start(_STR) + 1
        end = m.end(_STR) - 1
        out = ['"']
        position = start
        source = self.text
        while position < end:
            part = _PART.match(source, position, end)
            if part is None:
                raise Unsupported("a string part this parser does not read")
            if part.lastindex is None:
                out.append(part[0])
            else:
                inner = _Parser(source, part.start(1), part.end(1), self.depth)
                inner.enter(2)
                expression, j = inner.expression(0)
                if inner.peak > self.peak:
                    self.peak = inner.peak
                if inner.toks[j].lastindex != _END:
                    raise Unsupported("more than one expression in an interpolation")
                out.append("${" + expression + "}")
            position = part.end()
        out.append('"')
        return "".join(out)
