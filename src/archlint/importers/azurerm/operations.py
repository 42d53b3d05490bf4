"""Monitoring, disaster recovery and security: workspaces, alerts, autoscale, vaults,
backup policies, Key Vault, identities and role assignments."""

from __future__ import annotations

import re
from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import each, firewall_default
from archlint.importers.azurerm.core import Builder, Draft, View, mapper
from archlint.importers.values import UNKNOWN, Reference, resource_type_of, scalar

# --- monitoring ------------------------------------------------------------------------


@mapper("azurerm_log_analytics_workspace", kind="log_analytics_workspace")
def log_analytics(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    retention = builder.or_default(view, "retention_in_days", view.raw("retention_in_days"))
    draft.set("retention", retention, convert.days)


@mapper("azurerm_application_insights", kind="application_insights")
def application_insights(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    builder.ref(draft, "workspace", view.raw("workspace_id"), ("log_analytics_workspace",))
    draft.set("sampling", view.raw("sampling_percentage"), convert.number)


@mapper("azurerm_monitor_diagnostic_setting")
def diagnostic_setting(builder: Builder, view: View, draft: Draft | None) -> None:
    workspace = builder.attached_to(
        view.resource,
        view.raw("log_analytics_workspace_id"),
        ("log_analytics_workspace",),
        "Log Analytics workspace",
    )
    if workspace is None:
        return
    source = builder.resolve(view.raw("target_resource_id"))
    sources = workspace.data.setdefault("sources", [])
    if isinstance(source, str):
        if source not in sources:
            sources.append(source)
    else:
        workspace.mark_unknown("sources")


def _channel(kind: str, target: Any) -> dict[str, Any] | None:
    target = scalar(target)
    if not isinstance(target, str):
        return None
    if kind == "webhook" and "pagerduty" in target.lower():
        kind = "pagerduty"
    return {"kind": kind, "target": target}


@mapper("azurerm_monitor_action_group", kind="action_group")
def action_group(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    channels: list[dict[str, Any]] = []
    unknown = False
    for block, kind, read in (
        ("email_receiver", "email", lambda b: b.raw("email_address")),
        ("sms_receiver", "sms", lambda b: _phone(b)),
        ("voice_receiver", "voice", lambda b: _phone(b)),
        ("webhook_receiver", "webhook", lambda b: b.raw("service_uri")),
        ("azure_app_push_receiver", "push", lambda b: b.raw("email_address")),
    ):
        unknown = unknown or view.unknown(block)
        for receiver in view.blocks(block):
            channel = _channel(kind, read(receiver))
            if channel is None:
                unknown = True
            else:
                channels.append(channel)
    draft.data["channels"] = channels
    if unknown:
        draft.mark_unknown("channels")


def _phone(block: View) -> Any:
    country, number = block.get("country_code"), block.get("phone_number")
    if country is UNKNOWN or number is UNKNOWN:
        return UNKNOWN
    return f"+{country}-{number}"


@mapper("azurerm_monitor_metric_alert", kind="metric_alert")
def metric_alert(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    scopes = view.raw("scopes")
    scope = scopes[0] if isinstance(scopes, list) and scopes else scopes
    builder.ref(draft, "target", scope, required=True)
    criteria = view.block("criteria") or view.block("dynamic_criteria")
    if criteria is None:
        for key in ("metric", "operator", "threshold"):
            draft.mark_unknown(key)
    else:
        draft.set("metric", criteria.raw("metric_name"), convert.text)
        draft.set("aggregation", criteria.raw("aggregation"), convert.text)
        draft.set("operator", criteria.raw("operator"), convert.text)
        if criteria.raw("threshold") is None:
            draft.mark_unknown("threshold")  # dynamic thresholds are learned by Azure
        draft.set("threshold", criteria.raw("threshold"), convert.number)
        dimensions: dict[str, str] = {}
        for dimension in criteria.blocks("dimension"):
            values = dimension.get("values")
            if isinstance(values, list) and isinstance(dimension.get("name"), str):
                dimensions[dimension.get("name")] = ",".join(str(scalar(v)) for v in values)
        if dimensions:
            draft.data["dimensions"] = dimensions
    # azurerm defaults: a 5-minute window evaluated every minute, severity 3.
    for key, argument, read in (
        ("window", "window_size", convert.duration),
        ("frequency", "frequency", convert.duration),
        ("severity", "severity", convert.integer),
    ):
        draft.set(key, builder.or_default(view, argument, view.raw(argument)), read)
    groups = [a.raw("action_group_id") for a in view.blocks("action")]
    if view.unknown("action"):
        draft.mark_unknown("action_groups")
    builder.ref_list(draft, "action_groups", groups, ("action_group",))


@mapper("azurerm_monitor_autoscale_setting", kind="autoscale_setting")
def autoscale_setting(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    raw_target = view.raw("target_resource_id")
    scaled = _scaled_type(builder, raw_target)
    if scaled is not None and scaled not in _SCALES_PLANS:
        builder.discard(
            draft, f"it scales a {scaled}; archlint models autoscale of App Service plans only"
        )
        return
    target = builder.resolve(raw_target)
    app = builder.drafts.get(target) if isinstance(target, str) else None
    if app is not None and app.kind in ("function_app", "web_app", "logic_app"):
        builder.later(lambda: _plan_of_app(builder, draft, app))  # autoscaling an app's plan
    else:
        builder.ref(draft, "target", raw_target, ("app_service_plan",), required=True)
    profiles = view.blocks("profile")
    draft.data["profiles"] = [{} for _ in profiles]
    for position, profile in enumerate(profiles):
        _profile(draft, ("profiles", position), profile)


# What an autoscale setting of an App Service plan targets: the plan, or one of its apps.
_SCALES_PLANS = frozenset(
    {
        "azurerm_service_plan",
        "azurerm_app_service_plan",
        "azurerm_linux_function_app",
        "azurerm_windows_function_app",
        "azurerm_linux_web_app",
        "azurerm_windows_web_app",
        "azurerm_logic_app_standard",
        "microsoft.web/serverfarms",
        "microsoft.web/sites",
    }
)


def _scaled_type(builder: Builder, target: Any) -> str | None:
    """The type of what an autoscale setting scales (a Terraform resource type, or the ARM
    type of an id), or None when that is not known."""
    if isinstance(target, Reference):
        resource = builder.by_address.get(target.address)
        return resource.type if resource is not None else resource_type_of(target.address)
    text = scalar(target)
    if isinstance(text, str) and "/providers/" in text.lower():
        parts = text.lower().rstrip("/").split("/providers/")[-1].split("/")
        if len(parts) >= 2:
            return f"{parts[0]}/{parts[1]}"
    return None


def _plan_of_app(builder: Builder, draft: Draft, app: Draft) -> None:
    plan = app.data.get("plan")
    builder.ref(
        draft,
        "target",
        plan,
        ("app_service_plan",),
        required=True,
        resolved=plan if isinstance(plan, str) else None,
    )


def _profile(draft: Draft, base: tuple[str | int, ...], profile: View) -> None:
    draft.set((*base, "name"), profile.raw("name"), convert.text)
    capacity = profile.block("capacity")
    if capacity is not None:
        draft.set((*base, "min"), capacity.raw("minimum"), convert.integer)
        draft.set((*base, "default"), capacity.raw("default"), convert.integer)
        draft.set((*base, "max"), capacity.raw("maximum"), convert.integer)
    recurrence = profile.block("recurrence")
    if recurrence is not None:
        draft.set((*base, "recurrence", "time_zone"), recurrence.raw("timezone"), convert.text)
        draft.set((*base, "recurrence", "days"), recurrence.raw("days"), each(convert.text))
        draft.set((*base, "recurrence", "hours"), recurrence.raw("hours"), each(convert.integer))
        draft.set(
            (*base, "recurrence", "minutes"), recurrence.raw("minutes"), each(convert.integer)
        )
    rules = profile.blocks("rule")
    draft.put((*base, "rules"), [{} for _ in rules])
    for position, rule in enumerate(rules):
        where = (*base, "rules", position)
        trigger, action = rule.block("metric_trigger"), rule.block("scale_action")
        if trigger is not None:
            draft.set((*where, "metric"), trigger.raw("metric_name"), convert.text)
            draft.set((*where, "operator"), trigger.raw("operator"), convert.text)
            draft.set((*where, "threshold"), trigger.raw("threshold"), convert.number)
            draft.set((*where, "statistic"), trigger.raw("statistic"), convert.text)
            draft.set((*where, "window"), trigger.raw("time_window"), convert.duration)
        if action is not None:
            draft.set((*where, "direction"), action.raw("direction"), convert.lower)
            draft.set((*where, "change"), action.raw("value"), convert.integer)
            draft.set((*where, "cooldown"), action.raw("cooldown"), convert.duration)


# --- disaster recovery -----------------------------------------------------------------


@mapper("azurerm_recovery_services_vault", kind="backup_vault")
def recovery_services_vault(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.data["vault_kind"] = "recovery_services"
    draft.set("name", view.raw("name"), convert.text)
    mode = builder.or_default(view, "storage_mode_type", view.raw("storage_mode_type"))
    draft.set("redundancy", mode, convert.text)
    draft.set("soft_delete", view.raw("soft_delete_enabled"), convert.boolean)
    draft.set("cross_region_restore", view.raw("cross_region_restore_enabled"), convert.boolean)
    draft.set("immutability", view.raw("immutability"), convert.lower)


@mapper("azurerm_data_protection_backup_vault", kind="backup_vault")
def backup_vault(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.data["vault_kind"] = "backup"
    draft.set("name", view.raw("name"), convert.text)
    draft.set("redundancy", view.raw("redundancy"), convert.text)
    draft.set("soft_delete", view.raw("soft_delete"), lambda v: convert.lower(v) != "off")
    draft.set("cross_region_restore", view.raw("cross_region_restore_enabled"), convert.boolean)
    draft.set("immutability", view.raw("immutability"), convert.lower)


_WORKLOADS = {"azurerm_backup_policy_vm": "vm", "azurerm_backup_policy_file_share": "file_share"}


@mapper("azurerm_backup_policy_vm", "azurerm_backup_policy_file_share", kind="backup_policy")
def backup_policy(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.data["workload"] = _WORKLOADS[view.resource.type]
    draft.set("name", view.raw("name"), convert.text)
    vault = builder.resolve_name(
        view.raw("recovery_vault_name"),
        ("azurerm_recovery_services_vault",),
        view.resource,
        ("backup_vault",),
    )
    builder.ref(
        draft,
        "vault",
        view.raw("recovery_vault_name"),
        ("backup_vault",),
        required=True,
        resolved=vault,
    )
    backup = view.block("backup")
    if backup is not None:
        draft.set(("schedule", "frequency"), backup.raw("frequency"), convert.lower)
        draft.set(("schedule", "time"), backup.raw("time"), convert.text)
    else:
        draft.mark_unknown("schedule")
    timezone = builder.or_default(view, "timezone", view.raw("timezone"))
    draft.set(("schedule", "time_zone"), timezone, convert.text)
    for key in ("daily", "weekly", "monthly", "yearly"):
        block = view.block(f"retention_{key}")
        if block is not None:
            draft.set(("retention", key), block.raw("count"), convert.integer)
    draft.data.setdefault("retention", {})


_REPEAT = re.compile(r"R/\d{4}-\d{2}-\d{2}T(\d{2}:\d{2})")


@mapper("azurerm_data_protection_backup_policy_blob_storage", kind="backup_policy")
def blob_backup_policy(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.data["workload"] = "blob"
    draft.set("name", view.raw("name"), convert.text)
    builder.ref(draft, "vault", view.raw("vault_id"), ("backup_vault",), required=True)
    intervals = view.raw("backup_repeating_time_intervals")
    if intervals is None:
        draft.data["schedule"] = {"frequency": "continuous"}  # operational backup only
    elif scalar(intervals) is UNKNOWN:
        draft.mark_unknown("schedule")
    else:
        text = str(scalar(intervals[0])) if isinstance(intervals, list) and intervals else ""
        match = _REPEAT.match(text)
        draft.data["schedule"] = {"frequency": "weekly" if "P1W" in text else "daily"}
        if match:
            draft.data["schedule"]["time"] = match.group(1)
        timezone = view.raw("time_zone")
        draft.set(("schedule", "time_zone"), timezone, convert.text)
    draft.data["retention"] = {}
    draft.set(
        ("retention", "duration"),
        view.raw("operational_default_retention_duration"),
        convert.duration,
    )
    vaulted = view.raw("vault_default_retention_duration")
    draft.set(
        ("retention", "daily"),
        vaulted,
        lambda v: max(1, round(convert.duration(v).total_seconds() / 86400)),
    )


@mapper(
    "azurerm_backup_protected_vm",
    "azurerm_backup_protected_file_share",
    "azurerm_data_protection_backup_instance_blob_storage",
)
def protected_item(builder: Builder, view: View, draft: Draft | None) -> None:
    policy = builder.attached_to(
        view.resource, view.raw("backup_policy_id"), ("backup_policy",), "backup policy"
    )
    if policy is None:
        return
    source = view.raw("source_vm_id", "storage_account_id", "source_storage_account_id")
    protected = builder.resolve(source)
    items = policy.data.setdefault("protected", [])
    if isinstance(protected, str):
        if protected not in items:
            items.append(protected)
    else:
        policy.mark_unknown("protected")


# --- security --------------------------------------------------------------------------


@mapper("azurerm_user_assigned_identity", kind="user_assigned_identity")
def user_assigned_identity(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)


@mapper("azurerm_key_vault", kind="key_vault")
def key_vault(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    # azurerm defaults: purge protection off, access policies (not RBAC); the model's
    # defaults are the recommended settings, so absent values are written out.
    purge = builder.or_default(
        view, "purge_protection_enabled", view.raw("purge_protection_enabled")
    )
    draft.set("purge_protection", purge, convert.boolean)
    draft.set("soft_delete_retention", view.raw("soft_delete_retention_days"), convert.integer)
    rbac = view.raw("rbac_authorization_enabled", "enable_rbac_authorization")
    rbac = builder.or_default(view, "enable_rbac_authorization", rbac)
    draft.set("rbac_authorization", rbac, convert.boolean)
    draft.set("public_network_access", view.raw("public_network_access_enabled"), convert.boolean)
    firewall_default(draft, view, "network_acls")


@mapper("azurerm_role_assignment")
def role_assignment(builder: Builder, view: View, draft: Draft | None) -> None:
    item = builder.add_top(("security", "role_assignments"), {}, view.resource)
    builder.ref(item, "principal", view.raw("principal_id"), required=True)
    role = view.raw("role_definition_name")
    if role is None and isinstance(scalar(view.raw("role_definition_id")), str):
        role = str(scalar(view.raw("role_definition_id"))).rstrip("/").split("/")[-1]
    item.set("role", UNKNOWN if role is None else role, convert.text)
    builder.ref(item, "scope", view.raw("scope"), required=True)
