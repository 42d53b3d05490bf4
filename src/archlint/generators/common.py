"""What the Terraform and Bicep generators share: names, durations, Azure resource types.

Kept free of any output syntax so both generators read the model the same way.
"""

from __future__ import annotations

import re
from datetime import timedelta

__all__ = [
    "ARM_TYPES",
    "COSMOS_DATA_ROLES",
    "alphanumeric_name",
    "iso8601",
    "phone_parts",
    "role_slug",
    "safe_identifier",
    "storage_account_name",
    "whole",
]

# ARM resource type of each model kind that is one Azure resource: metric alert namespaces and
# diagnostic-setting targets in Terraform, resource types in Bicep.
ARM_TYPES: dict[str, str] = {
    "virtual_network": "Microsoft.Network/virtualNetworks",
    "network_security_group": "Microsoft.Network/networkSecurityGroups",
    "public_ip": "Microsoft.Network/publicIPAddresses",
    "private_endpoint": "Microsoft.Network/privateEndpoints",
    "application_gateway": "Microsoft.Network/applicationGateways",
    "bastion": "Microsoft.Network/bastionHosts",
    "traffic_manager": "Microsoft.Network/trafficManagerProfiles",
    "front_door": "Microsoft.Cdn/profiles",
    "event_grid_topic": "Microsoft.EventGrid/topics",
    "event_grid_system_topic": "Microsoft.EventGrid/systemTopics",
    "event_hubs_namespace": "Microsoft.EventHub/namespaces",
    "service_bus_namespace": "Microsoft.ServiceBus/namespaces",
    "app_service_environment": "Microsoft.Web/hostingEnvironments",
    "app_service_plan": "Microsoft.Web/serverfarms",
    "function_app": "Microsoft.Web/sites",
    "web_app": "Microsoft.Web/sites",
    "logic_app": "Microsoft.Web/sites",
    "virtual_machine": "Microsoft.Compute/virtualMachines",
    "cosmos_account": "Microsoft.DocumentDB/databaseAccounts",
    "redis_cache": "Microsoft.Cache/redis",
    "storage_account": "Microsoft.Storage/storageAccounts",
    "log_analytics_workspace": "Microsoft.OperationalInsights/workspaces",
    "application_insights": "Microsoft.Insights/components",
    "key_vault": "Microsoft.KeyVault/vaults",
}

# Cosmos DB's data-plane roles are not Azure RBAC roles: they are assigned with a Cosmos SQL
# role assignment and these fixed role definition ids.
# Source: https://learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles
COSMOS_DATA_ROLES: dict[str, str] = {
    "Cosmos DB Built-in Data Reader": "00000000-0000-0000-0000-000000000001",
    "Cosmos DB Built-in Data Contributor": "00000000-0000-0000-0000-000000000002",
}

_NOT_IDENTIFIER = re.compile(r"[^A-Za-z0-9_]+")


def safe_identifier(text: str, prefix: str = "r") -> str:
    """A Terraform/Bicep identifier from a component id: ``st-functions`` -> ``st_functions``."""
    name = _NOT_IDENTIFIER.sub("_", text).strip("_") or prefix
    if not name[0].isalpha():
        name = f"{prefix}_{name}"
    return name


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
