"""HCL expressions beyond a literal or a plain traversal, evaluated as Terraform would before
a plan: operators, conditionals, ``for`` expressions, a function call followed by a
traversal (``one(azurerm_x.y.pool).id``), and the pure functions real configurations use
for names, counts and ``for_each`` (:data:`FUNCTIONS`).

An expression text is parsed once (cached) into a small tree, then evaluated in a scope by
the HCL reader (:mod:`archlint.importers.hcl`), which resolves traversals (``var.x``,
``azurerm_x.y.id``) and templates. Semantics are Terraform's, checked with ``terraform
console`` (``tests/importers/test_hcl_expressions.py``); wherever archlint cannot be sure, the
result is :data:`UNKNOWN`, never a guess:

* unknown in, unknown out: an operator or function with an unknown operand is unknown; a
  conditional whose condition is known gives its chosen branch;
* an attribute archlint does not find may be an ``optional()`` attribute Terraform fills
  with ``null``, or an error: so ``try`` gives its first argument only when it is known,
  and ``lookup`` a present key only (never its default);
* ``==`` compares primitives and ``null`` only (Terraform tells a list from a tuple);
* arithmetic is on integers (a quotient is kept where a float holds it exactly):
  Terraform's numbers are 512-bit, so ``0.1 + 0.2`` is ``0.3`` there and not in a float;
* text that is not understood (a heredoc inside an expression, a splat after a call)
  is unknown as a whole.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any, Protocol

from archlint.importers.values import UNKNOWN, Reference, has_unknown, plain, scalar

__all__ = ["FUNCTIONS", "Evaluator", "call", "conform", "evaluate", "navigate"]


class Evaluator(Protocol):
    """What the HCL reader lends the expression evaluator."""

    def traverse(self, parts: list[str | int], scope: Any) -> Any: ...

    def template(self, text: str, scope: Any) -> Any: ...


class _Unsupported(Exception):
    """Text this module does not parse: the whole expression is unknown."""


class _Failed(Exception):
    """Terraform would report an error here (or archlint cannot be sure it would not)."""


# --- tokens ----------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<space>(?:\s+|#[^\n]*|//[^\n]*|/\*.*?\*/)+)"
    r"|(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<name>[^\W\d][\w\-]*)"
    r"|(?P<op>==|!=|<=|>=|&&|\|\||=>|\.\.\.|\[\*\]|\.\*|[-+*/%<>!?:()\[\]{},.=])",
    re.DOTALL,
)


def _string_end(text: str, start: int) -> int:
    """The position of the quote closing the string opened just before ``start``."""
    from archlint.importers.hcl import _closing_brace

    position = start
    while position < len(text):
        char = text[position]
        if char == "\\":
            position += 2
            continue
        if char == '"':
            return position
        if text.startswith(("${", "%{"), position):
            end = _closing_brace(text, position + 2)
            if end is None:
                raise _Unsupported
            position = end + 1
            continue
        if text.startswith(("$${", "%%{"), position):
            position += 3
            continue
        position += 1
    raise _Unsupported


def _tokens(text: str) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    position = 0
    while position < len(text):
        if text[position] == '"':
            end = _string_end(text, position + 1)
            out.append(("string", text[position + 1 : end]))
            position = end + 1
            continue
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise _Unsupported  # a heredoc, an unknown character
        position = match.end()
        kind = match.lastgroup or ""
        if kind == "space":
            continue
        out.append((kind, match.group()))
    out.append(("end", ""))
    return out


# --- the tree --------------------------------------------------------------------------
# ("lit", value) ("template", text) ("traversal", root, [part | ("index", node)])
# ("get", node, key-node) ("call", name, [nodes], expand-last) ("tuple", [nodes])
# ("object", [(key-node, node)]) ("unary", op, node) ("binary", op, left, right)
# ("cond", test, yes, no) ("for", object?, key-var, value-var, collection, key, value,
# condition, grouping)

_BINARY = [["||"], ["&&"], ["==", "!="], ["<", ">", "<=", ">="], ["+", "-"], ["*", "/", "%"]]


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.position = 0

    def peek(self, offset: int = 0) -> tuple[str, Any]:
        return self.tokens[min(self.position + offset, len(self.tokens) - 1)]

    def take(self, value: str | None = None) -> tuple[str, Any]:
        token = self.peek()
        if value is not None and token[1] != value:
            raise _Unsupported
        self.position += 1
        return token

    def at(self, *values: str) -> bool:
        kind, value = self.peek()
        return kind in ("op", "name") and value in values

    def whole(self) -> tuple[Any, ...]:
        node = self.expression()
        if self.peek()[0] != "end":
            raise _Unsupported
        return node

    def expression(self) -> tuple[Any, ...]:
        test = self.binary(0)
        if self.at("?"):
            self.take()
            yes = self.expression()
            self.take(":")
            return ("cond", test, yes, self.expression())
        return test

    def binary(self, level: int) -> tuple[Any, ...]:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek()[0] == "op" and self.peek()[1] in _BINARY[level]:
            op = self.take()[1]
            left = ("binary", op, left, self.binary(level + 1))
        return left

    def unary(self) -> tuple[Any, ...]:
        if self.at("!", "-"):
            op = self.take()[1]
            return ("unary", op, self.unary())
        return self.postfix(self.primary())

    def postfix(self, node: tuple[Any, ...]) -> tuple[Any, ...]:
        while True:
            kind, value = self.peek()
            if kind == "op" and value == "." and self.peek(1)[0] in ("name", "number"):
                self.take()
                key_kind, key = self.take()
                if key_kind == "number" and not key.isdigit():
                    raise _Unsupported  # ``a.0.1`` scans as a number
                key_value: str | int = int(key) if key_kind == "number" else key
                node = self.extend(node, key_value)
            elif kind == "op" and value == "[":
                self.take()
                index = self.expression()
                self.take("]")
                constant = index[0] == "lit" and isinstance(index[1], str | int)
                if constant and not isinstance(index[1], bool):
                    node = self.extend(node, index[1])
                else:
                    node = self.extend(node, index)
            elif kind == "op" and value in ("[*]", ".*"):
                if node[0] != "traversal":
                    raise _Unsupported  # a splat over a computed value: rare, left unknown
                self.take()
                node = self.extend(node, "*")
            else:
                return node

    @staticmethod
    def extend(node: tuple[Any, ...], key: Any) -> tuple[Any, ...]:
        if node[0] == "traversal":
            part = ("index", key) if isinstance(key, tuple) else key
            return ("traversal", node[1], [*node[2], part])
        return ("get", node, key if isinstance(key, tuple) else ("lit", key))

    def primary(self) -> tuple[Any, ...]:
        kind, value = self.take()
        if kind == "number":
            number = float(value) if any(c in value for c in ".eE") else int(value)
            return ("lit", _normal(number))
        if kind == "string":
            return ("template", value)
        if kind == "name":
            if value in ("true", "false"):
                return ("lit", value == "true")
            if value == "null":
                return ("lit", None)
            if self.at("("):
                return self.call(value)
            return ("traversal", value, [])
        if value == "(":
            inner = self.expression()
            self.take(")")
            return inner
        if value == "[":
            return self.for_expression(False) if self.at("for") else self.tuple()
        if value == "{":
            return self.for_expression(True) if self.at("for") else self.object()
        raise _Unsupported

    def call(self, name: str) -> tuple[Any, ...]:
        self.take("(")
        arguments: list[tuple[Any, ...]] = []
        expand = False
        while not self.at(")"):
            arguments.append(self.expression())
            if self.at("..."):
                self.take()
                expand = True
                if not self.at(")"):
                    raise _Unsupported
                break
            if not self.at(")"):
                self.take(",")
        self.take(")")
        return ("call", name, arguments, expand)

    def tuple(self) -> tuple[Any, ...]:
        items: list[tuple[Any, ...]] = []
        while not self.at("]"):
            items.append(self.expression())
            if not self.at("]"):
                self.take(",")
        self.take("]")
        return ("tuple", items)

    def object(self) -> tuple[Any, ...]:
        items: list[tuple[tuple[Any, ...], tuple[Any, ...]]] = []
        while not self.at("}"):
            kind, value = self.peek()
            if kind == "name" and self.peek(1)[1] in ("=", ":"):
                self.take()
                key: tuple[Any, ...] = ("lit", value)
            else:
                key = self.expression()
            if not self.at("=", ":"):
                raise _Unsupported
            self.take()
            items.append((key, self.expression()))
            if self.at(","):
                self.take()
        self.take("}")
        return ("object", items)

    def for_expression(self, is_object: bool) -> tuple[Any, ...]:
        self.take("for")
        first = self.take()
        second = None
        if first[0] != "name":
            raise _Unsupported
        if self.at(","):
            self.take()
            second = self.take()
            if second[0] != "name":
                raise _Unsupported
        self.take("in")
        collection = self.expression()
        self.take(":")
        key = self.expression() if is_object else None
        if is_object:
            self.take("=>")
        value = self.expression()
        grouping = False
        if is_object and self.at("..."):
            self.take()
            grouping = True
        condition = None
        if self.at("if"):
            self.take()
            condition = self.expression()
        self.take("}" if is_object else "]")
        key_name, value_name = (first[1], second[1]) if second else (None, first[1])
        return ("for", is_object, key_name, value_name, collection, key, value, condition, grouping)


@lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[Any, ...] | None:
    try:
        return _Parser(text).whole()
    except (_Unsupported, RecursionError):
        return None


def navigate(value: Any, parts: list[str | int]) -> Any:
    """``value`` read along ``parts``; through a reference, a reference to the part."""
    for position, part in enumerate(parts):
        if isinstance(value, Reference):
            # Through a reference (a module argument holding a resource): keep the target.
            rest = parts[position:]
            return Reference(value.address, (*value.attribute, *rest), navigate(value.value, rest))
        plain = scalar(value) if not isinstance(value, dict | list) else value
        if plain is UNKNOWN:
            return UNKNOWN
        if part == "*":
            return UNKNOWN
        if isinstance(plain, dict) and isinstance(part, str):
            if part not in plain:
                return UNKNOWN  # computed by the provider
            value = plain[part]
        elif isinstance(plain, list) and isinstance(part, int):
            if not 0 <= part < len(plain):
                return UNKNOWN
            value = plain[part]
        elif isinstance(plain, list) and isinstance(part, str) and len(plain) == 1:
            value = plain[0].get(part, UNKNOWN) if isinstance(plain[0], dict) else UNKNOWN
        elif isinstance(plain, dict) and isinstance(part, int) and str(part) in plain:
            value = plain[str(part)]
        else:
            return UNKNOWN
    return value


# --- evaluation ------------------------------------------------------------------------


def evaluate(text: str, scope: Any, reader: Evaluator) -> Any:
    """The value of the expression ``text`` in ``scope`` (UNKNOWN when not knowable)."""
    tree = _parse(text)
    if tree is None:
        return UNKNOWN
    try:
        return _value(tree, scope, reader)
    except (_Failed, _Unsupported, RecursionError):
        return UNKNOWN


def _value(node: tuple[Any, ...], scope: Any, reader: Evaluator) -> Any:
    kind = node[0]
    if kind == "lit":
        return node[1]
    if kind == "template":
        return reader.template(node[1], scope)
    if kind == "traversal":
        return _traversal(node, scope, reader)
    if kind == "get":
        return navigate(_value(node[1], scope, reader), [_key(node[2], scope, reader)])
    if kind == "call":
        return _call(node, scope, reader)
    if kind == "tuple":
        return [_value(item, scope, reader) for item in node[1]]
    if kind == "object":
        out: dict[str, Any] = {}
        for key_node, value_node in node[1]:
            key = _string_key(scalar(_value(key_node, scope, reader)))
            out[key] = _value(value_node, scope, reader)
        return out
    if kind == "unary":
        operand = _known(_value(node[2], scope, reader))
        if node[1] == "!":
            return not _boolean(operand)
        return _normal(-_number(operand))
    if kind == "binary":
        return _binary(node[1], node[2], node[3], scope, reader)
    if kind == "cond":
        return _conditional(node, scope, reader)
    if kind == "for":
        return _for(node, scope, reader)
    raise _Unsupported


def _traversal(node: tuple[Any, ...], scope: Any, reader: Evaluator) -> Any:
    parts: list[str | int] = [node[1]]
    for part in node[2]:
        if isinstance(part, tuple):
            parts.append(_key(part[1], scope, reader))
        else:
            parts.append(part)
    return reader.traverse(parts, scope)


def _key(node: tuple[Any, ...], scope: Any, reader: Evaluator) -> str | int:
    key = scalar(_value(node, scope, reader))
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    if not isinstance(key, str | int) or isinstance(key, bool):
        raise _Failed
    return key


def _known(value: Any) -> Any:
    plain = scalar(value)
    if plain is UNKNOWN:
        raise _Failed
    return plain


def _normal(number: float) -> int | float:
    """Terraform has one number type: 4 / 2 is 2, as 2 is."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


def _number(value: Any) -> int | float:
    """A number, or a string Terraform converts to one ("2" > 1 holds)."""
    if isinstance(value, bool) or value is None:
        raise _Failed
    if isinstance(value, int | float):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?([eE][+-]?\d+)?", value):
        return _normal(float(value))
    raise _Failed


def _boolean(value: Any) -> bool:
    """A bool, or the string "true"/"false" Terraform converts to one."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise _Failed


def _string(value: Any) -> str:
    """A primitive as Terraform converts it to a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return _number_text(value)
    raise _Failed


def _number_text(value: float) -> str:
    value = _normal(value)
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    if "e" in text:
        raise _Failed  # Terraform prints big numbers in full: not worth the risk
    return text


def _string_key(value: Any) -> str:
    if value is UNKNOWN:
        raise _Failed
    return _string(value)


_PRIMITIVES = (str, int, float, bool)


def _equal(left: Any, right: Any) -> bool:
    if left is None or right is None:
        return left is None and right is None
    if not isinstance(left, _PRIMITIVES) or not isinstance(right, _PRIMITIVES):
        raise _Failed  # collections: Terraform tells a list from a tuple
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, str) or isinstance(right, str):
        return type(left) is type(right) and left == right
    return bool(left == right)


def _binary(op: str, left_node: Any, right_node: Any, scope: Any, reader: Evaluator) -> Any:
    left = _known(_value(left_node, scope, reader))
    right = _known(_value(right_node, scope, reader))
    if op in ("==", "!="):
        same = _equal(left, right)
        return same if op == "==" else not same
    if op == "&&":
        return _boolean(left) and _boolean(right)
    if op == "||":
        return _boolean(left) or _boolean(right)
    a, b = _normal(_number(left)), _normal(_number(right))
    if op == "<":
        return a < b
    if op == ">":
        return a > b
    if op == "<=":
        return a <= b
    if op == ">=":
        return a >= b
    return _arithmetic(op, a, b)


def _arithmetic(op: str, a: float, b: float) -> int | float:
    """Integer arithmetic, exact as Terraform's is (its numbers are 512-bit: 0.1 + 0.2 is
    0.3, 5 / 3 has 150 digits); a fraction only where a float holds it exactly (5 / 2)."""
    if not isinstance(a, int) or not isinstance(b, int):
        raise _Failed
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        raise _Failed
    if op == "%":
        remainder = abs(a) % abs(b)  # the dividend's sign, as Go's
        return -remainder if a < 0 else remainder
    from fractions import Fraction  # only here: its import (decimal) costs the common run

    quotient = Fraction(a, b)
    if quotient.denominator == 1:
        return int(quotient)
    if Fraction(float(quotient)) != quotient or len(repr(float(quotient))) > 15:
        raise _Failed
    return float(quotient)


def _conditional(node: tuple[Any, ...], scope: Any, reader: Evaluator) -> Any:
    test = _known(_value(node[1], scope, reader))
    if test is None:
        raise _Failed
    chosen_node, other_node = (node[2], node[3]) if _boolean(test) else (node[3], node[2])
    chosen = _value(chosen_node, scope, reader)
    try:  # Terraform reports no error of the branch not chosen
        other = scalar(_value(other_node, scope, reader))
    except _Failed:
        other = UNKNOWN
    plain = scalar(chosen)
    # Both results are converted to one type: a number or bool beside a string is a string,
    # a bool beside a number is refused.
    if isinstance(other, str) and isinstance(plain, int | float):  # bool is an int here
        return _string(plain)
    both_numbers = isinstance(other, int | float) and isinstance(plain, int | float)
    if both_numbers and isinstance(other, bool) != isinstance(plain, bool):
        raise _Failed
    return chosen


def _for(node: tuple[Any, ...], scope: Any, reader: Evaluator) -> Any:
    _, is_object, key_name, value_name, collection_node, key_node, value_node, test, grouping = node
    collection = _value(collection_node, scope, reader)
    plain = _known(collection)
    # Each item read through ``navigate``: an item of a resource's list stays a reference.
    keys: list[Any]
    if isinstance(plain, dict):
        keys = sorted(plain)
    elif isinstance(plain, list):
        keys = list(range(len(plain)))
    else:
        raise _Failed
    pairs = [(key, navigate(collection, [key])) for key in keys]
    out_list: list[Any] = []
    out_map: dict[str, Any] = {}
    for key, item in pairs:
        names = {value_name: item} if key_name is None else {key_name: key, value_name: item}
        inner = scope.with_names(names)
        if test is not None and not _boolean(_known(_value(test, inner, reader))):
            continue
        value = _value(value_node, inner, reader)
        if not is_object:
            out_list.append(value)
            continue
        name = _string_key(scalar(_value(key_node, inner, reader)))
        if grouping:
            out_map.setdefault(name, []).append(value)
        elif name in out_map:
            raise _Failed  # a duplicate key: Terraform refuses it without "..."
        else:
            out_map[name] = value
    return dict(sorted(out_map.items())) if is_object else out_list


# --- functions -------------------------------------------------------------------------


def _call(node: tuple[Any, ...], scope: Any, reader: Evaluator) -> Any:
    _, name, argument_nodes, expand = node
    if name not in FUNCTIONS and name not in _SELECTORS:
        return UNKNOWN
    values = [_value(argument, scope, reader) for argument in argument_nodes]
    if expand:
        last = _known(values.pop())
        if not isinstance(last, list):
            raise _Failed
        values.extend(last)
    return call(name, values)


def call(name: str, values: list[Any]) -> Any:
    """Terraform's function ``name`` on evaluated arguments (UNKNOWN when not knowable)."""
    selector = _SELECTORS.get(name)
    try:
        if selector is not None:
            return selector(*values)
        function = FUNCTIONS.get(name)
        if function is None or any(has_unknown(v) for v in values):
            return UNKNOWN
        return function(*[plain(v) for v in values])
    except (_Failed, TypeError, ValueError, AttributeError, KeyError, IndexError):
        return UNKNOWN


# Selectors return a part of their argument: a reference inside it stays a reference
# (``one(azurerm_application_gateway.x.backend_address_pool).id`` still names the gateway).


def _item(collection: Any, key: str | int) -> Any:
    return navigate(collection, [key])


def _list(value: Any) -> list[Any]:
    plain = _known(value)
    if not isinstance(plain, list):
        raise _Failed
    return plain


def _one(value: Any) -> Any:
    items = _list(value)
    if len(items) > 1:
        raise _Failed
    return _item(value, 0) if items else None


def _element(value: Any, index: Any) -> Any:
    items = _list(value)
    position = _known(index)
    if isinstance(position, bool) or not isinstance(_number(position), int) or not items:
        raise _Failed
    position = int(_number(position))
    if position < 0:
        raise _Failed
    return _item(value, position % len(items))


def _lookup(value: Any, key: Any, *default: Any) -> Any:
    mapping = _known(value)
    name = _known(key)
    if not isinstance(mapping, dict) or not isinstance(name, str) or len(default) > 1:
        raise _Failed
    if name in mapping:
        return _item(value, name)
    raise _Failed  # absent, or an optional() attribute Terraform sets to null: not known


def _try(*values: Any) -> Any:
    if not values or has_unknown(values[0]):
        raise _Failed  # the first may be an error (try's fallback) or unknown: not known
    return values[0]


def _coalesce(*values: Any) -> Any:
    for position, value in enumerate(values):
        plain = scalar(value)
        if plain is UNKNOWN:
            raise _Failed
        if plain is None or plain == "":
            continue
        others = [scalar(v) for v in values[position + 1 :]]
        if isinstance(plain, int | float) and any(isinstance(o, str) for o in others):
            return _string(plain)  # the arguments are converted to one type
        return value
    raise _Failed  # no argument set: Terraform refuses it


def _values(value: Any) -> list[Any]:
    mapping = _known(value)
    if not isinstance(mapping, dict):
        raise _Failed
    return [_item(value, key) for key in sorted(mapping)]


def _keys(value: Any) -> list[str]:
    mapping = _known(value)
    if not isinstance(mapping, dict):
        raise _Failed
    return sorted(mapping)


def _length(value: Any) -> int:
    plain = _known(value)
    if isinstance(plain, list | dict):
        return len(plain)
    if isinstance(plain, str) and plain.isascii():
        return len(plain)  # Terraform counts grapheme clusters: only ASCII is that simple
    raise _Failed


_SELECTORS: dict[str, Callable[..., Any]] = {
    "one": _one,
    "element": _element,
    "lookup": _lookup,
    "try": _try,
    "coalesce": _coalesce,
    "values": _values,
    "keys": _keys,
    "length": _length,
}


def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in maps:
        if item is None:
            continue
        if not isinstance(item, dict):
            raise _Failed
        out.update(item)
    return out


def _flatten(items: list[Any]) -> list[Any]:
    if not isinstance(items, list):
        raise _Failed
    out: list[Any] = []
    for item in items:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _join(separator: str, *lists: list[Any]) -> str:
    if not isinstance(separator, str) or not lists:
        raise _Failed
    items = [item for each in lists for item in _list(each)]
    return separator.join(_string(item) for item in items)


_FORMAT_VERB = re.compile(r"%(%|[sdv])")


def _format(spec: str, *arguments: Any) -> str:
    """``%s``, ``%d``, ``%v`` and ``%%`` only (widths, flags, ``%[n]`` are left unknown)."""
    if not isinstance(spec, str) or re.search(r"%[^%sdv]", spec.replace("%%", "")):
        raise _Failed
    remaining = list(arguments)

    def verb(match: re.Match[str]) -> str:
        if match.group(1) == "%":
            return "%"
        if not remaining:
            raise _Failed
        argument = remaining.pop(0)
        if match.group(1) == "d":
            number = _number(argument)
            if not isinstance(number, int):
                raise _Failed
            return str(number)
        if isinstance(argument, list | dict) or argument is None:
            raise _Failed
        return _string(argument)

    out = _FORMAT_VERB.sub(verb, spec)
    if remaining:
        raise _Failed  # Terraform reports extra arguments
    return out


def _cidrsubnet(prefix: str, newbits: Any, netnum: Any) -> str:
    network = ipaddress.ip_network(prefix, strict=False)
    bits, number = _number(newbits), _number(netnum)
    if not isinstance(bits, int) or not isinstance(number, int) or bits < 0 or number < 0:
        raise _Failed
    length = network.prefixlen + bits
    if length > network.max_prefixlen or number >= 2**bits:
        raise _Failed
    start = int(network.network_address) + (number << (network.max_prefixlen - length))
    return str(ipaddress.ip_network((start, length)))


def _tostring(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list | dict):
        raise _Failed
    return _string(value)


def _tomap(mapping: Any) -> dict[str, Any]:
    if not isinstance(mapping, dict):
        raise _Failed
    return mapping


def _tonumber(value: Any) -> int | float | None:
    return None if value is None else _number(value)


def _toset(items: list[Any]) -> list[Any]:
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise _Failed  # sets of numbers or objects order differently: not worth a guess
    return sorted(set(items))


def _replace(text: str, old: str, new: str) -> str:
    if not all(isinstance(v, str) for v in (text, old, new)):
        raise _Failed
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        raise _Failed  # a regular expression (Go's RE2 syntax): left unknown
    return text.replace(old, new)


def _split(separator: str, text: str) -> list[str]:
    if not isinstance(separator, str) or not isinstance(text, str) or not separator:
        raise _Failed
    return text.split(separator)


def _strings(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` on string arguments only."""

    def checked(*arguments: Any) -> Any:
        if not all(isinstance(a, str) for a in arguments):
            raise _Failed
        return function(*arguments)

    return checked


# Functions of fully known arguments.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    "toset": _toset,
    "tolist": lambda items: _list(items),
    "tomap": _tomap,
    "tostring": _tostring,
    "tonumber": _tonumber,
    "lower": _strings(str.lower),
    "upper": _strings(str.upper),
    "concat": lambda *lists: [item for items in lists for item in _list(items)],
    "merge": _merge,
    "flatten": _flatten,
    "join": _join,
    "format": _format,
    "cidrsubnet": _cidrsubnet,
    "contains": lambda items, value: any(_equal(item, value) for item in _list(items)),
    "replace": _replace,
    "split": _split,
    "trimspace": _strings(str.strip),
    "trimprefix": _strings(str.removeprefix),
    "trimsuffix": _strings(str.removesuffix),
    "startswith": _strings(str.startswith),
    "endswith": _strings(str.endswith),
    "strcontains": _strings(lambda text, part: part in text),
}


# --- a variable's type ----------------------------------------------------------------


def conform(value: Any, type_text: Any) -> Any:
    """``value`` converted to a variable's declared type as Terraform converts it: an
    ``optional()`` attribute left out or null takes its default (or null), an attribute the
    object type does not declare is dropped, a primitive is converted (1 is "1" for a
    string). Where the type is not understood, or Terraform would refuse the value, the
    value is left as it is."""
    if not isinstance(type_text, str):
        return value
    if type_text.startswith("${") and type_text.endswith("}"):
        type_text = type_text[2:-1]
    tree = _parse(type_text)
    if tree is None:
        return value
    try:
        return _conform(value, tree)
    except (_Failed, _Unsupported, RecursionError):
        return value


_PRIMITIVE_TYPES: dict[str, Callable[[Any], Any]] = {
    "string": _string,
    "number": _number,
    "bool": _boolean,
}


def _conform(value: Any, type_node: tuple[Any, ...]) -> Any:
    if value is None or isinstance(value, Reference) or scalar(value) is UNKNOWN:
        return value
    if type_node[0] == "traversal" and not type_node[2]:
        name = type_node[1]
        if name == "any":
            return value
        convert = _PRIMITIVE_TYPES.get(name)
        if convert is None:
            raise _Unsupported
        return convert(value) if isinstance(value, _PRIMITIVES) else value
    if type_node[0] != "call" or len(type_node[2]) != 1:
        raise _Unsupported
    name, argument = type_node[1], type_node[2][0]
    if name == "object" and argument[0] == "object" and isinstance(value, dict):
        return _conform_object(value, argument[1])
    if name == "map" and isinstance(value, dict):
        return {key: _conform(item, argument) for key, item in value.items()}
    if name == "list" and isinstance(value, list):
        return [_conform(item, argument) for item in value]
    if name in ("object", "map", "list", "set", "tuple"):
        return value  # a set's order, or a shape archlint leaves as written
    raise _Unsupported


def _conform_object(value: dict[str, Any], attributes: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key_node, type_node in attributes:
        if key_node[0] != "lit" or not isinstance(key_node[1], str):
            raise _Unsupported
        key = key_node[1]
        item = value.get(key)
        optional = type_node[0] == "call" and type_node[1] == "optional"
        if not optional:
            if key not in value:
                raise _Failed  # a required attribute left out: Terraform refuses it
            out[key] = _conform(item, type_node)
            continue
        arguments = type_node[2]
        if not 1 <= len(arguments) <= 2:
            raise _Unsupported
        if item is None and len(arguments) == 2:
            item = _value(arguments[1], None, _CONSTANTS)
        out[key] = _conform(item, arguments[0])
    return out


class _Constants:
    """Evaluates a default written as a constant (no variable, no interpolation)."""

    def traverse(self, parts: list[str | int], scope: Any) -> Any:
        raise _Failed

    def template(self, text: str, scope: Any) -> Any:
        from archlint.importers.hcl import _unescape

        if "${" in text.replace("$${", "") or "%{" in text.replace("%%{", ""):
            raise _Failed
        return _unescape(text)


_CONSTANTS = _Constants()
