"""One architecture from a spec, the spec files it includes and the Terraform they name.

Terraform says what resources exist; it cannot say which event flows matter, the recovery
objectives or the resilience policies. An overlay spec names its Terraform in ``sources:``
and holds only the rest; a spec may also ``include:`` other spec files. This module imports
each source (:func:`archlint.importers.load_terraform`), reads each included file, merges
them all into one :class:`Architecture`, and builds the locator that sends a finding to the
file its element came from: a resource into its ``.tf`` file, a flow or an objective into
the YAML file that declares it.

Merging never overrides: lists of model elements are concatenated (the Terraform sources
first, then the included files depth first, then the named spec), sections present in
several parts are merged field by field, and a value two parts set differently is an
error. A spec refers to an imported component by its id or by its Terraform address,
exactly as findings print it (``module.net.azurerm_subnet.pe``); addresses are resolved to
ids here, before references are checked on the union.
"""

from __future__ import annotations

import os
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from archlint.errors import InputError, InputErrors, Limits, did_you_mean
from archlint.importers import ImportProblem, ImportResult, detect_input_kind, load_terraform
from archlint.loader import ParsedSpec, parse_spec
from archlint.location import Location, Locator, YamlLocator
from archlint.model import (
    DLQ_SUFFIX,
    ENVIRONMENT_PATH,
    Architecture,
    ModelIssue,
    ModelValidationError,
    Path,
    Suppression,
    check_model,
    format_path,
    parse_architecture,
    walk,
)
from archlint.model.architecture import ReferenceSlot, field_plan, reference_slots
from archlint.records import record

if TYPE_CHECKING:  # the mapping loads only when Terraform is read
    from archlint.importers.azurerm.core import Lent

__all__ = [
    "ComposedArchitecture",
    "ComposedLocator",
    "Conflict",
    "Provenance",
    "compose_spec",
    "compose_terraform",
    "merge_parts",
]


@dataclass
class Provenance:
    """Which part of a merged model each path came from, and where it is in that part.

    Parts are numbered in merge order (Terraform sources, then spec files). A field
    only one part set belongs to it whole; a list of model elements holds the parts' items
    one part after another, ``counts`` of them each. Paths above the first list index are
    the same in the merged model and in each part.
    """

    default: int  # the part that owns paths no part set (the named spec)
    owners: dict[Path, int] = field(default_factory=dict)
    counts: dict[Path, list[int]] = field(default_factory=dict)

    def split(self, path: Path) -> tuple[int, Path]:
        """The part ``path`` (of the merged model) belongs to, and the path within it."""
        for position, part in enumerate(path):
            if isinstance(part, int):
                counts = self.counts.get(path[:position])
                if counts is None:
                    break
                index = part
                for owner, count in enumerate(counts):
                    if index < count:
                        return owner, (*path[:position], index, *path[position + 1 :])
                    index -= count
                break
            owner = self.owners.get(path[: position + 1])
            if owner is not None:
                return owner, path
        return self.default, path

    def forward(self, owner: int, path: Path) -> Path:
        """Where ``path`` of part ``owner`` is in the merged model."""
        for position, part in enumerate(path):
            if isinstance(part, int):
                counts = self.counts.get(path[:position])
                offset = sum(counts[:owner]) if counts else 0
                return (*path[:position], part + offset, *path[position + 1 :])
        return path


class ComposedLocator:
    """Sends each model path to the locator of the part it came from."""

    def __init__(
        self,
        provenance: Provenance,
        locators: list[Locator],
        lent: dict[Path, Location] | None = None,
    ) -> None:
        self._provenance = provenance
        self._locators = locators
        self._lent = lent or {}  # parts one root adds to another's component: their own place

    def locate(self, path: Path) -> Location | None:
        for end in range(len(path), 0, -1):
            location = self._lent.get(path[:end])
            if location is not None:
                return location
        owner, local = self._provenance.split(path)
        return self._locators[owner].locate(local)


@dataclass
class ComposedArchitecture:
    """An overlay and its sources as one model, with what the importers reported."""

    architecture: Architecture
    locator: ComposedLocator
    problems: list[ImportProblem]
    not_evaluated: list[str]
    notes: list[str]
    files: list[str]  # every file and folder read: the spec files, then the sources


@dataclass
class _Source:
    """One imported ``sources:`` entry."""

    label: str  # the path as the spec spells it
    result: ImportResult
    path: str  # where it was read


@dataclass
class _Spec:
    """One spec file of the composition: the named one or one it includes."""

    parsed: ParsedSpec
    model: Architecture


def compose_spec(
    path: str, parsed: ParsedSpec, limits: Limits | None = None
) -> ComposedArchitecture:
    """The spec at ``path`` merged with the files it includes and the Terraform they name.

    Raises :class:`InputErrors` for an invalid file, a source or include that cannot be
    read, a reference to a component or address no part has, or a value set twice
    differently.
    """
    specs = _read_specs(path, parsed, limits)
    sources = _import_sources([spec for spec in specs if "sources" in spec.parsed.data], limits)
    return _compose(parsed, specs, sources)


def compose_terraform(paths: list[str], limits: Limits | None = None) -> ComposedArchitecture:
    """Several Terraform roots (or plans) read as one architecture: each root's lookups of
    what another creates resolve to it (:mod:`archlint.importers.together`)."""
    from archlint.importers.together import load_together

    results = load_together(paths, limits)
    return _compose(None, [], [_Source(p, r, p) for p, r in zip(paths, results, strict=True)])


def _compose(
    parsed: ParsedSpec | None, specs: list[_Spec], sources: list[_Source]
) -> ComposedArchitecture:
    """The sources and the spec files as one model (``parsed``: the named spec, if any)."""
    first_yaml = len(sources)
    ids = {c for source in sources for c in source.result.architecture.index.by_id}
    ids.update(c for spec in specs for c in spec.model.index.by_id)
    unresolved = [  # without sources, check_model's own messages say it all
        (first_yaml + number, issue)
        for number, spec in enumerate(specs)
        for issue in (_resolve_addresses(spec.model, ids, sources) if sources else [])
    ]

    parts: list[BaseModel] = [
        *(source.result.architecture for source in sources),
        *(spec.model for spec in specs),
    ]
    main = len(parts) - 1
    with_metadata = [n for n, spec in enumerate(specs) if "metadata" in spec.parsed.data]
    if parsed is not None and "metadata" in parsed.data:
        metadata = main
    elif with_metadata:
        metadata = first_yaml + with_metadata[0]
    elif sources:
        metadata = 0
    else:
        assert parsed is not None  # there are sources when no spec is named
        raise parsed.errors([ModelIssue(("metadata",), "x", "missing")])
    whole = {"schema_version": main, "metadata": metadata, "sources": main, "include": main}
    provenance = Provenance(default=main)
    conflicts: list[Conflict] = []
    merged = merge_parts(parts, whole, provenance, conflicts)
    lent = _attach_lent(merged, sources)
    suppressed, unplaced = _place_suppressions(merged, sources)

    unknowns: set[Path] = set(_lent_unknowns(lent))
    for owner, source in enumerate(sources):
        imported = source.result.architecture
        unknowns.update(provenance.forward(owner, p) for p in imported.unknowns)
        merged.maybe_present.update(imported.maybe_present)
        merged.handed_to_unread_modules.update(imported.handed_to_unread_modules)
    if metadata >= first_yaml:
        unknowns = {p for p in unknowns if p[:1] != ("metadata",)}
        written = specs[metadata - first_yaml].parsed.data["metadata"]
        if sources and not (isinstance(written, dict) and "environment" in written):
            # An overlay describes part of a design: its environment is what it declares,
            # never the spec's default (a Terraform source declares none).
            unknowns.add(ENVIRONMENT_PATH)
    merged.unknowns.update(unknowns)

    locators: list[Locator] = [
        *(source.result.locator for source in sources),
        *(YamlLocator(spec.parsed.source_map) for spec in specs),
    ]
    placed = {path: part.location for path, part in lent}
    for path, entry in suppressed:  # an accepted risk is where it is written
        where = locators[provenance.split(entry)[0]].locate(provenance.split(entry)[1])
        if where is not None:
            placed[path] = where
    locator = ComposedLocator(provenance, locators, placed)
    # Issues on the union: the resolver's and the duplicates' name the right places, so
    # check_model's own messages for the same paths are left out.
    issues = [_conflict_issue(conflict, locators) for conflict in conflicts]
    issues += [_moved(issue, owner, provenance) for owner, issue in unresolved]
    issues += unplaced
    issues += _duplicates(merged, locator)
    skip = {issue.path for issue in issues}
    for issue in check_model(merged, unknowns):
        if issue.path not in skip and issue.kind != "duplicate_id":
            issues.append(issue)
    if issues:
        yaml_parts = {first_yaml + number: spec.parsed for number, spec in enumerate(specs)}
        raise _input_errors(issues, provenance, locators, yaml_parts)

    problems = [
        _forward_problem(problem, owner, provenance)
        for owner, source in enumerate(sources)
        for problem in source.result.problems
    ]
    not_evaluated = sorted({t for source in sources for t in source.result.not_evaluated})
    notes = list(dict.fromkeys(note for source in sources for note in source.result.notes))
    files = [spec.parsed.source_map.file for spec in specs] + [s.path for s in sources]
    return ComposedArchitecture(merged, locator, problems, not_evaluated, notes, files)


def _attach_lent(merged: Architecture, sources: list[_Source]) -> list[tuple[Path, Lent]]:
    """Add to each component the parts other roots read with it add to it (a spoke's link
    to the hub's zone); returns each part's path in ``merged``."""
    placed: list[tuple[Path, Lent]] = []
    for source in sources:
        for part in source.result.lent:
            component = merged.get(part.parent)
            if component is None:  # the importer lends only to components it was told of
                continue
            annotation = type(component).model_fields[part.attribute].annotation
            (item_class,) = typing.get_args(annotation)
            items = getattr(component, part.attribute)
            items.append(item_class.model_validate(part.data))
            path = (*merged.path_of(part.parent), part.attribute, len(items) - 1)
            placed.append((path, part))
    return placed


def _place_suppressions(
    merged: Architecture, sources: list[_Source]
) -> tuple[list[tuple[Path, Path]], list[ModelIssue]]:
    """Move each top-level ``suppress:`` entry onto the component it names (by id or by
    Terraform address). Returns, for each, its path on the component and its own path,
    and an issue for each entry whose component is neither."""
    by_address: dict[str, str | None] = {}
    for source in sources:
        for component_id, address in source.result.addresses.items():
            by_address[address] = None if address in by_address else component_id
    placed: list[tuple[Path, Path]] = []
    issues: list[ModelIssue] = []
    for position, entry in enumerate(merged.suppress):
        component_id = entry.component
        if merged.get(component_id) is None:
            component_id = by_address.get(entry.component) or ""
        component = merged.get(component_id)
        if component is None:
            ids = list(merged.index.by_id)
            hint = did_you_mean(entry.component, [*(a for a in by_address if a), *ids])
            issues.append(
                ModelIssue(
                    ("suppress", position, "component"),
                    f"suppress names '{entry.component}', which is neither a component id "
                    f"nor the Terraform address of a component{hint}",
                    "reference_error",
                )
            )
            continue
        accepted = Suppression.model_validate(entry.model_dump(exclude={"component"}))
        component.suppress.append(accepted)
        path = (*merged.path_of(component_id), "suppress", len(component.suppress) - 1)
        placed.append((path, ("suppress", position)))
    return placed, issues


def _lent_unknowns(lent: list[tuple[Path, Lent]]) -> Iterator[Path]:
    for path, part in lent:
        yield from ((*path, *relative) for relative in part.unknown)


def _read_specs(path: str, parsed: ParsedSpec, limits: Limits | None) -> list[_Spec]:
    """The spec and every file it includes, depth first: included files before the file
    that includes them, the named spec last."""
    specs: list[_Spec] = []
    errors: list[InputError] = []
    seen = {os.path.realpath(path)}

    def visit(file: str, current: ParsedSpec, chain: list[str]) -> None:
        try:
            model = parse_architecture(_with_metadata(current.data))
        except ModelValidationError as error:
            errors.extend(current.errors(error.issues).errors)
            return
        for position, name in enumerate(model.include):
            target = FsPath(file).parent / name
            real = os.path.realpath(target)
            problem = None
            if real in chain:
                problem = f"include '{name}' includes itself again (a cycle)"
            elif real in seen:
                problem = f"include '{name}' is included twice"
            elif not target.is_file():
                looked = os.path.normpath(target)
                problem = f"include '{name}' does not exist (looked for {looked})"
            if problem:
                errors.extend(current.errors([ModelIssue(("include", position), problem)]).errors)
                continue
            seen.add(real)
            try:
                child = parse_spec(target, limits)
            except InputErrors as error:
                errors.extend(error.errors)
                continue
            visit(str(target), child, [*chain, real])
        specs.append(_Spec(current, model))

    visit(path, parsed, [os.path.realpath(path)])
    if errors:
        raise InputErrors(errors)
    return specs


def _with_metadata(data: dict[str, Any]) -> dict[str, Any]:
    """The overlay's data, with a stand-in metadata when it has none (a source's is used)."""
    if "metadata" in data:
        return data
    return {**data, "metadata": {"name": "overlay", "primary_region": "eastus2"}}


def _import_sources(specs: list[_Spec], limits: Limits | None) -> list[_Source]:
    """Import every source the specs name, each relative to its spec's folder; a missing
    one is an error. Several sources are read together: one's lookups of what another
    creates resolve to it."""
    errors: list[InputError] = []
    named: list[tuple[str, FsPath]] = []
    for spec in specs:
        try:
            named += _source_paths(spec)
        except InputErrors as error:
            errors.extend(error.errors)
    if errors:
        raise InputErrors(errors)
    if len(named) == 1:
        label, target = named[0]
        return [_Source(label, load_terraform(target, limits), str(target))]
    from archlint.importers.together import load_together

    results = load_together([target for _, target in named], limits)
    return [
        _Source(label, result, str(target))
        for (label, target), result in zip(named, results, strict=True)
    ]


def _source_paths(spec: _Spec) -> list[tuple[str, FsPath]]:
    """The sources ``spec`` names (as spelled, and the path), relative to its folder."""
    overlay, parsed = spec.model, spec.parsed
    folder = FsPath(parsed.source_map.file).parent
    errors: list[InputError] = []
    sources: list[tuple[str, FsPath]] = []
    if not overlay.sources:
        issue = ModelIssue(("sources",), "sources is empty; name at least one Terraform source")
        raise parsed.errors([issue])
    for position, source in enumerate(overlay.sources):
        where = ("sources", position, "terraform")
        target = folder / source.terraform
        problem = None
        if not target.exists():
            looked = os.path.normpath(target)
            problem = f"source '{source.terraform}' does not exist (looked for {looked})"
        elif detect_input_kind(target) == "spec":
            problem = (
                f"source '{source.terraform}' is not Terraform: expected a root module "
                "directory, a .tf file or a plan JSON from `terraform show -json`"
            )
        if problem:
            errors.extend(parsed.errors([ModelIssue(where, problem)]).errors)
            continue
        sources.append((source.terraform, target))
    if errors:
        raise InputErrors(errors)
    return sources


def _resolve_addresses(
    overlay: Architecture, ids: set[str], sources: list[_Source]
) -> list[ModelIssue]:
    """Turn every reference of ``overlay`` that is a Terraform address into the component id
    it was imported as; return an issue for each that is neither an id (of any part) nor an
    address."""
    by_address: dict[str, str | None] = {}
    for source in sources:
        for component_id, address in source.result.addresses.items():
            by_address[address] = None if address in by_address else component_id
    not_evaluated = {t for source in sources for t in source.result.not_evaluated}
    issues: list[ModelIssue] = []
    for path, element in walk(overlay):
        for slot in reference_slots(path, element):
            target = slot.target
            if target in ids:
                continue
            base, suffix = target, ""
            if slot.ref.allow_dlq and target.lower().endswith(DLQ_SUFFIX):
                base, suffix = target[: -len(DLQ_SUFFIX)], target[-len(DLQ_SUFFIX) :]
            if base in ids:
                continue
            component_id = by_address.get(base)
            if component_id:
                _replace(element, slot, f"{component_id}{suffix}")
                continue
            message = _unknown_reference(slot.owner, slot.key, base, by_address, ids)
            message += _unevaluated_type(base, not_evaluated)
            issues.append(ModelIssue(slot.path, message, "reference_error"))
    return issues


def _replace(element: BaseModel, slot: ReferenceSlot, target: str) -> None:
    if slot.position is None:
        setattr(element, slot.attribute, target)
    else:
        getattr(element, slot.attribute)[slot.position] = target


def _unknown_reference(
    owner: str, key: str, target: str, by_address: dict[str, str | None], ids: set[str]
) -> str:
    if target in by_address:
        return (
            f"'{owner}' {key} refers to '{target}', an address in more than one source; "
            "refer to the component by its id"
        )
    hint = did_you_mean(target, [*by_address, *ids])
    return (
        f"'{owner}' {key} refers to '{target}', which is neither a component id nor the "
        f"Terraform address of a component of the sources{hint}"
    )


_RESOURCE_TYPE = re.compile(r"^(?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*([a-z0-9_]+)\.")


def _unevaluated_type(address: str, not_evaluated: set[str]) -> str:
    """Why an address of a resource the sources do have is not a component."""
    match = _RESOURCE_TYPE.match(address)
    if match and match.group(1) in not_evaluated:
        return f" (archlint does not evaluate {match.group(1)}, so it is no component)"
    return ""


@record
class Conflict:
    """A value two parts set differently: where, the part that set it first, and its value."""

    path: Path
    first: int
    value: Any


def merge_parts(
    parts: list[BaseModel],
    whole: dict[str, int],
    provenance: Provenance,
    conflicts: list[Conflict],
) -> Architecture:
    """The parts as one Architecture; the root fields named in ``whole`` are taken whole
    from the part given (``metadata``: one file's, never a mix)."""
    for key, owner in whole.items():
        provenance.owners[(key,)] = owner
    merged = _merge(parts, (), provenance, conflicts, skip=set(whole))
    for key, owner in whole.items():
        setattr(merged, key, getattr(parts[owner], key))
    assert isinstance(merged, Architecture)
    return merged


def _merge(
    parts: list[BaseModel | None],
    path: Path,
    provenance: Provenance,
    conflicts: list[Conflict],
    skip: set[str] = frozenset(),  # type: ignore[assignment]
) -> BaseModel:
    """Merge model elements of one class field by field (``None``: a part without it)."""
    present = [(owner, part) for owner, part in enumerate(parts) if part is not None]
    cls = type(present[0][1])
    holds_models = {plan.name for plan in field_plan(cls) if plan.holds_models}
    values: dict[str, Any] = {}
    fields_set: set[str] = set()
    for name, info in cls.model_fields.items():
        key = info.alias or name
        setters = [(o, p) for o, p in present if name in p.model_fields_set and name not in skip]
        if not setters:
            values[name] = getattr(present[-1][1], name)
            continue
        fields_set.add(name)
        here = (*path, key)
        first = getattr(setters[0][1], name)
        if len(setters) == 1:
            values[name] = first
            provenance.owners[here] = setters[0][0]
        elif name in holds_models and isinstance(first, list):
            counts = [0] * len(parts)
            items: list[Any] = []
            for owner, part in setters:
                chunk = getattr(part, name)
                counts[owner] = len(chunk)
                items.extend(chunk)
            values[name] = items
            provenance.counts[here] = counts
        elif name in holds_models and all(
            type(getattr(p, name)) is type(first) and isinstance(first, BaseModel)
            for _, p in setters
        ):
            inner: list[BaseModel | None] = [None] * len(parts)
            for owner, part in setters:
                inner[owner] = getattr(part, name)
            values[name] = _merge(inner, here, provenance, conflicts)
        else:
            values[name] = first
            provenance.owners[here] = setters[0][0]
            for owner, part in setters[1:]:
                if getattr(part, name) != first:
                    # Reported where the second value is written (the overlay, usually).
                    provenance.owners[here] = owner
                    conflicts.append(Conflict(here, setters[0][0], first))
                    break
    return cls.model_construct(_fields_set=fields_set, **values)


def _conflict_issue(conflict: Conflict, locators: list[Locator]) -> ModelIssue:
    where = locators[conflict.first].locate(conflict.path)
    return ModelIssue(
        conflict.path,
        f"'{format_path(conflict.path)}' is already set to {conflict.value!r} at {where}; "
        "parts of an architecture add to each other, they never change what another set",
    )


def _duplicates(merged: Architecture, locator: ComposedLocator) -> list[ModelIssue]:
    """Ids used twice, the first use named by its file and line (it may be Terraform)."""
    issues = []
    for component_id, first, second in merged.index.duplicates:
        where = locator.locate(first)
        address = f"{where.address}, " if where and where.address else ""
        message = f"duplicate id '{component_id}' (first used at {address}{where})"
        issues.append(ModelIssue(second, message, "duplicate_id"))
    return issues


def _moved(issue: ModelIssue, owner: int, provenance: Provenance) -> ModelIssue:
    """An issue found on one part alone, at its path in the merged model."""
    return ModelIssue(provenance.forward(owner, issue.path), issue.message, issue.kind)


def _input_errors(
    issues: list[ModelIssue],
    provenance: Provenance,
    locators: list[Locator],
    yaml_parts: dict[int, ParsedSpec],
) -> InputErrors:
    """Issues on the merged model as input errors, each in the file its element came from."""
    errors: list[InputError] = []
    for issue in issues:
        owner, local = provenance.split(issue.path)
        if owner in yaml_parts:
            moved = ModelIssue(local, issue.message, issue.kind)
            errors.extend(yaml_parts[owner].errors([moved]).errors)
            continue
        location = locators[owner].locate(local)
        file = location.file if location else "<terraform>"
        position = location if location and location.line is not None else None
        errors.append(InputError(file, position, issue.message, format_path(issue.path)))  # type: ignore[arg-type]
    return InputErrors(errors)


def _forward_problem(problem: ImportProblem, owner: int, provenance: Provenance) -> ImportProblem:
    if problem.path is None or owner == 0:
        return problem
    path = provenance.forward(owner, problem.path)
    return ImportProblem(problem.rule_id, problem.severity, problem.message, problem.location, path)
