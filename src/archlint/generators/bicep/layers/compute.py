"""Compute: App Service Environment, plans, Function/Web/Logic Apps, VMs, and the AKS
clusters and registries of :mod:`.containers`."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep, Param
from archlint.generators.bicep.layers.common import (
    connection_string,
    enabled,
    identity_block,
    principal,
    sub_resource,
    subnet_region,
)
from archlint.generators.bicep.layers.container_apps import container_apps
from archlint.generators.bicep.layers.containers import containers
from archlint.generators.bicep.layers.disks import data_disks, interface_links, managed_disks
from archlint.generators.bicep.layers.scale_sets import scale_sets
from archlint.generators.bicep.writer import BExpr, BValue, interpolate
from archlint.generators.images import DEFAULT_IMAGES
from archlint.model.compute import AppServicePlan, HostedApp


def _plan(b: Bicep, app: HostedApp) -> AppServicePlan | None:
    plan = b.component(app.plan)
    return plan if isinstance(plan, AppServicePlan) else None


def _settings(b: Bicep, app: HostedApp, extra: dict[str, BValue]) -> list[BValue]:
    values: dict[str, BValue] = dict(extra)
    for setting in app.app_settings:
        secret = setting.secret
        vault = (
            b.ref(secret.key_vault, "properties.vaultUri") if secret and secret.key_vault else None
        )
        if secret is not None and secret.secret and vault is not None:
            values[setting.name] = interpolate(
                "@Microsoft.KeyVault(SecretUri=", vault, f"secrets/{secret.secret}/)"
            )
        elif secret is not None:
            values[setting.name] = b.secret(secret, app, f"setting {setting.name}")
        elif setting.value is not None:
            values[setting.name] = setting.value
    return [{"name": k, "value": v} for k, v in values.items()]


_RUNTIMES = {
    "dotnet-isolated": ("DOTNET-ISOLATED", "dotnet-isolated"),
    "dotnet": ("DOTNETCORE", "dotnet"),
    "node": ("NODE", "node"),
    "python": ("PYTHON", "python"),
    "java": ("JAVA", "java"),
    "powershell": ("POWERSHELL", "powershell"),
}


def _site(
    b: Bicep,
    app: HostedApp,
    kind: str,
    extra_settings: dict[str, BValue],
    site_config: dict[str, BValue | None],
) -> None:
    plan = _plan(b, app)
    in_ase = plan is not None and plan.ase is not None
    runtime = getattr(app, "runtime", None)
    linux = plan is not None and plan.os == "linux"
    fx = None
    if runtime is not None and linux and runtime.stack in _RUNTIMES:
        fx = f"{_RUNTIMES[runtime.stack][0]}|{runtime.version}"
    insights = b.ref(app.app_insights, "properties.ConnectionString") if app.app_insights else None
    settings = {
        **({"APPLICATIONINSIGHTS_CONNECTION_STRING": insights} if insights else {}),
        **extra_settings,
    }
    b.add(
        "compute",
        "Microsoft.Web/sites",
        b.symbols[app.id],
        app.resource_name,
        {
            "location": b.location(),
            "tags": b.tags(app),
            "kind": f"{kind},linux" if linux else kind,
            "identity": identity_block(b, app.identity),
            "properties": {
                "serverFarmId": b.ref(app.plan),
                "httpsOnly": app.https_only,
                "publicNetworkAccess": enabled(app.public_network_access),
                "virtualNetworkSubnetId": None
                if in_ase or not app.vnet_integration
                else b.ref(app.vnet_integration),
                "vnetRouteAllEnabled": True if app.vnet_integration else None,
                "siteConfig": {
                    "minTlsVersion": app.min_tls_version,
                    "scmMinTlsVersion": app.min_tls_version,
                    "ftpsState": "Disabled",
                    "http20Enabled": True,
                    "linuxFxVersion": fx,
                    **site_config,
                    "appSettings": _settings(b, app, settings),
                },
            },
        },
    )


def compute(b: Bicep) -> None:
    layer = "compute"
    comp = b.architecture.compute
    for ase in comp.app_service_environments:
        symbol = b.symbols[ase.id]
        b.add(
            layer,
            "Microsoft.Web/hostingEnvironments",
            symbol,
            ase.resource_name,
            {
                "location": b.location(subnet_region(b, ase.subnet)),
                "tags": b.tags(ase),
                "kind": "ASEV3",
                "properties": {
                    "virtualNetwork": sub_resource(b.ref(ase.subnet)),
                    "internalLoadBalancingMode": "Web, Publishing"
                    if ase.internal_load_balancing
                    else "None",
                    "zoneRedundant": ase.zone_redundant,
                    "clusterSettings": [{"name": "DisableTls1.0", "value": "1"}]
                    if ase.disable_tls_1_0
                    else None,
                },
            },
        )
    for plan in comp.plans:
        elastic = plan.sku.upper().startswith(("EP", "WS"))
        b.add(
            layer,
            "Microsoft.Web/serverfarms",
            b.symbols[plan.id],
            plan.resource_name,
            {
                "location": b.location(),
                "tags": b.tags(plan),
                "kind": "linux" if plan.os == "linux" else "app",
                "sku": {"name": plan.sku, "capacity": plan.instances.min or None},
                "properties": {
                    "reserved": plan.os == "linux",
                    "hostingEnvironmentProfile": sub_resource(b.ref(plan.ase))
                    if plan.ase
                    else None,
                    "zoneRedundant": plan.zone_redundant,
                    "maximumElasticWorkerCount": plan.instances.max if elastic else None,
                },
            },
        )
    for app in comp.function_apps:
        plan = _plan(b, app)
        elastic = plan is not None and plan.sku.upper().startswith("EP")
        storage = b.ref(app.storage_account, "name")
        managed = app.identity.system_assigned or bool(app.identity.user_assigned)
        worker = _RUNTIMES.get(app.runtime.stack, (None, app.runtime.stack))[1]
        settings: dict[str, BValue] = {
            "FUNCTIONS_EXTENSION_VERSION": "~4",
            "FUNCTIONS_WORKER_RUNTIME": worker,
        }
        if managed and storage is not None:
            settings["AzureWebJobsStorage__accountName"] = storage
        elif storage is not None:
            settings["AzureWebJobsStorage"] = connection_string(b, app.storage_account)
        _site(
            b,
            app,
            "functionapp",
            settings,
            {"preWarmedInstanceCount": app.prewarmed_instances if elastic else None},
        )
        if managed:
            b.role(
                layer, app.id, principal(b, app.id), app.storage_account, "Storage Blob Data Owner"
            )
    for app in comp.web_apps:
        _site(b, app, "app", {}, {"alwaysOn": True})
    for app in comp.logic_apps:
        storage = connection_string(b, app.storage_account)
        _site(
            b,
            app,
            "functionapp,workflowapp",
            {
                "FUNCTIONS_EXTENSION_VERSION": "~4",
                "FUNCTIONS_WORKER_RUNTIME": "dotnet",
                "APP_KIND": "workflowApp",
                "AzureWebJobsStorage": storage,
            },
            {},
        )
        if app.workflows:
            b.note(
                layer,
                f"Workflows of '{app.id}' "
                f"({', '.join(w.resource_name for w in app.workflows)}) are app "
                "content, deployed with the app's code.",
            )
    managed_disks(b)
    for vm in comp.virtual_machines:
        _vm(b, vm)
    scale_sets(b)
    containers(b)
    container_apps(b)


def _vm(b: Bicep, vm) -> None:
    layer = "compute"
    region = subnet_region(b, vm.subnet)
    nic = b.new_symbol(f"{vm.id}-nic")
    b.add(
        layer,
        "Microsoft.Network/networkInterfaces",
        nic,
        f"nic-{vm.resource_name}",
        {
            "location": b.location(region),
            "tags": b.tags(vm),
            "properties": {
                "networkSecurityGroup": sub_resource(b.ref(vm.nic_nsg)) if vm.nic_nsg else None,
                "ipConfigurations": [
                    {
                        "name": "ipconfig",
                        "properties": {
                            "subnet": sub_resource(b.ref(vm.subnet)),
                            "privateIPAllocationMethod": "Dynamic",
                            "publicIPAddress": sub_resource(b.ref(vm.public_ip))
                            if vm.public_ip
                            else None,
                            **interface_links(b, vm),
                        },
                    }
                ],
            },
        },
    )
    os_profile: dict[str, BValue | None] = {
        "computerName": vm.resource_name[:15].rstrip("-")
        if vm.os == "windows"
        else vm.resource_name,
        "adminUsername": vm.admin_username,
    }
    if vm.admin_password is not None:
        os_profile["adminPassword"] = b.secret(vm.admin_password, vm, "admin password")
    elif vm.os == "linux":
        key = b.param(
            Param(
                f"{b.symbols[vm.id]}SshPublicKey",
                "string",
                f"SSH public key of the admin of {vm.label()}.",
            )
        )
        os_profile["linuxConfiguration"] = {
            "disablePasswordAuthentication": True,
            "ssh": {
                "publicKeys": [
                    {"path": f"/home/{vm.admin_username}/.ssh/authorized_keys", "keyData": key}
                ]
            },
        }
    image = dict(DEFAULT_IMAGES[vm.os])
    encryption = b.architecture.security.policies.encryption_at_rest
    b.add(
        layer,
        "Microsoft.Compute/virtualMachines",
        b.symbols[vm.id],
        vm.resource_name,
        {
            "location": b.location(region),
            "tags": b.tags(vm),
            "zones": [str(vm.zones[0])] if vm.zones else None,
            "identity": identity_block(b, vm.identity),
            "properties": {
                "availabilitySet": sub_resource(b.ref(vm.availability_set))
                if vm.availability_set
                else None,
                "hardwareProfile": {"vmSize": vm.size},
                "osProfile": {k: v for k, v in os_profile.items() if v is not None},
                "storageProfile": {
                    "imageReference": image,
                    "osDisk": {
                        "createOption": "FromImage",
                        "caching": "ReadWrite",
                        "managedDisk": {"storageAccountType": vm.os_disk.sku},
                        "diskSizeGB": vm.os_disk.size_gb,
                    },
                    "dataDisks": data_disks(b, vm),
                },
                "networkProfile": {"networkInterfaces": [{"id": BExpr.symbol(nic, "id")}]},
                "securityProfile": {"encryptionAtHost": True} if encryption else None,
            },
        },
        comment="The model names no image: a current supported image is chosen.",
    )
