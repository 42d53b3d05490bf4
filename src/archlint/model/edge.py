"""Edge layer: WAF policies, Front Door, Application Gateway, Traffic Manager, Bastion, API
Management."""

from datetime import timedelta
from typing import ClassVar, Literal

from pydantic import Field

from archlint.model.apim import ApiManagement
from archlint.model.base import (
    Component,
    DefaultOf,
    Ref,
    Region,
    StrictModel,
    all_paths,
    empty_list,
)
from archlint.model.types import Duration

WafMode = Literal["Prevention", "Detection"]


class ManagedRuleSet(StrictModel):
    type: str = Field(description="e.g. 'OWASP', 'Microsoft_DefaultRuleSet'.")
    version: str
    action: Literal["Block", "Log", "Redirect", "AnomalyScoring"] | None = None


class RateLimitRule(StrictModel):
    name: str
    threshold: int = Field(ge=1, description="Requests allowed per client per window.")
    window: Duration
    action: Literal["Block", "Log", "Redirect"] = "Block"


class WafPolicy(Component):
    kind: ClassVar[str] = "waf_policy"
    title: ClassVar[str] = "WAF policy"

    product: Literal["front_door", "application_gateway"]
    enabled: bool = True
    mode: WafMode
    managed_rule_sets: list[ManagedRuleSet] = Field(default_factory=empty_list)
    bot_protection: bool = False
    rate_limit_rules: list[RateLimitRule] = Field(default_factory=empty_list)


class HealthProbe(StrictModel):
    path: str = "/"
    protocol: Literal["Http", "Https", "Tcp"] = "Https"
    interval: Duration
    timeout: Duration | None = None
    unhealthy_threshold: int | None = Field(default=None, ge=1)


class PrivateLinkOrigin(StrictModel):
    target: Ref()
    subresource: str
    region: Region


class FrontDoorOrigin(StrictModel):
    name: str
    target: Ref() | None = None
    host: str | None = None
    private_link: PrivateLinkOrigin | None = None
    priority: int = Field(default=1, ge=1, le=5)
    weight: int = Field(default=1000, ge=1, le=1000)
    enabled: bool = True


class FrontDoorOriginGroup(StrictModel):
    name: str
    health_probe: HealthProbe
    sample_size: int = 4
    successful_samples_required: int = 3
    additional_latency: Duration = timedelta(milliseconds=50)
    origins: list[FrontDoorOrigin] = Field(default_factory=empty_list)


class FrontDoorRoute(StrictModel):
    name: str
    origin_group: str
    patterns: list[str] = Field(default_factory=all_paths)
    https_redirect: bool = True
    forwarding_protocol: Literal["HttpsOnly", "HttpOnly", "MatchRequest"] = "HttpsOnly"


class FrontDoor(Component):
    kind: ClassVar[str] = "front_door"
    title: ClassVar[str] = "Front Door"

    sku: Literal["Standard_AzureFrontDoor", "Premium_AzureFrontDoor"]
    existing: bool = Field(
        default=False, description="The profile exists already and is referenced, not created."
    )
    waf_policy: Ref("waf_policy") | None = None
    routing_method: Literal["latency", "priority", "weighted"] = "latency"
    response_timeout: Duration = timedelta(seconds=60)
    endpoints: list[str] = Field(default_factory=empty_list)
    origin_groups: list[FrontDoorOriginGroup] = Field(default_factory=empty_list)
    routes: list[FrontDoorRoute] = Field(default_factory=empty_list)


class Autoscale(StrictModel):
    min: int = Field(ge=0)
    max: int = Field(ge=1)


class BackendPool(StrictModel):
    name: str
    targets: list[Ref()] = Field(default_factory=empty_list)


class ApplicationGateway(Component):
    kind: ClassVar[str] = "application_gateway"
    title: ClassVar[str] = "Application Gateway"

    sku: Literal[
        "Standard_v2",
        "WAF_v2",
        "Standard_Small",
        "Standard_Medium",
        "Standard_Large",
        "WAF_Medium",
        "WAF_Large",
    ] = Field(description="v2 SKU; the v1 SKUs (Standard_Small ... WAF_Large) are retired.")
    zones: list[int] = Field(default_factory=empty_list)
    autoscale: Autoscale | None = None
    subnet: Ref("subnet")
    public_ip: Ref("public_ip") | None = None
    private_link_subnet: Ref("subnet") | None = Field(
        default=None,
        description=(
            "Subnet of the gateway's Private Link configuration, through which a Front Door "
            "Premium origin reaches it privately; not the gateway's own subnet "
            "(https://learn.microsoft.com/azure/application-gateway/private-link-configure)."
        ),
    )
    waf_policy: Ref("waf_policy") | None = None
    min_tls_version: Literal["1.0", "1.1", "1.2", "1.3"] = "1.2"
    request_timeout: Duration = Field(
        default=timedelta(seconds=20), description="Backend request timeout (Azure default 20s)."
    )
    probes: list[HealthProbe] = Field(default_factory=empty_list)
    backend_pools: list[BackendPool] = Field(default_factory=empty_list)


class TrafficManagerMonitor(StrictModel):
    protocol: Literal["HTTP", "HTTPS", "TCP"] = "HTTPS"
    port: int = 443
    path: str = "/"
    interval: Duration = timedelta(seconds=30)
    timeout: Duration = timedelta(seconds=10)
    tolerated_failures: int = Field(default=3, ge=0, le=9)


class TrafficManagerEndpoint(StrictModel):
    name: str
    target: Ref() | None = None
    host: str | None = None
    region: Region | None = None
    priority: int | None = Field(default=None, ge=1, le=1000)
    weight: int | None = Field(default=None, ge=1, le=1000)
    enabled: bool = True
    deployed: bool = Field(
        default=True, description="False when the endpoint's infrastructure does not exist yet."
    )


class TrafficManager(Component):
    kind: ClassVar[str] = "traffic_manager"
    title: ClassVar[str] = "Traffic Manager"

    routing_method: Literal[
        "Priority", "Performance", "Weighted", "Geographic", "MultiValue", "Subnet"
    ]
    dns_ttl: Duration
    monitor: TrafficManagerMonitor = Field(default_factory=DefaultOf(TrafficManagerMonitor))
    endpoints: list[TrafficManagerEndpoint] = Field(default_factory=empty_list)


class Bastion(Component):
    kind: ClassVar[str] = "bastion"
    title: ClassVar[str] = "Bastion"

    sku: Literal["Developer", "Basic", "Standard", "Premium"] = "Standard"
    subnet: Ref("subnet")
    public_ip: Ref("public_ip") | None = None
    zones: list[int] = Field(default_factory=empty_list)


class Edge(StrictModel):
    waf_policies: list[WafPolicy] = Field(default_factory=empty_list)
    front_doors: list[FrontDoor] = Field(default_factory=empty_list)
    application_gateways: list[ApplicationGateway] = Field(default_factory=empty_list)
    traffic_managers: list[TrafficManager] = Field(default_factory=empty_list)
    bastions: list[Bastion] = Field(default_factory=empty_list)
    api_management: list[ApiManagement] = Field(
        default_factory=empty_list, description="API Management services."
    )
