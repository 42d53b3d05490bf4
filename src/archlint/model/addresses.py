"""Public IP prefixes: a contiguous range of public addresses a NAT gateway (or a firewall's or
scale set's public IPs) draws its outbound addresses from. They live in the ``network:``
section beside the public IPs."""

from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, Region, empty_list
from archlint.model.egress import Zone


class PublicIpPrefix(Component):
    kind: ClassVar[str] = "public_ip_prefix"
    title: ClassVar[str] = "public IP prefix"

    region: Region
    sku: Literal["Standard", "StandardV2"] = "Standard"
    ip_version: Literal["IPv4", "IPv6"] = "IPv4"
    prefix_length: int = Field(
        default=28, ge=0, le=127, description="/28 (16 addresses) by default, as in azurerm."
    )
    zones: list[Zone] = Field(
        default_factory=empty_list,
        description="One zone: zonal; several: zone-redundant; empty: no zone stated.",
    )
