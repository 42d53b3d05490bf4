"""``compute.tf``, continued: Container Apps environments, container apps and container
groups. The spec does not describe images: each app and group gets one placeholder
container (the quickstart image), said in a comment, for the pipeline to replace."""

from __future__ import annotations

from archlint.generators.container_apps import (
    APP_PLACEHOLDER,
    GROUP_PLACEHOLDER,
    placeholder_note,
)
from archlint.generators.hcl import Block, Comment
from archlint.generators.terraform.compute import identity_block
from archlint.generators.terraform.core import RG_NAME, Terraform
from archlint.model.container_apps import ContainerApp, ContainerAppEnvironment, ContainerGroup

FILE = "compute.tf"

__all__ = ["emit"]


def emit(tf: Terraform) -> None:
    compute = tf.architecture.compute
    for environment in compute.container_app_environments:
        _environment(tf, environment)
    for app in compute.container_apps:
        _app(tf, app)
    for group in compute.container_groups:
        _group(tf, group)


def _environment(tf: Terraform, environment: ContainerAppEnvironment) -> None:
    subnet = environment.infrastructure_subnet
    workspace = environment.log_analytics
    tf.resource(
        FILE,
        "azurerm_container_app_environment",
        tf.address(environment.id).name,
        [
            *tf.common(environment),
            ("infrastructure_subnet_id", tf.ref(subnet) if subnet else None),
            ("zone_redundancy_enabled", environment.zone_redundant or None),
            ("internal_load_balancer_enabled", environment.internal_load_balancer or None),
            ("log_analytics_workspace_id", tf.ref(workspace) if workspace else None),
            ("tags", tf.tags(environment)),
            *(
                Block.of(
                    "workload_profile",
                    items=[
                        ("name", profile.name),
                        ("workload_profile_type", profile.type),
                        ("minimum_count", profile.min_count),
                        ("maximum_count", profile.max_count),
                    ],
                )
                for profile in environment.workload_profiles
            ),
        ],
    )


def _app(tf: Terraform, app: ContainerApp) -> None:
    environment = tf.ref(app.environment) if app.environment else None
    if environment is None:
        tf.add(FILE, Comment(f"{app.label()}: not generated, it names no environment"))
        return
    ingress = app.ingress
    tf.add(FILE, Comment(placeholder_note(app, APP_PLACEHOLDER.image)))
    tf.resource(
        FILE,
        "azurerm_container_app",
        tf.address(app.id).name,
        [
            ("name", app.resource_name),
            ("resource_group_name", RG_NAME),
            ("container_app_environment_id", environment),
            ("revision_mode", app.revision_mode),
            ("tags", tf.tags(app)),
            Block.of(
                "template",
                items=[
                    ("min_replicas", app.min_replicas),
                    ("max_replicas", app.max_replicas),
                    Block.of(
                        "container",
                        items=[
                            ("name", APP_PLACEHOLDER.name),
                            ("image", APP_PLACEHOLDER.image),
                            ("cpu", APP_PLACEHOLDER.cpu),
                            ("memory", f"{APP_PLACEHOLDER.memory_gb}Gi"),
                        ],
                    ),
                ],
            ),
            Block.of(
                "ingress",
                items=[
                    ("external_enabled", ingress.external),
                    ("target_port", ingress.target_port),
                    Block.of(
                        "traffic_weight",
                        items=[("latest_revision", True), ("percentage", 100)],
                    ),
                ],
            )
            if ingress
            else None,
            identity_block(tf, app.identity),
        ],
    )


def _group(tf: Terraform, group: ContainerGroup) -> None:
    if group.ip_address_type == "Private" and not group.subnets:
        tf.add(FILE, Comment(f"{group.label()}: a Private IP address needs subnets; none given"))
    tf.add(FILE, Comment(placeholder_note(group, GROUP_PLACEHOLDER.image)))
    subnets = [tf.ref(subnet) for subnet in group.subnets if tf.ref(subnet)]
    tf.resource(
        FILE,
        "azurerm_container_group",
        tf.address(group.id).name,
        [
            *tf.common(group),
            ("os_type", group.os),
            ("ip_address_type", group.ip_address_type),
            ("subnet_ids", subnets or None),
            ("restart_policy", group.restart_policy),
            ("zones", [str(zone) for zone in group.zones] or None),
            ("tags", tf.tags(group)),
            Block.of(
                "container",
                items=[
                    ("name", GROUP_PLACEHOLDER.name),
                    ("image", GROUP_PLACEHOLDER.image),
                    ("cpu", GROUP_PLACEHOLDER.cpu),
                    ("memory", GROUP_PLACEHOLDER.memory_gb),
                    Block.of("ports", items=[("port", 80), ("protocol", "TCP")])
                    if group.ip_address_type != "None"
                    else None,
                ],
            ),
            identity_block(tf, group.identity),
        ],
    )
