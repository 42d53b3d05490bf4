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

1. The line tier (:mod:`archlint.loader.yaml_lines`, no dependencies) reads block-style
   documents line by line, proving each key and value is one PyYAML token and checking
   indentation as PyYAML does; a spec a thousand times the seed (37 MB) takes it ~3 s.
2. The rapidyaml tier (:mod:`archlint.loader.yaml_walk`, when ``ryml`` is installed) takes
   what the line tier declines: rapidyaml's tree, walked in document order with a cursor
   in the text that checks every token.

What PyYAML makes of a plain scalar, and the texts both tiers refuse, is shared in
:mod:`archlint.loader.yaml_plain`.
"""

from __future__ import annotations

from typing import Any

from archlint.errors import Limits
from archlint.loader import yaml_lines, yaml_walk
from archlint.loader.yaml_plain import refused

__all__ = ["available", "read_fast", "read_lines"]


def available() -> bool:
    """Is rapidyaml, which the second tier needs, installed?"""
    return yaml_walk.ryml is not None


def read_fast(text: str, file: str, limits: Limits, builder: Any) -> Any:
    """Plain data for ``text`` (positions into ``builder``'s source map), or None."""
    if refused(text):
        return None
    data = yaml_lines.read(text, limits, builder)
    if data is not None:
        return data
    builder.keys.clear()  # what the line tier wrote before it declined
    builder.values.clear()
    return yaml_walk.read(text, limits, builder)


def read_lines(text: str, file: str, limits: Limits, builder: Any) -> Any:
    """The line tier alone: plain data for ``text``, or None (its source map entries are
    then incomplete)."""
    if refused(text):
        return None
    return yaml_lines.read(text, limits, builder)
