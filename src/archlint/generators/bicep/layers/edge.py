"""Edge: WAF policies, Front Door, Application Gateway, Traffic Manager, Bastion."""

from __future__ import annotations

from datetime import timedelta

from archlint.generators.bicep.core import Bicep, Param
from archlint.generators.bicep.layers.apim import api_management
from archlint.generators.bicep.layers.common import (
    MINUTE,
    SECOND,
    enabled,
    sub_resource,
    subnet_region,
)
from archlint.generators.bicep.writer import BExpr
from archlint.generators.common import (
    PRIVATE_LINK_CONFIGURATION,
    alphanumeric_name,
    gateway_tier,
    private_link_frontend,
    private_link_problem,
    whole,
)


def edge(b: Bicep) -> None:
    layer = "edge"
    e = b.architecture.edge
    api_management(b)
    skus = {fd.waf_policy: fd.sku for fd in e.front_doors if fd.waf_policy}
    for policy in e.waf_policies:
        rule_sets = [(r.type, r.version, r.action) for r in policy.managed_rule_sets]
        if policy.product == "front_door":
            if policy.bot_protection:
                rule_sets.append(("Microsoft_BotManagerRuleSet", "1.1", "Block"))
            b.add(
                layer,
                "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies",
                b.symbols[policy.id],
                alphanumeric_name(policy.resource_name, 128),
                {
                    "location": "Global",
                    "tags": b.tags(policy),
                    "sku": {"name": skus.get(policy.id, "Premium_AzureFrontDoor")},
                    "properties": {
                        "policySettings": {
                            "enabledState": enabled(policy.enabled),
                            "mode": policy.mode,
                        },
                        "managedRules": {
                            "managedRuleSets": [
                                {
                                    "ruleSetType": t,
                                    "ruleSetVersion": v,
                                    "ruleSetAction": a or "Block",
                                }
                                for t, v, a in rule_sets
                            ]
                        },
                        "customRules": {
                            "rules": [
                                {
                                    "name": alphanumeric_name(rule.name, 128),
                                    "priority": 100 + index,
                                    "enabledState": "Enabled",
                                    "ruleType": "RateLimitRule",
                                    "rateLimitDurationInMinutes": whole(rule.window, MINUTE),
                                    "rateLimitThreshold": rule.threshold,
                                    "action": rule.action,
                                    "matchConditions": [
                                        {
                                            "matchVariable": "RemoteAddr",
                                            "operator": "IPMatch",
                                            "matchValue": ["0.0.0.0/0", "::/0"],
                                        }
                                    ],
                                }
                                for index, rule in enumerate(policy.rate_limit_rules)
                            ]
                        },
                    },
                },
            )
        else:
            if policy.bot_protection:
                rule_sets.append(("Microsoft_BotManagerRuleSet", "1.0", None))
            b.add(
                layer,
                "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies",
                b.symbols[policy.id],
                policy.resource_name,
                {
                    "location": b.location(),
                    "tags": b.tags(policy),
                    "properties": {
                        "policySettings": {
                            "state": enabled(policy.enabled),
                            "mode": policy.mode,
                            "requestBodyCheck": True,
                        },
                        "managedRules": {
                            "managedRuleSets": [
                                {"ruleSetType": t, "ruleSetVersion": v} for t, v, _ in rule_sets
                            ]
                        },
                        "customRules": [
                            {
                                "name": alphanumeric_name(rule.name, 128),
                                "priority": 10 + index,
                                "ruleType": "RateLimitRule",
                                "action": rule.action,
                                "rateLimitDuration": "OneMin"
                                if rule.window <= MINUTE
                                else "FiveMins",
                                "rateLimitThreshold": rule.threshold,
                                "groupByUserSession": [
                                    {"groupByVariables": [{"variableName": "ClientAddr"}]}
                                ],
                                "matchConditions": [
                                    {
                                        "matchVariables": [{"variableName": "RemoteAddr"}],
                                        "operator": "IPMatch",
                                        "matchValues": ["0.0.0.0/0", "::/0"],
                                    }
                                ],
                            }
                            for index, rule in enumerate(policy.rate_limit_rules)
                        ]
                        or None,
                    },
                },
            )
    for front_door in e.front_doors:
        _front_door(b, front_door)
    for gateway in e.application_gateways:
        _gateway(b, gateway)
    for manager in e.traffic_managers:
        symbol = b.symbols[manager.id]
        monitor = manager.monitor
        b.add(
            layer,
            "Microsoft.Network/trafficmanagerprofiles",
            symbol,
            manager.resource_name,
            {
                "location": "global",
                "tags": b.tags(manager),
                "properties": {
                    "profileStatus": "Enabled",
                    "trafficRoutingMethod": manager.routing_method,
                    "dnsConfig": {
                        "relativeName": manager.resource_name,
                        "ttl": whole(manager.dns_ttl, SECOND),
                    },
                    "monitorConfig": {
                        "protocol": monitor.protocol,
                        "port": monitor.port,
                        "path": monitor.path if monitor.protocol != "TCP" else None,
                        "intervalInSeconds": whole(monitor.interval, SECOND),
                        "timeoutInSeconds": whole(monitor.timeout, SECOND),
                        "toleratedNumberOfFailures": monitor.tolerated_failures,
                    },
                },
            },
        )
        for endpoint in manager.endpoints:
            target = host_name(b, endpoint.target) if endpoint.target else None
            if not endpoint.deployed or (target is None and endpoint.host is None):
                why = "not deployed yet" if not endpoint.deployed else "no host name"
                b.note(
                    layer,
                    f"Traffic Manager '{manager.id}' endpoint '{endpoint.name}': "
                    f"{why}; not generated",
                )
                continue
            b.add(
                layer,
                "Microsoft.Network/trafficmanagerprofiles/externalEndpoints",
                b.new_symbol(f"{manager.id}-{endpoint.name}"),
                endpoint.name,
                {
                    "properties": {
                        "target": target if target is not None else endpoint.host,
                        "endpointStatus": enabled(endpoint.enabled),
                        "endpointLocation": endpoint.region,
                        "priority": endpoint.priority,
                        "weight": endpoint.weight,
                    }
                },
                parent=symbol,
            )
    for bastion in e.bastions:
        region = subnet_region(b, bastion.subnet)
        entry = b.architecture.index.by_id.get(bastion.subnet)
        developer = bastion.sku == "Developer"
        public_ip = b.ref(bastion.public_ip) if bastion.public_ip else None
        if public_ip is None and not developer:
            ip = b.new_symbol(f"{bastion.id}-ip")
            b.add(
                layer,
                "Microsoft.Network/publicIPAddresses",
                ip,
                f"pip-{bastion.resource_name}",
                {
                    "location": b.location(region),
                    "sku": {"name": "Standard"},
                    "properties": {"publicIPAllocationMethod": "Static"},
                },
            )
            public_ip = BExpr.symbol(ip, "id")
        b.add(
            layer,
            "Microsoft.Network/bastionHosts",
            b.symbols[bastion.id],
            bastion.resource_name,
            {
                "location": b.location(region),
                "tags": b.tags(bastion),
                "sku": {"name": bastion.sku},
                "zones": [str(z) for z in bastion.zones] or None,
                "properties": {"virtualNetwork": sub_resource(b.ref(entry.parent.id))}
                if developer and entry and entry.parent
                else {
                    "ipConfigurations": [
                        {
                            "name": "ipconfig",
                            "properties": {
                                "subnet": sub_resource(b.ref(bastion.subnet)),
                                "publicIPAddress": sub_resource(public_ip),
                            },
                        }
                    ]
                },
            },
        )


def host_name(b: Bicep, component_id: str | None) -> BExpr | None:
    component = b.component(component_id)
    if component is None:
        return None
    if component.kind in ("function_app", "web_app", "logic_app"):
        return b.ref(component.id, "properties.defaultHostName")
    if component.kind == "public_ip":
        return b.ref(component.id, "properties.ipAddress")
    public_ip = getattr(component, "public_ip", None)
    if component.kind == "application_gateway" and public_ip:
        return b.ref(public_ip, "properties.ipAddress")
    if component.kind == "front_door" and getattr(component, "endpoints", None):
        symbol = b.endpoint_symbols.get((component.id, component.endpoints[0]))
        return BExpr.symbol(symbol, "properties.hostName") if symbol else None
    if component.kind == "traffic_manager":
        return b.ref(component.id, "properties.dnsConfig.fqdn")
    return None


def _front_door(b: Bicep, front_door) -> None:
    layer = "edge"
    profile = b.symbols[front_door.id]
    if front_door.existing:
        name = b.param(
            Param(
                "existingFrontDoorId",
                "string",
                f"Resource id of the existing Front Door profile of "
                f"{front_door.label()} (in this resource group).",
            )
        )
        b.add(
            layer,
            "Microsoft.Cdn/profiles",
            profile,
            name.wrap(f"last(split({name.text}, '/'))"),
            {},
        ).existing = True
    else:
        b.add(
            layer,
            "Microsoft.Cdn/profiles",
            profile,
            front_door.resource_name,
            {
                "location": "global",
                "tags": b.tags(front_door),
                "sku": {"name": front_door.sku},
                "properties": {
                    "originResponseTimeoutSeconds": whole(front_door.response_timeout, SECOND)
                },
            },
        )
    endpoints = []
    for endpoint in front_door.endpoints:
        symbol = b.endpoint_symbols[(front_door.id, endpoint)]
        endpoints.append(symbol)
        b.add(
            layer,
            "Microsoft.Cdn/profiles/afdEndpoints",
            symbol,
            endpoint,
            {
                "location": "global",
                "tags": b.tags(front_door),
                "properties": {"enabledState": "Enabled"},
            },
            parent=profile,
        )
    groups: dict[str, tuple[str, list[str]]] = {}
    for group in front_door.origin_groups:
        symbol = b.new_symbol(f"{front_door.id}-{group.name}")
        probe = group.health_probe
        b.add(
            layer,
            "Microsoft.Cdn/profiles/originGroups",
            symbol,
            group.name,
            {
                "properties": {
                    "loadBalancingSettings": {
                        "sampleSize": group.sample_size,
                        "successfulSamplesRequired": group.successful_samples_required,
                        "additionalLatencyInMilliseconds": whole(
                            group.additional_latency, timedelta(milliseconds=1)
                        ),
                    },
                    "healthProbeSettings": {
                        "probePath": probe.path,
                        "probeProtocol": "Http" if probe.protocol == "Http" else "Https",
                        "probeIntervalInSeconds": whole(probe.interval, SECOND),
                        "probeRequestType": "HEAD",
                    },
                    "sessionAffinityState": "Disabled",
                }
            },
            parent=profile,
        )
        origins = []
        for origin in group.origins:
            host = host_name(b, origin.target) if origin.target else None
            if host is None and origin.host is None:
                b.note(
                    layer,
                    f"origin '{origin.name}' of '{front_door.id}': no host name for "
                    f"'{origin.target}'; not generated",
                )
                continue
            link = origin.private_link
            problem = private_link_problem(b.architecture, link) if link else None
            if link and problem:
                b.note(layer, f"origin '{origin.name}': no Private Link: {problem}")
            shared = None
            if link and b.ref(link.target) and problem is None:
                shared = {
                    "privateLink": sub_resource(b.ref(link.target)),
                    "groupId": link.subresource,
                    "privateLinkLocation": link.region,
                    "requestMessage": f"Front Door {front_door.resource_name}",
                }
            origin_symbol = b.new_symbol(f"{front_door.id}-{group.name}-{origin.name}")
            origins.append(origin_symbol)
            value = host if host is not None else origin.host
            b.add(
                layer,
                "Microsoft.Cdn/profiles/originGroups/origins",
                origin_symbol,
                origin.name,
                {
                    "properties": {
                        "hostName": value,
                        "originHostHeader": value,
                        "priority": origin.priority,
                        "weight": origin.weight,
                        "enabledState": enabled(origin.enabled),
                        "enforceCertificateNameCheck": True,
                        "sharedPrivateLinkResource": shared,
                    }
                },
                parent=symbol,
            )
        groups[group.name] = (symbol, origins)
    for route in front_door.routes:
        if route.origin_group not in groups or not endpoints:
            b.note(
                layer,
                f"route '{route.name}' of '{front_door.id}': no endpoint or origin "
                f"group '{route.origin_group}'; not generated",
            )
            continue
        group_symbol, origins = groups[route.origin_group]
        for endpoint in endpoints:
            b.add(
                layer,
                "Microsoft.Cdn/profiles/afdEndpoints/routes",
                b.new_symbol(f"{endpoint}-{route.name}"),
                route.name,
                {
                    "properties": {
                        "originGroup": sub_resource(BExpr.symbol(group_symbol, "id")),
                        "supportedProtocols": ["Http", "Https"]
                        if route.https_redirect
                        else ["Https"],
                        "patternsToMatch": route.patterns,
                        "forwardingProtocol": route.forwarding_protocol,
                        "linkToDefaultDomain": "Enabled",
                        "httpsRedirect": enabled(route.https_redirect),
                    }
                },
                parent=endpoint,
                depends_on=tuple(origins),
            )
    waf = b.ref(front_door.waf_policy) if front_door.waf_policy else None
    if waf is not None and endpoints:
        b.add(
            layer,
            "Microsoft.Cdn/profiles/securityPolicies",
            b.new_symbol(f"{front_door.id}-waf"),
            f"{front_door.resource_name}-waf",
            {
                "properties": {
                    "parameters": {
                        "type": "WebApplicationFirewall",
                        "wafPolicy": sub_resource(waf),
                        "associations": [
                            {
                                "domains": [sub_resource(BExpr.symbol(s, "id")) for s in endpoints],
                                "patternsToMatch": ["/*"],
                            }
                        ],
                    }
                }
            },
            parent=profile,
        )


def _gateway(b: Bicep, gateway) -> None:
    layer = "edge"
    name = gateway.resource_name
    symbol = b.symbols[gateway.id]
    region = subnet_region(b, gateway.subnet)
    # The certificate's identity is an input, as in Terraform: it must hold Key Vault Secrets
    # User on the certificate's vault before the gateway is created.
    identity = b.param(
        Param(
            f"{symbol}IdentityId",
            "string",
            f"Resource id of the user-assigned identity {gateway.label()} reads its TLS "
            "certificate from Key Vault with (it needs Key Vault Secrets User on that vault).",
        )
    )
    certificate = b.param(
        Param(
            f"{symbol}CertificateSecretId",
            "string",
            f"Key Vault secret id of the TLS certificate {gateway.label()} "
            "serves (an id, not the certificate).",
        )
    )

    def child(kind: str, child_name: str) -> BExpr:
        return BExpr(
            f"resourceId('Microsoft.Network/applicationGateways/{kind}', '{name}', '{child_name}')"
        )

    frontend = "public" if gateway.public_ip else "private"
    frontend_properties: dict = (
        {"publicIPAddress": sub_resource(b.ref(gateway.public_ip))}
        if gateway.public_ip
        else {"subnet": sub_resource(b.ref(gateway.subnet)), "privateIPAllocationMethod": "Dynamic"}
    )
    private_links = None
    linked = private_link_frontend(b.architecture, gateway)
    link_subnet = b.ref(gateway.private_link_subnet)
    if linked and link_subnet is not None:
        frontend = linked  # Front Door's Private Link names the frontend that carries it
        frontend_properties["privateLinkConfiguration"] = sub_resource(
            child("privateLinkConfigurations", PRIVATE_LINK_CONFIGURATION)
        )
        ip_configuration = {
            "subnet": sub_resource(link_subnet),
            "privateIPAllocationMethod": "Dynamic",
            "primary": True,
        }
        private_links = [
            {
                "name": PRIVATE_LINK_CONFIGURATION,
                "properties": {
                    "ipConfigurations": [
                        {"name": PRIVATE_LINK_CONFIGURATION, "properties": ip_configuration}
                    ]
                },
            }
        ]
    pools, settings = [], []
    for pool in gateway.backend_pools:
        hosts = [host_name(b, t) for t in pool.targets]
        pools.append(
            {
                "name": pool.name,
                "properties": {"backendAddresses": [{"fqdn": h} for h in hosts if h is not None]},
            }
        )
        settings.append(
            {
                "name": pool.name,
                "properties": {
                    "port": 443,
                    "protocol": "Https",
                    "cookieBasedAffinity": "Disabled",
                    "requestTimeout": whole(gateway.request_timeout, SECOND),
                    "pickHostNameFromBackendAddress": True,
                    "probe": sub_resource(child("probes", "probe-1")) if gateway.probes else None,
                },
            }
        )
    rules = []
    if gateway.backend_pools:
        first = gateway.backend_pools[0].name
        rules.append(
            {
                "name": first,
                "properties": {
                    "ruleType": "Basic",
                    "priority": 100,
                    "httpListener": sub_resource(child("httpListeners", "https")),
                    "backendAddressPool": sub_resource(child("backendAddressPools", first)),
                    "backendHttpSettings": sub_resource(
                        child("backendHttpSettingsCollection", first)
                    ),
                },
            }
        )
    policy = {"1.3": {"policyType": "CustomV2", "minProtocolVersion": "TLSv1_3"}}.get(
        gateway.min_tls_version,
        {
            "policyType": "Predefined",
            "policyName": {"1.0": "AppGwSslPolicy20150501", "1.1": "AppGwSslPolicy20170401"}.get(
                gateway.min_tls_version, "AppGwSslPolicy20220101S"
            ),
        },
    )
    b.add(
        layer,
        "Microsoft.Network/applicationGateways",
        symbol,
        name,
        {
            "location": b.location(region),
            "tags": b.tags(gateway),
            "zones": [str(z) for z in gateway.zones] or None,
            "identity": {
                "type": "UserAssigned",
                "userAssignedIdentities": {identity: {}},
            },
            "properties": {
                "sku": {
                    "name": gateway.sku,
                    "tier": gateway_tier(gateway.sku),
                    "capacity": None if gateway.autoscale else 2,
                },
                "autoscaleConfiguration": {
                    "minCapacity": gateway.autoscale.min,
                    "maxCapacity": gateway.autoscale.max,
                }
                if gateway.autoscale
                else None,
                "firewallPolicy": sub_resource(b.ref(gateway.waf_policy))
                if gateway.waf_policy
                else None,
                "enableHttp2": True,
                "gatewayIPConfigurations": [
                    {
                        "name": "gateway",
                        "properties": {"subnet": sub_resource(b.ref(gateway.subnet))},
                    }
                ],
                "frontendIPConfigurations": [{"name": frontend, "properties": frontend_properties}],
                "privateLinkConfigurations": private_links,
                "frontendPorts": [{"name": "https", "properties": {"port": 443}}],
                "sslCertificates": [
                    {"name": "default", "properties": {"keyVaultSecretId": certificate}}
                ],
                "sslPolicy": policy,
                "httpListeners": [
                    {
                        "name": "https",
                        "properties": {
                            "frontendIPConfiguration": sub_resource(
                                child("frontendIPConfigurations", frontend)
                            ),
                            "frontendPort": sub_resource(child("frontendPorts", "https")),
                            "protocol": "Https",
                            "sslCertificate": sub_resource(child("sslCertificates", "default")),
                        },
                    }
                ],
                "probes": [
                    {
                        "name": f"probe-{index}",
                        "properties": {
                            "protocol": "Http" if probe.protocol == "Http" else "Https",
                            "path": probe.path,
                            "interval": whole(probe.interval, SECOND),
                            "timeout": whole(probe.timeout or timedelta(seconds=30), SECOND),
                            "unhealthyThreshold": probe.unhealthy_threshold or 3,
                            "pickHostNameFromBackendHttpSettings": True,
                        },
                    }
                    for index, probe in enumerate(gateway.probes, start=1)
                ]
                or None,
                "backendAddressPools": pools,
                "backendHttpSettingsCollection": settings,
                "requestRoutingRules": rules,
            },
        },
    )
