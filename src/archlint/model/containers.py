"""Containers: AKS clusters with their node pools, and container registries.

They sit in the ``compute:`` section (:class:`archlint.model.compute.Compute`). The
defaults are Azure's own when an argument is not given (Free tier, no automatic upgrade,
public API server, local accounts on); the Terraform importer writes the provider's
default of the pinned major wherever it differs.
"""

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from archlint.model.base import (
    AzureName,
    Component,
    FirewallSettings,
    Ref,
    Region,
    SkuNames,
    StrictModel,
    empty_list,
)


class NodeCountRange(StrictModel):
    """The cluster autoscaler's bounds for one node pool."""

    min: int = Field(ge=0)
    max: int = Field(ge=1)


class AksNodePool(Component):
    """A node pool: the default pool of the cluster (``mode: System``) or a user pool."""

    kind: ClassVar[str] = "aks_node_pool"
    title: ClassVar[str] = "AKS node pool"

    mode: Literal["System", "User"] = Field(
        default="User",
        description="System pools run the cluster's critical add-ons (CoreDNS, metrics); "
        "user pools run the application.",
    )
    vm_size: str = Field(description="VM size of the nodes, e.g. 'Standard_D4ds_v5'.")
    os: Literal["linux", "windows"] = "linux"
    zones: list[int] = Field(
        default_factory=empty_list,
        description="Availability zones the nodes are spread over; none: no zone guarantee.",
    )
    node_count: int | None = Field(
        default=None, ge=0, description="Fixed number of nodes (without autoscale)."
    )
    autoscale: NodeCountRange | None = Field(
        default=None, description="Cluster autoscaler bounds; unset: the autoscaler is off."
    )
    subnet: Ref("subnet") | None = Field(default=None, description="Subnet of the nodes.")
    only_critical_addons: bool = Field(
        default=False,
        description="System pool tainted CriticalAddonsOnly: application pods run elsewhere.",
    )


class KubernetesCluster(Component):
    kind: ClassVar[str] = "kubernetes_cluster"
    title: ClassVar[str] = "AKS cluster"

    sku_tier: Annotated[str, AzureName("sku")] = Field(
        default="Free",
        description="Control plane tier: Free (no financially backed SLA), Standard or Premium.",
        json_schema_extra=SkuNames("kubernetes_cluster", "sku_tier"),
    )
    kubernetes_version: str | None = None
    node_pools: list[AksNodePool] = Field(
        default_factory=empty_list,
        description="The default (system) pool first, then the user pools.",
    )
    private_cluster: bool = Field(
        default=False, description="API server reachable only through a private endpoint."
    )
    api_server_authorized_ip_ranges: list[str] = Field(
        default_factory=empty_list,
        description="Public API server: the only ranges it accepts (empty: every address).",
    )
    network_plugin: Literal["azure", "kubenet", "none"] | None = Field(
        default=None, description="Unset: not stated (Azure's default depends on the API)."
    )
    network_plugin_mode: Literal["overlay"] | None = None
    network_policy: Literal["azure", "calico", "cilium"] | None = None
    outbound_type: Literal[
        "loadBalancer", "userDefinedRouting", "managedNATGateway", "userAssignedNATGateway"
    ] = Field(
        default="loadBalancer",
        description="Egress: the cluster load balancer's public IP, a route table (through a "
        "firewall), or a NAT gateway.",
    )
    automatic_upgrade_channel: Literal["none", "patch", "stable", "rapid", "node-image"] = Field(
        default="none", description="Cluster auto-upgrade channel (Azure's default none)."
    )
    local_accounts_enabled: bool = Field(
        default=True, description="Static cluster-admin credentials accepted (Azure's default)."
    )
    entra_integration: bool = Field(
        default=False, description="AKS-managed Microsoft Entra ID authentication."
    )
    azure_rbac: bool = Field(
        default=False, description="Kubernetes authorization by Azure RBAC (needs Entra)."
    )
    ingress_application_gateway: Ref("application_gateway") | None = Field(
        default=None, description="Application Gateway Ingress Controller add-on's gateway."
    )
    log_analytics: Ref("log_analytics_workspace") | None = Field(
        default=None, description="Container insights (the monitoring add-on) workspace."
    )


class GeoReplication(StrictModel):
    region: Region
    zone_redundant: bool = False


class ContainerRegistry(Component, FirewallSettings):
    kind: ClassVar[str] = "container_registry"
    title: ClassVar[str] = "container registry"

    sku: Annotated[str, AzureName("sku")] = Field(
        description="Basic, Standard or Premium.",
        json_schema_extra=SkuNames("container_registry", "sku"),
    )
    zone_redundant: bool = Field(
        default=False,
        description="Zone redundancy asked for explicitly (Premium). Azure now makes every "
        "registry in a region with zones zone redundant whatever this says.",
    )
    geo_replications: list[GeoReplication] = Field(default_factory=empty_list)
    local_auth_enabled: bool = Field(
        default=False, description="The admin user (a shared user name and password) is on."
    )
