"""Container Apps environments, container apps and container groups, in the argument
spellings of azurerm 3.x and 4.x (the same for everything read here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import identity, zones
from archlint.importers.azurerm.core import Builder, Draft, View, mapper

SUBNET = ("subnet",)
_REVISION_MODES = {"single": "Single", "multiple": "Multiple"}
_IP_ADDRESS_TYPES = {"public": "Public", "private": "Private", "none": "None"}
_RESTART_POLICIES = {"always": "Always", "onfailure": "OnFailure", "never": "Never"}
_OS_TYPES = {"linux": "Linux", "windows": "Windows"}


def _one_of(names: dict[str, str]) -> Callable[[Any], str]:
    """Azure's spelling of a value the provider accepts in any case."""
    return lambda value: names[convert.lower(value)]


@mapper("azurerm_container_app_environment", kind="container_app_environment")
def environment(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("zone_redundant", view.raw("zone_redundancy_enabled"), convert.boolean)
    draft.set("internal_load_balancer", view.raw("internal_load_balancer_enabled"), convert.boolean)
    builder.ref(draft, "infrastructure_subnet", view.raw("infrastructure_subnet_id"), SUBNET)
    builder.ref(
        draft, "log_analytics", view.raw("log_analytics_workspace_id"), ("log_analytics_workspace",)
    )
    if view.unknown("workload_profile"):
        draft.mark_unknown("workload_profiles")
        return
    profiles = view.blocks("workload_profile")
    draft.data["workload_profiles"] = [{} for _ in profiles]
    for position, profile in enumerate(profiles):
        base = ("workload_profiles", position)
        draft.set((*base, "name"), profile.raw("name"), convert.text)
        draft.set((*base, "type"), profile.raw("workload_profile_type"), convert.text)
        draft.set((*base, "min_count"), profile.raw("minimum_count"), convert.integer)
        draft.set((*base, "max_count"), profile.raw("maximum_count"), convert.integer)


@mapper("azurerm_container_app", kind="container_app")
def container_app(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    builder.ref(
        draft,
        "environment",
        view.raw("container_app_environment_id"),
        ("container_app_environment",),
    )
    draft.set("revision_mode", view.raw("revision_mode"), _one_of(_REVISION_MODES))
    template = view.block("template")
    if template is None:
        if view.unknown("template"):
            draft.mark_unknown("min_replicas")
            draft.mark_unknown("max_replicas")
    else:
        draft.set("min_replicas", template.raw("min_replicas"), convert.integer)
        draft.set("max_replicas", template.raw("max_replicas"), convert.integer)
    ingress = view.block("ingress")
    if ingress is None:
        if view.unknown("ingress"):
            draft.mark_unknown("ingress")
    else:
        draft.data["ingress"] = {}
        draft.set(("ingress", "external"), ingress.raw("external_enabled"), convert.boolean)
        port = draft.set(("ingress", "target_port"), ingress.raw("target_port"), convert.integer)
        if port is None:
            draft.mark_unknown(("ingress", "target_port"))
    identity(builder, draft, view)


@mapper("azurerm_container_group", kind="container_group")
def container_group(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("os", view.raw("os_type"), _one_of(_OS_TYPES))
    draft.set("zones", view.raw("zones"), zones)
    draft.set("ip_address_type", view.raw("ip_address_type"), _one_of(_IP_ADDRESS_TYPES))
    builder.ref_list(draft, "subnets", view.raw("subnet_ids"), SUBNET)
    draft.set("restart_policy", view.raw("restart_policy"), _one_of(_RESTART_POLICIES))
    identity(builder, draft, view)
