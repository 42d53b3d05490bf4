"""Generic resources: a place in the model for every azurerm type without a model of its own.

A bespoke kind (a Service Bus namespace, a storage account) knows what its settings mean, and
architecture rules reason with that meaning. Past those families, an architecture holds a long
tail of types (a search service, a machine learning workspace, a lock, a Key Vault secret) that
share a handful of arguments with a well-known meaning across the whole provider: where it runs
(region, zones, zone redundancy), who it is (identity), whether the internet reaches it
(public network access) and how (minimum TLS version). A :class:`GenericResource` holds those,
named by the azurerm type, so that generic rules judge every type: public access beside a private
endpoint (SEC003), TLS below 1.2 (SEC002), the private DNS zone of a private endpoint (DNS001).
Private endpoints and diagnostic settings target a generic resource like any other component.

**Unset means not stated**: the Terraform importer leaves a field unset when the configuration
does not set the argument and archlint does not know the pinned provider's default for that type,
so no rule concludes anything from it. A spec states what it knows.

**Parts and associations** (a management lock, a Key Vault secret or access policy, a VM
extension, a Cosmos DB stored procedure, a private endpoint's ASG association) are generic
resources whose ``parent`` is the component they belong to or act on: they are evaluated as part
of it, and rules can ask, say, whether a component is locked. A part made for each of keys
unknown before apply (maybe present) does not hide its parent's findings: ``parent`` says
nothing about what the parent is or needs.
"""

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from archlint.model.base import AzureName, Component, Ref, RegionOrGlobal, TlsVersion
from archlint.model.compute import Identity

__all__ = ["MANAGEMENT_LOCK", "GenericResource"]

#: The azurerm type of a management lock (a generic resource whose parent is what it locks).
MANAGEMENT_LOCK = "azurerm_management_lock"


def _azurerm_types(schema: dict[str, object]) -> None:
    """JSON Schema: a pattern only; the full list (1,200 names) is checked by archlint."""
    schema["pattern"] = r"^azurerm_[a-z0-9_]+$"


AzurermType = Annotated[
    str,
    AzureName("azurerm_type"),
    Field(
        description="azurerm resource type, e.g. 'azurerm_search_service' (checked against the "
        "azurerm 3.x and 4.x provider schemas, with a did-you-mean).",
        json_schema_extra=_azurerm_types,
    ),
]


class GenericResource(Component):
    """Any azurerm resource archlint has no bespoke model for, by its common arguments."""

    kind: ClassVar[str] = "azure_resource"
    title: ClassVar[str] = "resource"

    type: AzurermType
    parent: Ref(ties=False) | None = Field(
        default=None,
        description="The component this resource belongs to or acts on (a lock's scope, a Key "
        "Vault secret's vault, a VM extension's VM); it is evaluated as part of it.",
    )
    region: RegionOrGlobal | None = None
    zones: list[int] | None = Field(
        default=None, description="Availability zones it is pinned to (unset: not stated)."
    )
    zone_redundant: bool | None = Field(
        default=None, description="Zone redundancy as the type's own argument says it."
    )
    identity: Identity | None = None
    public_network_access: bool | None = Field(
        default=None,
        description="Whether its public endpoint accepts traffic (unset: not stated; archlint "
        "assumes no provider default it does not know).",
    )
    public_network_default_action: Literal["Allow", "Deny"] | None = Field(
        default=None,
        description="What the public endpoint does with traffic its network rules do not name "
        "(Deny: selected networks only, from a network rule set or an IP allow list).",
    )
    min_tls_version: TlsVersion | None = Field(
        default=None, description="Minimum TLS version it accepts (unset: not stated)."
    )

    def label(self) -> str:
        """Messages name a generic resource by its azurerm type: ``azurerm_search_service
        'srch'``."""
        return f"{self.type} '{self.id}'"
