"""Compute layer: App Service Environment v3, plans, Function/Web/Logic Apps, VMs and their
managed disks (:mod:`archlint.model.disks`), and the
containers of :mod:`archlint.model.containers` (AKS, container registries) and
:mod:`archlint.model.container_apps` (Container Apps, their environments, container groups)."""

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from archlint.model.base import (
    AccessSettings,
    AzureName,
    Component,
    DefaultOf,
    Identity,
    Ref,
    Region,
    SkuNames,
    StrictModel,
    TlsVersion,
    empty_list,
)
from archlint.model.container_apps import ContainerApp, ContainerAppEnvironment, ContainerGroup
from archlint.model.containers import ContainerRegistry, KubernetesCluster
from archlint.model.disks import LbNatRuleMembership, LbPoolMembership, ManagedDisk, OsDisk


class AppServiceEnvironment(Component):
    kind: ClassVar[str] = "app_service_environment"
    title: ClassVar[str] = "App Service Environment"

    version: Literal["v3"] = "v3"
    subnet: Ref("subnet")
    zone_redundant: bool = False
    internal_load_balancing: bool = Field(
        default=True, description="ILB ASE: apps are reachable only from the VNet."
    )
    min_tls_version: TlsVersion = "1.2"
    disable_tls_1_0: bool = Field(default=False, description="ASE cluster setting DisableTls1.0.")


class InstanceRange(StrictModel):
    min: int = Field(ge=0)
    max: int = Field(ge=1)


class AppServicePlan(Component):
    kind: ClassVar[str] = "app_service_plan"
    title: ClassVar[str] = "App Service plan"

    sku: Annotated[str, AzureName("sku")] = Field(
        description="Plan SKU, e.g. 'EP1', 'I1v2', 'P1v3'.",
        json_schema_extra=SkuNames("app_service_plan", "sku"),
    )
    os: Literal["linux", "windows"] = "linux"
    ase: Ref("app_service_environment") | None = None
    zone_redundant: bool = False
    instances: InstanceRange


class Runtime(StrictModel):
    stack: str = Field(description="e.g. 'dotnet-isolated', 'node', 'python'.")
    version: str


class SecretReference(StrictModel):
    """Where a secret comes from; the spec never holds the value itself."""

    key_vault: Ref("key_vault") | None = None
    secret: str | None = Field(default=None, description="Secret name in the Key Vault.")
    variable: str | None = Field(
        default=None, description="Name of a sensitive deployment variable that supplies it."
    )


# A literal string is representable so that a rule can flag it; specs should use a reference.
Secret = SecretReference | str


class AppSetting(StrictModel):
    name: str
    value: str | None = None
    secret: SecretReference | None = None


class HostedApp(Component, AccessSettings):
    """Settings Function Apps, Web Apps and Logic Apps share."""

    plan: Ref("app_service_plan")
    vnet_integration: Ref("subnet") | None = Field(
        default=None, description="Outbound VNet integration subnet (implicit inside an ASE)."
    )
    identity: Identity = Field(default_factory=DefaultOf(Identity))
    app_insights: Ref("application_insights") | None = None
    https_only: bool = True
    app_settings: list[AppSetting] = Field(default_factory=empty_list)
    connection_strings: list[AppSetting] = Field(default_factory=empty_list)


class FunctionApp(HostedApp):
    kind: ClassVar[str] = "function_app"
    title: ClassVar[str] = "Function App"

    role: str | None = Field(default=None, description="What this app does, e.g. 'dlq-processor'.")
    runtime: Runtime
    storage_account: Ref("storage_account")
    prewarmed_instances: int = Field(default=1, ge=0, le=20)


class WebApp(HostedApp):
    kind: ClassVar[str] = "web_app"
    title: ClassVar[str] = "Web App"

    runtime: Runtime | None = None


class Workflow(Component):
    kind: ClassVar[str] = "logic_app_workflow"
    title: ClassVar[str] = "workflow"

    state: Literal["stateful", "stateless"] = "stateful"
    purpose: str | None = None


class LogicApp(HostedApp):
    kind: ClassVar[str] = "logic_app"
    title: ClassVar[str] = "Logic App"

    storage_account: Ref("storage_account")
    workflows: list[Workflow] = Field(default_factory=empty_list)


class VirtualMachine(Component):
    kind: ClassVar[str] = "virtual_machine"
    title: ClassVar[str] = "VM"

    purpose: str | None = None
    size: str
    os: Literal["linux", "windows"] = "windows"
    subnet: Ref("subnet")
    zones: list[int] = Field(default_factory=empty_list)
    admin_username: str
    admin_password: Secret | None = None
    public_ip: Ref("public_ip") | None = None
    nic_nsg: Ref("network_security_group") | None = Field(
        default=None,
        description="NSG on the VM's network interface: inbound traffic must pass the "
        "subnet's NSG and then this one.",
    )
    identity: Identity = Field(default_factory=DefaultOf(Identity))
    availability_set: Ref("availability_set") | None = Field(
        default=None,
        description="Availability set the VM belongs to (fault and update domains in one "
        "datacenter; a VM is in an availability set or in a zone, never both).",
    )
    os_disk: OsDisk = Field(default_factory=DefaultOf(OsDisk))
    data_disks: list[Ref("managed_disk")] = Field(
        default_factory=empty_list, description="Managed disks attached to the VM, by LUN order."
    )
    load_balancer_pools: list[LbPoolMembership] = Field(
        default_factory=empty_list,
        description="Load balancer backend pools the VM's network interface is in (azurerm "
        "network_interface_backend_address_pool_association).",
    )
    load_balancer_nat_rules: list[LbNatRuleMembership] = Field(
        default_factory=empty_list,
        description="Inbound NAT rules that forward to the VM's network interface (azurerm "
        "network_interface_nat_rule_association).",
    )


class AvailabilitySet(Component):
    """Fault and update domains for VMs in one datacenter (the regional, zone-less way)."""

    kind: ClassVar[str] = "availability_set"
    title: ClassVar[str] = "availability set"

    region: Region | None = Field(default=None, description="Unset: the primary region.")
    fault_domains: int = Field(default=3, ge=1, le=3, description="Platform fault domains.")
    update_domains: int = Field(default=5, ge=1, le=20, description="Platform update domains.")


class VmScaleSet(Component):
    """A virtual machine scale set: Uniform (linux/windows resources) or Flexible
    (orchestrated) orchestration."""

    kind: ClassVar[str] = "vm_scale_set"
    title: ClassVar[str] = "VM scale set"

    region: Region | None = Field(
        default=None, description="Unset: the region of its subnet's VNet, else the primary one."
    )
    orchestration: Literal["uniform", "flexible"] = "uniform"
    os: Literal["linux", "windows"] = "linux"
    sku: str | None = Field(
        default=None,
        description="VM size of the instances, e.g. 'Standard_D2s_v5' (a Flexible scale set "
        "may leave it out and add VMs of its own).",
    )
    instances: int = Field(default=0, ge=0, description="How many instances run now.")
    zones: list[int] = Field(default_factory=empty_list)
    zone_balance: bool = Field(
        default=False,
        description="Strictly even spread over the zones (scale out fails when a zone "
        "cannot take its share).",
    )
    fault_domains: int | None = Field(
        default=None,
        ge=1,
        le=5,
        description="Platform fault domain count (Azure chooses if unset).",
    )
    subnet: Ref("subnet") | None = Field(
        default=None, description="Subnet of the primary network interface's IP configuration."
    )
    upgrade_mode: Literal["manual", "automatic", "rolling"] = "manual"
    admin_username: str | None = None
    identity: Identity = Field(default_factory=DefaultOf(Identity))


class Compute(StrictModel):
    app_service_environments: list[AppServiceEnvironment] = Field(default_factory=empty_list)
    plans: list[AppServicePlan] = Field(default_factory=empty_list)
    function_apps: list[FunctionApp] = Field(default_factory=empty_list)
    web_apps: list[WebApp] = Field(default_factory=empty_list)
    logic_apps: list[LogicApp] = Field(default_factory=empty_list)
    virtual_machines: list[VirtualMachine] = Field(default_factory=empty_list)
    vm_scale_sets: list[VmScaleSet] = Field(default_factory=empty_list)
    availability_sets: list[AvailabilitySet] = Field(default_factory=empty_list)
    managed_disks: list[ManagedDisk] = Field(default_factory=empty_list)
    kubernetes_clusters: list[KubernetesCluster] = Field(default_factory=empty_list)
    container_registries: list[ContainerRegistry] = Field(default_factory=empty_list)
    container_app_environments: list[ContainerAppEnvironment] = Field(default_factory=empty_list)
    container_apps: list[ContainerApp] = Field(default_factory=empty_list)
    container_groups: list[ContainerGroup] = Field(default_factory=empty_list)
