"""Where a finding is: a file position and, for Terraform, the resource address.

Rules know only model paths. Each input adapter (YAML loader, Terraform importers)
supplies a :class:`Locator` that turns a model path into a :class:`Location`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from archlint.model import Path
from archlint.records import record


@record
class Location:
    file: str
    line: int | None = None
    column: int | None = None
    address: str | None = None  # Terraform address, e.g. module.bus.azurerm_servicebus_queue.q

    def __str__(self) -> str:
        out = self.file
        if self.line is not None:
            out += f":{self.line}"
            if self.column is not None:
                out += f":{self.column}"
        return out


class Locator(Protocol):
    def locate(self, path: Path) -> Location | None:
        """Location of the deepest element of ``path`` the source knows."""


@dataclass
class NoLocator:
    """For models built in code: every finding is placed at the file name alone."""

    file: str = "<model>"

    def locate(self, path: Path) -> Location | None:
        return Location(self.file)


class YamlLocator:
    """Adapts the YAML loader's source map (keys and values by path) to a Locator."""

    def __init__(self, source_map: object) -> None:
        self._map = source_map

    def locate(self, path: Path) -> Location | None:
        position = self._map.locate(path)  # type: ignore[attr-defined]
        if position is None:
            return Location(self._map.file)  # type: ignore[attr-defined]
        return Location(self._map.file, position.line, position.column)  # type: ignore[attr-defined]


class PathTableLocator:
    """A locator from a table of component paths to locations (what importers build).

    Paths not in the table resolve to their longest known prefix, so a finding on a
    queue's ``lock_duration`` lands on the queue's resource block.
    """

    def __init__(self, table: dict[Path, Location], default_file: str) -> None:
        self._table = table
        self._default = Location(default_file)

    def locate(self, path: Path) -> Location | None:
        for end in range(len(path), -1, -1):
            location = self._table.get(path[:end])
            if location is not None:
                return location
        return self._default
