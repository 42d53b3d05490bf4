"""Azure Container Apps (apps and their environments) and Azure Container Instances
(container groups).

They sit in the ``compute:`` section (:class:`archlint.model.compute.Compute`). Defaults are
Azure's own, which the azurerm provider shares in 3.x and 4.x: an environment is neither zone
redundant nor internal and has no workload profiles (a Consumption-only environment); an app
keeps a single active revision and scales between 0 and 10 replicas; a container group gets a
public IP address and restarts its containers always.
"""

from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.base import Component, DefaultOf, Identity, Ref, StrictModel, empty_list


class WorkloadProfile(StrictModel):
    """A workload profile of an environment: Consumption, or dedicated nodes of a size."""

    name: str
    type: str = Field(description="Profile type, e.g. 'Consumption', 'D4', 'E8'.")
    min_count: int | None = Field(default=None, ge=0, description="Dedicated: minimum nodes.")
    max_count: int | None = Field(default=None, ge=0, description="Dedicated: maximum nodes.")


class ContainerAppEnvironment(Component):
    kind: ClassVar[str] = "container_app_environment"
    title: ClassVar[str] = "Container Apps environment"

    zone_redundant: bool = Field(
        default=False,
        description="Replicas spread over the region's availability zones (fixed at creation; "
        "needs an infrastructure subnet).",
    )
    infrastructure_subnet: Ref("subnet") | None = Field(
        default=None,
        description="Subnet of the environment in your VNet; unset: a VNet Azure generates.",
    )
    internal_load_balancer: bool = Field(
        default=False,
        description="Internal environment: its ingress has only a private IP in the VNet.",
    )
    workload_profiles: list[WorkloadProfile] = Field(
        default_factory=empty_list,
        description="Workload profiles; none: a Consumption-only environment.",
    )
    log_analytics: Ref("log_analytics_workspace") | None = Field(
        default=None, description="Workspace the environment sends its logs to."
    )


class ContainerAppIngress(StrictModel):
    external: bool = Field(
        default=False,
        description="Reachable from outside the environment (the internet, or the VNet for an "
        "internal environment); false: only from apps of the same environment.",
    )
    target_port: int = Field(ge=1, le=65535, description="Port the container listens on.")


class ContainerApp(Component):
    kind: ClassVar[str] = "container_app"
    title: ClassVar[str] = "container app"

    environment: Ref("container_app_environment") | None = Field(
        default=None, description="The Container Apps environment the app runs in."
    )
    revision_mode: Literal["Single", "Multiple"] = "Single"
    min_replicas: int = Field(default=0, ge=0, description="0: the app scales to zero.")
    max_replicas: int = Field(default=10, ge=1)
    ingress: ContainerAppIngress | None = Field(
        default=None, description="HTTP ingress; unset: the app takes no inbound traffic."
    )
    identity: Identity = Field(default_factory=DefaultOf(Identity))


class ContainerGroup(Component):
    kind: ClassVar[str] = "container_group"
    title: ClassVar[str] = "container group"

    os: Literal["Linux", "Windows"] = "Linux"
    zones: list[int] = Field(
        default_factory=empty_list,
        description="The zone the group is pinned to (at most one); none: no zone chosen.",
        max_length=1,
    )
    ip_address_type: Literal["Public", "Private", "None"] = Field(
        default="Public",
        description="Public IP, private IP in the subnets, or no IP address at all.",
    )
    subnets: list[Ref("subnet")] = Field(
        default_factory=empty_list, description="Subnets of a Private group (VNet injection)."
    )
    restart_policy: Literal["Always", "OnFailure", "Never"] = "Always"
    identity: Identity = Field(default_factory=DefaultOf(Identity))
