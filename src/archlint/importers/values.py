"""What both Terraform readers produce: resources with values that may be unknown.

The HCL reader and the plan reader each turn their input into :class:`TfResource` objects;
one mapper (:mod:`archlint.importers.azurerm`) turns those into the model.  Three kinds of
value need care:

* :data:`UNKNOWN` - Terraform does not know the value yet ("known after apply", an HCL
  expression archlint does not evaluate).  It is never read as ``false`` or absent.
* :data:`SENSITIVE` - the value is known but marked sensitive; archlint never copies it.
* :class:`Reference` - the value comes from another resource (``azurerm_subnet.pe.id``); it
  keeps the target's address so the mapper can turn it into a model reference, and the
  value when it is known (``azurerm_resource_group.main.location`` -> ``"eastus2"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from archlint.records import record

__all__ = [
    "SENSITIVE",
    "UNKNOWN",
    "AddressPart",
    "Reference",
    "TfResource",
    "base_address",
    "has_unknown",
    "is_unknown",
    "module_prefix",
    "parse_address",
    "plain",
    "resource_type_of",
    "scalar",
]


class _Marker:
    """A singleton marker value with a readable repr."""

    __slots__ = ("_label",)

    def __init__(self, label: str) -> None:
        self._label = label

    def __repr__(self) -> str:
        return self._label

    def __bool__(self) -> bool:
        # A marker must never pass for a true (or false) setting by accident.
        raise TypeError(f"{self._label} has no truth value; test it with is_unknown()")


UNKNOWN: Any = _Marker("(known after apply)")
SENSITIVE: Any = _Marker("(sensitive)")


@record
class Reference:
    """A value that refers to another resource's attribute."""

    address: str  # full address of the target instance, e.g. module.net.azurerm_subnet.pe
    attribute: tuple[str | int, ...] = ()
    value: Any = UNKNOWN  # the attribute's value when it is known
    # Literal text a template puts after it: "${azurerm_virtual_network.hub.id}/subnets/x"
    # names the subnet x of that network.
    suffix: str = ""

    def __repr__(self) -> str:
        attribute = "".join(f"[{a}]" if isinstance(a, int) else f".{a}" for a in self.attribute)
        return f"<{self.address}{attribute}={self.value!r}>"


def scalar(value: Any) -> Any:
    """The plain value behind a reference; sensitive values count as unknown."""
    while isinstance(value, Reference):
        value = value.value
    if value is SENSITIVE:
        return UNKNOWN
    return value


def is_unknown(value: Any) -> bool:
    return scalar(value) is UNKNOWN


def has_unknown(value: Any) -> bool:
    """Whether a value, or anything inside it, is unknown or sensitive."""
    value = scalar(value)
    if value is UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(has_unknown(item) for item in value.values())
    if isinstance(value, list):
        return any(has_unknown(item) for item in value)
    return False


def plain(value: Any) -> Any:
    """The value with references replaced by their (known) values."""
    value = scalar(value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@dataclass(slots=True)
class TfResource:
    """One resource instance, from HCL or from a plan, with its values and where it is."""

    address: str
    type: str
    name: str
    values: dict[str, Any]
    file: str
    line: int | None = None
    mode: str = "managed"  # or "data"
    index: int | str | None = None
    # The whole instance is uncertain (count/for_each over unknown keys): keep it, but
    # treat every value in it as unknown.
    wildcard: bool = False
    # Argument names as written by the user (HCL body keys, or a plan's configuration
    # expressions): what provider-schema validation checks.
    body: dict[str, Any] | None = field(default=None, repr=False)
    # Top-level argument -> addresses of the resources its expression refers to (plans:
    # from the configuration section), for values whose shape hides the reference.
    refs: dict[str, list[str]] = field(default_factory=dict, repr=False)

    @property
    def module(self) -> str:
        return module_prefix(self.address)

    def ignores_changes(self, argument: str) -> bool:
        """Whether ``lifecycle { ignore_changes }`` names ``argument`` (or ``all``): its
        value is managed outside Terraform (a policy, a person), so Terraform's is no fact."""
        blocks = (self.body or {}).get("lifecycle")
        for block in blocks if isinstance(blocks, list) else [blocks]:
            ignored = block.get("ignore_changes") if isinstance(block, dict) else None
            names = ignored if isinstance(ignored, list) else [ignored]
            for name in names:
                if isinstance(name, str):
                    bare = name.removeprefix("${").removesuffix("}").strip()
                    if bare == "all" or bare.split("[")[0].split(".")[0] == argument:
                        return True
        return False


# --- addresses -------------------------------------------------------------------------

_TOKEN = re.compile(r'\.?([A-Za-z_][A-Za-z0-9_\-]*)|\[(\d+|"(?:[^"\\]|\\.)*"|\*)\]')


@record
class AddressPart:
    name: str
    index: int | str | None = None

    def __str__(self) -> str:
        if self.index is None:
            return self.name
        if isinstance(self.index, int):
            return f"{self.name}[{self.index}]"
        return f'{self.name}["{self.index}"]'


def parse_address(address: str) -> list[AddressPart]:
    """Split ``module.a["x"].azurerm_b.c[0]`` into names, each with its instance key."""
    return list(_parse_address(address))


@lru_cache(maxsize=65536)
def _parse_address(address: str) -> tuple[AddressPart, ...]:
    parts: list[AddressPart] = []
    position = 0
    for match in _TOKEN.finditer(address):
        if match.start() != position:
            raise ValueError(f"not a Terraform address: {address!r}")
        position = match.end()
        name, index = match.groups()
        if name is not None:
            parts.append(AddressPart(name))
            continue
        if not parts:
            raise ValueError(f"not a Terraform address: {address!r}")
        key: int | str = int(index) if index.isdigit() else index[1:-1].replace('\\"', '"')
        parts[-1] = AddressPart(parts[-1].name, key)
    if position != len(address):
        raise ValueError(f"not a Terraform address: {address!r}")
    return tuple(parts)


def module_prefix(address: str) -> str:
    """``module.a.module.b.azurerm_x.y`` -> ``module.a.module.b`` (``""`` at the root)."""
    parts = parse_address(address)
    out: list[str] = []
    position = 0
    while position + 1 < len(parts) and parts[position].name == "module":
        out.append(f"module.{parts[position + 1]}")
        position += 2
    return ".".join(out)


def resource_type_of(address: str) -> str:
    """``module.a.azurerm_b.c[0]`` -> ``azurerm_b`` (``data.x.y`` -> ``x``)."""
    parts = parse_address(address)
    position = 0
    while position + 1 < len(parts) and parts[position].name == "module":
        position += 2
    if position < len(parts) and parts[position].name == "data":
        position += 1
    return parts[position].name if position < len(parts) else ""


_LAST_INDEX = re.compile(r'(.*)\[(?:\d+|"(?:[^"\\]|\\.)*")\]', re.DOTALL)


def base_address(address: str) -> str:
    """The address without the last instance key: ``a.b["x"]`` -> ``a.b``."""
    match = _LAST_INDEX.fullmatch(address)
    return match.group(1) if match else address
