"""Compute: App Service Environment v3, plans, Function/Web/Logic Apps, virtual machines."""

from __future__ import annotations

from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import (
    LITERAL_SECRET,
    app_insights_from,
    identity,
    settings_list,
)
from archlint.importers.azurerm.core import Builder, Draft, View, mapper
from archlint.importers.values import UNKNOWN, Reference, scalar

SUBNET = ("subnet",)
STORAGE = ("storage_account",)
PLAN = ("app_service_plan",)


@mapper("azurerm_app_service_environment_v3", kind="app_service_environment")
def app_service_environment(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    builder.ref(draft, "subnet", view.raw("subnet_id"), SUBNET, required=True)
    draft.set("zone_redundant", view.raw("zone_redundant"), convert.boolean)
    # azurerm's default internal_load_balancing_mode is "None": an external ASE.
    mode = view.raw("internal_load_balancing_mode")
    draft.set(
        "internal_load_balancing",
        builder.or_default(view, "internal_load_balancing_mode", mode),
        lambda v: convert.text(v).replace(" ", "").lower() != "none",
    )
    settings = view.blocks("cluster_setting")
    if view.unknown("cluster_setting"):
        draft.mark_unknown("disable_tls_1_0")
    for setting in settings:
        if str(setting.get("name")).lower() == "disabletls1.0":
            draft.set(
                "disable_tls_1_0",
                setting.raw("value"),
                lambda v: convert.text(v).strip().lower() in ("1", "true"),
            )


_OS = {"linux": "linux", "windows": "windows", "windowscontainer": "windows"}


@mapper("azurerm_service_plan", kind="app_service_plan")
def service_plan(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("sku", view.raw("sku_name"), convert.text)
    draft.set("os", view.raw("os_type"), lambda v: _OS[convert.lower(v)])
    builder.ref(draft, "ase", view.raw("app_service_environment_id"), ("app_service_environment",))
    draft.set("zone_redundant", view.raw("zone_balancing_enabled"), convert.boolean)
    _instances(builder, draft, view.raw("worker_count"), view.raw("maximum_elastic_worker_count"))


@mapper("azurerm_app_service_plan", kind="app_service_plan")
def legacy_service_plan(builder: Builder, view: View, draft: Draft | None) -> None:
    """azurerm 3.x's plan: ``sku { tier, size, capacity }``; ``reserved`` makes it Linux."""
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    sku = view.block("sku")
    draft.set("sku", sku.raw("size") if sku else None, convert.text)
    if sku is None:
        draft.mark_unknown("sku")
    kind = scalar(view.raw("kind"))
    reserved = view.raw("reserved")
    if kind is UNKNOWN:
        draft.mark_unknown("os")
    elif isinstance(kind, str) and kind.lower() == "linux":
        draft.data["os"] = "linux"
    elif reserved is None:
        draft.data["os"] = "windows"  # reserved defaults to false: a Windows plan
    else:
        draft.set("os", reserved, lambda v: "linux" if convert.boolean(v) else "windows")
    builder.ref(draft, "ase", view.raw("app_service_environment_id"), ("app_service_environment",))
    draft.set("zone_redundant", view.raw("zone_redundant"), convert.boolean)
    capacity = sku.raw("capacity") if sku else None
    _instances(builder, draft, capacity, view.raw("maximum_elastic_worker_count"))


def _instances(builder: Builder, draft: Draft, workers: Any, elastic: Any) -> None:
    """``instances`` of a plan. ``workers`` is how many instances run now. The maximum is
    the elastic limit for Elastic Premium / Workflow Standard plans; for other plans it is
    what an autoscale setting allows, or ``workers`` itself when nothing scales the plan."""
    draft.set(("instances", "min"), workers, convert.integer)
    if workers is None:
        draft.mark_unknown(("instances", "min"))
    if elastic is not None:
        draft.set(("instances", "max"), elastic, convert.integer)
    else:
        # After the autoscale settings know their targets (they resolve apps to plans
        # in deferred work of their own).
        builder.later(lambda: builder.later(lambda: _scaled_maximum(builder, draft, workers)))


def _scaled_maximum(builder: Builder, plan: Draft, workers: Any) -> None:
    by_target: dict[str, list[Any]] | None = getattr(builder, "_autoscale_maxima", None)
    if by_target is None:  # built once, when every autoscale setting knows its target
        by_target = {}
        for other in builder.drafts.values():
            target = other.data.get("target")
            if other.kind == "autoscale_setting" and isinstance(target, str):
                maxima_of = by_target.setdefault(target, [])
                maxima_of += [p.get("max") for p in other.data.get("profiles", [])]
        builder._autoscale_maxima = by_target  # type: ignore[attr-defined]
    maxima = by_target.get(plan.id, [])
    if maxima:
        if all(isinstance(m, int) for m in maxima):
            plan.data.setdefault("instances", {})["max"] = max(maxima)
        else:
            plan.mark_unknown(("instances", "max"))
        return
    plan.set(("instances", "max"), workers, convert.integer)
    if workers is None:
        plan.mark_unknown(("instances", "max"))


def _hosted(builder: Builder, view: View, draft: Draft) -> None:
    """What Function, Web and Logic Apps share (azurerm defaults where they differ)."""
    draft.set("name", view.raw("name"), convert.text)
    builder.ref(
        draft, "plan", view.raw("service_plan_id", "app_service_plan_id"), PLAN, required=True
    )
    builder.ref(draft, "vnet_integration", view.raw("virtual_network_subnet_id"), SUBNET)
    identity(builder, draft, view)
    app_insights_from(builder, draft, view)
    # azurerm's https_only defaults to false (the model's default is Azure's portal true).
    https = builder.or_default(view, "https_only", view.raw("https_only"))
    draft.set("https_only", https, convert.boolean)
    public = view.raw("public_network_access_enabled")
    if public is None and view.raw("public_network_access") is not None:
        public = view.raw("public_network_access")
        draft.set("public_network_access", public, lambda v: convert.lower(v) != "disabled")
    else:
        site = view.block("site_config")
        if public is None and site is not None:
            public = site.raw("public_network_access_enabled")  # logic app 3.x
        draft.set("public_network_access", public, convert.boolean)
    # Basic publishing credentials (FTP, and web deploy / SCM) are the apps' "local
    # authentication"; each defaults to true, so local auth is off only when all are false.
    second = (
        "scm_publish_basic_authentication_enabled"
        if view.resource.type == "azurerm_logic_app_standard"
        else "webdeploy_publish_basic_authentication_enabled"
    )
    basic = [view.raw(key) for key in ("ftp_publish_basic_authentication_enabled", second)]
    if any(value is not None and scalar(value) is UNKNOWN for value in basic):
        draft.mark_unknown("local_auth_enabled")
    else:
        draft.data["local_auth_enabled"] = any(scalar(v) is not False for v in basic)
    site = view.block("site_config")
    if site is not None:
        draft.set(
            "min_tls_version", site.raw("minimum_tls_version", "min_tls_version"), convert.tls
        )
    settings_list(draft, "app_settings", view.raw("app_settings"))
    strings = view.blocks("connection_string")
    if strings:
        draft.data["connection_strings"] = [
            {"name": str(s.get("name"))} for s in strings
        ]  # the values are secrets: never copied; their presence is what rules judge


_STACKS = (
    ("dotnet_version", "dotnet"),
    ("node_version", "node"),
    ("python_version", "python"),
    ("java_version", "java"),
    ("powershell_core_version", "powershell"),
    ("php_version", "php"),
    ("go_version", "go"),
    ("docker_image_name", "docker"),
)


def _runtime(view: View, draft: Draft, required: bool) -> None:
    site = view.block("site_config")
    stack = site.block("application_stack") if site else None
    if stack is not None:
        for key, name in _STACKS:
            version = stack.get(key)
            if version is None:
                continue
            if version is UNKNOWN:
                break
            if name == "dotnet" and stack.get("use_dotnet_isolated_runtime") is True:
                name = "dotnet-isolated"
            draft.data["runtime"] = {"stack": name, "version": str(version)}
            return
    if required or (site is not None and site.unknown("application_stack")):
        draft.mark_unknown("runtime")


@mapper(
    "azurerm_linux_function_app",
    "azurerm_windows_function_app",
    "azurerm_function_app",  # azurerm 3.x, removed in 4.0
    kind="function_app",
)
def function_app(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _hosted(builder, view, draft)
    _runtime(view, draft, required=True)
    _storage_by_name(builder, view, draft)
    site = view.block("site_config")
    if site is not None:
        draft.set("prewarmed_instances", site.raw("pre_warmed_instance_count"), convert.integer)


def _storage_by_name(builder: Builder, view: View, draft: Draft) -> None:
    value = view.raw("storage_account_name")
    target = builder.resolve_name(value, ("azurerm_storage_account",), view.resource, STORAGE)
    builder.ref(draft, "storage_account", value, STORAGE, required=True, resolved=target)


@mapper(
    "azurerm_linux_web_app",
    "azurerm_windows_web_app",
    "azurerm_app_service",  # azurerm 3.x, removed in 4.0
    kind="web_app",
)
def web_app(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _hosted(builder, view, draft)
    _runtime(view, draft, required=False)


@mapper("azurerm_logic_app_standard", kind="logic_app")
def logic_app(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    _hosted(builder, view, draft)
    _storage_by_name(builder, view, draft)


@mapper("azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", kind="virtual_machine")
def virtual_machine(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.data["os"] = "linux" if view.resource.type.startswith("azurerm_linux") else "windows"
    draft.set("size", view.raw("size"), convert.text)
    zone = view.raw("zone")
    draft.set(
        "zones",
        [zone] if zone is not None else view.raw("zones"),
        lambda v: sorted(convert.integer(z) for z in v),
    )
    draft.set("admin_username", view.raw("admin_username"), convert.text)
    password = view.raw("admin_password")
    if password is not None:
        if isinstance(password, Reference) or scalar(password) is UNKNOWN:
            draft.mark_unknown("admin_password")
        else:
            # A password written in the configuration: a literal secret (never copied).
            draft.data["admin_password"] = LITERAL_SECRET
    identity(builder, draft, view)
    builder.ref(draft, "availability_set", view.raw("availability_set_id"), ("availability_set",))
    nics = view.raw("network_interface_ids")
    nic = _first_nic(builder, nics)
    subnet: Any = None
    public_ip: Any = None
    if nic is not None:
        ip = View(nic, nic.values).block("ip_configuration")
        if ip is not None:
            subnet, public_ip = ip.raw("subnet_id"), ip.raw("public_ip_address_id")
        builder.vms_of_nic.setdefault(nic.address, []).append(draft.id)
    builder.ref(draft, "subnet", subnet, SUBNET, required=True)
    builder.ref(draft, "public_ip", public_ip, ("public_ip",))
    _os_disk(builder, view, draft)


def _os_disk(builder: Builder, view: View, draft: Draft) -> None:
    """The OS disk's type: required in azurerm 3.x; 4.x lets Azure choose when it is left out
    (then unknown). An ephemeral OS disk (``diff_disk_settings``) lives on the host's local
    storage whatever the type says: not a managed disk type a rule can judge."""
    if view.unknown("os_disk"):
        draft.mark_unknown(("os_disk", "sku"))
        return
    disk = view.block("os_disk")
    if disk is None:
        return
    draft.data["os_disk"] = {}
    draft.set(("os_disk", "size_gb"), disk.raw("disk_size_gb"), convert.integer)
    sku = disk.raw("storage_account_type")
    if (
        sku is None
        or disk.block("diff_disk_settings") is not None
        or disk.unknown("diff_disk_settings")
    ):
        draft.mark_unknown(("os_disk", "sku"))
        return
    draft.set(("os_disk", "sku"), sku, convert.text)


@mapper("azurerm_network_interface_security_group_association", phase=1)
def nic_nsg_association(builder: Builder, view: View, draft: Draft | None) -> None:
    """An NSG on a VM's network interface (the VM mapper records which NIC is whose)."""
    nic = view.raw("network_interface_id")
    address = nic.address if isinstance(nic, Reference) else None
    if address is None and isinstance(scalar(nic), str):
        address = builder.by_arm_id.get(str(scalar(nic)).lower())
    vms = [builder.draft_of(vm_id) for vm_id in builder.vms_of_nic.get(address or "", [])]
    if not vms:
        builder.not_attached(view.resource, "virtual machine network interface")
    for vm in vms:
        if vm is not None:
            builder.ref(
                vm, "nic_nsg", view.raw("network_security_group_id"), ("network_security_group",)
            )


def _first_nic(builder: Builder, nics: Any) -> Any:
    if not isinstance(nics, list) or not nics:
        return None
    first = nics[0]
    if isinstance(first, Reference):
        return builder.by_address.get(first.address)
    arm_id = scalar(first)
    if isinstance(arm_id, str):
        address = builder.by_arm_id.get(arm_id.lower())
        return builder.by_address.get(address) if address else None
    return None
