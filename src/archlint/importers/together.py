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

from collections.abc import Iterator, Sequence
from dataclasses import field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from archlint.errors import InputError, InputErrors, Limits
from archlint.importers.values import Reference, TfResource, resource_type_of, scalar
from archlint.records import record

if TYPE_CHECKING:
    from archlint.importers import ImportResult, TerraformRead

__all__ = [
    "REMOTE_STATE",
    "Neighbours",
    "identifying_arguments",
    "load_together",
    "lookup_text",
    "reference_key",
]

REMOTE_STATE = "terraform_remote_state"


@record
class Neighbours:
    """What the other roots read with one root create, as its mapper needs it."""

    label: str  # this root's name: qualifies an id an earlier root's component has
    taken: frozenset[str] = frozenset()  # ids of earlier roots' components
    reserved: frozenset[str] = frozenset()  # ids other roots use (stubs must avoid them)
    # data address (or reference_key of a remote state output) -> component id, kind
    found: dict[str, tuple[str, str]] = field(default_factory=dict)
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
    if resource.type == REMOTE_STATE:
        backend = scalar(resource.values.get("backend"))
        config = _settings(resource.values.get("config"))
        given = ", ".join(f"{key} '{value}'" for key, value in sorted(config.items()))
        return f"the outputs of the {backend!r} backend's state" + (f" ({given})" if given else "")
    names = identifying_arguments(resource)
    name = names.pop("name", None)
    text = f"{resource.type} '{name}'" if isinstance(name, str) else f"a {resource.type} resource"
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
        found, unmatched = _lookups(read, number, created, reads, ids)
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


@record
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
    read: TerraformRead,
    root: int,
    created: dict[tuple[str, str], list[_Created]],
    reads: list[TerraformRead],
    ids: list[dict[str, str]],
) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """The ``data`` sources of one root another root's resource matches (address -> its
    component id and kind), and why each other one matches none."""
    from archlint.importers.azurerm.core import REGISTRY

    found: dict[str, tuple[str, str]] = {}
    unmatched: dict[str, str] = {}
    for resource in read.resources:
        if resource.mode != "data":
            continue
        if resource.type == REMOTE_STATE:
            _remote_state(resource, root, reads, ids, found, unmatched)
            continue
        entry = REGISTRY.get(resource.type)
        if entry is None or not entry.kind:
            unmatched[resource.address] = "a type archlint does not evaluate as a component"
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


def reference_key(address: str, attribute: tuple[str | int, ...]) -> str:
    """``data.terraform_remote_state.hub.outputs.zones.blob``: a reference as one key."""
    return address + "".join(f".{part}" for part in attribute)


def _settings(value: Any) -> dict[str, str]:
    """The literal settings of a backend configuration (others cannot be compared)."""
    value = scalar(value)
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in ((k, scalar(v)) for k, v in value.items()) if isinstance(v, str)}


def _remote_state(
    resource: TfResource,
    root: int,
    reads: list[TerraformRead],
    ids: list[dict[str, str]],
    found: dict[str, tuple[str, str]],
    unmatched: dict[str, str],
) -> None:
    """Resolve a ``terraform_remote_state`` whose producing root is read with it: each of
    that root's outputs that is a reference to one of its components."""
    from archlint.importers.azurerm.core import REGISTRY

    backend = scalar(resource.values.get("backend"))
    config = _settings(resource.values.get("config"))
    folder = _folder(reads[root])
    producers = [
        other
        for other, read in enumerate(reads)
        if other != root and _produces(read, backend, config, folder)
    ]
    if len(producers) != 1:
        unmatched[resource.address] = (
            "whose state several roots read with it could write"
            if producers
            else "whose state no root read with it writes (its backend settings match none)"
        )
        return
    producer = producers[0]
    unmatched[resource.address] = (
        f"an output of which is no reference to a resource root '{reads[producer].name}' creates"
    )
    for name, value in reads[producer].outputs.items():
        for attribute, target in _references(value, ("outputs", name)):
            component_id = ids[producer].get(target.address)
            entry = REGISTRY.get(resource_type_of(target.address))
            if component_id is not None and entry is not None and entry.kind:
                found[reference_key(resource.address, attribute)] = (component_id, entry.kind)


def _folder(read: TerraformRead) -> FsPath:
    path = read.path.resolve()
    return path if path.is_dir() else path.parent


def _produces(read: TerraformRead, backend: Any, config: dict[str, str], folder: FsPath) -> bool:
    """Whether ``read`` writes the state a remote state of ``backend`` with ``config`` (in
    a root at ``folder``) reads: a local state file in its folder, or a backend of the same
    type whose settings agree with every one both give (at least one)."""
    if backend == "local" and "path" in config:
        state = (folder / config["path"]).resolve()
        own = read.backend[1].get("path") if read.backend and read.backend[0] == "local" else None
        if own is not None:
            return (_folder(read) / own).resolve() == state
        return state.parent == _folder(read)
    if read.backend is None or read.backend[0] != backend:
        return False
    shared = set(config) & set(read.backend[1])
    return bool(shared) and all(config[k] == read.backend[1][k] for k in shared)


Attribute = tuple[str | int, ...]


def _references(value: Any, at: Attribute) -> Iterator[tuple[Attribute, Reference]]:
    """The references inside an output's value, each with its attribute path."""
    if isinstance(value, Reference):
        if value.attribute in (("id",), ("name",)):
            yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _references(item, (*at, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _references(item, (*at, position))
