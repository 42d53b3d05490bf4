"""Several Terraform root modules read as one architecture (``lint --together``).

Real repositories split one architecture across root modules: a hub root creates the
private DNS zones, the firewall and the hub network; each spoke root looks them up with
``data`` sources. Read one at a time, a lookup is a resource outside the configuration (an
external stub whose every setting is unknown). Read together, a ``data`` source that looks
up a resource another root creates - same type, same ``name`` and the same values for every
other ``*_name`` argument it gives (``resource_group_name``, ``virtual_network_name``...),
compared after variables and locals are evaluated - *is* that resource: references through
it point at the other root's component.

A lookup no root matches (or whose name is not known before apply) stays unknown, and the
mapper says so once, at the ``data`` block (TF008). Nothing is matched on a guess: a name or
resource group that is unknown, or a name several roots create, is no match.

Each root keeps its own addresses, locations and problems; component ids are made unique
across roots by qualifying a later root's colliding id with its folder name
(``spoke-data.endpoints``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from archlint.errors import InputError, InputErrors, Limits
from archlint.importers.values import TfResource, scalar

if TYPE_CHECKING:
    from archlint.importers import ImportResult, TerraformRead

__all__ = ["Neighbours", "identifying_arguments", "load_together", "lookup_text"]


@dataclass(frozen=True)
class Neighbours:
    """What the other roots read with one root create, as its mapper needs it."""

    label: str  # this root's name: qualifies an id an earlier root's component has
    taken: frozenset[str] = frozenset()  # ids of earlier roots' components
    reserved: frozenset[str] = frozenset()  # ids other roots use (stubs must avoid them)
    found: dict[str, tuple[str, str]] = field(default_factory=dict)  # data address -> id, kind
    unmatched: dict[str, str] = field(default_factory=dict)  # data address -> why not found


def identifying_arguments(resource: TfResource) -> dict[str, Any]:
    """The arguments a lookup names its resource by: ``name`` and every other ``*_name``
    (resource group, parent network or namespace); a SKU name identifies nothing."""
    return {
        key: scalar(value)
        for key, value in resource.values.items()
        if (key == "name" or key.endswith("_name")) and key != "sku_name"
    }


def lookup_text(resource: TfResource) -> str:
    """``azurerm_private_dns_zone 'privatelink.blob.core.windows.net' (resource group
    'rg-hub')``: what a ``data`` block looks up, for messages."""
    names = identifying_arguments(resource)
    name = names.pop("name", None)
    text = f"{resource.type} '{name}'" if isinstance(name, str) else f"a {resource.type}"
    given = [
        f"{key.removesuffix('_name').replace('_', ' ')} '{value}'"
        for key, value in sorted(names.items())
        if isinstance(value, str)
    ]
    return f"{text} ({', '.join(given)})" if given else text


def load_together(
    paths: Sequence[str | FsPath], limits: Limits | None = None
) -> list[ImportResult]:
    """Read each Terraform input, then map each knowing what the others create.

    Raises :class:`InputErrors` for any input that cannot be read (all of them reported).
    """
    from archlint.importers import map_read, read_terraform

    limits = limits or Limits()
    reads: list[TerraformRead] = []
    errors: list[InputError] = []
    for path in paths:
        try:
            reads.append(read_terraform(FsPath(path), limits))
        except InputErrors as error:
            errors.extend(error.errors)
        except RecursionError:
            errors.append(InputError(str(path), None, "values nested too deeply"))
    if errors:
        raise InputErrors(errors)
    labels = _labels(reads)
    ids: list[dict[str, str]] = []  # per root: address -> component id
    taken: set[str] = set()
    for read, label in zip(reads, labels, strict=True):
        assigned = _component_ids(read, Neighbours(label, frozenset(taken)))
        ids.append(assigned)
        taken.update(assigned.values())
    created = _created(reads, ids)
    results: list[ImportResult] = []
    stubs: set[str] = set()
    for number, (read, label) in enumerate(zip(reads, labels, strict=True)):
        own = set(ids[number].values())
        earlier = frozenset(cid for table in ids[:number] for cid in table.values())
        found, unmatched = _lookups(read, number, created)
        neighbours = Neighbours(label, earlier, frozenset((taken - own) | stubs), found, unmatched)
        result = map_read(read, neighbours)
        stubs.update(result.external)
        results.append(result)
    return results


def _labels(reads: list[TerraformRead]) -> list[str]:
    """Each root's folder name (a plan's file stem), numbered where two are alike."""
    labels: list[str] = []
    for read in reads:
        base = read.name
        label, counter = base, 2
        while label in labels:
            label, counter = f"{base}-{counter}", counter + 1
        labels.append(label)
    return labels


def _component_ids(read: TerraformRead, neighbours: Neighbours) -> dict[str, str]:
    from archlint.importers.azurerm.core import Builder

    builder = Builder(read.resources, str(read.path), read.name, neighbours)
    return builder.assign_ids()


@dataclass(frozen=True)
class _Created:
    root: int
    resource: TfResource
    component_id: str
    kind: str


def _created(
    reads: list[TerraformRead], ids: list[dict[str, str]]
) -> dict[tuple[str, str], list[_Created]]:
    """Every component a root creates, by (resource type, name casefolded)."""
    from archlint.importers.azurerm.core import REGISTRY

    created: dict[tuple[str, str], list[_Created]] = {}
    for root, read in enumerate(reads):
        for resource in read.resources:
            entry = REGISTRY.get(resource.type)
            component_id = ids[root].get(resource.address)
            name = scalar(resource.values.get("name"))
            if resource.mode != "managed" or entry is None or not entry.kind:
                continue
            if component_id is None or not isinstance(name, str):
                continue
            key = (resource.type, name.casefold())
            created.setdefault(key, []).append(_Created(root, resource, component_id, entry.kind))
    return created


def _lookups(
    read: TerraformRead, root: int, created: dict[tuple[str, str], list[_Created]]
) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The ``data`` sources of one root another root's resource matches (address -> its
    component id and kind), and why each other one matches none."""
    found: dict[str, tuple[str, str]] = {}
    unmatched: dict[str, str] = {}
    for resource in read.resources:
        if resource.mode != "data":
            continue
        names = identifying_arguments(resource)
        unknown = sorted(key for key, value in names.items() if not isinstance(value, str))
        if "name" not in names or unknown:
            missing = unknown or ["name"]
            unmatched[resource.address] = (
                f"whose {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not "
                "known before apply, so it matches no root read with it"
            )
            continue
        candidates = [
            c
            for c in created.get((resource.type, names["name"].casefold()), [])
            if c.root != root and _same_names(names, c.resource)
        ]
        if len(candidates) == 1:
            found[resource.address] = (candidates[0].component_id, candidates[0].kind)
        elif candidates:
            where = ", ".join(sorted(c.component_id for c in candidates))
            unmatched[resource.address] = f"which several roots read with it create ({where})"
        else:
            unmatched[resource.address] = "which none of the roots read with it creates"
    return found, unmatched


def _same_names(names: dict[str, Any], resource: TfResource) -> bool:
    """Whether ``resource`` has the value of every identifying argument of the lookup."""
    for key, value in names.items():
        theirs = scalar(resource.values.get(key))
        if not isinstance(theirs, str) or theirs.casefold() != value.casefold():
            return False
    return True
