"""The mapping core: Terraform resources -> the architecture document -> the model.

Each azurerm resource type has a small mapper function (registered with :func:`mapper`) that
reads the resource's values through a :class:`View` and writes model fields into a
:class:`Draft` - a plain dict the size of one model element, plus the relative paths whose
values are unknown.  The :class:`Builder` then

1. gives every component a stable id derived from its Terraform address (before any mapper
   runs, so references resolve regardless of order);
2. runs the component mappers, then the mappers that add to other components (an NSG
   association, a Front Door route...), then deferred work (Service Bus forwarding by name);
3. places drafts in the document (a queue inside its namespace), in address order;
4. records, for every draft, its model path -> :class:`Location`, and its unknown paths;
5. validates with :func:`archlint.model.build_architecture`; a value the model refuses
   becomes an unknown field (placeholder + TF007 problem) rather than an error, because a
   plan Terraform accepted must never stop the gate.

References: a value is resolved to a component id by the target's Terraform address (a
:class:`Reference`), by Azure resource id (known ids in a plan), or by name (for the azurerm
arguments that take names).  A reference to something outside the configuration (a data
source, a literal id) becomes an *external stub*: a component whose whole path is unknown,
so rules can follow the reference but never judge the stub.

Costs are linear: indexes by address, Azure id and (type, name) are built once.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from archlint.azure import names as azure_names
from archlint.importers.azurerm.defaults import provider_default
from archlint.importers.modelinfo import (
    CHILD_SLOTS,
    SECTIONS,
    component_classes,
    field_at,
    placeholder,
    placeholder_model,
)
from archlint.importers.problems import ImportProblem
from archlint.importers.values import (
    SENSITIVE,
    UNKNOWN,
    Reference,
    TfResource,
    has_unknown,
    plain,
    scalar,
)
from archlint.location import Location
from archlint.model import (
    ENVIRONMENT_PATH,
    Architecture,
    ModelIssue,
    ModelValidationError,
    Path,
    build_architecture,
    check_model,
    parse_architecture,
)
from archlint.records import record

if TYPE_CHECKING:  # lint --together loads it; one root's mapping needs it only for TF008
    from archlint.importers.together import Neighbours

__all__ = [
    "REGISTRY",
    "Builder",
    "Draft",
    "External",
    "Mapped",
    "View",
    "entry_for",
    "fallback",
    "has_unknown",
    "mapper",
    "not_judged_by",
    "plain",
    "why_not_evaluated",
]

MapperFn = Callable[["Builder", "View", "Draft | None"], None]


@record
class TypeMapper:
    kind: str | None  # component kind each resource becomes; None: adds to other components
    build: MapperFn
    phase: int


REGISTRY: dict[str, TypeMapper] = {}
# The mapper of every azurerm type without one of its own (a generic resource), and why the
# few types it does not take are not evaluated (both set by :mod:`.generic`).
_FALLBACK: list[TypeMapper] = []
_NOT_JUDGED: list[Callable[[str], str | None]] = []


def mapper(*types: str, kind: str | None = None, phase: int = 0) -> Callable[[MapperFn], MapperFn]:
    """Register ``fn(builder, view, draft)`` for resource ``types``.

    With ``kind``, each resource becomes a component of that kind and ``draft`` is its
    (pre-created) draft; without, ``draft`` is None and the mapper adds to other drafts.
    ``phase`` orders augmenters that depend on each other (an origin needs its group).
    """

    def register(fn: MapperFn) -> MapperFn:
        for resource_type in types:
            REGISTRY[resource_type] = TypeMapper(kind, fn, phase if kind is None else 0)
        return fn

    return register


def fallback(kind: str) -> Callable[[MapperFn], MapperFn]:
    """Register ``fn`` for every azurerm type that has no mapper of its own."""

    def register(fn: MapperFn) -> MapperFn:
        _FALLBACK[:] = [TypeMapper(kind, fn, 0)]
        return fn

    return register


def not_judged_by(reason: Callable[[str], str | None]) -> Callable[[str], str | None]:
    """Register the function saying why a type is not evaluated even generically."""
    _NOT_JUDGED[:] = [reason]
    return reason


def entry_for(resource_type: str) -> TypeMapper | None:
    """The mapper of ``resource_type``: its own, else the generic one for an azurerm type the
    provider schemas know and archlint can judge; None when the type is not evaluated."""
    entry = REGISTRY.get(resource_type)
    if entry is not None or not _FALLBACK or not resource_type.startswith("azurerm_"):
        return entry
    if why_not_evaluated(resource_type) is not None:
        return None
    return _FALLBACK[0]


def why_not_evaluated(resource_type: str) -> str | None:
    """Why archlint does not evaluate ``resource_type`` (None when it does)."""
    if resource_type in REGISTRY:
        return None
    if _NOT_JUDGED and (reason := _NOT_JUDGED[0](resource_type)) is not None:
        return reason
    if resource_type.startswith("azurerm_") and resource_type in azure_names.azurerm_types():
        return None
    return (
        "archlint knows no such azurerm type (neither the 3.x nor the 4.x provider schema has it)"
        if resource_type.startswith("azurerm_")
        else "archlint evaluates azurerm resources only"
    )


# --- values ------------------------------------------------------------------------------


class View:
    """Read access to one resource's values, or to one nested block of them."""

    __slots__ = ("resource", "values")

    def __init__(self, resource: TfResource, values: Any) -> None:
        self.resource = resource
        self.values = values

    def raw(self, *names: str) -> Any:
        """The first of ``names`` that is set (azurerm 4.x spelling first, then 3.x)."""
        if self.values is UNKNOWN:
            return UNKNOWN
        if not isinstance(self.values, dict):
            return None
        for name in names:
            value = self.values.get(name)
            if value is not None:
                return value
        return None

    def get(self, *names: str) -> Any:
        return scalar(self.raw(*names))

    def blocks(self, name: str) -> list[View]:
        value = self.raw(name)
        if isinstance(value, dict):
            return [View(self.resource, value)]
        if isinstance(value, list):
            return [View(self.resource, item) for item in value if isinstance(item, dict)]
        return []

    def block(self, name: str) -> View | None:
        blocks = self.blocks(name)
        return blocks[0] if blocks else None

    def unknown(self, name: str) -> bool:
        """Whether the value as a whole is unknown (a block Terraform cannot expand yet)."""
        return scalar(self.raw(name)) is UNKNOWN

    def name(self) -> Any:
        return self.get("name")


# --- drafts ------------------------------------------------------------------------------


class Draft:
    """A model element under construction (a dict), with what is unknown in it.

    A plain class, not a dataclass: every Terraform run imports this module, and defining a
    dataclass costs about half a millisecond (it compiles its methods)."""

    def __init__(
        self, builder: Builder, data: dict[str, Any], resource: TfResource, kind: str | None = None
    ) -> None:
        self.builder = builder
        self.data = data
        self.resource = resource
        self.kind = kind
        self.parent: str | None = None  # parent component id, for kinds inside another
        self.unknown: list[Path] = []
        self.whole_unknown = False
        self.external = False
        self.order: tuple[Any, ...] = ()
        #: Fields another resource sets (a server parameter's own resource): findings on
        #: them point at that resource.
        self.sources: dict[Path, TfResource] = {}

    def __repr__(self) -> str:
        return f"Draft({self.kind!r}, {self.resource.address!r}, {self.data!r})"

    @property
    def id(self) -> str:
        return str(self.data["id"])

    def set(
        self,
        key: str | Path,
        value: Any,
        convert: Callable[[Any], Any] | None = None,
    ) -> Any:
        """Set a field from a Terraform value: absent stays unset, unknown is recorded."""
        path: Path = (key,) if isinstance(key, str) else key
        if value is None:
            return None
        if has_unknown(value):
            self.unknown.append(path)
            return UNKNOWN
        value = plain(value)
        if value is None or value == "":
            return None  # azurerm reports unset optional strings as ""
        if convert is not None:
            try:
                value = convert(value)
            except (ValueError, TypeError, KeyError) as error:
                reason = f"unknown value {error}" if isinstance(error, KeyError) else str(error)
                self.builder.value_problem(self.resource, path, value, reason)
                self.unknown.append(path)
                return UNKNOWN
        self.put(path, value)
        return value

    def put(self, path: Path, value: Any) -> None:
        container: Any = self.data
        for part in path[:-1]:
            container = container[part] if isinstance(part, int) else container.setdefault(part, {})
        container[path[-1]] = value

    def mark_unknown(self, key: str | Path) -> None:
        self.unknown.append((key,) if isinstance(key, str) else key)

    def sub(self, data: dict[str, Any], resource: TfResource | None = None) -> Draft:
        """Track a sub-element (an NSG rule from its own resource) for locations/unknowns."""
        draft = Draft(self.builder, data, resource or self.resource)
        self.builder.subs.append(draft)
        return draft


@record
class Lent:
    """A part one root adds to a component another root creates: a spoke's link to the
    hub's private DNS zone (``lint --together``)."""

    parent: str  # the component's id
    attribute: str  # the list of the component it belongs to (vnet_links)
    data: dict[str, Any]  # the part, as the model reads it
    unknown: list[Path]  # paths in the part whose values are unknown
    location: Location  # the resource that adds it


@record
class External:
    """A reference to something this configuration does not create."""

    key: str
    name: str | None = None
    arm_id: str | None = None


_ID_CHARS = re.compile(r"[^A-Za-z0-9_.\-]+")
ARM_ID = re.compile(r"^/(subscriptions|providers)/", re.IGNORECASE)
_CHILD_PATH = re.compile(r"/subnets/(?P<name>[^/]+)", re.IGNORECASE)
# Types whose mappers make child components (inline subnets) that others name by path.
_MAPPED_FIRST = frozenset({"azurerm_virtual_network"})


def sanitize(text: str) -> str:
    out = _ID_CHARS.sub("-", text).strip("-._")
    if not out or not out[0].isalnum():
        out = "r-" + out
    return out[:120]


def arm_segment(arm_id: str, segment: str) -> str | None:
    """The name after ``/<segment>/`` in an Azure resource id (case-insensitive)."""
    parts = arm_id.strip("/").split("/")
    for position in range(len(parts) - 1):
        if parts[position].lower() == segment.lower():
            return parts[position + 1]
    return None


# --- the builder -------------------------------------------------------------------------


class Mapped(NamedTuple):  # not a dataclass: half a millisecond less to define
    architecture: Architecture
    table: dict[Path, Location]
    problems: list[ImportProblem]
    not_evaluated: list[str]
    addresses: dict[str, str]  # component id -> Terraform address
    external: frozenset[str]
    lent: list[Lent]


class Builder:
    def __init__(
        self,
        resources: Iterable[TfResource],
        source: str,
        name: str,
        neighbours: Neighbours | None = None,
    ) -> None:
        self.source = source
        self.name = name
        # The roots read with this one (lint --together): what their lookups resolve to.
        self.neighbours = neighbours
        # Data sources a reference needed that resolve to nothing: address -> said once.
        self.unseen_lookups: set[str] = set()
        self.lent: list[Lent] = []  # what this root adds to other roots' components
        managed = [r for r in resources if r.mode == "managed"]
        self.data_sources = {r.address: r for r in resources if r.mode == "data"}
        self.resources = sorted(managed, key=lambda r: r.address)
        self.by_address: dict[str, TfResource] = {r.address: r for r in self.resources}
        self.by_address.update(self.data_sources)
        self.by_arm_id: dict[str, str] = {}
        self.by_name: dict[tuple[str, str], list[str]] = {}
        for resource in self.by_address.values():
            arm_id = scalar(resource.values.get("id"))
            if isinstance(arm_id, str) and ARM_ID.match(arm_id):
                self.by_arm_id.setdefault(arm_id.lower(), resource.address)
            resource_name = scalar(resource.values.get("name"))
            if isinstance(resource_name, str) and resource.mode == "managed":
                key = (resource.type, resource_name.lower())
                self.by_name.setdefault(key, []).append(resource.address)
        self.problems: list[ImportProblem] = []
        self.vms_of_nic: dict[str, list[str]] = {}  # network interface address -> VM ids
        self.not_evaluated: dict[str, TfResource] = {}
        self.component_of: dict[str, str] = {}  # address -> component id
        self.owner_of: dict[str, str] = {}  # address of a part (e.g. FD endpoint) -> component
        self.elements: dict[str, dict[str, Any]] = {}  # address -> sub-element dict
        self.drafts: dict[str, Draft] = {}  # component id -> draft
        self.subs: list[Draft] = []
        self.top: list[tuple[tuple[str, ...], Draft]] = []  # non-component top-level items
        self.stubs: dict[tuple[str, str], str] = {}
        self.used_ids: set[str] = set()
        self.deferred: list[Callable[[], None]] = []
        self.extra_unknown: set[Path] = set()
        # Region (as the metadata writes it) -> the first resource whose location gave it, to
        # report a location the model refuses where it was written.
        self.region_source: dict[str, TfResource] = {}
        # Components without an address of their own (inline subnets), by Azure id.
        self.component_by_arm: dict[str, str] = {}
        # The azurerm major version the input is judged by (None: unknown): an absent
        # argument means that version's default (defaults.py).
        self.provider_major: int | None = None

    def or_default(self, view: View, argument: str, value: Any) -> Any:
        """``value`` as written, or the provider default of ``argument`` (dotted inside the
        resource) for the pinned major: UNKNOWN when that major's default is not known."""
        if value is not None:
            return value
        return provider_default(view.resource.type, argument, self.provider_major)

    # ids -----------------------------------------------------------------------------

    def unique_id(self, base: str) -> str:
        base = sanitize(base)
        candidate, counter = base, 2
        while candidate in self.used_ids:
            candidate = f"{base}-{counter}"
            counter += 1
        self.used_ids.add(candidate)
        return candidate

    def assign_ids(self) -> dict[str, str]:
        """Readable ids from addresses: the name label (or the for_each key), qualified
        only where it collides - first by the resource type, then by the module path, then
        (read together with other roots) by this root's name. Returns address -> id."""
        bespoke = [r for r in self.resources if (m := REGISTRY.get(r.type)) and m.kind]
        generic = [
            r
            for r in self.resources
            if r.type not in REGISTRY and (m := entry_for(r.type)) and m.kind
        ]

        def label(resource: TfResource) -> str:
            if resource.wildcard:
                return f"{resource.name}-each"
            if resource.index is None:
                return resource.name
            return f"{resource.name}-{resource.index}"

        def by_type(resource: TfResource) -> str:
            return f"{label(resource)}-{resource.type.removeprefix('azurerm_')}"

        def by_module(resource: TfResource) -> str:
            modules = [p for p in resource.module.split(".") if p and p != "module"]
            return ".".join([*modules, by_type(resource)])

        def first_choice(resource: TfResource) -> str:
            # for_each keys are usually names already ("sbq-orders"): use the key alone.
            if isinstance(resource.index, str) and not resource.wildcard:
                return resource.index
            return label(resource)

        choices = (first_choice, label, by_type, by_module)
        # Bespoke components first, so that the generic resources beside them (a lock named
        # "this" like the vault it locks) never change their ids: a generic one takes the next
        # choice while its id is taken.
        for group in (bespoke, generic):
            chosen = {r.address: sanitize(first_choice(r)) for r in group}
            for choice in choices[1:]:
                counts = Counter(chosen.values())
                for resource in group:
                    name = chosen[resource.address]
                    if counts[name] > 1 or name in self.used_ids:
                        chosen[resource.address] = sanitize(choice(resource))
            if self.neighbours is not None:
                root = self.neighbours.label
                for resource in group:
                    if chosen[resource.address] in self.neighbours.taken:
                        chosen[resource.address] = sanitize(f"{root}.{chosen[resource.address]}")
            for resource in group:  # anything still colliding gets a numeric suffix, in order
                self.component_of[resource.address] = self.unique_id(chosen[resource.address])
        return dict(self.component_of)

    # drafts ----------------------------------------------------------------------------

    def new_draft(
        self,
        resource: TfResource,
        kind: str,
        component_id: str,
        order: tuple[Any, ...] | None = None,
    ) -> Draft:
        draft = Draft(self, {"id": component_id}, resource, kind)
        draft.order = order if order is not None else (resource.address,)
        draft.whole_unknown = resource.wildcard
        self.drafts[component_id] = draft
        return draft

    def add_top(
        self, section: tuple[str, ...], data: dict[str, Any], resource: TfResource
    ) -> Draft:
        """A top-level list item that is not a component (a role assignment)."""
        draft = Draft(self, data, resource)
        draft.order = (resource.address,)
        self.top.append((section, draft))
        return draft

    def draft_of(self, component_id: str | None) -> Draft | None:
        return self.drafts.get(component_id) if component_id else None

    def later(self, work: Callable[[], None]) -> None:
        self.deferred.append(work)

    # problems --------------------------------------------------------------------------

    def location(self, resource: TfResource) -> Location:
        return Location(resource.file, resource.line, None, resource.address)

    def value_problem(self, resource: TfResource, path: Path, value: Any, reason: str) -> None:
        where = ".".join(str(p) for p in path)
        self.problems.append(
            ImportProblem(
                "TF007",
                "low",
                f"{resource.address}: {where} = {value!r} not understood ({reason}); "
                "archlint treats it as unknown",
                self.location(resource),
            )
        )

    def attached_to(
        self, resource: TfResource, value: Any, kinds: tuple[str, ...], parent: str
    ) -> Draft | None:
        """The draft of the component a resource adds to (its ``value`` refers to it), or
        None with a note when archlint cannot find it."""
        target = self.resolve(value, kinds)
        draft = self.draft_of(target if isinstance(target, str) else None)
        if draft is None:
            self.not_attached(resource, parent)
        return draft

    def not_attached(self, resource: TfResource, parent: str) -> None:
        """A resource that only adds to another (a standalone NSG rule, an association) whose
        parent archlint cannot find: said, never dropped in silence."""
        self.problems.append(
            ImportProblem(
                "TF005",
                "info",
                f"{resource.address} is not evaluated: archlint finds no {parent} for it "
                "in this configuration",
                self.location(resource),
            )
        )

    def discard(self, draft: Draft, reason: str) -> None:
        """Drop a component this resource cannot be in the model as (an autoscale setting of
        a scale set is no App Service plan's), with a note saying why."""
        self.drafts.pop(draft.id, None)
        self.problems.append(
            ImportProblem(
                "TF005",
                "info",
                f"{draft.resource.address} is not evaluated: {reason}",
                self.location(draft.resource),
            )
        )

    # references ------------------------------------------------------------------------

    def _component_at(self, address: str, kinds: tuple[str, ...]) -> str | None:
        for table in (self.component_of, self.owner_of):
            component_id = table.get(address)
            if component_id is not None and self._kind_ok(component_id, kinds):
                return component_id
        return None

    def _kind_ok(self, component_id: str, kinds: tuple[str, ...]) -> bool:
        if not kinds:
            return True
        draft = self.drafts.get(component_id)
        return draft is not None and draft.kind in kinds

    def resolve(self, value: Any, kinds: tuple[str, ...] = ()) -> str | External | None:
        """A component id, an External, UNKNOWN or None (absent)."""
        if value is None:
            return None
        if isinstance(value, Reference):
            if _CHILD_PATH.fullmatch(value.suffix):
                return self._child_named(value, kinds)
            hit = self._component_at(value.address, kinds)
            if hit is not None:
                return hit
            if self.neighbours is not None:  # read with other roots: a lookup may be theirs
                from archlint.importers.together import reference_key

                looked_up = self._looked_up(value.address, kinds) or self._looked_up(
                    reference_key(value.address, value.attribute), kinds
                )
                if looked_up is not None:
                    return looked_up
            inner = scalar(value)
            if isinstance(inner, str) and ARM_ID.match(inner):
                by_id = self._by_arm_id(inner, kinds)
                if by_id is not None:
                    return by_id
            target = self.by_address.get(value.address)
            if target is not None and target.mode == "managed" and entry_for(target.type):
                # A resource we map, of the wrong kind for this field: we cannot tell.
                return UNKNOWN
            name = scalar(target.values.get("name")) if target is not None else None
            arm = inner if isinstance(inner, str) and ARM_ID.match(inner) else None
            if target is not None and target.mode == "data":
                self.unseen_lookups.add(target.address)
            return External(
                value.address,
                name
                if isinstance(name, str)
                else (arm.rstrip("/").split("/")[-1] if arm else None),
                arm,
            )
        value = scalar(value)
        if value is UNKNOWN:
            return UNKNOWN
        if isinstance(value, str) and ARM_ID.match(value):
            by_id = self._by_arm_id(value, kinds)
            if by_id is not None:
                return by_id
            return External(value.lower(), value.rstrip("/").split("/")[-1], value)
        if isinstance(value, str) and value:
            return External(value.lower(), value)
        return UNKNOWN

    def _looked_up(self, address: str, kinds: tuple[str, ...]) -> str | None:
        """The component another root read with this one creates, that the data source at
        ``address`` looks up (None: not read together, no match, or not of ``kinds``)."""
        if self.neighbours is None:
            return None
        component_id, kind = self.neighbours.found.get(address, (None, None))
        if component_id is None or (kinds and kind not in kinds):
            return None
        return component_id

    def lends_to(self, target: Any) -> bool:
        """Whether ``target`` (a resolved reference) is another root's component."""
        found = self.neighbours.found.values() if self.neighbours else ()
        return isinstance(target, str) and any(target == cid for cid, _ in found)

    def lend(self, parent: str, attribute: str, part: Draft) -> None:
        """Add ``part`` to the ``attribute`` list of another root's component ``parent``
        (the roots' union places it)."""
        location = self.location(part.resource)
        self.lent.append(Lent(parent, attribute, part.data, part.unknown, location))

    def _child_named(self, value: Reference, kinds: tuple[str, ...]) -> str | External | None:
        """``"${azurerm_virtual_network.hub.id}/subnets/x"``: the subnet x of that network
        (unknown when archlint has no such subnet; never the network itself)."""
        child = _CHILD_PATH.fullmatch(value.suffix)
        parent = self._component_at(value.address, ("virtual_network",))
        if child is None or parent is None or value.attribute != ("id",):
            return UNKNOWN
        name = child["name"].lower()
        for component_id, draft in self.drafts.items():
            if (
                draft.kind == "subnet"
                and draft.parent == parent
                and str(draft.data.get("name", "")).lower() == name
                and self._kind_ok(component_id, kinds)
            ):
                return component_id
        return UNKNOWN

    def _by_arm_id(self, arm_id: str, kinds: tuple[str, ...]) -> str | None:
        key = arm_id.lower().rstrip("/")
        component_id = self.component_by_arm.get(key)
        if component_id is not None and self._kind_ok(component_id, kinds):
            return component_id
        address = self.by_arm_id.get(key)
        return self._component_at(address, kinds) if address else None

    def resolve_name(
        self,
        value: Any,
        types: tuple[str, ...],
        owner: TfResource,
        kinds: tuple[str, ...] = (),
        scope: Callable[[str], bool] | None = None,
    ) -> str | External | None:
        """Resolve an argument that names a resource (``virtual_network_name``)."""
        if value is None:
            return None
        if isinstance(value, Reference):
            hit = self._component_at(value.address, kinds)
            if hit is not None:
                return hit
            looked_up = self._looked_up(value.address, kinds)
            if looked_up is not None:
                return looked_up
            if value.address in self.data_sources:
                self.unseen_lookups.add(value.address)
        name = scalar(value)
        if name is UNKNOWN:
            return UNKNOWN
        if not isinstance(name, str):
            return UNKNOWN
        candidates = [a for t in types for a in self.by_name.get((t, name.lower()), [])]
        candidates = [a for a in candidates if a in self.component_of or a in self.owner_of]
        if scope is not None:
            candidates = [a for a in candidates if scope(a)]
        if len(candidates) > 1:
            group = scalar(owner.values.get("resource_group_name"))
            same_group = [
                a
                for a in candidates
                if scalar(self.by_address[a].values.get("resource_group_name")) == group
            ]
            if same_group:
                candidates = same_group
        if len(candidates) > 1:
            same_module = [a for a in candidates if self.by_address[a].module == owner.module]
            if same_module:
                candidates = same_module
        if len(candidates) == 1:
            hit = self._component_at(candidates[0], kinds)
            return hit if hit is not None else UNKNOWN
        if candidates:
            return UNKNOWN  # ambiguous: several resources carry this name
        return External(f"{types[0]}:{name.lower()}", name)

    def ref(
        self,
        draft: Draft,
        key: str | Path,
        value: Any,
        kinds: tuple[str, ...] = (),
        *,
        required: bool = False,
        resolved: str | External | None = None,
    ) -> str | None:
        """Set a reference field; unresolvable references are unknown (stubs if required)."""
        path: Path = (key,) if isinstance(key, str) else key
        target = resolved if resolved is not None else self.resolve(value, kinds)
        if target is None and value is None and not required:
            return None
        if isinstance(target, str) and target is not UNKNOWN:
            draft.put(path, target)
            return target
        draft.unknown.append(path)
        if not required:
            return None
        stub = self.stub(kinds, target if isinstance(target, External) else None, draft.resource)
        draft.put(path, stub)
        return stub

    def ref_list(
        self, draft: Draft, key: str | Path, values: Any, kinds: tuple[str, ...] = ()
    ) -> list[str]:
        """A list of references; any unresolvable item makes the whole list unknown."""
        path: Path = (key,) if isinstance(key, str) else key
        if values is None:
            return []
        if scalar(values) is UNKNOWN:
            draft.unknown.append(path)
            return []
        items = values if isinstance(values, list) else [values]
        targets: list[str] = []
        for item in items:
            target = self.resolve(item, kinds)
            if isinstance(target, str) and target is not UNKNOWN:
                if target not in targets:
                    targets.append(target)
            else:
                draft.unknown.append(path)
        draft.put(path, targets)
        return targets

    # external stubs --------------------------------------------------------------------

    def stub(self, kinds: tuple[str, ...], external: External | None, owner: TfResource) -> str:
        """An existing component outside the configuration, every setting unknown."""
        kind = kinds[0] if kinds else "actor"
        key = (kind, external.key if external else "?")
        if key in self.stubs:
            return self.stubs[key]
        label = external.name if external and external.name else kind.replace("_", "-")
        component_id = self.unique_id(f"ext-{label}")
        self.stubs[key] = component_id
        draft = self.new_draft(owner, kind, component_id, order=("~", component_id))
        draft.whole_unknown = True
        draft.external = True
        if kind == "actor":
            draft.data["actor_kind"] = "external_system"
        else:
            cls = component_classes()[kind]
            draft.data.update(placeholder_model(cls, lambda ks: self.stub(ks, None, owner)))
            if "existing" in cls.model_fields:
                draft.data["existing"] = True
        if external and external.name:
            draft.data["name"] = external.name
        draft.data["description"] = (
            "existing resource outside this Terraform configuration; its settings are unknown"
        )
        if kind in CHILD_SLOTS:
            parent_kind = CHILD_SLOTS[kind][0]
            parent_external = None
            if external and external.arm_id and kind == "subnet":
                vnet = arm_segment(external.arm_id, "virtualNetworks")
                if vnet:
                    prefix = external.arm_id[: external.arm_id.lower().find("/subnets/")]
                    parent_external = External(prefix.lower(), vnet, prefix)
            draft.parent = self.stub((parent_kind,), parent_external, owner)
        return component_id

    # running ---------------------------------------------------------------------------

    def run(self) -> Mapped:
        self.assign_ids()
        if self.neighbours is not None:  # stubs take no id another root's component has
            self.used_ids.update(self.neighbours.reserved)
        phases: dict[int, list[tuple[TypeMapper, TfResource]]] = {}
        for resource in self.resources:
            entry = entry_for(resource.type)
            if entry is None:
                self.not_evaluated.setdefault(resource.type, resource)
                continue
            phases.setdefault(entry.phase, []).append((entry, resource))
        # Networks first: their inline subnets must exist before anything names one by path.
        phases.get(0, []).sort(key=lambda item: item[1].type not in _MAPPED_FIRST)
        # Component drafts exist before any mapper runs, so _kind_ok can see every kind.
        for entry, resource in phases.get(0, []):
            if entry.kind:
                self.new_draft(resource, entry.kind, self.component_of[resource.address])
        for phase in sorted(phases):
            for entry, resource in phases[phase]:
                draft = self.drafts[self.component_of[resource.address]] if entry.kind else None
                self._build(entry, resource, draft)
            if phase == 0:
                for work in self.deferred:
                    work()
                self.deferred.clear()
        for work in self.deferred:
            work()
        return self._finish()

    def _build(self, entry: TypeMapper, resource: TfResource, draft: Draft | None) -> None:
        """Run one mapper; a value shaped in a way it does not expect (a provider version
        archlint has not seen) makes that resource unknown instead of stopping the gate."""
        try:
            entry.build(self, View(resource, resource.values), draft)
        except (TypeError, ValueError, KeyError, AttributeError, IndexError) as error:
            if os.environ.get("ARCHLINT_DEBUG"):
                raise
            if draft is not None:
                draft.whole_unknown = True
            self.problems.append(
                ImportProblem(
                    "TF007",
                    "low",
                    f"{resource.address}: archlint could not read this {resource.type} "
                    f"({type(error).__name__}: {error}); it is treated as unknown",
                    self.location(resource),
                )
            )

    def _finish(self) -> Mapped:
        document: dict[str, Any] = {"metadata": self._metadata()}
        order = sorted(self.drafts.values(), key=lambda d: d.order)
        for draft in order:
            if draft.kind in CHILD_SLOTS:
                parent = self.drafts.get(draft.parent or "")
                if parent is None:
                    # Its parent is neither in this configuration nor resolvable: keep the
                    # child under an external stub parent so nothing is silently dropped.
                    draft.parent = self.stub((CHILD_SLOTS[draft.kind][0],), None, draft.resource)
        for draft in sorted(self.drafts.values(), key=lambda d: d.order):
            kind = draft.kind or ""
            if kind in CHILD_SLOTS:
                parent = self.drafts[draft.parent or ""]
                parent.data.setdefault(CHILD_SLOTS[kind][1], []).append(draft.data)
            else:
                _append(document, SECTIONS[kind], draft.data)
        for section, draft in sorted(self.top, key=lambda item: item[1].order):
            _append(document, section, draft.data)

        tracked = [*self.drafts.values(), *self.subs, *(d for _, d in self.top)]
        paths = _paths_of(document, {id(d.data) for d in tracked})
        table: dict[Path, Location] = {}
        unknowns: set[Path] = set(self.extra_unknown)
        for draft in tracked:
            path = paths.get(id(draft.data))
            if path is None:
                continue
            table.setdefault(path, self.location(draft.resource))
            for relative, resource in draft.sources.items():
                table[(*path, *relative)] = self.location(resource)
            if draft.whole_unknown:
                unknowns.add(path)
            unknowns.update((*path, *relative) for relative in draft.unknown)
        architecture = self._validate(document, paths, tracked, unknowns)
        architecture.unknowns.update(unknowns)
        architecture.maybe_present.update(
            cid for cid, draft in self.drafts.items() if draft.resource.wildcard
        )
        addresses = {
            cid: draft.resource.address for cid, draft in self.drafts.items() if not draft.external
        }
        problems = list(self.problems)
        unseen = sorted(self.unseen_lookups)
        problems += [self._unseen_problem(self.data_sources[address]) for address in unseen]
        for resource_type, resource in sorted(self.not_evaluated.items()):
            problems.append(
                ImportProblem(
                    "TF005",
                    "info",
                    f"resource type {resource_type} is not evaluated by archlint: "
                    f"{why_not_evaluated(resource_type)} (first at {resource.address})",
                    self.location(resource),
                )
            )
        return Mapped(
            architecture,
            table,
            problems,
            sorted(self.not_evaluated),
            addresses,
            frozenset(cid for cid, d in self.drafts.items() if d.external),
            self.lent,
        )

    def _unseen_problem(self, lookup: TfResource) -> ImportProblem:
        """A data source the model needed that resolves to nothing it can judge: what
        depends on it is unknown, said once at the ``data`` block."""
        from archlint.importers.together import REMOTE_STATE, lookup_text

        if self.neighbours is None:
            what = "writes that state" if lookup.type == REMOTE_STATE else "creates it"
            why = (
                f"which this configuration does not create (lint it with the root that "
                f"{what}: lint --together)"
            )
        else:
            why = self.neighbours.unmatched.get(lookup.address, "which is not a component")
        return ImportProblem(
            "TF008",
            "info",
            f"{lookup.address} looks up {lookup_text(lookup)}, {why}: what depends on it "
            "is unknown and not judged",
            self.location(lookup),
        )

    def _metadata(self) -> dict[str, Any]:
        # Terraform has no notion of an environment, and a name or tag is not a declaration:
        # it stays unknown until the configuration or an overlay declares it.
        self.extra_unknown.add(ENVIRONMENT_PATH)
        regions: Counter[str] = Counter()
        for resource in self.resources:
            if resource.type == "azurerm_resource_group":
                self._count_region(regions, resource)
        if not regions:
            for resource in self.resources:
                self._count_region(regions, resource, skip_global=True)
        ranked = sorted(regions, key=lambda r: (-regions[r], r))
        if not ranked:
            self.extra_unknown.add(("metadata", "primary_region"))
            return {"name": self.name, "primary_region": "unknown"}
        return {"name": self.name, "primary_region": ranked[0], "secondary_regions": ranked[1:]}

    def _count_region(
        self, regions: Counter[str], resource: TfResource, skip_global: bool = False
    ) -> None:
        location = scalar(resource.values.get("location"))
        if not isinstance(location, str) or (skip_global and location.lower() == "global"):
            return
        region = "".join(location.split()).lower()
        regions[region] += 1
        self.region_source.setdefault(region, resource)

    def _validate(
        self,
        document: dict[str, Any],
        paths: dict[int, Path],
        tracked: list[Draft],
        unknowns: set[Path],
    ) -> Architecture:
        """Build the model; a value it refuses becomes unknown (with a TF007 problem)."""
        owners = {paths[id(d.data)]: d for d in tracked if id(d.data) in paths}
        for _ in range(6):
            try:
                architecture = parse_architecture(document)
            except ModelValidationError as error:
                issues = error.issues
            else:
                issues = [
                    issue
                    for issue in check_model(architecture, unknowns)
                    if not self._to_neighbour(document, issue)
                ]
                if not issues:
                    return architecture
            for issue in issues:
                path = _doc_path(issue.path, document, issue.kind == "missing")
                owner = _owner(path, owners)
                if owner is None and path[:1] == ("metadata",):
                    self._metadata_problem(document, path, issue.message)
                self._repair(document, path, issue.kind, issue.message, owner, unknowns)
        return build_architecture(document, unknowns)  # raises: a bug in a mapper, reported as such

    def _to_neighbour(self, document: dict[str, Any], issue: ModelIssue) -> bool:
        """Whether ``issue`` is a reference to a component another root read with this one
        creates: checked on the union of the roots, not here."""
        if self.neighbours is None or issue.kind != "reference_error":
            return False
        value: Any = document
        for part in issue.path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return False
        return value in {component_id for component_id, _ in self.neighbours.found.values()}

    def _metadata_problem(self, document: dict[str, Any], path: Path, message: str) -> None:
        """A region of the metadata refused by the model: reported at the resource whose
        location it came from (metadata has no draft of its own)."""
        value: Any = document
        for part in path:
            value = value[part]
        resource = self.region_source.get(value) if isinstance(value, str) else None
        if resource is not None:
            self.value_problem(resource, ("location",), resource.values.get("location"), message)

    def _repair(
        self,
        document: dict[str, Any],
        path: Path,
        kind: str,
        message: str,
        owner: Draft | None,
        unknowns: set[Path],
    ) -> None:
        while path and isinstance(path[-1], int):
            path = path[:-1]
        if not path:
            return
        container: Any = document
        for part in path[:-1]:
            container = container[part]
        key = path[-1]
        found = field_at(path)
        if found is None:
            if isinstance(container, dict):
                container.pop(key, None)
            return
        _, _, info = found
        resource = owner.resource if owner else None
        if kind != "missing" and resource is not None:
            value = container.get(key) if isinstance(container, dict) else None
            self.value_problem(resource, path[len(_path_of(owner, document)) :], value, message)
        if info.is_required():
            made = placeholder(
                info,
                lambda ks: self.stub(ks, None, resource or self.resources[0]),
            )
            container[key] = made
            # A stub made now was not placed: place it, then its own path is unknown.
            self._place_new_stubs(document, unknowns)
        else:
            container.pop(key, None)
        unknowns.add(path)

    def _place_new_stubs(self, document: dict[str, Any], unknowns: set[Path]) -> None:
        placed = {id(d) for d in _all_dicts(document)}
        for draft in self.drafts.values():
            if id(draft.data) in placed or not draft.external:
                continue
            kind = draft.kind or ""
            if kind in CHILD_SLOTS:
                parent = self.drafts[draft.parent or ""]
                if id(parent.data) not in placed:
                    _append(document, SECTIONS[parent.kind or ""], parent.data)
                parent.data.setdefault(CHILD_SLOTS[kind][1], []).append(draft.data)
            else:
                _append(document, SECTIONS[kind], draft.data)
            placed = {id(d) for d in _all_dicts(document)}
        paths = _paths_of(document, {id(d.data) for d in self.drafts.values() if d.external})
        unknowns.update(paths.values())


def _append(document: dict[str, Any], section: tuple[str, ...], item: dict[str, Any]) -> None:
    container = document
    for part in section[:-1]:
        container = container.setdefault(part, {})
    container.setdefault(section[-1], []).append(item)


def _paths_of(document: Any, wanted: set[int]) -> dict[int, Path]:
    """Model paths of the tracked dicts, found in one walk of the document."""
    found: dict[int, Path] = {}
    stack: list[tuple[Any, Path]] = [(document, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            if id(node) in wanted:
                found[id(node)] = path
            stack.extend((value, (*path, key)) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((value, (*path, position)) for position, value in enumerate(node))
    return found


def _all_dicts(document: Any) -> Iterable[dict[str, Any]]:
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _doc_path(loc: Path, document: Any, missing: bool) -> Path:
    """The part of a pydantic location that exists in the document (drops union tags)."""
    out: list[str | int] = []
    current = document
    for position, part in enumerate(loc):
        if (isinstance(current, dict) and isinstance(part, str) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            current = current[part]
            out.append(part)
        elif missing and position == len(loc) - 1 and isinstance(part, str):
            out.append(part)
    return tuple(out)


def _owner(path: Path, owners: dict[Path, Draft]) -> Draft | None:
    for end in range(len(path), -1, -1):
        draft = owners.get(path[:end])
        if draft is not None:
            return draft
    return None


def _path_of(draft: Draft | None, document: Any) -> Path:
    if draft is None:
        return ()
    return _paths_of(document, {id(draft.data)}).get(id(draft.data), ())


__all__ += ["SENSITIVE", "arm_segment", "sanitize"]
