"""What the Terraform and Bicep generators share: names, durations, Azure resource types.

Kept free of any output syntax so both generators read the model the same way.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import timedelta

from archlint.azure.resource_types import ARM_TYPES
from archlint.model import Architecture
from archlint.model.compute import Identity
from archlint.model.databases import FlexibleServer
from archlint.model.edge import ApplicationGateway, PrivateLinkOrigin

__all__ = [
    "ARM_TYPES",
    "BUILTIN_ROLES",
    "COSMOS_DATA_ROLES",
    "PRIVATE_LINK_CONFIGURATION",
    "alphanumeric_name",
    "is_ip_address",
    "iso8601",
    "phone_parts",
    "principal_source",
    "private_link_frontend",
    "private_link_problem",
    "role_slug",
    "safe_identifier",
    "storage_account_name",
    "whole",
]


# Cosmos DB's data-plane roles are not Azure RBAC roles: they are assigned with a Cosmos SQL
# role assignment and these fixed role definition ids.
# Source: https://learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles
COSMOS_DATA_ROLES: dict[str, str] = {
    "Cosmos DB Built-in Data Reader": "00000000-0000-0000-0000-000000000001",
    "Cosmos DB Built-in Data Contributor": "00000000-0000-0000-0000-000000000002",
}

# Built-in Azure role definition ids by role name: Bicep assigns roles by id (Terraform can use
# the name). Source: https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
BUILTIN_ROLES: dict[str, str] = {
    "Reader": "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "Contributor": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "Owner": "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    "Azure Service Bus Data Owner": "090c5cfd-751d-490a-894a-3ce6f1109419",
    "Azure Service Bus Data Receiver": "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
    "Azure Service Bus Data Sender": "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
    "Azure Event Hubs Data Owner": "f526a384-b230-433a-b45c-95f59c4a2dec",
    "Azure Event Hubs Data Receiver": "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
    "Azure Event Hubs Data Sender": "2b629674-e913-4c01-ae53-ef4638d8f975",
    "EventGrid Data Sender": "d5a91429-5739-47e2-a06b-3470a27159e7",
    "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
    "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
    "Storage Account Backup Contributor": "e5e2a7ff-d759-4cd2-bb51-3152d37e2eb1",
    "Key Vault Administrator": "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
}

_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]+")


def safe_identifier(text: str, prefix: str = "r") -> str:
    """A Terraform/Bicep identifier from a component id: ``st-functions`` -> ``st_functions``."""
    name = _NOT_IDENTIFIER.sub("_", text).strip("_") or prefix
    if not name[0].isalpha():
        name = f"{prefix}_{name}"
    return name


def is_ip_address(text: str) -> bool:
    """Whether ``text`` is an IP address (a VPN device's address, rather than its FQDN)."""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def role_slug(role: str) -> str:
    """``Azure Service Bus Data Receiver`` -> ``service_bus_receiver`` (for local names)."""
    words = re.sub(r"[^a-z0-9]+", " ", role.lower().replace("azure ", "")).split()
    return "_".join(word for word in words if word not in ("data", "built", "in"))


def alphanumeric_name(text: str, max_length: int, lower: bool = False) -> str:
    """Drop everything but letters and digits (Front Door WAF policies, storage accounts)."""
    name = re.sub(r"[^A-Za-z0-9]", "", text)
    if lower:
        name = name.lower()
    if not name or not name[0].isalpha():
        name = f"x{name}"
    return name[:max_length]


def storage_account_name(text: str) -> str:
    """Storage account names are 3-24 lower-case letters and digits."""
    return alphanumeric_name(text, 24, lower=True).ljust(3, "0")


def whole(value: timedelta, unit: timedelta) -> int:
    """A duration in whole units (rounded to nearest; a duration below one unit counts as one)."""
    count = round(value / unit)
    return max(count, 1) if value > timedelta(0) else count


def iso8601(value: timedelta) -> str:
    """ISO 8601 duration as ARM and azurerm write them: ``PT5M``, ``P14D``, ``P1DT12H``."""
    seconds = round(value.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    text = "P" + (f"{days}D" if days else "")
    time = "".join(
        f"{count}{unit}" for count, unit in ((hours, "H"), (minutes, "M"), (secs, "S")) if count
    )
    if time:
        text += "T" + time
    return text if text != "P" else "PT0S"


def phone_parts(number: str) -> tuple[str, str]:
    """``+1-555-0100`` -> (``1``, ``5550100``): country code and national number.

    Without a leading ``+`` the number is taken as national with country code 1 (the seed's
    numbers are North American).
    """
    text = number.strip()
    if text.startswith("+"):
        groups = re.split(r"[\s\-().]+", text[1:])
        country = re.sub(r"\D", "", groups[0])
        national = re.sub(r"\D", "", "".join(groups[1:]))
        if national:
            return country, national
        digits = re.sub(r"\D", "", text)
        return digits[:1], digits[1:]
    return "1", re.sub(r"\D", "", text)


def principal_source(architecture: Architecture, component_id: str) -> tuple[str, bool] | None:
    """Whose principal id a role assignment for ``component_id`` names: ``(id, True)`` for the
    component's own system-assigned identity, ``(identity id, False)`` for a user-assigned
    identity; None when the component has no managed identity."""
    component = architecture.get(component_id)
    if component is None:
        return None
    if component.kind == "user_assigned_identity":
        return component.id, False
    identity = getattr(component, "identity", None)
    if isinstance(identity, Identity):
        if identity.system_assigned:
            return component.id, True
        if identity.user_assigned:
            return identity.user_assigned[0], False
    return None


#: Name of the Private Link configuration (and its IP configuration) of an Application Gateway.
PRIVATE_LINK_CONFIGURATION = "private-link"


def _linked_frontends(architecture: Architecture, gateway_id: str) -> list[str]:
    return sorted(
        {
            origin.private_link.subresource
            for front_door in architecture.edge.front_doors
            for group in front_door.origin_groups
            for origin in group.origins
            if origin.private_link and origin.private_link.target == gateway_id
        }
    )


def private_link_frontend(architecture: Architecture, gateway: ApplicationGateway) -> str | None:
    """The frontend IP configuration of ``gateway`` that carries its Private Link configuration,
    or None (no Front Door origin links to it, or it has no usable ``private_link_subnet``).

    A Front Door origin's ``subresource`` (group id) is the name of the gateway frontend IP
    configuration that carries the Private Link configuration
    (https://learn.microsoft.com/azure/frontdoor/how-to-enable-private-link-application-gateway),
    so the generators name the gateway's frontend after it."""
    linked = _linked_frontends(architecture, gateway.id)
    if not linked or gateway.private_link_subnet in (None, gateway.subnet):
        return None
    return linked[0]


def private_link_problem(architecture: Architecture, link: PrivateLinkOrigin) -> str | None:
    """Why a Front Door origin's Private Link cannot be generated, or None: to an Application
    Gateway it needs the gateway's Private Link configuration on the frontend the link names."""
    gateway = architecture.get(link.target)
    if not isinstance(gateway, ApplicationGateway):
        return None
    if gateway.private_link_subnet is None:
        return f"{gateway.label()} has no private_link_subnet for a Private Link configuration"
    if gateway.private_link_subnet == gateway.subnet:
        # "Private Link must use a subnet that doesn't contain any Application Gateways."
        return f"the private_link_subnet of {gateway.label()} is its own subnet"
    frontend = private_link_frontend(architecture, gateway)
    if link.subresource != frontend:
        return f"the one frontend of {gateway.label()} is '{frontend}', not '{link.subresource}'"
    return None


def gateway_tier(sku: str) -> str:
    """An Application Gateway's tier: the v2 SKUs are their own tier; a (retired) v1 SKU
    such as ``WAF_Medium`` is of tier ``WAF``."""
    return sku if sku.endswith("_v2") else sku.split("_", 1)[0]


#: The TLS versions a MySQL tls_version lists from a minimum up (TLS 1.3 is MySQL 8.0's only).
_MYSQL_TLS_FROM = {
    "1.0": "TLSv1,TLSv1.1,TLSv1.2",
    "1.1": "TLSv1.1,TLSv1.2",
    "1.3": "TLSv1.3",
}


def server_parameters(server: FlexibleServer) -> list[tuple[str, str]]:
    """The server parameters a flexible server sets away from Azure's defaults (secure
    transport on, TLS 1.2 minimum), as (name, value) in a stable order."""
    postgres = server.kind == "postgresql_flexible_server"
    values: list[tuple[str, str]] = []
    if not server.require_secure_transport:
        values.append(("require_secure_transport", "off" if postgres else "OFF"))
    version = server.min_tls_version
    if version != "1.2":
        if postgres:
            values.append(
                ("ssl_min_protocol_version", "TLSv1" if version == "1.0" else f"TLSv{version}")
            )
        else:
            values.append(("tls_version", _MYSQL_TLS_FROM[version]))
    return values + sorted(server.server_parameters.items())
