"""azurerm resource types -> the archlint model (one mapper per type, grouped by layer).

Importing this package registers every mapper; :func:`map_resources` runs them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from archlint.importers.azurerm import (
    addresses,
    apim,
    compute,
    container_apps,
    containers,
    data,
    databases,
    disks,
    edge,
    egress,
    generic,
    messaging,
    network,
    operations,
    scale_sets,
    vpn,
    vwan,
)
from archlint.importers.azurerm.core import REGISTRY, Builder, Mapped
from archlint.importers.values import TfResource

if TYPE_CHECKING:  # loaded by lint --together, which passes them
    from archlint.importers.together import Neighbours

__all__ = ["MAPPED_TYPES", "Mapped", "map_resources"]

# imported to register
_LAYERS = (
    addresses,
    apim,
    compute,
    container_apps,
    containers,
    data,
    databases,
    disks,
    edge,
    egress,
    messaging,
    network,
    operations,
    scale_sets,
    vpn,
    vwan,
)
_GENERIC = generic  # registers the fallback for every other azurerm type

MAPPED_TYPES: frozenset[str] = frozenset(REGISTRY)


def map_resources(
    resources: Iterable[TfResource],
    *,
    source: str,
    name: str,
    provider_major: int | None = None,
    neighbours: Neighbours | None = None,
) -> Mapped:
    """Map Terraform resources (from HCL or a plan) into an Architecture; ``neighbours``:
    what the other root modules read with them create (``lint --together``)."""
    builder = Builder(resources, source, name, neighbours)
    builder.provider_major = provider_major
    return builder.run()
