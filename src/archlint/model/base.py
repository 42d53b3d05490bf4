"""Base classes every model element shares: strict models, components, references.

Every model forbids unknown keys (a typo in a spec is an error, never a silently
ignored setting). Components carry a globally unique ``id``; other elements point
at them with :data:`Ref` fields, whose metadata says which component kinds they
may point at. :mod:`archlint.model.architecture` checks every reference.

Model modules evaluate their annotations when the class is made (no ``from __future__
import annotations``): pydantic would otherwise compile and evaluate every annotation
string at start-up, about 6 ms of each run.
"""

from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from archlint.azure import names as azure_names
from archlint.records import record

__all__ = [
    "DLQ_SUFFIX",
    "AccessSettings",
    "AzureName",
    "Component",
    "DefaultOf",
    "Id",
    "Ref",
    "RefTo",
    "Region",
    "RegionOrGlobal",
    "SkuNames",
    "StrictModel",
    "Suppression",
    "TlsVersion",
    "all_paths",
    "empty_dict",
    "empty_list",
    "empty_set",
]

# Service Bus addresses a queue's or subscription's dead-letter sub-queue as
# "<entity>/$deadletterqueue"; flows use the same spelling to name it.
DLQ_SUFFIX = "/$deadletterqueue"


# Default factories are named Python functions, not the builtins list/dict/set (pydantic
# reads every factory's signature while building the schema, and a builtin's means parsing
# its text signature: about 10 ms over the model's hundred list fields, on every start)
# and not lambdas (the validator cache pickles the schema, which names each factory).
def empty_list() -> list[Any]:
    return []


def empty_dict() -> dict[Any, Any]:
    return {}


def empty_set() -> set[Any]:
    return set()


@record
class DefaultOf:
    """Default factory of a field holding a model: the model with every field at its default.

    Made with ``model_construct``, not ``model()``: calling the class would run its own
    validator, which pydantic builds on first use (a schema per class, ~45 ms for the
    sections alone) although the cached Architecture validator already holds them all.
    The model has no validators, so the two are the same object (a test checks each).
    A frozen dataclass rather than a closure, so that the cached schema can name it.
    """

    model: type[BaseModel]

    def __call__(self) -> Any:
        return self.model.model_construct()


def all_paths() -> list[str]:
    """``["/*"]``: a path pattern list that matches everything (Cosmos DB indexing, routes)."""
    return ["/*"]


class StrictModel(BaseModel):
    """Base of every model: unknown keys are errors; values are checked on assignment."""

    model_config = ConfigDict(
        extra="forbid",
        validate_assignment=False,
        use_enum_values=True,
        populate_by_name=True,
        defer_build=True,
        allow_inf_nan=False,  # "1e999" is an overflow, not a threshold
        # No field is named model_*: skip pydantic's check of every field of ~170 classes.
        protected_namespaces=(),
    )

    def __getattr__(self, name: str) -> Any:
        # Rules ask every component for a field only some kinds have (getattr with a
        # default). pydantic's lookup of a missing name searches private attributes,
        # extras and the class first, several times the cost of the miss itself; a model
        # with no private attributes (extras are forbidden) has nowhere else to look.
        if self.__private_attributes__:
            return super().__getattr__(name)  # type: ignore[misc]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


Id = Annotated[
    str,
    Field(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
        max_length=128,
        description="Unique id of this component; other elements refer to it by this id.",
    ),
]


@record
class RefTo:
    """Marks a str field as a reference; ``kinds`` lists the component kinds allowed."""

    kinds: tuple[str, ...] = ()
    allow_dlq: bool = False
    # False: the referring element says nothing about the target's dependencies or presence
    # (a lock on a vault), so a maybe-present referrer does not tie the target's findings.
    ties: bool = True


def Ref(*kinds: str, allow_dlq: bool = False, ties: bool = True) -> object:
    """A reference to another component by id, restricted to ``kinds`` when given."""
    allowed = ", ".join(kinds) if kinds else "any component"
    return Annotated[
        str,
        RefTo(tuple(kinds), allow_dlq, ties),
        Field(description=f"Id of a component ({allowed})."),
    ]


@record
class AzureName:
    """Marks a str field whose value is one of Azure's closed sets of names.

    ``catalogue`` is ``region`` (a region's programmatic name), ``azurerm_type`` (a resource
    type of the azurerm provider schemas archlint ships) or ``sku`` (the values
    :mod:`archlint.azure.names` lists for the owning component's kind and this field).
    ``allow_global``: the field may also say ``global`` (a non-regional resource).
    Checked after validation by :mod:`archlint.model.names`, which reports a value not
    in the set with a did-you-mean.
    """

    catalogue: str
    allow_global: bool = False


@record
class SkuNames:
    """JSON Schema: the values :mod:`archlint.azure.names` lists for ``kind``.``field``, as an
    enum (a frozen dataclass rather than a closure, like :class:`DefaultOf`)."""

    kind: str
    field: str

    def __call__(self, schema: dict[str, Any]) -> None:
        sku = azure_names.sku_set(self.kind, self.field)
        assert sku is not None, (self.kind, self.field)
        schema["enum"] = list(sku.values)


def _region_names(schema: dict[str, Any]) -> None:
    """JSON Schema: the regions as an enum, so that editors complete and check them."""
    schema["enum"] = list(azure_names.regions())


def _region_names_or_global(schema: dict[str, Any]) -> None:
    schema["enum"] = [*azure_names.regions(), "global"]


Region = Annotated[
    str,
    AzureName("region"),
    Field(
        description="Azure region, by its programmatic name (e.g. 'westeurope').",
        json_schema_extra=_region_names,
    ),
]
RegionOrGlobal = Annotated[
    str,
    AzureName("region", allow_global=True),
    Field(
        description="Azure region by its programmatic name, or 'global'.",
        json_schema_extra=_region_names_or_global,
    ),
]


class Suppression(StrictModel):
    """An accepted risk: a rule's finding on this element is suppressed, with a reason."""

    rule: str = Field(
        description="Rule id (e.g. 'MSG007') whose finding is accepted; it must name a rule."
    )
    reason: str = Field(min_length=3, description="Why the risk is accepted (mandatory).")
    approved_by: str | None = Field(default=None, description="Who accepted the risk.")
    expires: date | None = Field(
        default=None, description="After this date the suppression stops working."
    )


class Component(StrictModel):
    """Anything with an id that other elements can reference and rules can report on."""

    kind: ClassVar[str] = "component"
    title: ClassVar[str] = "component"

    id: Id
    name: str | None = Field(
        default=None, description="Azure resource name, when it differs from the id."
    )
    description: str | None = None
    tags: dict[str, str] = Field(default_factory=empty_dict)
    suppress: list[Suppression] = Field(
        default_factory=empty_list, description="Accepted risks for findings on this component."
    )

    @property
    def resource_name(self) -> str:
        return self.name or self.id

    def label(self) -> str:
        """How messages name this component: its kind and id."""
        return f"{self.title} '{self.id}'"


class Identity(StrictModel):
    """Managed identities of a component (system-assigned and user-assigned)."""

    system_assigned: bool = False
    user_assigned: list[Ref("user_assigned_identity")] = Field(default_factory=empty_list)


TlsVersion = Literal["1.0", "1.1", "1.2", "1.3"]


class AccessSettings(StrictModel):
    """Network and authentication settings most PaaS services share (Azure's defaults)."""

    public_network_access: bool = Field(
        default=True, description="Azure's default is enabled; disable it behind private endpoints."
    )
    min_tls_version: TlsVersion = "1.2"
    local_auth_enabled: bool = Field(
        default=True, description="Keys / SAS / connection strings accepted (Azure's default)."
    )

    #: The fields that decide whether the public endpoint admits every network.
    NETWORK_FIELDS: ClassVar[tuple[str, ...]] = ()

    def admits_every_network(self) -> bool:
        """Whether the public endpoint accepts traffic from any network."""
        return self.public_network_access


class FirewallSettings(AccessSettings):
    """Access settings of services whose public endpoint has its own firewall (IP and VNet
    rules): storage, Key Vault, Service Bus, Event Hubs, Cosmos DB."""

    public_network_default_action: Literal["Allow", "Deny"] = Field(
        default="Allow",
        description="What the public endpoint does with traffic its IP and VNet rules do not "
        "name: Allow (Azure's default, all networks) or Deny (selected networks only).",
    )

    NETWORK_FIELDS: ClassVar[tuple[str, ...]] = ("public_network_default_action",)

    def admits_every_network(self) -> bool:
        return self.public_network_access and self.public_network_default_action == "Allow"
