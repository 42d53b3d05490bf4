"""Offline provider-schema validation of Terraform resources (TF001-TF004).

Like ``terraform validate`` without downloading the provider: resource types, arguments and
blocks are checked against the azurerm schema archlint ships (see
:mod:`archlint.importers.provider_schema`) for the major version the configuration pins.
Only names are checked, never values (they are often expressions).

Old attribute spellings (azurerm 3.x ``enable_partitioning`` vs 4.x
``partitioning_enabled``) are read by the mappers either way and reported here as TF004,
once, instead of as an unknown argument, in the words of the version the configuration pins:
a replacement is proposed only when that version has it.

A plan was already validated by Terraform with the provider it really used, so for plans
only TF004 applies (the configuration section says which spelling was written).
"""

from __future__ import annotations

import re

from archlint.importers.problems import TF_RULES, ImportProblem
from archlint.importers.provider_schema import SHIPPED, load_schema, validate_block
from archlint.importers.provider_version import ProviderChoice
from archlint.importers.values import TfResource, base_address
from archlint.location import Location
from archlint.records import record

__all__ = ["SPELLINGS", "Spelling", "check_resources"]


@record
class Spelling:
    old: str
    new: str | None  # None: removed without a replacement
    removed_in: int  # azurerm major version without the old spelling
    note: str = ""


def _table(*rows: tuple[str, str, str | None, int, str]) -> dict[str, dict[str, Spelling]]:
    out: dict[str, dict[str, Spelling]] = {}
    for resource_type, old, new, removed_in, note in rows:
        out.setdefault(resource_type, {})[old] = Spelling(old, new, removed_in, note)
    return out


SPELLINGS: dict[str, dict[str, Spelling]] = _table(
    ("azurerm_servicebus_queue", "enable_partitioning", "partitioning_enabled", 4, ""),
    ("azurerm_servicebus_queue", "enable_express", "express_enabled", 4, ""),
    ("azurerm_servicebus_queue", "enable_batched_operations", "batched_operations_enabled", 4, ""),
    ("azurerm_servicebus_queue", "namespace_name", "namespace_id", 3, ""),
    ("azurerm_servicebus_topic", "enable_partitioning", "partitioning_enabled", 4, ""),
    ("azurerm_servicebus_topic", "enable_express", "express_enabled", 4, ""),
    ("azurerm_servicebus_topic", "enable_batched_operations", "batched_operations_enabled", 4, ""),
    (
        "azurerm_servicebus_subscription",
        "enable_batched_operations",
        "batched_operations_enabled",
        4,
        "",
    ),
    (
        "azurerm_servicebus_namespace",
        "zone_redundant",
        None,
        4,
        "Azure makes Premium namespaces zone redundant where the region has zones",
    ),
    (
        "azurerm_eventhub_namespace",
        "zone_redundant",
        None,
        4,
        "Azure makes namespaces zone redundant where the region has zones",
    ),
    ("azurerm_eventhub_namespace", "local_auth_enabled", "local_authentication_enabled", 4, ""),
    ("azurerm_eventhub", "namespace_name", "namespace_id", 5, ""),
    ("azurerm_cosmosdb_account", "enable_automatic_failover", "automatic_failover_enabled", 4, ""),
    (
        "azurerm_cosmosdb_account",
        "enable_multiple_write_locations",
        "multiple_write_locations_enabled",
        4,
        "",
    ),
    ("azurerm_cosmosdb_account", "enable_free_tier", "free_tier_enabled", 4, ""),
    ("azurerm_cosmosdb_sql_container", "partition_key_path", "partition_key_paths", 4, ""),
    ("azurerm_redis_cache", "enable_non_ssl_port", "non_ssl_port_enabled", 4, ""),
    ("azurerm_lb_rule", "enable_floating_ip", "floating_ip_enabled", 4, ""),
    (
        "azurerm_route_table",
        "disable_bgp_route_propagation",
        "bgp_route_propagation_enabled",
        4,
        "and its meaning was inverted",
    ),
    ("azurerm_storage_account", "enable_https_traffic_only", "https_traffic_only_enabled", 4, ""),
    (
        "azurerm_storage_account",
        "allow_blob_public_access",
        "allow_nested_items_to_be_public",
        3,
        "",
    ),
    ("azurerm_storage_container", "storage_account_name", "storage_account_id", 5, ""),
    (
        "azurerm_subnet",
        "private_endpoint_network_policies_enabled",
        "private_endpoint_network_policies",
        4,
        "",
    ),
    (
        "azurerm_subnet",
        "enforce_private_link_endpoint_network_policies",
        "private_endpoint_network_policies",
        4,
        "and its meaning was inverted",
    ),
    (
        "azurerm_subnet",
        "enforce_private_link_service_network_policies",
        "private_link_service_network_policies_enabled",
        4,
        "and its meaning was inverted",
    ),
    ("azurerm_subnet", "address_prefix", "address_prefixes", 3, ""),
    ("azurerm_key_vault", "enable_rbac_authorization", "rbac_authorization_enabled", 5, ""),
    ("azurerm_eventgrid_system_topic", "source_arm_resource_id", "source_resource_id", 5, ""),
    ("azurerm_eventgrid_event_subscription", "eventhub_endpoint", "eventhub_endpoint_id", 3, ""),
    ("azurerm_monitor_diagnostic_setting", "log", "enabled_log", 4, ""),
    ("azurerm_monitor_diagnostic_setting", "metric", "enabled_metric", 5, ""),
    (
        "azurerm_kubernetes_cluster",
        "automatic_channel_upgrade",
        "automatic_upgrade_channel",
        4,
        "",
    ),
    (
        "azurerm_kubernetes_cluster",
        "api_server_authorized_ip_ranges",
        "api_server_access_profile",
        4,
        "as its authorized_ip_ranges",
    ),
    ("azurerm_kubernetes_cluster_node_pool", "enable_auto_scaling", "auto_scaling_enabled", 4, ""),
)

_KIND_RULE = {
    "unknown_resource": "TF001",
    "unknown_argument": "TF002",
    "unknown_block": "TF002",
    "missing_argument": "TF003",
    "missing_block": "TF003",
}


def check_resources(
    resources: list[TfResource],
    provider: ProviderChoice,
    *,
    from_plan: bool,
    lines: dict[str, list[str]] | None = None,
) -> list[ImportProblem]:
    """Provider-schema problems and old spellings, once per resource block.

    Names are checked against the schema ``provider`` chose (none: not checked).  An old
    spelling is reported only where the pinned version offers the new one (its schema has
    it): a 3.x configuration is never told to use a name only 4.x knows.
    """
    checked = provider.schema_major is not None and not from_plan
    schema = load_schema(provider.schema_major) if checked else None  # only the chosen one
    problems: list[ImportProblem] = []
    seen: set[int] = set()
    for resource in resources:
        body = resource.body
        if (
            body is None
            or resource.mode != "managed"
            or not resource.type.startswith("azurerm_")
            or id(body) in seen
        ):
            continue
        seen.add(id(body))
        address = base_address(resource.address)  # the block, not one of its instances
        where = Location(resource.file, resource.line, None, address)
        old_names = SPELLINGS.get(resource.type, {})
        for name in body:
            spelling = old_names.get(name)
            if spelling is not None and provider.major is not None:
                found = _spelling_problem(resource, spelling, provider, where, lines)
                if found is not None:
                    problems.append(found)
        if schema is None:
            continue
        for found in validate_block(resource.type, body, schema):
            top = found.path.split(".")[0].split("[")[0]
            if top in old_names:
                continue
            rule = _KIND_RULE[found.kind]
            line = _argument_line(lines, resource, top) if top else resource.line
            problems.append(
                ImportProblem(
                    rule,
                    TF_RULES[rule][0],
                    f"{address}: {found.message}"
                    + (f" ({found.path})" if found.path and "." in found.path else "")
                    + (f" in azurerm {schema.version}" if rule != "TF001" else ""),
                    Location(resource.file, line, None, address),
                )
            )
    return problems


def _spelling_problem(
    resource: TfResource,
    spelling: Spelling,
    provider: ProviderChoice,
    where: Location,
    lines: dict[str, list[str]] | None,
) -> ImportProblem | None:
    """TF004 in the words of the pinned version, or ``None`` when it has nothing to say."""
    major = provider.major
    assert major is not None
    offered = spelling.new is None or _offers(provider, resource.type, spelling.new)
    if not offered:
        return None  # the pinned version has no replacement: the old name is the name
    version = provider.schema_version or f"{major}.x"
    removed = major >= spelling.removed_in
    status = (
        f"removed in azurerm {spelling.removed_in}.0 (this configuration pins azurerm {version})"
        if removed
        else f"deprecated in azurerm {version}, the version this configuration pins, and "
        f"removed in {spelling.removed_in}.0"
    )
    instead = f"use `{spelling.new}`" if spelling.new else "remove it"
    note = f" ({spelling.note})" if spelling.note else ""
    line = _argument_line(lines, resource, spelling.old)
    return ImportProblem(
        "TF004",
        "high" if removed else "medium",
        f"{where.address}: `{spelling.old}` is {status}; {instead}{note}",
        Location(where.file, line, None, where.address),
    )


def _offers(provider: ProviderChoice, resource_type: str, name: str) -> bool:
    """Whether the pinned version's schema has ``name`` (loaded only for an old spelling).

    Without a schema of that major (2.x) nothing can be proposed; with one, an argument or a
    block of the resource counts.
    """
    if provider.major is None or provider.major not in SHIPPED:
        return False
    resource = load_schema(provider.major).resource(resource_type)
    return resource is not None and (name in resource.args or name in resource.blocks)


def _argument_line(
    lines: dict[str, list[str]] | None, resource: TfResource, name: str
) -> int | None:
    """The line of ``name = ...`` (or ``name {``) inside the resource block, if found."""
    if not lines or resource.line is None or resource.file not in lines:
        return resource.line
    text = lines[resource.file]
    pattern = re.compile(rf'^\s*(?:{re.escape(name)}\s*(?:=|\{{)|dynamic\s+"{re.escape(name)}")')
    top_level = re.compile(r"^(resource|data|module|variable|locals|output|provider|terraform)\b")
    for number in range(resource.line, len(text)):
        line = text[number]
        if top_level.match(line):
            break
        if pattern.match(line):
            return number + 1
    return resource.line
