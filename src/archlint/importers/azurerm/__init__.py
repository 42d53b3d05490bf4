"""azurerm resource types -> the archlint model (one mapper per type, grouped by layer).

Importing this package registers every mapper; :func:`map_resources` runs them.
"""

from __future__ import annotations

from collections.abc import Iterable

from archlint.importers.azurerm import (
    apim,
    compute,
    data,
    edge,
    egress,
    messaging,
    network,
    operations,
)
from archlint.importers.azurerm.core import REGISTRY, Builder, Mapped
from archlint.importers.values import TfResource

__all__ = ["MAPPED_TYPES", "Mapped", "map_resources"]

_LAYERS = (
    apim,
    compute,
    data,
    edge,
    egress,
    messaging,
    network,
    operations,
)  # imported to register

MAPPED_TYPES: frozenset[str] = frozenset(REGISTRY)


def map_resources(
    resources: Iterable[TfResource],
    *,
    source: str,
    name: str,
    provider_major: int | None = None,
) -> Mapped:
    """Map Terraform resources (from HCL or a plan) into an Architecture."""
    builder = Builder(resources, source, name)
    builder.provider_major = provider_major
    return builder.run()
