"""Compute, continued: Container Apps environments, container apps and container groups,
each app and group with the placeholder container both generators share."""

from __future__ import annotations

from archlint.generators.bicep.core import Bicep
from archlint.generators.bicep.layers.common import identity_block
from archlint.generators.container_apps import (
    APP_PLACEHOLDER,
    GROUP_PLACEHOLDER,
    placeholder_note,
)
from archlint.model.container_apps import ContainerApp, ContainerAppEnvironment, ContainerGroup

LAYER = "compute"


def container_apps(b: Bicep) -> None:
    compute = b.architecture.compute
    for environment in compute.container_app_environments:
        _environment(b, environment)
    for app in compute.container_apps:
        _app(b, app)
    for group in compute.container_groups:
        _group(b, group)


def _environment(b: Bicep, environment: ContainerAppEnvironment) -> None:
    subnet = b.ref(environment.infrastructure_subnet)
    if environment.log_analytics:
        b.note(
            LAYER,
            f"{environment.label()}: its logs go to Log Analytics workspace "
            f"'{environment.log_analytics}'; appLogsConfiguration needs the workspace's shared "
            "key, which is not written here.",
        )
    b.add(
        LAYER,
        "Microsoft.App/managedEnvironments",
        b.symbols[environment.id],
        environment.resource_name,
        {
            "location": b.location(),
            "tags": b.tags(environment),
            "properties": {
                "zoneRedundant": environment.zone_redundant,
                "vnetConfiguration": {
                    "infrastructureSubnetId": subnet,
                    "internal": environment.internal_load_balancer,
                }
                if subnet is not None
                else None,
                "workloadProfiles": [
                    {
                        "name": profile.name,
                        "workloadProfileType": profile.type,
                        "minimumCount": profile.min_count,
                        "maximumCount": profile.max_count,
                    }
                    for profile in environment.workload_profiles
                ]
                or None,
            },
        },
    )


def _app(b: Bicep, app: ContainerApp) -> None:
    environment = b.ref(app.environment)
    if environment is None or app.id not in b.symbols:
        b.note(LAYER, f"{app.label()} names no environment: not generated.")
        return
    b.note(LAYER, placeholder_note(app, APP_PLACEHOLDER.image) + ".")
    ingress = app.ingress
    b.add(
        LAYER,
        "Microsoft.App/containerApps",
        b.symbols[app.id],
        app.resource_name,
        {
            "location": b.location(),
            "tags": b.tags(app),
            "identity": identity_block(b, app.identity),
            "properties": {
                "managedEnvironmentId": environment,
                "configuration": {
                    "activeRevisionsMode": app.revision_mode,
                    "ingress": {"external": ingress.external, "targetPort": ingress.target_port}
                    if ingress
                    else None,
                },
                "template": {
                    "containers": [
                        {
                            "name": APP_PLACEHOLDER.name,
                            "image": APP_PLACEHOLDER.image,
                            "resources": {
                                "cpu": APP_PLACEHOLDER.cpu,
                                "memory": f"{APP_PLACEHOLDER.memory_gb}Gi",
                            },
                        }
                    ],
                    "scale": {"minReplicas": app.min_replicas, "maxReplicas": app.max_replicas},
                },
            },
        },
    )


def _group(b: Bicep, group: ContainerGroup) -> None:
    b.note(LAYER, placeholder_note(group, GROUP_PLACEHOLDER.image) + ".")
    addressed = group.ip_address_type != "None"
    ports = [{"port": 80, "protocol": "TCP"}]
    subnets = [{"id": ref} for ref in (b.ref(subnet) for subnet in group.subnets) if ref]
    b.add(
        LAYER,
        "Microsoft.ContainerInstance/containerGroups",
        b.symbols[group.id],
        group.resource_name,
        {
            "location": b.location(),
            "tags": b.tags(group),
            "zones": [str(zone) for zone in group.zones] or None,
            "identity": identity_block(b, group.identity),
            "properties": {
                "osType": group.os,
                "restartPolicy": group.restart_policy,
                "ipAddress": {"type": group.ip_address_type, "ports": ports} if addressed else None,
                "subnetIds": subnets or None,
                "containers": [
                    {
                        "name": GROUP_PLACEHOLDER.name,
                        "properties": {
                            "image": GROUP_PLACEHOLDER.image,
                            "resources": {
                                "requests": {
                                    "cpu": GROUP_PLACEHOLDER.cpu,
                                    "memoryInGB": GROUP_PLACEHOLDER.memory_gb,
                                }
                            },
                            "ports": [{"port": 80}] if addressed else None,
                        },
                    }
                ],
            },
        },
    )
