"""What PyYAML makes of a plain scalar, and which texts the fast tiers leave to PyYAML.

Shared by the two tiers of :mod:`archlint.loader.fast_yaml` (:mod:`yaml_lines` and
:mod:`yaml_walk`): the tag PyYAML's own resolver gives a plain scalar (cached), the check
that a plain scalar is one token to PyYAML's scanner, the characters neither tier accepts,
and PyYAML itself for the odd scalar a tier hands over whole.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from archlint.loader.yaml_source import _Loader, unpack

__all__ = [
    "BLOCK_PLAIN",
    "BOOL",
    "FLOW_INDICATORS",
    "INDICATORS",
    "INT",
    "MAX_KEY",
    "NULL",
    "RESOLVER",
    "STR",
    "TAG_CACHE",
    "Decline",
    "block_plain_tag",
    "convert",
    "plain_tag",
    "pyyaml_block",
    "pyyaml_scalar",
    "refused",
]

STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
INT = "tag:yaml.org,2002:int"
# Characters PyYAML refuses anywhere (outside its reader's printable set), and tabs and
# carriage returns, whose handling differs between the two parsers.
# NEL and the Unicode line and paragraph separators are line breaks to PyYAML (YAML 1.1),
# not to rapidyaml.
_REFUSED = re.compile("[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")
FLOW_INDICATORS = frozenset(",[]{}")
MAX_KEY = 1000  # PyYAML refuses implicit keys over 1024 characters

RESOLVER = yaml.resolver.Resolver()
TAG_CACHE: dict[str, str] = {}
BLOCK_PLAIN: dict[str, str] = {}  # plain scalars already checked, with their tags


class Decline(Exception):
    """The text holds something this path does not prove; use the PyYAML path."""


def plain_tag(value: str) -> str:
    # PyYAML tries the implicit resolvers registered for the value's first character (and
    # none are registered for most letters): without one, a plain scalar is a string.
    resolvers = RESOLVER.yaml_implicit_resolvers
    if value and value[0] not in resolvers and None not in resolvers:
        return STR
    tag = TAG_CACHE.get(value)
    if tag is None:
        tag = RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if len(TAG_CACHE) < 65536:
            TAG_CACHE[value] = tag
    return tag


def block_plain_tag(value: str) -> str:
    """The tag of a plain scalar PyYAML would read as one token in block context."""
    first = value[:1]
    if (
        not value
        or first in INDICATORS
        or (first in "-?:" and (len(value) == 1 or value[1] == " "))
        or ": " in value
        or " #" in value
        or value.endswith(":")
        or value != value.strip(" ")
        or "\n" in value
    ):
        raise Decline
    tag = plain_tag(value)
    if len(BLOCK_PLAIN) < 65536:
        BLOCK_PLAIN[value] = tag
    return tag


# Printable ASCII and line feeds: an ASCII text holding anything else is refused.
_ASCII_ALLOWED = bytes(range(0x20, 0x7F)) + b"\n"


def refused(text: str) -> bool:
    """Does ``text`` hold a character either tier leaves to PyYAML (see _REFUSED)? A byte
    order mark inside the text is one: at a line's start libyaml does not read it as
    content ("a: 1\\n\\ufeffb: 2" is an error)."""
    if text.isascii():  # the common case, five times faster than the pattern
        return bool(text.encode("ascii").translate(None, _ASCII_ALLOWED))
    return _REFUSED.search(text) is not None or "\ufeff" in text


def pyyaml_scalar(token: str, style: str) -> str:
    """The value PyYAML gives a quoted scalar token standing alone (flow scalars do not
    depend on indentation)."""

    try:
        node = yaml.compose(token, Loader=_Loader)
    except yaml.YAMLError:
        raise Decline from None
    if not isinstance(node, yaml.ScalarNode) or node.style != style:
        raise Decline
    return str(node.value)


def pyyaml_block(snippet: str) -> str:

    try:
        node = yaml.compose(snippet, Loader=_Loader)
    except yaml.YAMLError:
        raise Decline from None
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        raise Decline
    value = node.value[0][1]
    if not isinstance(value, yaml.ScalarNode) or value.style not in ("|", ">"):
        raise Decline
    return str(value.value)


def convert(tag: str, value: str, position: int, builder: Any) -> Any:
    """The builder's value for a plain scalar with a non-string tag."""
    if tag == NULL:
        return None
    if tag == BOOL:
        return value.lower() in ("true", "yes", "on")
    if tag == INT and value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
        if len(value) > 40:
            raise Decline
        return int(value)
    # other numbers and dates: the builder's own conversion, with a real node
    where = unpack(position)
    mark = yaml.Mark("", 0, where.line - 1, where.column - 1, None, None)
    return builder._scalar(yaml.ScalarNode(tag, value, mark, mark))
