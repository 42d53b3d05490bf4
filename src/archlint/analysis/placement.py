"""Where a component runs: its region, read from the model.

Components that carry a ``region`` use it; an App Service Environment and an
Application Gateway run where their subnet's VNet is; a plan runs where its
environment is; a public IP where its VNet is. Everything else (namespaces,
caches, storage accounts...) runs in the architecture's primary region.
"""

from __future__ import annotations

from archlint.azure.facts import normalize_region
from archlint.model import Architecture, Component
from archlint.model.architecture import attribute_or


def region_of(arch: Architecture, component: Component) -> str:
    """The canonical ARM name of the region ``component`` runs in."""
    region = attribute_or(component, "region")
    if region:
        return normalize_region(region)
    via = _placement(component)
    if via is not None:
        placed = arch.get(via)
        if placed is not None:
            return region_of(arch, placed)
    entry = arch.index.by_id.get(component.id)
    if component.kind == "subnet" and entry is not None and entry.parent is not None:
        return region_of(arch, entry.parent)
    return normalize_region(arch.metadata.primary_region)


def _placement(component: Component) -> str | None:
    """The id of the component whose region this one shares, if any."""
    for field in ("ase", "subnet", "vnet", "infrastructure_subnet", "environment"):
        value = attribute_or(component, field)
        if isinstance(value, str):
            return value
    return None
