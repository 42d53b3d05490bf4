"""What an argument left out of a Terraform resource means, per azurerm major version.

One table for every mapper: when a configuration does not set an argument, the value Azure gets
is the provider's default *of the version the configuration pins*, and some changed between
majors (azurerm 4.0 defaults a public IP to the Standard SKU, where 3.x defaulted to Basic; a
3.x ``azurerm_subnet`` enables private endpoint network policies, a 4.x one disables them).
A mapper asks :func:`provider_default`; a major the row does not list (a 2.x pin, a version
archlint could not read) gives :data:`~archlint.importers.values.UNKNOWN`, so no rule concludes
anything from a default that configuration may not have.  ``None`` in a row means "leave the
field unset": the model's unset value already means that default (Azure's own).

Every row names its sources: the provider's documentation of that argument in each version
(``registry.terraform.io/providers/hashicorp/azurerm/<version>/docs/resources/<type>``, for the
versions :data:`~archlint.importers.provider_schema.SHIPPED` names) plus, where a default
changed or comes from Azure rather than the provider, the page that says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from archlint.importers.provider_schema import SHIPPED
from archlint.importers.values import UNKNOWN
from archlint.records import record

__all__ = ["DEFAULTS", "ProviderDefault", "provider_default"]

UPGRADE_GUIDE_4 = (
    "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/guides/4.0-upgrade-guide"
)
_PE_POLICIES_LEARN = (
    "https://learn.microsoft.com/en-us/azure/private-link/disable-private-endpoint-network-policy"
)


@record
class ProviderDefault:
    """The default of one argument of some resource types, by azurerm major version.

    ``argument`` is dotted inside the resource (``subnet.private_endpoint_network_policies``
    for the block of ``azurerm_virtual_network``).  ``by_major`` maps a major to the value an
    absent argument has there; ``sources`` are the pages that state it.
    """

    resource_types: tuple[str, ...]
    argument: str
    by_major: Mapping[int, Any]
    sources: tuple[str, ...]
    note: str = ""


def _docs(major: int, resource_type: str, argument: str) -> str:
    page = resource_type.removeprefix("azurerm_")
    anchor = argument.rsplit(".", 1)[-1]
    return (
        f"https://registry.terraform.io/providers/hashicorp/azurerm/{SHIPPED[major]}/docs/"
        f"resources/{page}#{anchor}"
    )


def _row(
    resource_types: str | tuple[str, ...],
    argument: str,
    by_major: dict[int, Any],
    *extra_sources: str,
    note: str = "",
) -> ProviderDefault:
    types = (resource_types,) if isinstance(resource_types, str) else resource_types
    sources = tuple(_docs(major, types[0], argument) for major in sorted(by_major))
    by = MappingProxyType(by_major)
    return ProviderDefault(types, argument, by, sources + extra_sources, note)


_APPS = (
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_logic_app_standard",
    "azurerm_app_service",
    "azurerm_function_app",
)

_ROWS: tuple[ProviderDefault, ...] = (
    # --- changed between 3.x and 4.x ---------------------------------------------------
    _row(
        "azurerm_public_ip",
        "sku",
        {3: "Basic", 4: "Standard"},
        note="azurerm 4.0 changed the default SKU from Basic to Standard",
    ),
    _row(
        "azurerm_lb",
        "sku",
        {3: "Basic", 4: "Standard"},
        UPGRADE_GUIDE_4,
        note="azurerm 4.0 changed the default SKU from Basic to Standard",
    ),
    _row(
        "azurerm_subnet",
        "private_endpoint_network_policies",
        {3: "Enabled", 4: None},
        _docs(3, "azurerm_subnet", "private_endpoint_network_policies_enabled"),
        UPGRADE_GUIDE_4,
        _PE_POLICIES_LEARN,
        note="3.x: private_endpoint_network_policies_enabled defaults to true; 4.x removed it "
        "and private_endpoint_network_policies defaults to Disabled, Azure's own default (the "
        "model's unset value)",
    ),
    _row(
        "azurerm_virtual_network",
        "subnet.private_endpoint_network_policies",
        {3: None, 4: None},
        _PE_POLICIES_LEARN,
        UPGRADE_GUIDE_4,
        note="3.x inline subnets have no such argument, so Azure's default (Disabled, the "
        "model's unset value) applies; 4.0 added it with the same default",
    ),
    _row(
        ("azurerm_servicebus_namespace", "azurerm_eventhub_namespace"),
        "zone_redundant",
        {3: False, 4: UNKNOWN},
        UPGRADE_GUIDE_4,
        note="removed in 4.0: Azure makes namespaces zone redundant where the region has zones",
    ),
    # --- the same in 3.x and 4.x ------------------------------------------------------
    _row(
        "azurerm_storage_account",
        "allow_nested_items_to_be_public",
        {3: True, 4: True},
        note="true in both majors (2.x's allow_blob_public_access defaulted to false)",
    ),
    _row("azurerm_storage_account", "blob_properties.delete_retention_policy.days", {3: 7, 4: 7}),
    _row(
        "azurerm_storage_account",
        "blob_properties.container_delete_retention_policy.days",
        {3: 7, 4: 7},
    ),
    _row(_APPS, "https_only", {3: False, 4: False}),
    _row(
        "azurerm_app_service_environment_v3",
        "internal_load_balancing_mode",
        {3: "None", 4: "None"},
    ),
    _row(
        "azurerm_web_application_firewall_policy",
        "policy_settings.mode",
        {3: "Prevention", 4: "Prevention"},
    ),
    _row("azurerm_cdn_frontdoor_profile", "response_timeout_seconds", {3: 120, 4: 120}),
    _row(
        "azurerm_cdn_frontdoor_route",
        "forwarding_protocol",
        {3: "MatchRequest", 4: "MatchRequest"},
    ),
    _row("azurerm_eventgrid_topic", "input_schema", {3: "EventGridSchema", 4: "EventGridSchema"}),
    _row("azurerm_log_analytics_workspace", "retention_in_days", {3: 30, 4: 30}),
    _row("azurerm_monitor_metric_alert", "window_size", {3: "PT5M", 4: "PT5M"}),
    _row("azurerm_monitor_metric_alert", "frequency", {3: "PT1M", 4: "PT1M"}),
    _row("azurerm_monitor_metric_alert", "severity", {3: 3, 4: 3}),
    _row(
        "azurerm_recovery_services_vault",
        "storage_mode_type",
        {3: "GeoRedundant", 4: "GeoRedundant"},
    ),
    _row(
        ("azurerm_backup_policy_vm", "azurerm_backup_policy_file_share"),
        "timezone",
        {3: "UTC", 4: "UTC"},
    ),
    _row("azurerm_key_vault", "purge_protection_enabled", {3: False, 4: False}),
    _row("azurerm_key_vault", "enable_rbac_authorization", {3: False, 4: False}),
)

#: (resource type, argument) -> its row.
DEFAULTS: Mapping[tuple[str, str], ProviderDefault] = MappingProxyType(
    {(resource_type, row.argument): row for row in _ROWS for resource_type in row.resource_types}
)


def provider_default(resource_type: str, argument: str, major: int | None) -> Any:
    """The value an absent ``argument`` has under azurerm ``major`` (UNKNOWN if not known).

    A pair missing from the table is a bug in the calling mapper, not a user's problem, so it
    raises ``KeyError``.
    """
    row = DEFAULTS[(resource_type, argument)]
    if major is None:
        return UNKNOWN
    return row.by_major.get(major, UNKNOWN)
