"""Virtual WAN: the virtual WAN, its virtual hubs and the connections that attach VNets to a
hub. A hub is a Microsoft-managed VNet; a firewall with sku ``AZFW_Hub`` lives in one
(``Firewall.virtual_hub``). These live in the ``network:`` section beside the VNets.
"""

from typing import Annotated, ClassVar

from pydantic import Field

from archlint.model.base import AzureName, Component, Ref, Region, SkuNames
from archlint.model.types import Cidr


class VirtualWan(Component):
    kind: ClassVar[str] = "virtual_wan"
    title: ClassVar[str] = "virtual WAN"

    region: Region
    type: Annotated[str, AzureName("sku")] = Field(
        default="Standard",
        description="Basic (site-to-site VPN only) or Standard (ExpressRoute, user VPN, "
        "VNet-to-VNet transit, Azure Firewall). azurerm's default is Standard.",
        json_schema_extra=SkuNames("virtual_wan", "type"),
    )


class VirtualHub(Component):
    """A virtual hub: the regional core of a virtual WAN, itself a Microsoft-managed VNet."""

    kind: ClassVar[str] = "virtual_hub"
    title: ClassVar[str] = "virtual hub"

    region: Region
    wan: Ref("virtual_wan") | None = Field(
        default=None, description="The virtual WAN the hub belongs to."
    )
    address_prefix: Cidr | None = Field(
        default=None,
        description="The hub's own address space (at least a /24; Learn recommends a /23).",
    )
    sku: Annotated[str, AzureName("sku")] | None = Field(
        default=None,
        description="Basic or Standard; unset: the hub takes its virtual WAN's type.",
        json_schema_extra=SkuNames("virtual_hub", "sku"),
    )


class VirtualHubConnection(Component):
    """A VNet attached to a virtual hub (one hub per VNet)."""

    kind: ClassVar[str] = "virtual_hub_connection"
    title: ClassVar[str] = "virtual hub connection"

    hub: Ref("virtual_hub")
    vnet: Ref("virtual_network")
    internet_security_enabled: bool = Field(
        default=False,
        description="The hub advertises its default route (a secured hub's firewall) to the "
        "VNet, so the VNet's internet traffic goes through it (azurerm's default: off).",
    )
