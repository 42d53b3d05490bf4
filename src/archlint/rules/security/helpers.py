"""What the security rules share: where a component sits, and who holds its access settings."""

from __future__ import annotations

from archlint.model import Architecture, Component
from archlint.model.base import AccessSettings


def enclosing_scopes(arch: Architecture, component: Component) -> set[str]:
    """The component and everything it is nested in (queue -> namespace): role scopes."""
    scopes = set()
    entry = arch.index.by_id.get(component.id)
    while entry is not None:
        scopes.add(entry.component.id)
        entry = arch.index.by_id.get(entry.parent.id) if entry.parent else None
    return scopes


def access_owner(arch: Architecture, component: Component) -> AccessSettings | None:
    """The nearest component (itself or a parent) holding the network and key settings."""
    entry = arch.index.by_id.get(component.id)
    while entry is not None:
        if isinstance(entry.component, AccessSettings):
            return entry.component
        entry = arch.index.by_id.get(entry.parent.id) if entry.parent else None
    return None
