"""``compute.tf``: App Service Environment v3, plans, Function/Web/Logic Apps and VMs (their
disks and pool associations: :mod:`archlint.generators.terraform.disks`)."""

from __future__ import annotations

from archlint.generators.common import principal_source
from archlint.generators.hcl import Block, BodyEntry, Comment, Expr, Value, template
from archlint.generators.images import DEFAULT_IMAGES
from archlint.generators.terraform import disks
from archlint.generators.terraform.core import RG_NAME, Terraform, Variable
from archlint.generators.terraform.network import subnet_region
from archlint.model.compute import (
    AppServicePlan,
    AppSetting,
    FunctionApp,
    HostedApp,
    Identity,
    LogicApp,
    Runtime,
    VirtualMachine,
    WebApp,
)

FILE = "compute.tf"

# Runtime stack -> application_stack arguments, per app resource type.  Windows takes .NET
# versions as "v8.0"; a stack missing from a table has no argument in that resource.
_DOTNET_ISOLATED = "dotnet-isolated"
_STACKS: dict[str, dict[str, str]] = {
    "azurerm_linux_function_app": {
        "dotnet": "dotnet_version",
        _DOTNET_ISOLATED: "dotnet_version",
        "node": "node_version",
        "python": "python_version",
        "java": "java_version",
        "powershell": "powershell_core_version",
    },
    "azurerm_windows_function_app": {
        "dotnet": "dotnet_version",
        _DOTNET_ISOLATED: "dotnet_version",
        "node": "node_version",
        "java": "java_version",
        "powershell": "powershell_core_version",
    },
    "azurerm_linux_web_app": {
        "dotnet": "dotnet_version",
        "node": "node_version",
        "python": "python_version",
        "java": "java_version",
        "php": "php_version",
        "go": "go_version",
        "ruby": "ruby_version",
    },
    "azurerm_windows_web_app": {
        "dotnet": "dotnet_version",
        "node": "node_version",
        "java": "java_version",
        "php": "php_version",
    },
}

# Images for the VMs: the model names no image, so a current supported one is chosen.


def emit(tf: Terraform) -> None:
    compute = tf.architecture.compute
    for ase in compute.app_service_environments:
        settings = (
            [Block.of("cluster_setting", items=[("name", "DisableTls1.0"), ("value", "1")])]
            if ase.disable_tls_1_0
            else []
        )
        tf.resource(
            FILE,
            "azurerm_app_service_environment_v3",
            tf.address(ase.id).name,
            [
                ("name", ase.resource_name),
                ("resource_group_name", RG_NAME),
                ("subnet_id", tf.ref(ase.subnet)),
                (
                    "internal_load_balancing_mode",
                    "Web, Publishing" if ase.internal_load_balancing else "None",
                ),
                ("zone_redundant", ase.zone_redundant),
                ("tags", tf.tags(ase)),
                settings,
            ],
        )
    for plan in compute.plans:
        _plan(tf, plan)
    for app in compute.function_apps:
        _function_app(tf, app)
    for app in compute.web_apps:
        _web_app(tf, app)
    for app in compute.logic_apps:
        _logic_app(tf, app)
    for vm in compute.virtual_machines:
        _virtual_machine(tf, vm)


def _is_elastic(sku: str) -> bool:
    """Elastic Premium (EP*) and Workflow Standard (WS*) plans scale out by themselves."""
    return sku.upper().startswith(("EP", "WS"))


def _plan(tf: Terraform, plan: AppServicePlan) -> None:
    tf.resource(
        FILE,
        "azurerm_service_plan",
        tf.address(plan.id).name,
        [
            *tf.common(plan),
            ("os_type", plan.os.capitalize()),
            ("sku_name", plan.sku),
            ("app_service_environment_id", tf.ref(plan.ase) if plan.ase else None),
            ("zone_balancing_enabled", plan.zone_redundant),
            ("worker_count", plan.instances.min or None),
            (
                "maximum_elastic_worker_count",
                plan.instances.max if _is_elastic(plan.sku) else None,
            ),
            ("tags", tf.tags(plan)),
        ],
    )


def _plan_of(tf: Terraform, app: HostedApp) -> AppServicePlan | None:
    plan = tf.component(app.plan)
    return plan if isinstance(plan, AppServicePlan) else None


def app_os(tf: Terraform, app: HostedApp) -> str:
    plan = _plan_of(tf, app)
    return plan.os if plan else "linux"


def identity_block(tf: Terraform, identity: Identity) -> Block | None:
    kinds = []
    if identity.system_assigned:
        kinds.append("SystemAssigned")
    if identity.user_assigned:
        kinds.append("UserAssigned")
    if not kinds:
        return None
    ids = [tf.ref(uai) for uai in identity.user_assigned if tf.ref(uai)]
    return Block.of("identity", items=[("type", ", ".join(kinds)), ("identity_ids", ids or None)])


def _settings(tf: Terraform, app: HostedApp, settings: list[AppSetting], purpose: str) -> dict:
    values: dict[str, Value] = {}
    for setting in settings:
        if setting.secret is not None:
            values[setting.name] = key_vault_reference(tf, app, setting, purpose)
        elif setting.value is not None:
            values[setting.name] = setting.value
    return values


def key_vault_reference(tf: Terraform, app: HostedApp, setting: AppSetting, purpose: str) -> Value:
    """A Key Vault secret becomes an App Service Key Vault reference (resolved by the app at
    run time); any other secret becomes a sensitive variable."""
    secret = setting.secret
    vault = tf.ref(secret.key_vault, "vault_uri") if secret and secret.key_vault else None
    if secret is not None and secret.secret and vault is not None:
        return template("@Microsoft.KeyVault(SecretUri=", vault, f"secrets/{secret.secret}/)")
    return tf.secret(secret or "", app, f"{purpose}_{setting.name}")


def _connection_strings(tf: Terraform, app: HostedApp) -> list[Block]:
    values = _settings(tf, app, app.connection_strings, "connection_string")
    return [
        Block.of("connection_string", items=[("name", name), ("type", "Custom"), ("value", value)])
        for name, value in values.items()
    ]


def _app_common(tf: Terraform, app: HostedApp) -> list[BodyEntry]:
    """What Function and Web Apps share: plan, network access, publishing credentials."""
    plan = _plan_of(tf, app)
    in_ase = plan is not None and plan.ase is not None
    return [
        *tf.common(app),
        ("service_plan_id", tf.ref(app.plan)),
        ("https_only", app.https_only),
        ("public_network_access_enabled", app.public_network_access),
        # Basic-auth publishing is "local auth" for App Service.
        ("ftp_publish_basic_authentication_enabled", app.local_auth_enabled),
        ("webdeploy_publish_basic_authentication_enabled", app.local_auth_enabled),
        # Inside an ASE the app is in the VNet already: no integration subnet to set.
        ("virtual_network_subnet_id", None if in_ase else _subnet(tf, app)),
    ]


def _subnet(tf: Terraform, app: HostedApp) -> Expr | None:
    return tf.ref(app.vnet_integration) if app.vnet_integration else None


def _stack(tf: Terraform, resource_type: str, runtime: Runtime | None) -> Block | Comment | None:
    if runtime is None:
        return None
    argument = _STACKS[resource_type].get(runtime.stack)
    if argument is None:
        return Comment(f"runtime '{runtime.stack}' has no application_stack argument here")
    version = runtime.version
    if resource_type.startswith("azurerm_windows") and runtime.stack.startswith("dotnet"):
        version = version if version.startswith("v") else f"v{version}"
    isolated = True if runtime.stack == _DOTNET_ISOLATED else None
    return Block.of(
        "application_stack", items=[(argument, version), ("use_dotnet_isolated_runtime", isolated)]
    )


def _site_config(tf: Terraform, app: HostedApp, extra: list[BodyEntry]) -> Block:
    return Block.of(
        "site_config",
        items=[
            ("minimum_tls_version", app.min_tls_version),
            ("scm_minimum_tls_version", app.min_tls_version),
            ("ftps_state", "Disabled"),
            ("http2_enabled", True),
            ("vnet_route_all_enabled", True if app.vnet_integration else None),
            *extra,
        ],
    )


def _app_insights(tf: Terraform, app: HostedApp) -> Expr | None:
    return tf.ref(app.app_insights, "connection_string") if app.app_insights else None


def principal(tf: Terraform, component_id: str) -> Expr | None:
    """The object id a role assignment names for a component with a managed identity."""
    source = principal_source(tf.architecture, component_id)
    if source is None:
        return None
    owner, system = source
    return tf.ref(owner, "identity[0].principal_id" if system else "principal_id")


def _function_app(tf: Terraform, app: FunctionApp) -> None:
    resource_type = f"azurerm_{app_os(tf, app)}_function_app"
    plan = _plan_of(tf, app)
    elastic = plan is not None and _is_elastic(plan.sku)
    # With a managed identity the runtime reaches its storage without keys.
    managed = app.identity.system_assigned or bool(app.identity.user_assigned)
    tf.resource(
        FILE,
        resource_type,
        tf.address(app.id).name,
        [
            *_app_common(tf, app),
            ("storage_account_name", tf.ref(app.storage_account, "name")),
            ("storage_uses_managed_identity", True if managed else None),
            (
                "storage_account_access_key",
                None if managed else tf.ref(app.storage_account, "primary_access_key"),
            ),
            ("functions_extension_version", "~4"),
            ("app_settings", _settings(tf, app, app.app_settings, "app_setting") or None),
            ("tags", tf.tags(app)),
            identity_block(tf, app.identity),
            _site_config(
                tf,
                app,
                [
                    ("application_insights_connection_string", _app_insights(tf, app)),
                    ("pre_warmed_instance_count", app.prewarmed_instances if elastic else None),
                    _stack(tf, resource_type, app.runtime),
                ],
            ),
            _connection_strings(tf, app),
        ],
    )
    if managed:
        tf.grant(
            FILE, app.id, principal(tf, app.id), app.storage_account, "Storage Blob Data Owner"
        )


def _insights_setting(tf: Terraform, app: HostedApp) -> dict[str, Value]:
    connection = _app_insights(tf, app)
    return {"APPLICATIONINSIGHTS_CONNECTION_STRING": connection} if connection else {}


def _web_app(tf: Terraform, app: WebApp) -> None:
    resource_type = f"azurerm_{app_os(tf, app)}_web_app"
    settings = {
        **_insights_setting(tf, app),
        **_settings(tf, app, app.app_settings, "app_setting"),
    }
    tf.resource(
        FILE,
        resource_type,
        tf.address(app.id).name,
        [
            *_app_common(tf, app),
            ("app_settings", settings or None),
            ("tags", tf.tags(app)),
            identity_block(tf, app.identity),
            _site_config(tf, app, [("always_on", True), _stack(tf, resource_type, app.runtime)]),
            _connection_strings(tf, app),
        ],
    )


def _logic_app(tf: Terraform, app: LogicApp) -> None:
    plan = _plan_of(tf, app)
    in_ase = plan is not None and plan.ase is not None
    settings = {
        **_insights_setting(tf, app),
        **_settings(tf, app, app.app_settings, "app_setting"),
    }
    tf.resource(
        FILE,
        "azurerm_logic_app_standard",
        tf.address(app.id).name,
        [
            *tf.common(app),
            ("app_service_plan_id", tf.ref(app.plan)),
            ("storage_account_name", tf.ref(app.storage_account, "name")),
            # Logic Apps Standard still requires the key in azurerm 4.x: a reference, never a
            # value written here.
            ("storage_account_access_key", tf.ref(app.storage_account, "primary_access_key")),
            ("version", "~4"),
            ("https_only", app.https_only),
            ("public_network_access", "Enabled" if app.public_network_access else "Disabled"),
            ("ftp_publish_basic_authentication_enabled", app.local_auth_enabled),
            ("scm_publish_basic_authentication_enabled", app.local_auth_enabled),
            ("virtual_network_subnet_id", None if in_ase else _subnet(tf, app)),
            ("app_settings", settings or None),
            ("tags", tf.tags(app)),
            identity_block(tf, app.identity),
            Block.of(
                "site_config",
                items=[
                    ("min_tls_version", app.min_tls_version),
                    ("scm_min_tls_version", app.min_tls_version),
                    ("ftps_state", "Disabled"),
                    ("http2_enabled", True),
                    ("vnet_route_all_enabled", True if app.vnet_integration else None),
                ],
            ),
            _connection_strings(tf, app),
        ],
    )
    if app.workflows:
        names = ", ".join(workflow.resource_name for workflow in app.workflows)
        tf.add(
            FILE,
            Comment(
                f"Workflows of '{app.id}' ({names}) are app content, deployed with the app's "
                "code (zip deploy), not Terraform resources."
            ),
        )


def _virtual_machine(tf: Terraform, vm: VirtualMachine) -> None:
    region = subnet_region(tf, vm.subnet)
    nic = tf.local_name("azurerm_network_interface", vm.id)
    tf.resource(
        FILE,
        "azurerm_network_interface",
        nic,
        [
            ("name", f"nic-{vm.resource_name}"),
            ("location", tf.location(region)),
            ("resource_group_name", RG_NAME),
            ("tags", tf.tags(vm)),
            Block.of(
                "ip_configuration",
                items=[
                    ("name", "ipconfig"),
                    ("subnet_id", tf.ref(vm.subnet)),
                    ("private_ip_address_allocation", "Dynamic"),
                    ("public_ip_address_id", tf.ref(vm.public_ip) if vm.public_ip else None),
                ],
            ),
        ],
    )
    if vm.nic_nsg:
        tf.resource(
            FILE,
            "azurerm_network_interface_security_group_association",
            nic,
            [
                ("network_interface_id", Expr(f"azurerm_network_interface.{nic}.id")),
                ("network_security_group_id", tf.ref(vm.nic_nsg)),
            ],
        )
    credentials: list[BodyEntry] = [("admin_username", vm.admin_username)]
    if vm.admin_password is not None:
        credentials.append(("admin_password", tf.secret(vm.admin_password, vm, "admin_password")))
        if vm.os == "linux":
            credentials.append(("disable_password_authentication", False))
    elif vm.os == "linux":
        key = tf.variable(
            Variable(
                f"{tf.address(vm.id).name}_admin_ssh_public_key",
                "string",
                f"SSH public key of the admin of {vm.label()}.",
            )
        )
        credentials.append(
            Block.of("admin_ssh_key", items=[("username", vm.admin_username), ("public_key", key)])
        )
    zone = None
    if vm.zones:
        zone = str(vm.zones[0])
    computer_name = None
    if vm.os == "windows" and len(vm.resource_name) > 15:
        computer_name = vm.resource_name[:15].rstrip("-")
    encryption = tf.architecture.security.policies.encryption_at_rest
    tf.resource(
        FILE,
        f"azurerm_{vm.os}_virtual_machine",
        tf.address(vm.id).name,
        [
            *tf.common(vm, region),
            ("size", vm.size),
            ("zone", zone),
            ("availability_set_id", tf.ref(vm.availability_set) if vm.availability_set else None),
            ("computer_name", computer_name),
            ("network_interface_ids", [Expr(f"azurerm_network_interface.{nic}.id")]),
            # encryption_at_rest: temp disks and caches too (needs the EncryptionAtHost feature).
            ("encryption_at_host_enabled", True if encryption else None),
            ("tags", tf.tags(vm)),
            Comment(f"zones {vm.zones}: a VM lives in one zone; the first is used")
            if len(vm.zones) > 1
            else None,
            *credentials,
            identity_block(tf, vm.identity),
            Block.of(
                "os_disk",
                items=[
                    ("caching", "ReadWrite"),
                    ("storage_account_type", vm.os_disk.sku),
                    ("disk_size_gb", vm.os_disk.size_gb),
                ],
            ),
            Comment("The model names no image: a current supported image is chosen."),
            Block.of("source_image_reference", items=list(DEFAULT_IMAGES[vm.os].items())),
        ],
    )
    disks.attachments(tf, vm, nic)
