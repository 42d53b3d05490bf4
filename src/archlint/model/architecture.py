"""The root of the model, the component index and reference checking."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, PrivateAttr, ValidationError

from archlint.azure import names as azure_names
from archlint.model.base import (
    DLQ_SUFFIX,
    AzureName,
    Component,
    DefaultOf,
    RefTo,
    Region,
    StrictModel,
    Suppression,
    empty_dict,
    empty_list,
    empty_set,
)
from archlint.model.compute import Compute
from archlint.model.data import Data
from archlint.model.dr import DisasterRecovery
from archlint.model.edge import Edge
from archlint.model.flows import Flows
from archlint.model.generic import GenericResource
from archlint.model.messaging import Messaging
from archlint.model.monitoring import Monitoring
from archlint.model.network import Network
from archlint.model.resilience import Resilience
from archlint.model.security import Security
from archlint.model.validator_cache import validator_for
from archlint.records import record

Path = tuple[str | int, ...]
_T = TypeVar("_T")


Environment = Literal["production", "staging", "test", "development"]
ENVIRONMENTS: tuple[str, ...] = typing.get_args(Environment)
# Where the environment is, as a model path: unknown (in ``Architecture.unknowns``) when
# nothing declares it, as for Terraform, which has no such notion.
ENVIRONMENT_PATH: Path = ("metadata", "environment")


class Metadata(StrictModel):
    name: str
    description: str | None = None
    version: str | None = None
    environment: Environment = Field(
        default="production",
        description="The environment this design is for. A spec is the whole design, so it "
        "defaults to production; rules that judge production posture (zone redundancy, "
        "alerts, purge protection) run only in production.",
    )
    app_name: str | None = None
    owner: str | None = None
    primary_region: Region
    secondary_regions: list[Region] = Field(default_factory=empty_list)


class ResourceSource(StrictModel):
    """Where the spec's resources come from, when it is an overlay on Terraform."""

    terraform: str = Field(
        description="A Terraform root module directory, a .tf file or a plan JSON "
        "(`terraform show -json`), relative to this spec file. Its resources are imported "
        "and merged with the spec's own sections into one architecture; the spec refers to "
        "them by component id or by Terraform address (module path included, as findings "
        "print them)."
    )


class ComponentSuppression(Suppression):
    """An accepted risk on a component another file declares (an overlay's imported
    resources), named by its id or its Terraform address."""

    component: str = Field(
        description="The component whose finding is accepted: its id, or the Terraform "
        "address it was imported from (as findings print it)."
    )


class Architecture(StrictModel):
    """One architecture: every layer of the system as typed data."""

    schema_version: Literal[1] = Field(
        default=1, description="Version of the archlint spec format."
    )
    metadata: Metadata
    sources: list[ResourceSource] = Field(
        default_factory=empty_list,
        description="Resource sources this spec is an overlay on (Terraform). The spec then "
        "holds what Terraform cannot say: flows, objectives, resilience policies, SLOs.",
    )
    include: list[str] = Field(
        default_factory=empty_list,
        description="Other spec files, relative to this one, whose sections merge into this "
        "architecture (lists are joined; an id is unique across all files; a value is set in "
        "one file only). This file's metadata wins; an included file's is used when it has none.",
    )
    suppress: list[ComponentSuppression] = Field(
        default_factory=empty_list,
        description="Accepted risks on components this file does not declare (an overlay's "
        "imported resources): each names its component by id or Terraform address.",
    )
    network: Network = Field(default_factory=DefaultOf(Network))
    edge: Edge = Field(default_factory=DefaultOf(Edge))
    messaging: Messaging = Field(default_factory=DefaultOf(Messaging))
    compute: Compute = Field(default_factory=DefaultOf(Compute))
    data: Data = Field(default_factory=DefaultOf(Data))
    resilience: Resilience = Field(default_factory=DefaultOf(Resilience))
    monitoring: Monitoring = Field(default_factory=DefaultOf(Monitoring))
    disaster_recovery: DisasterRecovery = Field(default_factory=DefaultOf(DisasterRecovery))
    security: Security = Field(default_factory=DefaultOf(Security))
    flows: Flows = Field(default_factory=DefaultOf(Flows))
    resources: list[GenericResource] = Field(
        default_factory=empty_list,
        description="Azure resources of types archlint has no bespoke model for, by the "
        "arguments every type shares (region, zones, identity, public network access, minimum "
        "TLS, tags); generic rules judge them, private endpoints and diagnostic settings can "
        "target them.",
    )

    # Paths whose value an importer could not know (e.g. "known after apply" in a plan).
    # Rules never see this; the engine drops findings that point into an unknown value.
    _unknowns: set[Path] = PrivateAttr(default_factory=empty_set)
    # Components that may not exist at all (Terraform count/for_each over values unknown
    # before apply). No rule may conclude their presence or their absence: the engine drops
    # findings on the components they refer to, or are referred to by, or are nested in.
    _maybe_present: set[str] = PrivateAttr(default_factory=empty_set)
    # Components handed to a Terraform module archlint could not read: what the module adds
    # to them (an endpoint, an NSG, a DNS link) is unknown, so they are tied the same way.
    _handed_to_unread: set[str] = PrivateAttr(default_factory=empty_set)
    _index: ComponentIndex | None = PrivateAttr(default=None)

    @property
    def unknowns(self) -> set[Path]:
        return self._unknowns

    @property
    def maybe_present(self) -> set[str]:
        return self._maybe_present

    @property
    def handed_to_unread_modules(self) -> set[str]:
        return self._handed_to_unread

    @property
    def index(self) -> ComponentIndex:
        # Rules follow references through this property hundreds of thousands of times on a
        # large estate; pydantic's __getattr__ for a private attribute costs microseconds a
        # call, so the private store (where pydantic keeps ``_index``) is read directly.
        private = self.__pydantic_private__
        assert private is not None
        index = private["_index"]
        if index is None:
            index = private["_index"] = ComponentIndex.build(self)
        return index

    @property
    def environment(self) -> str | None:
        """The declared environment, or None when nothing declares it (Terraform)."""
        return None if ENVIRONMENT_PATH in self._unknowns else self.metadata.environment

    def declare_environment(self, environment: str) -> None:
        """Set the environment of an input that declares none (from the configuration)."""
        self.metadata.environment = environment  # type: ignore[assignment]
        self._unknowns.discard(ENVIRONMENT_PATH)

    def get(self, component_id: str) -> Component | None:
        entry = self.index.by_id.get(component_id)
        return entry.component if entry else None

    def path_of(self, component_id: str) -> Path:
        return self.index.by_id[component_id].path


# --- walking the model -----------------------------------------------------------------


@record
class FieldPlan:
    """What a field holds, decided once per class: references and child models."""

    name: str
    key: str  # the key in YAML (alias when the field has one)
    ref: RefTo | None
    holds_models: bool


def leaf_types(annotation: Any) -> Iterator[Any]:
    """Yield the leaf types of an annotation, with Annotated metadata kept."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield annotation
        return
    if origin in (typing.Union, types.UnionType, list, tuple, set, frozenset):
        for arg in typing.get_args(annotation):
            yield from leaf_types(arg)
        return
    yield annotation


@cache
def field_plan(cls: type[BaseModel]) -> tuple[FieldPlan, ...]:
    plans = []
    for name, info in cls.model_fields.items():
        ref = next((m for m in info.metadata if isinstance(m, RefTo)), None)
        holds_models = False
        for leaf in leaf_types(info.annotation):
            if typing.get_origin(leaf) is typing.Annotated:
                ref = ref or next(
                    (m for m in typing.get_args(leaf)[1:] if isinstance(m, RefTo)), None
                )
            elif isinstance(leaf, type) and issubclass(leaf, BaseModel):
                holds_models = True
        if ref or holds_models:
            plans.append(FieldPlan(name, info.alias or name, ref, holds_models))
    return tuple(plans)


def walk(model: BaseModel, path: Path = ()) -> Iterator[tuple[Path, BaseModel]]:
    """Every model element below ``model`` (itself included), depth first, in spec order."""
    # A stack, not recursion: nested generators hand each element up through every level
    # above it, and a large estate has millions of elements a few levels deep.
    stack: list[tuple[Path, BaseModel]] = [(path, model)]
    pop, push = stack.pop, stack.append
    while stack:
        here, element = pop()
        yield here, element
        children: list[tuple[Path, BaseModel]] = []
        for key, name in _model_fields(type(element)):
            value = getattr(element, name)
            if isinstance(value, BaseModel):
                children.append(((*here, key), value))
            elif isinstance(value, list):
                children.extend(
                    ((*here, key, position), item)
                    for position, item in enumerate(value)
                    if isinstance(item, BaseModel)
                )
        for child in reversed(children):
            push(child)


def attribute_or(element: BaseModel, name: str, default: Any = None) -> Any:
    """``getattr(element, name, default)``, without paying for a miss.

    Rules ask every component for a field only some kinds have. On a model a missing name
    costs an AttributeError raised and caught (30 times a hit), and a large estate asks
    hundreds of thousands of times; whether a class has the name is decided once.
    """
    if _has_attribute(type(element), name):
        return getattr(element, name, default)
    return default


@cache
def _has_attribute(cls: type[BaseModel], name: str) -> bool:
    # Extra keys are forbidden: an instance has no public attribute its class lacks.
    return name in cls.model_fields or hasattr(cls, name)


@cache
def _model_fields(cls: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(key, attribute) of the fields of ``cls`` that can hold model elements."""
    return tuple((plan.key, plan.name) for plan in field_plan(cls) if plan.holds_models)


@record
class IndexEntry:
    component: Component
    path: Path
    parent: Component | None


@dataclass
class ComponentIndex:
    by_id: dict[str, IndexEntry]
    by_kind: dict[str, list[Component]]
    duplicates: list[tuple[str, Path, Path]]
    # Lookups analyses derive from the whole model (by "module.name"), built once per
    # architecture like the index itself, so that a question asked per component does not
    # rescan every flow or policy each time.
    memo: dict[str, Any] = field(default_factory=empty_dict, repr=False, compare=False)
    # The elements holding references or Azure names, with their paths, in spec order:
    # what check_model judges, gathered on the index's walk (walking a large estate costs
    # as much as checking it); check_model takes them (None once taken).
    checked: list[tuple[Path, BaseModel]] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def build(cls, architecture: Architecture) -> ComponentIndex:
        by_id: dict[str, IndexEntry] = {}
        by_kind: dict[str, list[Component]] = {}
        duplicates: list[tuple[str, Path, Path]] = []
        parents: list[tuple[Path, Component]] = []
        checked: list[tuple[Path, BaseModel]] = []
        for path, element in walk(architecture):
            if _is_checked(type(element)):
                checked.append((path, element))
            if not isinstance(element, Component):
                continue
            while parents and parents[-1][0] != path[: len(parents[-1][0])]:
                parents.pop()
            parent = parents[-1][1] if parents else None
            parents.append((path, element))
            if element.id in by_id:
                duplicates.append((element.id, by_id[element.id].path, path))
                continue
            by_id[element.id] = IndexEntry(element, path, parent)
            by_kind.setdefault(element.kind, []).append(element)
        return cls(by_id, by_kind, duplicates, checked=checked)

    def remembered(self, key: str, make: Callable[[], _T]) -> _T:
        """``memo[key]``, made by ``make()`` the first time it is asked for."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]  # type: ignore[no-any-return]

    def of_kind(self, *kinds: str) -> list[Component]:
        if len(kinds) == 1:
            return self.by_kind.get(kinds[0], [])
        return [c for kind in kinds for c in self.by_kind.get(kind, [])]


def references_of(element: BaseModel, tying_only: bool = False) -> Iterator[str]:
    """Every component id a model element (and whatever it holds) refers to; with
    ``tying_only``, through the references that tie presence (``RefTo.ties``) only."""
    for _, inner in walk(element):
        for plan in field_plan(type(inner)):
            if plan.ref is None or (tying_only and not plan.ref.ties):
                continue
            value = getattr(inner, plan.name)
            for target in value if isinstance(value, list) else [value]:
                if isinstance(target, str):
                    yield target


def maybe_neighbours(architecture: Architecture) -> dict[str, set[str]]:
    """Component id -> the maybe-present components it is tied to (those it refers to,
    those that refer to it, the one it is nested in or that is nested in it), or to a module
    archlint could not read that is handed it."""
    maybe = architecture.maybe_present
    index = architecture.index
    tied: dict[str, set[str]] = {
        c: {"an unread module"} for c in architecture.handed_to_unread_modules
    }
    for component_id in maybe:
        entry = index.by_id.get(component_id)
        if entry is None:
            continue
        for target in references_of(entry.component, tying_only=True):
            tied.setdefault(target, set()).add(component_id)
        if entry.parent is not None:
            tied.setdefault(entry.parent.id, set()).add(component_id)
    for component_id, entry in index.by_id.items():
        # Nested at any depth: a subscription of a topic of a namespace that may not exist.
        ancestor = entry.parent
        while ancestor is not None:
            if ancestor.id in maybe:
                tied.setdefault(component_id, set()).add(ancestor.id)
            parent_entry = index.by_id.get(ancestor.id)
            ancestor = parent_entry.parent if parent_entry else None
        for target in references_of(entry.component, tying_only=True):
            if target in maybe and target != component_id:
                tied.setdefault(component_id, set()).add(target)
    return tied


# --- validation ------------------------------------------------------------------------


@record
class ModelIssue:
    """One problem with the model, at a path that the loader maps to a file position."""

    path: Path
    message: str
    kind: str = "value_error"


class ModelValidationError(Exception):
    def __init__(self, issues: list[ModelIssue]) -> None:
        super().__init__(f"{len(issues)} problem(s) in the architecture")
        self.issues = issues


def format_path(path: Path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_references(architecture: Architecture) -> list[ModelIssue]:
    """Duplicate ids and references to missing (or wrong-kind) components."""
    return _duplicate_ids(architecture) + [
        issue
        for path, element in walk(architecture)
        for issue in _reference_issues(architecture.index, path, element)
    ]


def check_model(architecture: Architecture, unknowns: Collection[Path] = ()) -> list[ModelIssue]:
    """:func:`check_references` and :func:`check_names` together, on the elements the
    index's walk found holding references or names (a walk of a large estate costs as much
    as either check)."""
    index = architecture.index
    issues = _duplicate_ids(architecture)
    # Taken, not kept for the rest of the run: a second check of the model walks it again.
    checked, index.checked = index.checked, None
    for path, element in walk(architecture) if checked is None else checked:
        issues += _reference_issues(index, path, element)
        if name_fields(type(element)):  # few classes hold names: skip the call for the rest
            issues += _name_issues(path, element, unknowns)
    return issues


@cache
def _is_checked(cls: type[BaseModel]) -> bool:
    """Whether elements of ``cls`` hold references or Azure names (check_model's work)."""
    return bool(reference_plans(cls) or name_fields(cls))


def _duplicate_ids(architecture: Architecture) -> list[ModelIssue]:
    return [
        ModelIssue(
            second,
            f"duplicate id '{component_id}' (first used at {format_path(first)})",
            "duplicate_id",
        )
        for component_id, first, second in architecture.index.duplicates
    ]


@dataclass(slots=True)  # not frozen: made once per reference of a large estate, kept cheap
class ReferenceSlot:
    """One reference an element holds: which field, where, and the id it names."""

    owner: str  # the referring element: its component id, or its path
    attribute: str  # the field's Python name
    key: str  # the field's YAML key
    position: int | None  # the item in a list field; None for a single reference
    path: Path  # where the reference is in the model
    ref: RefTo
    target: str


@cache
def reference_plans(cls: type[BaseModel]) -> tuple[FieldPlan, ...]:
    """The fields of ``cls`` that hold references (most classes have none)."""
    return tuple(plan for plan in field_plan(cls) if plan.ref is not None)


def reference_slots(path: Path, element: BaseModel) -> Iterator[ReferenceSlot]:
    """The references ``element`` (at ``path``) holds directly, in field order."""
    plans = reference_plans(type(element))
    if not plans:
        return
    owner = element.id if isinstance(element, Component) else format_path(path)
    for plan in plans:
        assert plan.ref is not None
        value = getattr(element, plan.name)
        many = isinstance(value, list)
        for position, target in enumerate(value if many else [value]):
            if isinstance(target, str):
                where = (*path, plan.key, position) if many else (*path, plan.key)
                index = position if many else None
                yield ReferenceSlot(owner, plan.name, plan.key, index, where, plan.ref, target)


def _reference_issues(index: ComponentIndex, path: Path, element: BaseModel) -> list[ModelIssue]:
    plans = reference_plans(type(element))
    if not plans:  # the common case, without a generator
        return []
    # Nearly every reference names a component of an allowed kind: tell that first, and make
    # the slots (their paths, the owner's name) only for an element holding a bad one.
    # A large estate holds hundreds of thousands of references.
    by_id = index.by_id
    for plan in plans:
        ref = plan.ref
        assert ref is not None
        value = getattr(element, plan.name)
        for target in value if isinstance(value, list) else (value,):
            if not isinstance(target, str):
                continue
            entry = by_id.get(target)
            if (
                entry is None
                or (ref.kinds and entry.component.kind not in ref.kinds)
                or (ref.allow_dlq and target.lower().endswith(DLQ_SUFFIX))
            ):
                return _slot_issues(index, path, element)
    return []


def _slot_issues(index: ComponentIndex, path: Path, element: BaseModel) -> list[ModelIssue]:
    issues = []
    for slot in reference_slots(path, element):
        problem = _check_one(index, slot.ref, slot.target, slot.owner, slot.key)
        if problem:
            issues.append(ModelIssue(slot.path, problem, "reference_error"))
    return issues


def _check_one(index: ComponentIndex, ref: RefTo, target: str, owner: str, key: str) -> str | None:
    base = target
    if ref.allow_dlq and target.lower().endswith(DLQ_SUFFIX):
        base = target[: -len(DLQ_SUFFIX)]
        entry = index.by_id.get(base)
        if entry and entry.component.kind not in ("service_bus_queue", "service_bus_subscription"):
            return (
                f"'{owner}' {key} '{target}': only queues and subscriptions have a dead-letter "
                f"queue, '{base}' is a {entry.component.title}"
            )
    entry = index.by_id.get(base)
    if entry is None:
        hint = difflib.get_close_matches(base, index.by_id.keys(), n=1)
        suggestion = f"; did you mean '{hint[0]}'?" if hint else ""
        return f"'{owner}' {key} refers to '{base}', which does not exist{suggestion}"
    if ref.kinds and entry.component.kind not in ref.kinds:
        allowed = " or ".join(ref.kinds)
        return f"'{owner}' {key} refers to '{base}', a {entry.component.kind}; expected {allowed}"
    return None


@cache
def name_fields(cls: type[BaseModel]) -> tuple[tuple[str, str, AzureName], ...]:
    """(attribute, YAML key, marker) of each field of ``cls`` holding Azure names."""
    found = []
    for name, info in cls.model_fields.items():
        markers = [m for m in info.metadata if isinstance(m, AzureName)]
        for leaf in leaf_types(info.annotation):
            if typing.get_origin(leaf) is typing.Annotated:
                markers += [m for m in typing.get_args(leaf)[1:] if isinstance(m, AzureName)]
        if markers:
            found.append((name, info.alias or name, markers[0]))
    return tuple(found)


def check_names(architecture: Architecture, unknowns: Collection[Path] = ()) -> list[ModelIssue]:
    """Regions and SKUs that are not Azure's (``westeurop``, ``P9v9``), with a did-you-mean.

    Values at ``unknowns`` are not judged: an importer puts a placeholder where Azure's value
    could not be known (or was refused and reported already).
    """
    return [
        issue
        for path, element in walk(architecture)
        for issue in _name_issues(path, element, unknowns)
    ]


def _name_issues(path: Path, element: BaseModel, unknowns: Collection[Path]) -> list[ModelIssue]:
    fields = name_fields(type(element))
    if not fields:
        return []
    issues = []
    kind = element.kind if isinstance(element, Component) else ""
    for attribute, key, marker in fields:
        value = getattr(element, attribute)
        values = value if isinstance(value, list) else [value]
        for position, item in enumerate(values):
            where = (*path, key, position) if isinstance(value, list) else (*path, key)
            if not isinstance(item, str) or _within(where, unknowns):
                continue
            problem = _name_problem(marker, kind, key, item)
            if problem:
                issues.append(ModelIssue(where, problem, "name_error"))
    return issues


def _within(path: Path, unknowns: Collection[Path]) -> bool:
    return any(path[:end] in unknowns for end in range(1, len(path) + 1))


def _name_problem(marker: AzureName, kind: str, key: str, value: str) -> str | None:
    if marker.catalogue == "sku":
        return azure_names.unknown_sku(kind, key, value)
    if marker.catalogue == "azurerm_type":
        return azure_names.unknown_azurerm_type(value)
    if marker.allow_global and value == "global":
        return None
    return azure_names.unknown_region(value)


def pydantic_issues(error: ValidationError) -> list[ModelIssue]:
    return [
        ModelIssue(tuple(item["loc"]), _message(item), item["type"])
        for item in error.errors(include_url=False)
    ]


def _message(item: Any) -> str:
    message: str = item["msg"]
    if item["type"] == "literal_error" and isinstance(item.get("input"), str):
        # A closed set of names (a tier, a SKU): point at the one meant, as for regions.
        expected = re.findall(r"'((?:[^'\\]|\\.)*)'", item.get("ctx", {}).get("expected", ""))
        hint = azure_names.closest(item["input"], expected)
        if hint:
            message += f"; did you mean '{hint}'?"
    # pydantic prefixes our own ValueErrors; the prefix adds nothing for a reader.
    return message.removeprefix("Value error, ")


def parse_architecture(data: Any) -> Architecture:
    """Validate the shape of plain data into an Architecture (types, keys, values), or raise;
    references and Azure names are not checked (see :func:`check_model`)."""
    try:
        return validator_for(Architecture).validate_python(data)
    except ValidationError as error:
        raise ModelValidationError(pydantic_issues(error)) from None


def build_architecture(data: Any, unknowns: Collection[Path] = ()) -> Architecture:
    """Validate plain data into an Architecture, references and Azure names included, or
    raise. Names at ``unknowns`` (placeholders an importer made) are not judged."""
    architecture = parse_architecture(data)
    issues = check_model(architecture, unknowns)
    if issues:
        raise ModelValidationError(issues)
    return architecture
