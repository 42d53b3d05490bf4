"""``edge.tf``: WAF policies, Front Door, Application Gateway, Traffic Manager, Bastion."""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.common import (
    PRIVATE_LINK_CONFIGURATION,
    alphanumeric_name,
    gateway_tier,
    private_link_frontend,
    private_link_problem,
    safe_identifier,
    whole,
)
from archlint.generators.hcl import Block, BodyEntry, Comment, Expr
from archlint.generators.terraform import apim
from archlint.generators.terraform.core import RG_NAME, Terraform, Variable
from archlint.generators.terraform.network import subnet_region
from archlint.model.edge import (
    ApplicationGateway,
    Bastion,
    FrontDoor,
    FrontDoorOrigin,
    FrontDoorOriginGroup,
    HealthProbe,
    RateLimitRule,
    TrafficManager,
    TrafficManagerEndpoint,
    WafPolicy,
)

FILE = "edge.tf"
SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)

# The bot manager rule set that "bot_protection: true" turns on.
_BOT_RULE_SET = {
    "front_door": ("Microsoft_BotManagerRuleSet", "1.1"),
    "application_gateway": ("Microsoft_BotManagerRuleSet", "1.0"),
}

# Minimum TLS version -> Application Gateway SSL policy (predefined policies name their floor).
_APPGW_SSL_POLICY: dict[str, list[BodyEntry]] = {
    "1.0": [("policy_type", "Predefined"), ("policy_name", "AppGwSslPolicy20150501")],
    "1.1": [("policy_type", "Predefined"), ("policy_name", "AppGwSslPolicy20170401")],
    "1.2": [("policy_type", "Predefined"), ("policy_name", "AppGwSslPolicy20220101S")],
    "1.3": [("policy_type", "CustomV2"), ("min_protocol_version", "TLSv1_3")],
}


def emit(tf: Terraform) -> None:
    edge = tf.architecture.edge
    skus = {fd.waf_policy: fd.sku for fd in edge.front_doors if fd.waf_policy}
    for policy in edge.waf_policies:
        if policy.product == "front_door":
            _front_door_waf(tf, policy, skus.get(policy.id, "Premium_AzureFrontDoor"))
        else:
            _appgw_waf(tf, policy)
    for front_door in edge.front_doors:
        _front_door(tf, front_door)
    for gateway in edge.application_gateways:
        _application_gateway(tf, gateway)
    for manager in edge.traffic_managers:
        _traffic_manager(tf, manager)
    for bastion in edge.bastions:
        _bastion(tf, bastion)
    apim.emit(tf)


# --- WAF ---------------------------------------------------------------------------------


def _match_all_clients(block: str, variable: list[BodyEntry]) -> Block:
    """Rate limits apply per client; a rule still needs a condition, so match every address."""
    return Block.of(
        block,
        items=[
            *variable,
            ("operator", "IPMatch"),
            ("match_values", ["0.0.0.0/0", "::/0"]),
        ],
    )


def _front_door_rate_rule(rule: RateLimitRule, priority: int) -> Block:
    return Block.of(
        "custom_rule",
        items=[
            ("name", alphanumeric_name(rule.name, 128)),
            ("type", "RateLimitRule"),
            ("action", rule.action),
            ("enabled", True),
            ("priority", priority),
            ("rate_limit_duration_in_minutes", whole(rule.window, MINUTE)),
            ("rate_limit_threshold", rule.threshold),
            _match_all_clients("match_condition", [("match_variable", "RemoteAddr")]),
        ],
    )


def _front_door_waf(tf: Terraform, policy: WafPolicy, sku: str) -> None:
    rule_sets = [(r.type, r.version, r.action or "Block") for r in policy.managed_rule_sets]
    if policy.bot_protection:
        rule_sets.append((*_BOT_RULE_SET["front_door"], "Block"))
    tf.resource(
        FILE,
        "azurerm_cdn_frontdoor_firewall_policy",
        tf.address(policy.id).name,
        [
            # Front Door WAF policy names are letters and digits only.
            ("name", alphanumeric_name(policy.resource_name, 128)),
            ("resource_group_name", RG_NAME),
            ("sku_name", sku),
            ("enabled", policy.enabled),
            ("mode", policy.mode),
            ("tags", tf.tags(policy)),
            [
                Block.of("managed_rule", items=[("type", t), ("version", v), ("action", a)])
                for t, v, a in rule_sets
            ],
            [
                _front_door_rate_rule(rule, 100 + index)
                for index, rule in enumerate(policy.rate_limit_rules)
            ],
        ],
    )


def _appgw_rate_rule(rule: RateLimitRule, priority: int) -> Block:
    duration = "OneMin" if rule.window <= MINUTE else "FiveMins"
    return Block.of(
        "custom_rules",
        items=[
            ("name", alphanumeric_name(rule.name, 128)),
            ("priority", priority),
            ("rule_type", "RateLimitRule"),
            ("action", rule.action),
            ("rate_limit_duration", duration),
            ("rate_limit_threshold", rule.threshold),
            ("group_rate_limit_by", "ClientAddr"),
            _match_all_clients(
                "match_conditions",
                [Block.of("match_variables", items=[("variable_name", "RemoteAddr")])],
            ),
        ],
    )


def _appgw_waf(tf: Terraform, policy: WafPolicy) -> None:
    rule_sets = [(r.type, r.version) for r in policy.managed_rule_sets]
    if policy.bot_protection:
        rule_sets.append(_BOT_RULE_SET["application_gateway"])
    tf.resource(
        FILE,
        "azurerm_web_application_firewall_policy",
        tf.address(policy.id).name,
        [
            *tf.common(policy),
            ("tags", tf.tags(policy)),
            Block.of(
                "policy_settings",
                items=[
                    ("enabled", policy.enabled),
                    ("mode", policy.mode),
                    ("request_body_check", True),
                ],
            ),
            [
                _appgw_rate_rule(rule, 10 + index)
                for index, rule in enumerate(policy.rate_limit_rules)
            ],
            Block.of(
                "managed_rules",
                items=[
                    Block.of("managed_rule_set", items=[("type", t), ("version", v)])
                    for t, v in rule_sets
                ],
            ),
        ],
    )


# --- Front Door ----------------------------------------------------------------------------


def front_door_profile_variable(front_door: FrontDoor, count: int) -> Variable:
    """The seed's tfvars call the existing profile's id ``existing_front_door_id``."""
    name = "existing_front_door_id" if count == 1 else safe_identifier(f"{front_door.id}_id")
    return Variable(
        name,
        "string",
        f"Resource id of the existing Front Door profile of {front_door.label()} "
        "(the profile is referenced, not created).",
        validation=(
            f'can(regex("(?i)/providers/Microsoft.Cdn/profiles/[^/]+$", var.{name}))',
            "Expected a Front Door profile id: .../providers/Microsoft.Cdn/profiles/NAME.",
        ),
    )


def _front_door(tf: Terraform, front_door: FrontDoor) -> None:
    profile = tf.ref(front_door.id)
    if not front_door.existing:
        tf.resource(
            FILE,
            "azurerm_cdn_frontdoor_profile",
            tf.address(front_door.id).name,
            [
                ("name", front_door.resource_name),
                ("resource_group_name", RG_NAME),
                ("sku_name", front_door.sku),
                ("response_timeout_seconds", whole(front_door.response_timeout, SECOND)),
                ("tags", tf.tags(front_door)),
            ],
        )
    else:
        tf.add(
            FILE,
            Comment(
                f"Front Door '{front_door.id}' exists already: its profile (SKU "
                f"{front_door.sku}) is referenced by id; the endpoints, origins and routes "
                "below are created in it."
            ),
        )
    endpoints = []
    for endpoint in front_door.endpoints:
        name = endpoint_name(tf, front_door, endpoint)
        endpoints.append((endpoint, name))
        tf.resource(
            FILE,
            "azurerm_cdn_frontdoor_endpoint",
            name,
            [
                ("name", endpoint),
                ("cdn_frontdoor_profile_id", profile),
                ("enabled", True),
                ("tags", tf.tags(front_door)),
            ],
        )
    groups: dict[str, tuple[str, list[str]]] = {}
    for group in front_door.origin_groups:
        groups[group.name] = _origin_group(tf, front_door, group, profile)
    for route in front_door.routes:
        group_name, origin_names = groups.get(route.origin_group, (None, []))
        if group_name is None or not endpoints:
            tf.add(
                FILE,
                Comment(
                    f"route '{route.name}' of '{front_door.id}': no endpoint or origin group "
                    f"'{route.origin_group}'; not generated"
                ),
            )
            continue
        for endpoint, endpoint_local in endpoints:
            suffix = f"_{endpoint}" if len(endpoints) > 1 else ""
            tf.resource(
                FILE,
                "azurerm_cdn_frontdoor_route",
                tf.local_name(
                    "azurerm_cdn_frontdoor_route", f"{front_door.id}_{route.name}{suffix}"
                ),
                [
                    ("name", route.name),
                    ("cdn_frontdoor_endpoint_id", _endpoint_ref(endpoint_local)),
                    (
                        "cdn_frontdoor_origin_group_id",
                        Expr(f"azurerm_cdn_frontdoor_origin_group.{group_name}.id"),
                    ),
                    (
                        "cdn_frontdoor_origin_ids",
                        [Expr(f"azurerm_cdn_frontdoor_origin.{o}.id") for o in origin_names],
                    ),
                    ("patterns_to_match", route.patterns),
                    (
                        "supported_protocols",
                        ["Http", "Https"] if route.https_redirect else ["Https"],
                    ),
                    ("https_redirect_enabled", route.https_redirect),
                    ("forwarding_protocol", route.forwarding_protocol),
                    ("link_to_default_domain", True),
                ],
            )
    waf = tf.ref(front_door.waf_policy) if front_door.waf_policy else None
    if waf is not None and endpoints:
        domains = [
            Block.of("domain", items=[("cdn_frontdoor_domain_id", _endpoint_ref(name))])
            for _, name in endpoints
        ]
        association = Block.of("association", items=[domains, ("patterns_to_match", ["/*"])])
        tf.resource(
            FILE,
            "azurerm_cdn_frontdoor_security_policy",
            tf.local_name("azurerm_cdn_frontdoor_security_policy", front_door.id),
            [
                ("name", f"{front_door.resource_name}-waf"),
                ("cdn_frontdoor_profile_id", profile),
                Block.of(
                    "security_policies",
                    items=[
                        Block.of(
                            "firewall",
                            items=[("cdn_frontdoor_firewall_policy_id", waf), association],
                        )
                    ],
                ),
            ],
        )


def _endpoint_ref(name: str) -> Expr:
    return Expr(f"azurerm_cdn_frontdoor_endpoint.{name}.id")


def _origin_group(
    tf: Terraform, front_door: FrontDoor, group: FrontDoorOriginGroup, profile: Expr | None
) -> tuple[str, list[str]]:
    name = tf.local_name("azurerm_cdn_frontdoor_origin_group", f"{front_door.id}_{group.name}")
    probe = group.health_probe
    tf.resource(
        FILE,
        "azurerm_cdn_frontdoor_origin_group",
        name,
        [
            ("name", group.name),
            ("cdn_frontdoor_profile_id", profile),
            ("session_affinity_enabled", False),
            Block.of(
                "load_balancing",
                items=[
                    ("sample_size", group.sample_size),
                    ("successful_samples_required", group.successful_samples_required),
                    (
                        "additional_latency_in_milliseconds",
                        whole(group.additional_latency, timedelta(milliseconds=1)),
                    ),
                ],
            ),
            Block.of(
                "health_probe",
                items=[
                    ("path", probe.path),
                    ("protocol", "Http" if probe.protocol == "Http" else "Https"),
                    ("interval_in_seconds", whole(probe.interval, SECOND)),
                    ("request_type", "HEAD"),
                ],
            ),
        ],
    )
    origins = [_origin(tf, front_door, group, name, origin) for origin in group.origins]
    return name, [origin for origin in origins if origin]


def host_name(tf: Terraform, component_id: str | None) -> Expr | None:
    """The DNS name (or address) traffic reaches a component at."""
    component = tf.component(component_id) if component_id else None
    if component is None:
        return None
    if component.kind in ("function_app", "web_app", "logic_app"):
        return tf.ref(component.id, "default_hostname")
    if component.kind == "public_ip":
        return tf.ref(component.id, "ip_address")
    if isinstance(component, ApplicationGateway) and component.public_ip:
        return tf.ref(component.public_ip, "ip_address")
    if isinstance(component, FrontDoor) and component.endpoints:
        endpoint = endpoint_name(tf, component, component.endpoints[0])
        return Expr(f"azurerm_cdn_frontdoor_endpoint.{endpoint}.host_name")
    if component.kind == "traffic_manager":
        return tf.ref(component.id, "fqdn")
    return None


def endpoint_name(tf: Terraform, front_door: FrontDoor, endpoint: str) -> str:
    """The local name of a Front Door endpoint (also used by Traffic Manager endpoints)."""
    return tf.named("azurerm_cdn_frontdoor_endpoint", f"{front_door.id}_{endpoint}")


def _origin(
    tf: Terraform,
    front_door: FrontDoor,
    group: FrontDoorOriginGroup,
    group_name: str,
    origin: FrontDoorOrigin,
) -> str | None:
    host = host_name(tf, origin.target) if origin.target else None
    if host is None and origin.host is None:
        tf.add(
            FILE,
            Comment(
                f"origin '{origin.name}' of '{front_door.id}': no host name for "
                f"'{origin.target}'; not generated"
            ),
        )
        return None
    host_value = host if host is not None else origin.host
    private_link = None
    link = origin.private_link
    problem = private_link_problem(tf.architecture, link) if link else None
    if link and problem:
        tf.add(FILE, Comment(f"origin '{origin.name}': no Private Link: {problem}"))
    if link and tf.ref(link.target) and problem is None:
        private_link = Block.of(
            "private_link",
            items=[
                ("request_message", f"Front Door {front_door.resource_name}"),
                ("target_type", link.subresource),
                ("location", link.region),
                ("private_link_target_id", tf.ref(link.target)),
            ],
        )
    name = tf.local_name(
        "azurerm_cdn_frontdoor_origin", f"{front_door.id}_{group.name}_{origin.name}"
    )
    tf.resource(
        FILE,
        "azurerm_cdn_frontdoor_origin",
        name,
        [
            ("name", origin.name),
            (
                "cdn_frontdoor_origin_group_id",
                Expr(f"azurerm_cdn_frontdoor_origin_group.{group_name}.id"),
            ),
            ("enabled", origin.enabled),
            ("host_name", host_value),
            ("origin_host_header", host_value),
            ("certificate_name_check_enabled", True),
            ("priority", origin.priority),
            ("weight", origin.weight),
            private_link,
        ],
    )
    return name


# --- Application Gateway -------------------------------------------------------------------


def _probe(name: str, probe: HealthProbe) -> Block:
    return Block.of(
        "probe",
        items=[
            ("name", name),
            ("protocol", "Http" if probe.protocol == "Http" else "Https"),
            ("path", probe.path),
            ("interval", whole(probe.interval, SECOND)),
            ("timeout", whole(probe.timeout or timedelta(seconds=30), SECOND)),
            ("unhealthy_threshold", probe.unhealthy_threshold or 3),
            ("pick_host_name_from_backend_http_settings", True),
        ],
    )


def _application_gateway(tf: Terraform, gateway: ApplicationGateway) -> None:
    name = tf.address(gateway.id).name
    # The identity that reads the certificate is the certificate's, like the vault: outside
    # the architecture. It must hold 'Key Vault Secrets User' on that vault before the gateway
    # is created, so it is an input; a new identity made here would have no grant yet.
    identity = tf.variable(
        Variable(
            f"{name}_identity_id",
            "string",
            f"Resource id of the user-assigned identity {gateway.label()} reads its TLS "
            "certificate from Key Vault with (it needs 'Key Vault Secrets User' on that vault).",
        )
    )
    region = subnet_region(tf, gateway.subnet)
    certificate = tf.variable(
        Variable(
            f"{name}_certificate_secret_id",
            "string",
            f"Key Vault secret id of the TLS certificate {gateway.label()} serves "
            "(an id, not the certificate itself).",
        )
    )
    frontend = "public" if gateway.public_ip else "private"
    private_link = None
    linked = private_link_frontend(tf.architecture, gateway)
    if linked and tf.ref(gateway.private_link_subnet):
        frontend = linked  # Front Door's Private Link names the frontend that carries it
        private_link = Block.of(
            "private_link_configuration",
            items=[
                ("name", PRIVATE_LINK_CONFIGURATION),
                Block.of(
                    "ip_configuration",
                    items=[
                        ("name", PRIVATE_LINK_CONFIGURATION),
                        ("subnet_id", tf.ref(gateway.private_link_subnet)),
                        ("private_ip_address_allocation", "Dynamic"),
                        ("primary", True),
                    ],
                ),
            ],
        )
    frontend_items: list[BodyEntry] = [("name", frontend)]
    if gateway.public_ip:
        frontend_items.append(("public_ip_address_id", tf.ref(gateway.public_ip)))
    else:
        frontend_items += [
            ("subnet_id", tf.ref(gateway.subnet)),
            ("private_ip_address_allocation", "Dynamic"),
        ]
    if private_link is not None:
        frontend_items.append(("private_link_configuration_name", PRIVATE_LINK_CONFIGURATION))
    probe_name = "probe-1" if gateway.probes else None
    pools: list[BodyEntry] = []
    settings: list[BodyEntry] = []
    rules: list[BodyEntry] = []
    for index, pool in enumerate(gateway.backend_pools):
        hosts = [host_name(tf, target) for target in pool.targets]
        pools.append(
            Block.of(
                "backend_address_pool",
                items=[("name", pool.name), ("fqdns", [h for h in hosts if h is not None])],
            )
        )
        settings.append(
            Block.of(
                "backend_http_settings",
                items=[
                    ("name", pool.name),
                    ("cookie_based_affinity", "Disabled"),
                    ("port", 443),
                    ("protocol", "Https"),
                    ("request_timeout", whole(gateway.request_timeout, SECOND)),
                    ("pick_host_name_from_backend_address", True),
                    ("probe_name", probe_name),
                ],
            )
        )
        if index == 0:
            rules.append(
                Block.of(
                    "request_routing_rule",
                    items=[
                        ("name", pool.name),
                        ("rule_type", "Basic"),
                        ("priority", 100),
                        ("http_listener_name", "https"),
                        ("backend_address_pool_name", pool.name),
                        ("backend_http_settings_name", pool.name),
                    ],
                )
            )
    if len(gateway.backend_pools) > 1:
        rules.append(
            Comment(
                "The model gives no paths: only the first pool has a routing rule; add a "
                "url_path_map to route to the others."
            )
        )
    sku_capacity = None if gateway.autoscale else 2
    autoscale = None
    if gateway.autoscale:
        autoscale = Block.of(
            "autoscale_configuration",
            items=[
                ("min_capacity", gateway.autoscale.min),
                ("max_capacity", gateway.autoscale.max),
            ],
        )
    tf.resource(
        FILE,
        "azurerm_application_gateway",
        name,
        [
            *tf.common(gateway, region),
            ("zones", [str(zone) for zone in gateway.zones] or None),
            ("firewall_policy_id", tf.ref(gateway.waf_policy) if gateway.waf_policy else None),
            ("enable_http2", True),
            ("tags", tf.tags(gateway)),
            Block.of(
                "sku",
                items=[
                    ("name", gateway.sku),
                    ("tier", gateway_tier(gateway.sku)),
                    ("capacity", sku_capacity),
                ],
            ),
            autoscale,
            Block.of(
                "identity",
                items=[
                    ("type", "UserAssigned"),
                    ("identity_ids", [identity]),
                ],
            ),
            Block.of(
                "gateway_ip_configuration",
                items=[("name", "gateway"), ("subnet_id", tf.ref(gateway.subnet))],
            ),
            Block.of("frontend_ip_configuration", items=frontend_items),
            private_link,
            Block.of("frontend_port", items=[("name", "https"), ("port", 443)]),
            Block.of(
                "ssl_certificate", items=[("name", "default"), ("key_vault_secret_id", certificate)]
            ),
            Block.of("ssl_policy", items=_APPGW_SSL_POLICY[gateway.min_tls_version]),
            Block.of(
                "http_listener",
                items=[
                    ("name", "https"),
                    ("frontend_ip_configuration_name", frontend),
                    ("frontend_port_name", "https"),
                    ("protocol", "Https"),
                    ("ssl_certificate_name", "default"),
                ],
            ),
            [
                _probe(f"probe-{index}", probe)
                for index, probe in enumerate(gateway.probes, start=1)
            ],
            pools,
            settings,
            rules,
        ],
    )


# --- Traffic Manager -----------------------------------------------------------------------


def _traffic_manager(tf: Terraform, manager: TrafficManager) -> None:
    monitor = manager.monitor
    tf.resource(
        FILE,
        "azurerm_traffic_manager_profile",
        tf.address(manager.id).name,
        [
            ("name", manager.resource_name),
            ("resource_group_name", RG_NAME),
            ("traffic_routing_method", manager.routing_method),
            ("tags", tf.tags(manager)),
            Block.of(
                "dns_config",
                items=[
                    ("relative_name", manager.resource_name),
                    ("ttl", whole(manager.dns_ttl, SECOND)),
                ],
            ),
            Block.of(
                "monitor_config",
                items=[
                    ("protocol", monitor.protocol),
                    ("port", monitor.port),
                    ("path", monitor.path if monitor.protocol != "TCP" else None),
                    ("interval_in_seconds", whole(monitor.interval, SECOND)),
                    ("timeout_in_seconds", whole(monitor.timeout, SECOND)),
                    ("tolerated_number_of_failures", monitor.tolerated_failures),
                ],
            ),
        ],
    )
    for endpoint in manager.endpoints:
        _traffic_manager_endpoint(tf, manager, endpoint)


def _traffic_manager_endpoint(
    tf: Terraform, manager: TrafficManager, endpoint: TrafficManagerEndpoint
) -> None:
    if not endpoint.deployed:
        tf.add(
            FILE,
            Comment(
                f"Traffic Manager '{manager.id}' endpoint '{endpoint.name}' is not deployed yet "
                "(deployed: false): not generated."
            ),
        )
        return
    target = host_name(tf, endpoint.target) if endpoint.target else None
    if target is None and endpoint.host is None:
        tf.add(
            FILE,
            Comment(
                f"Traffic Manager '{manager.id}' endpoint '{endpoint.name}': no host name for "
                f"'{endpoint.target}'; not generated"
            ),
        )
        return
    tf.resource(
        FILE,
        "azurerm_traffic_manager_external_endpoint",
        tf.local_name("azurerm_traffic_manager_external_endpoint", f"{manager.id}_{endpoint.name}"),
        [
            ("name", endpoint.name),
            ("profile_id", tf.ref(manager.id)),
            ("target", target if target is not None else endpoint.host),
            ("endpoint_location", endpoint.region),
            ("priority", endpoint.priority),
            ("weight", endpoint.weight),
            ("enabled", endpoint.enabled),
        ],
    )


# --- Bastion -------------------------------------------------------------------------------


def _bastion(tf: Terraform, bastion: Bastion) -> None:
    region = subnet_region(tf, bastion.subnet)
    public_ip = tf.ref(bastion.public_ip) if bastion.public_ip else None
    if public_ip is None and bastion.sku != "Developer":
        ip_name = tf.local_name("azurerm_public_ip", f"{bastion.id}_ip")
        tf.resource(
            FILE,
            "azurerm_public_ip",
            ip_name,
            [
                ("name", f"pip-{bastion.resource_name}"),
                ("location", tf.location(region)),
                ("resource_group_name", RG_NAME),
                ("allocation_method", "Static"),
                ("sku", "Standard"),
                ("tags", tf.tags(bastion)),
            ],
        )
        public_ip = Expr(f"azurerm_public_ip.{ip_name}.id")
    ip_configuration = None
    virtual_network = None
    if bastion.sku == "Developer":
        entry = tf.architecture.index.by_id.get(bastion.subnet)
        virtual_network = tf.ref(entry.parent.id) if entry and entry.parent else None
    else:
        ip_configuration = Block.of(
            "ip_configuration",
            items=[
                ("name", "ipconfig"),
                ("subnet_id", tf.ref(bastion.subnet)),
                ("public_ip_address_id", public_ip),
            ],
        )
    tf.resource(
        FILE,
        "azurerm_bastion_host",
        tf.address(bastion.id).name,
        [
            *tf.common(bastion, region),
            ("sku", bastion.sku),
            ("zones", [str(zone) for zone in bastion.zones] or None),
            ("virtual_network_id", virtual_network),
            ("tags", tf.tags(bastion)),
            ip_configuration,
        ],
    )
