"""Edge: WAF policies, Front Door (profile and its parts), Application Gateway, Traffic
Manager, Bastion."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from archlint.importers import convert
from archlint.importers.azurerm.common import each, zones
from archlint.importers.azurerm.core import Builder, Draft, External, View, mapper
from archlint.importers.values import UNKNOWN, Reference, scalar

SUBNET = ("subnet",)
FRONT_DOOR = ("front_door",)
WAF = ("waf_policy",)


# --- WAF policies ----------------------------------------------------------------------


@mapper(
    "azurerm_cdn_frontdoor_firewall_policy", "azurerm_frontdoor_firewall_policy", kind="waf_policy"
)
def front_door_waf(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.data["product"] = "front_door"
    draft.set("name", view.raw("name"), convert.text)
    draft.set("enabled", view.raw("enabled"), convert.boolean)
    draft.set("mode", view.raw("mode"), convert.text)
    _managed_rule_sets(draft, view.blocks("managed_rule"), view.unknown("managed_rule"))
    _rate_limits(draft, view.blocks("custom_rule"), "type", "rate_limit_duration_in_minutes")


def _managed_rule_sets(draft: Draft, rules: list[View], unknown: bool) -> None:
    """Managed rule sets; a bot-manager set is what the model calls bot protection."""
    sets: list[dict[str, Any]] = []
    bot = False
    for rule in rules:
        rule_type = rule.get("type")
        if isinstance(rule_type, str) and "bot" in rule_type.lower():
            bot = True
        found = {key: _known(rule.get(key)) for key in ("type", "version", "action")}
        sets.append({k: v for k, v in found.items() if v is not None})
    draft.data["managed_rule_sets"] = sets
    draft.data["bot_protection"] = bot
    if unknown:
        draft.mark_unknown("managed_rule_sets")
        draft.mark_unknown("bot_protection")


def _known(value: Any) -> Any:
    return None if value is UNKNOWN else value


_WINDOWS = {"oneminute": 1, "onemin": 1, "fiveminutes": 5, "fivemins": 5}


def _window(value: Any) -> timedelta:
    if isinstance(value, str) and value.lower() in _WINDOWS:
        return timedelta(minutes=_WINDOWS[value.lower()])
    return convert.minutes(value)


def _rate_limits(draft: Draft, rules: list[View], type_key: str, window_key: str) -> None:
    limits = [r for r in rules if str(r.get(type_key)).lower() == "ratelimitrule"]
    draft.data["rate_limit_rules"] = [{} for _ in limits]
    for position, rule in enumerate(limits):
        base = ("rate_limit_rules", position)
        draft.set((*base, "name"), rule.raw("name"), convert.text)
        draft.set((*base, "threshold"), rule.raw("rate_limit_threshold"), convert.integer)
        draft.set((*base, "window"), rule.raw(window_key), _window)
        draft.set((*base, "action"), rule.raw("action"), convert.text)


@mapper("azurerm_web_application_firewall_policy", kind="waf_policy")
def application_gateway_waf(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.data["product"] = "application_gateway"
    draft.set("name", view.raw("name"), convert.text)
    settings = view.block("policy_settings")
    # azurerm defaults: enabled, Prevention mode.
    draft.set("mode", builder.or_default(view, "policy_settings.mode", None), convert.text)
    if settings is not None:
        draft.set("enabled", settings.raw("enabled"), convert.boolean)
        draft.set("mode", settings.raw("mode"), convert.text)
    elif view.unknown("policy_settings"):
        draft.mark_unknown("mode")
        draft.mark_unknown("enabled")
    managed = view.block("managed_rules")
    rules = managed.blocks("managed_rule_set") if managed else []
    _managed_rule_sets(draft, rules, view.unknown("managed_rules"))
    _rate_limits(draft, view.blocks("custom_rules"), "rule_type", "rate_limit_duration")


# --- Front Door ------------------------------------------------------------------------


@mapper("azurerm_cdn_frontdoor_profile", kind="front_door")
def front_door_profile(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("sku", view.raw("sku_name"), convert.text)
    # azurerm's default origin response timeout is 120 s (the model's is Azure's 60 s).
    timeout = builder.or_default(
        view, "response_timeout_seconds", view.raw("response_timeout_seconds")
    )
    draft.set("response_timeout", timeout, convert.seconds)


def _profile(builder: Builder, view: View) -> Draft | None:
    """The profile a Front Door part belongs to; an existing profile (outside the
    configuration) becomes an external stub, so its parts are kept, under it."""
    target = builder.resolve(view.raw("cdn_frontdoor_profile_id"), FRONT_DOOR)
    if isinstance(target, External):
        target = builder.stub(FRONT_DOOR, target, view.resource)
    profile = builder.draft_of(target if isinstance(target, str) else None)
    if profile is None:
        builder.not_attached(view.resource, "Front Door profile")
    return profile


@mapper("azurerm_cdn_frontdoor_endpoint", phase=1)
def front_door_endpoint(builder: Builder, view: View, draft: Draft | None) -> None:
    profile = _profile(builder, view)
    if profile is None:
        return
    builder.owner_of[view.resource.address] = profile.id
    name = view.get("name")
    if isinstance(name, str):
        profile.data.setdefault("endpoints", []).append(name)
    else:
        profile.mark_unknown("endpoints")


@mapper("azurerm_cdn_frontdoor_origin_group", phase=1)
def front_door_origin_group(builder: Builder, view: View, draft: Draft | None) -> None:
    profile = _profile(builder, view)
    if profile is None:
        return
    builder.owner_of[view.resource.address] = profile.id
    group: dict[str, Any] = {}
    profile.data.setdefault("origin_groups", []).append(group)
    builder.elements[view.resource.address] = group
    sub = profile.sub(group, view.resource)
    sub.set("name", view.raw("name"), convert.text)
    probe = view.block("health_probe")
    if probe is not None:
        sub.set(("health_probe", "path"), probe.raw("path"), convert.text)
        sub.set(("health_probe", "protocol"), probe.raw("protocol"), convert.text)
        sub.set(("health_probe", "interval"), probe.raw("interval_in_seconds"), convert.seconds)
    else:
        sub.mark_unknown("health_probe")
    balancing = view.block("load_balancing")
    if balancing is not None:
        sub.set("sample_size", balancing.raw("sample_size"), convert.integer)
        sub.set(
            "successful_samples_required",
            balancing.raw("successful_samples_required"),
            convert.integer,
        )
        sub.set(
            "additional_latency",
            balancing.raw("additional_latency_in_milliseconds"),
            lambda v: timedelta(milliseconds=convert.number(v)),
        )


def _element(builder: Builder, value: Any) -> dict[str, Any] | None:
    """The sub-element (origin group) a value refers to, by address or Azure id."""
    if isinstance(value, Reference):
        found = builder.elements.get(value.address)
        if found is not None:
            return found
    arm_id = scalar(value)
    if isinstance(arm_id, str):
        address = builder.by_arm_id.get(arm_id.lower())
        if address is not None:
            return builder.elements.get(address)
    return None


def _owner_draft(builder: Builder, value: Any) -> Draft | None:
    address = value.address if isinstance(value, Reference) else None
    if address is None and isinstance(scalar(value), str):
        address = builder.by_arm_id.get(str(scalar(value)).lower())
    return builder.draft_of(builder.owner_of.get(address or ""))


@mapper("azurerm_cdn_frontdoor_origin", phase=2)
def front_door_origin(builder: Builder, view: View, draft: Draft | None) -> None:
    group_ref = view.raw("cdn_frontdoor_origin_group_id")
    group = _element(builder, group_ref)
    profile = _owner_draft(builder, group_ref)
    if group is None or profile is None:
        builder.not_attached(view.resource, "Front Door origin group")
        return
    origin: dict[str, Any] = {}
    group.setdefault("origins", []).append(origin)
    sub = profile.sub(origin, view.resource)
    sub.set("name", view.raw("name"), convert.text)
    host = view.raw("host_name")
    if isinstance(host, Reference):
        builder.ref(sub, "target", host)  # an app's default_hostname: the app itself
    else:
        sub.set("host", host, convert.text)
    sub.set("enabled", view.raw("enabled"), convert.boolean)
    sub.set("priority", view.raw("priority"), convert.integer)
    sub.set("weight", view.raw("weight"), convert.integer)
    link = view.block("private_link")
    if link is not None:
        builder.ref(
            sub, ("private_link", "target"), link.raw("private_link_target_id"), required=True
        )
        sub.set(("private_link", "subresource"), link.raw("target_type"), convert.text)
        sub.set(("private_link", "region"), link.raw("location"), convert.region)


@mapper("azurerm_cdn_frontdoor_route", phase=2)
def front_door_route(builder: Builder, view: View, draft: Draft | None) -> None:
    profile = _owner_draft(builder, view.raw("cdn_frontdoor_endpoint_id"))
    if profile is None:
        builder.not_attached(view.resource, "Front Door endpoint")
        return
    route: dict[str, Any] = {}
    profile.data.setdefault("routes", []).append(route)
    sub = profile.sub(route, view.resource)
    sub.set("name", view.raw("name"), convert.text)
    group = _element(builder, view.raw("cdn_frontdoor_origin_group_id"))
    if group is not None and isinstance(group.get("name"), str):
        route["origin_group"] = group["name"]
    else:
        sub.mark_unknown("origin_group")
    sub.set("patterns", view.raw("patterns_to_match"), each(convert.text))
    sub.set("https_redirect", view.raw("https_redirect_enabled"), convert.boolean)
    # azurerm's default forwarding protocol is MatchRequest (the model's is HttpsOnly).
    forwarding = builder.or_default(view, "forwarding_protocol", view.raw("forwarding_protocol"))
    sub.set("forwarding_protocol", forwarding, convert.text)


@mapper("azurerm_cdn_frontdoor_security_policy", phase=1)
def front_door_security_policy(builder: Builder, view: View, draft: Draft | None) -> None:
    profile = _profile(builder, view)
    if profile is None:
        return
    policies = view.block("security_policies")
    firewall = policies.block("firewall") if policies else None
    if firewall is None:
        profile.mark_unknown("waf_policy")
        return
    builder.ref(profile, "waf_policy", firewall.raw("cdn_frontdoor_firewall_policy_id"), WAF)


# --- Application Gateway ---------------------------------------------------------------

_SSL_POLICIES = {
    "appgwsslpolicy20150501": "1.0",
    "appgwsslpolicy20170401": "1.1",
    "appgwsslpolicy20170401s": "1.2",
    "appgwsslpolicy20220101": "1.2",
    "appgwsslpolicy20220101s": "1.2",
}


@mapper("azurerm_application_gateway", kind="application_gateway")
def application_gateway(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    sku = view.block("sku")
    draft.set("sku", sku.raw("name") if sku else UNKNOWN, convert.text)
    draft.set("zones", view.raw("zones"), zones)
    autoscale = view.block("autoscale_configuration")
    if autoscale is not None:
        draft.set(("autoscale", "min"), autoscale.raw("min_capacity"), convert.integer)
        draft.set(("autoscale", "max"), autoscale.raw("max_capacity"), convert.integer)
        if "max" not in draft.data.get("autoscale", {}):
            # max_capacity is optional in azurerm (Azure then allows up to 125 instances).
            draft.data.setdefault("autoscale", {})["max"] = 125
    gateway_ip = view.block("gateway_ip_configuration")
    builder.ref(
        draft, "subnet", gateway_ip.raw("subnet_id") if gateway_ip else None, SUBNET, required=True
    )
    public = [f.raw("public_ip_address_id") for f in view.blocks("frontend_ip_configuration")]
    public = [p for p in public if p is not None]
    if public:
        builder.ref(draft, "public_ip", public[0], ("public_ip",))
    link_ips = [
        ip
        for link in view.blocks("private_link_configuration")
        for ip in link.blocks("ip_configuration")
    ]
    if link_ips:
        builder.ref(draft, "private_link_subnet", link_ips[0].raw("subnet_id"), SUBNET)
    policy_id, inline = view.raw("firewall_policy_id"), view.block("waf_configuration")
    if policy_id is None and inline is not None:
        _inline_waf(builder, view, draft, inline)
    else:
        builder.ref(draft, "waf_policy", policy_id, WAF)
    _ssl_policy(draft, view)
    timeouts = [s.raw("request_timeout") for s in view.blocks("backend_http_settings")]
    known = [scalar(t) for t in timeouts if t is not None]
    if any(t is UNKNOWN for t in known):
        draft.mark_unknown("request_timeout")
    elif known:
        draft.set("request_timeout", max(convert.number(t) for t in known), convert.seconds)
    probes = view.blocks("probe")
    draft.data["probes"] = [{} for _ in probes]
    for position, probe in enumerate(probes):
        base = ("probes", position)
        draft.set((*base, "path"), probe.raw("path"), convert.text)
        draft.set((*base, "protocol"), probe.raw("protocol"), convert.text)
        draft.set((*base, "interval"), probe.raw("interval"), convert.seconds)
        draft.set((*base, "timeout"), probe.raw("timeout"), convert.seconds)
        draft.set((*base, "unhealthy_threshold"), probe.raw("unhealthy_threshold"), convert.integer)
    pools = view.blocks("backend_address_pool")
    draft.data["backend_pools"] = [{} for _ in pools]
    for position, pool in enumerate(pools):
        base = ("backend_pools", position)
        draft.set((*base, "name"), pool.raw("name"), convert.text)
        targets = (
            [*(pool.raw("fqdns") or []), *(pool.raw("ip_addresses") or [])]
            if not (pool.unknown("fqdns") or pool.unknown("ip_addresses"))
            else UNKNOWN
        )
        builder.ref_list(draft, (*base, "targets"), targets)


def _inline_waf(builder: Builder, view: View, gateway: Draft, inline: View) -> None:
    """The legacy inline ``waf_configuration`` as the WAF policy it amounts to (and that Azure
    migrates it to when it retires inline configurations, 15 March 2027), so that the rules
    judge what it enforces instead of taking the gateway for one without a WAF
    (https://learn.microsoft.com/azure/web-application-firewall/ag/policy-overview)."""
    waf_id = builder.unique_id(f"{gateway.id}-waf-configuration")
    waf = builder.new_draft(
        view.resource, "waf_policy", waf_id, order=(view.resource.address, "waf_configuration")
    )
    waf.data["product"] = "application_gateway"
    waf.set("enabled", inline.raw("enabled"), convert.boolean)
    waf.set("mode", inline.raw("firewall_mode"), convert.text)
    rule_set = {"type": _known(inline.get("rule_set_type")) or "OWASP"}  # azurerm's default
    version = _known(inline.get("rule_set_version"))
    waf.data["managed_rule_sets"] = [{**rule_set, "version": version}] if version else []
    if inline.unknown("rule_set_version"):
        waf.mark_unknown("managed_rule_sets")
    gateway.data["waf_policy"] = waf_id


def _ssl_policy(draft: Draft, view: View) -> None:
    policy = view.block("ssl_policy")
    if policy is None:
        if view.unknown("ssl_policy"):
            draft.mark_unknown("min_tls_version")
        elif isinstance(sku := draft.data.get("sku"), str) and not sku.endswith("_v2"):
            # A v1 gateway's default policy is AppGwSslPolicy20150501 (TLS 1.0).
            draft.set("min_tls_version", "AppGwSslPolicy20150501", _tls_of_policy)
        return  # a v2 gateway's default policy (AppGwSslPolicy20220101): TLS 1.2
    minimum = policy.raw("min_protocol_version")
    if minimum is not None:
        draft.set("min_tls_version", minimum, convert.tls)
        return
    name = policy.raw("policy_name")
    if name is not None:
        draft.set("min_tls_version", name, _tls_of_policy)
        return
    disabled = policy.raw("disabled_protocols")
    if disabled == []:
        draft.mark_unknown("min_tls_version")  # which policy Azure then applies is not stated
    elif disabled is not None:
        draft.set("min_tls_version", disabled, _lowest_enabled)


def _tls_of_policy(name: Any) -> str:
    return _SSL_POLICIES[convert.lower(name)]


_PROTOCOLS = (("tlsv1_0", "1.0"), ("tlsv1_1", "1.1"), ("tlsv1_2", "1.2"), ("tlsv1_3", "1.3"))


def _lowest_enabled(disabled: Any) -> str:
    """The oldest TLS version a gateway's ``disabled_protocols`` leaves on."""
    off = {convert.lower(item) for item in disabled}
    unknown = off - {name for name, _ in _PROTOCOLS}
    if unknown:
        raise ValueError(f"unknown protocol {sorted(unknown)[0]!r}")
    return next(version for name, version in _PROTOCOLS if name not in off)


# --- Traffic Manager -------------------------------------------------------------------


@mapper("azurerm_traffic_manager_profile", kind="traffic_manager")
def traffic_manager(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("routing_method", view.raw("traffic_routing_method"), convert.text)
    dns = view.block("dns_config")
    draft.set("dns_ttl", dns.raw("ttl") if dns else UNKNOWN, convert.seconds)
    monitor = view.block("monitor_config")
    if monitor is None:
        return
    base = ("monitor",)
    draft.set((*base, "protocol"), monitor.raw("protocol"), convert.text)
    draft.set((*base, "port"), monitor.raw("port"), convert.integer)
    draft.set((*base, "path"), monitor.raw("path"), convert.text)
    draft.set((*base, "interval"), monitor.raw("interval_in_seconds"), convert.seconds)
    draft.set((*base, "timeout"), monitor.raw("timeout_in_seconds"), convert.seconds)
    draft.set(
        (*base, "tolerated_failures"), monitor.raw("tolerated_number_of_failures"), convert.integer
    )


@mapper(
    "azurerm_traffic_manager_azure_endpoint",
    "azurerm_traffic_manager_external_endpoint",
    "azurerm_traffic_manager_nested_endpoint",
    phase=1,
)
def traffic_manager_endpoint(builder: Builder, view: View, draft: Draft | None) -> None:
    profile = builder.attached_to(
        view.resource, view.raw("profile_id"), ("traffic_manager",), "Traffic Manager profile"
    )
    if profile is None:
        return
    endpoint: dict[str, Any] = {}
    profile.data.setdefault("endpoints", []).append(endpoint)
    sub = profile.sub(endpoint, view.resource)
    sub.set("name", view.raw("name"), convert.text)
    resource_id = view.raw("target_resource_id")
    if resource_id is not None:
        builder.ref(sub, "target", resource_id)
    sub.set("host", view.raw("target"), convert.text)
    sub.set("region", view.raw("endpoint_location"), convert.region)
    sub.set("priority", view.raw("priority"), convert.integer)
    sub.set("weight", view.raw("weight"), convert.integer)
    sub.set("enabled", view.raw("enabled"), convert.boolean)


# --- Bastion ---------------------------------------------------------------------------


@mapper("azurerm_bastion_host", kind="bastion")
def bastion(builder: Builder, view: View, draft: Draft | None) -> None:
    assert draft is not None
    draft.set("name", view.raw("name"), convert.text)
    draft.set("sku", view.raw("sku"), convert.text)
    draft.set("zones", view.raw("zones"), zones)
    ip = view.block("ip_configuration")
    builder.ref(draft, "subnet", ip.raw("subnet_id") if ip else None, SUBNET, required=True)
    if ip is not None:
        builder.ref(draft, "public_ip", ip.raw("public_ip_address_id"), ("public_ip",))
