"""API Management: the service's tier, units, zones and how it sits in a VNet."""

from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, Ref, Region, empty_list
from archlint.model.egress import Zone

ApimSku = Literal[
    "Consumption", "Developer", "Basic", "Standard", "Premium", "BasicV2", "StandardV2", "PremiumV2"
]


class ApiManagement(Component):
    kind: ClassVar[str] = "api_management"
    title: ClassVar[str] = "API Management"

    region: Region
    sku: ApimSku = Field(description="The tier (azurerm sku_name's part before '_').")
    capacity: int = Field(default=1, ge=0, description="Scale units (sku_name's number).")
    zones: list[Zone] = Field(
        default_factory=empty_list, description="Premium: the zones its units are spread over."
    )
    virtual_network_type: Literal["None", "External", "Internal"] = Field(
        default="None",
        description="None: no VNet; External: gateway public, injected in a subnet; "
        "Internal: reachable only from the VNet (and what it peers or connects).",
    )
    subnet: Ref("subnet") | None = Field(
        default=None, description="The subnet an External or Internal service is injected in."
    )
    public_ip: Ref("public_ip") | None = None
    public_network_access: bool = True
    publisher_name: str = Field(default="Publisher", description="Shown in the developer portal.")
    publisher_email: str = Field(
        default="api-admin@example.com", description="Receives the service's notifications."
    )
