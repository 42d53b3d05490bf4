"""Checkov's Azure checks that judge what an archlint rule judges, and where the two differ.

Each pair maps one Checkov check on a Terraform resource to the archlint rule that judges the
same property on the component the resource becomes. archlint's verdict on a resource is
"fail" when the rule reports a finding located at that resource's address (and, where
``message`` is given, whose message contains it: SEC002 and NET011 judge several properties);
"pass" otherwise.

The fixtures are ours (``tests/fixtures/oracle/<check>/``, each folder a Terraform root, a
subfolder for another provider major): ``fail.tf`` holds the resources that are wrong per
Azure's documentation, ``pass.tf`` those that are right, ``common.tf`` and ``wiring.tf`` what
they need (not judged). They cover the situations Checkov's own fixtures cover
(bridgecrewio/checkov ``tests/terraform/checks/resource/azure/``), written anew, plus the
argument spellings of azurerm 3.x and 4.x and the provider defaults.

``DISAGREEMENTS`` lists every resource where a tool's verdict is not the file's: the tool that
is wrong, why, and the source. The oracle test fails on any other difference and on an entry
that no longer happens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Tool = Literal["archlint", "checkov"]
# Why the verdicts differ (the README counts them by cause):
Cause = Literal[
    "misread",  # the tool misreads the configuration (a value, a spelling, a block)
    "default",  # a provider or Azure default the tool does not apply
    "effect",  # archlint judges the effect (reachability, a firewall), Checkov the argument
    "property",  # the check judges a neighbouring property (Detection mode, cipher suites)
    "limitation",  # archlint cannot judge it (yet): what it lacks is named
]


@dataclass(frozen=True)
class Pair:
    check: str  # Checkov check id (the fixture folder's name)
    rule: str  # archlint rule id
    prop: str  # the property both judge
    types: tuple[str, ...]  # resource types Checkov judges (those of pass.tf / fail.tf)
    message: str = ""  # part of the archlint message that names this property
    # context archlint needs before the rule applies (Checkov judges unconditionally):
    policies: dict[str, bool] = field(default_factory=dict)
    environment: str | None = None  # declared environment (posture rules judge production)


@dataclass(frozen=True)
class Disagreement:
    wrong: tuple[Tool, ...]  # the tools whose verdict differs from the file's (right per source)
    cause: Cause
    why: str
    source: str
    gives: str = ""  # the wrong tool's verdict when it is not the opposite ("not judged")


NSG = ("azurerm_network_security_group", "azurerm_network_security_rule")
WEB_APPS = ("azurerm_linux_web_app", "azurerm_windows_web_app")
FUNCTION_APPS = ("azurerm_linux_function_app", "azurerm_windows_function_app")

PAIRS: tuple[Pair, ...] = (
    Pair("CKV_AZURE_9", "NET011", "RDP (3389) allowed from the internet", NSG, "RDP (3389)"),
    Pair("CKV_AZURE_10", "NET011", "SSH (22) allowed from the internet", NSG, "SSH (22)"),
    Pair(
        "CKV_AZURE_44",
        "SEC002",
        "storage minimum TLS version",
        ("azurerm_storage_account",),
        "accepts TLS",
    ),
    Pair(
        "CKV_AZURE_3",
        "SEC002",
        "storage secure transfer (HTTPS only)",
        ("azurerm_storage_account",),
        "plain HTTP",
    ),
    Pair("CKV_AZURE_148", "SEC002", "Redis minimum TLS version", ("azurerm_redis_cache",), "TLS"),
    Pair("CKV_AZURE_91", "SEC002", "Redis non-TLS port", ("azurerm_redis_cache",), "non-TLS"),
    Pair(
        "CKV_AZURE_205",
        "SEC002",
        "Service Bus minimum TLS version",
        ("azurerm_servicebus_namespace",),
        "accepts TLS",
    ),
    Pair(
        "CKV_AZURE_223",
        "SEC002",
        "Event Hubs minimum TLS version",
        ("azurerm_eventhub_namespace",),
        "accepts TLS",
    ),
    Pair("CKV_AZURE_15", "SEC002", "Web App minimum TLS version", WEB_APPS, "accepts TLS"),
    Pair(
        "CKV_AZURE_145", "SEC002", "Function App minimum TLS version", FUNCTION_APPS, "accepts TLS"
    ),
    Pair("CKV_AZURE_14", "SEC002", "Web App HTTPS only", WEB_APPS, "plain HTTP"),
    Pair("CKV_AZURE_70", "SEC002", "Function App HTTPS only", FUNCTION_APPS, "plain HTTP"),
    Pair(
        "CKV_AZURE_59",
        "SEC003",
        "storage public network access (with a private endpoint)",
        ("azurerm_storage_account",),
    ),
    Pair(
        "CKV_AZURE_189",
        "SEC003",
        "Key Vault public network access (with a private endpoint)",
        ("azurerm_key_vault",),
    ),
    Pair(
        "CKV_AZURE_204",
        "SEC003",
        "Service Bus public network access (with a private endpoint)",
        ("azurerm_servicebus_namespace",),
    ),
    Pair(
        "CKV_AZURE_89",
        "SEC003",
        "Redis public network access (with a private endpoint)",
        ("azurerm_redis_cache",),
    ),
    Pair(
        "CKV_AZURE_101",
        "SEC003",
        "Cosmos DB public network access (with a private endpoint)",
        ("azurerm_cosmosdb_account",),
    ),
    Pair(
        "CKV_AZURE_190",
        "SEC010",
        "anonymous blob access allowed on the account",
        ("azurerm_storage_account",),
    ),
    Pair(
        "CKV_AZURE_110",
        "SEC011",
        "Key Vault purge protection",
        ("azurerm_key_vault",),
        environment="production",
    ),
    Pair(
        "CKV_AZURE_203",
        "SEC004",
        "Service Bus local (SAS key) authentication",
        ("azurerm_servicebus_namespace",),
        policies={"managed_identity_only": True},
    ),
    Pair(
        "CKV_AZURE_140",
        "SEC004",
        "Cosmos DB local (key) authentication",
        ("azurerm_cosmosdb_account",),
        policies={"managed_identity_only": True},
    ),
    Pair(
        "CKV2_AZURE_40",
        "SEC004",
        "storage shared key authorization",
        ("azurerm_storage_account",),
        policies={"managed_identity_only": True},
    ),
    Pair(
        "CKV_AZURE_192",
        "SEC004",
        "Event Grid topic local (key) authentication",
        ("azurerm_eventgrid_topic",),
        policies={"managed_identity_only": True},
    ),
    Pair(
        "CKV_AZURE_222",
        "SEC003",
        "Web App public network access (with a private endpoint)",
        WEB_APPS,
    ),
    Pair(
        "CKV_AZURE_221",
        "SEC003",
        "Function App public network access (with a private endpoint)",
        FUNCTION_APPS,
    ),
    Pair(
        "CKV_AZURE_193",
        "SEC003",
        "Event Grid topic public network access (with a private endpoint)",
        ("azurerm_eventgrid_topic",),
    ),
    Pair(
        "CKV_AZURE_122",
        "SEC005",
        "Application Gateway WAF policy enabled (and enforcing)",
        ("azurerm_web_application_firewall_policy",),
        environment="production",
    ),
    Pair(
        "CKV_AZURE_123",
        "SEC005",
        "Front Door (classic) WAF policy enabled (and enforcing)",
        ("azurerm_frontdoor_firewall_policy",),
        environment="production",
    ),
    Pair(
        "CKV_AZURE_218",
        "SEC002",
        "Application Gateway minimum TLS version (its SSL policy)",
        ("azurerm_application_gateway",),
        "accepts TLS",
    ),
    Pair(
        "CKV_AZURE_120",
        "SEC005",
        "internet-facing Application Gateway with a WAF",
        ("azurerm_application_gateway",),
        environment="production",
    ),
    Pair(
        "CKV_AZURE_71",
        "SEC008",
        "managed identity on a Web App (that calls Azure services)",
        WEB_APPS,
    ),
    Pair(
        "CKV_AZURE_225",
        "ZR005",
        "App Service plan zone redundancy",
        ("azurerm_service_plan",),
        environment="production",
    ),
)

_NSG_DOCS = "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview"
_ALL_IPV4 = Disagreement(
    ("checkov",),
    "misread",
    "0.0.0.0/0 is every IPv4 address, the internet; Checkov matches the literal strings "
    "'0.0.0.0' and '/0' (and '*', 'Internet', 'Any'), not '0.0.0.0/0'",
    _NSG_DOCS,
)
_NOTHING_EXPOSED = Disagreement(
    ("checkov",),
    "effect",
    "the NSG guards nothing with a public IP: a source of '*' admits the VNet, its peers and "
    "on-premises networks, and private addresses are not routed from the internet (NET011's "
    "Notes: archlint judges reachability, Checkov the rule text alone)",
    "https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses",
)


def _firewall(source: str, what: str) -> Disagreement:
    return Disagreement(
        ("checkov",),
        "effect",
        f"public access is on but {what} denies by default: only the networks it lists reach "
        "the service, which is what SEC003 asks of a component with a private endpoint; "
        "Checkov reads public_network_access_enabled alone",
        source,
    )


def _default(setting: str, source: str) -> Disagreement:
    return Disagreement(
        ("checkov",),
        "default",
        f"the argument is left out and the provider's default is {setting}; Checkov fails "
        "any resource that does not set it",
        source,
    )


def _detection(source: str) -> Disagreement:
    return Disagreement(
        ("checkov",),
        "property",
        "a WAF in Detection mode logs attacks and blocks none: SEC005 judges whether the WAF "
        "enforces; Checkov fails only a disabled policy (its title accepts either mode)",
        source,
    )


_DETECTION = _detection(
    "https://learn.microsoft.com/azure/web-application-firewall/ag/ag-overview#waf-modes"
)
_DETECTION_FRONT_DOOR = _detection(
    "https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-policy-settings#waf-mode"
)

_SSL_POLICIES = (
    "https://learn.microsoft.com/azure/application-gateway/application-gateway-ssl-policy-overview"
)
_CIPHERS = Disagreement(
    ("checkov",),
    "property",
    "the policy's minimum is TLS 1.2, the property SEC002 judges; Checkov also judges cipher "
    "suites (it accepts only AppGwSslPolicy20220101S among predefined policies and fails CBC "
    "suites), a stricter property archlint has no rule for",
    _SSL_POLICIES,
)

_IDENTITY_DOCS = "https://learn.microsoft.com/azure/app-service/overview-managed-identity"
_KV_REFERENCE = Disagreement(
    ("archlint",),
    "limitation",
    "the app reads a Key Vault secret through a Key Vault reference in its app settings, which "
    "needs a managed identity; archlint's Terraform importer does not turn "
    "@Microsoft.KeyVault(...) values into the model's secret references (the YAML spec has "
    "them), so SEC008 sees no call to Key Vault",
    "https://learn.microsoft.com/azure/app-service/app-service-key-vault-references",
)

_ACL_ALLOW = Disagreement(
    ("checkov",),
    "misread",
    "network_acls lists IP rules or subnets but its default_action is Allow, so every "
    "network still reaches the vault; Checkov passes any ACL that lists an address or subnet",
    "https://learn.microsoft.com/azure/key-vault/general/network-security",
)

_REDIS_DOCS = (
    "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/redis_cache"
)
_STORAGE_DOCS = "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/storage_account"

# (check, fixture folder relative to tests/fixtures/oracle, resource address) -> who is wrong
DISAGREEMENTS: dict[tuple[str, str, str], Disagreement] = {
    ("CKV_AZURE_9", "CKV_AZURE_9", "azurerm_network_security_rule.all_ipv4_source"): _ALL_IPV4,
    (
        "CKV_AZURE_9",
        "CKV_AZURE_9",
        "azurerm_network_security_rule.all_ipv4_among_prefixes",
    ): _ALL_IPV4,
    ("CKV_AZURE_10", "CKV_AZURE_10", "azurerm_network_security_rule.all_ipv4_source"): _ALL_IPV4,
    (
        "CKV_AZURE_10",
        "CKV_AZURE_10",
        "azurerm_network_security_rule.all_ipv4_among_prefixes",
    ): _ALL_IPV4,
    (
        "CKV_AZURE_9",
        "CKV_AZURE_9",
        "azurerm_network_security_rule.star_source_nothing_exposed",
    ): _NOTHING_EXPOSED,
    (
        "CKV_AZURE_10",
        "CKV_AZURE_10",
        "azurerm_network_security_rule.star_source_nothing_exposed",
    ): _NOTHING_EXPOSED,
    ("CKV_AZURE_44", "CKV_AZURE_44", "azurerm_storage_account.tlsdefault"): _default(
        "TLS1_2", _STORAGE_DOCS
    ),
    ("CKV_AZURE_205", "CKV_AZURE_205", "azurerm_servicebus_namespace.tlsdefault"): _default(
        "1.2",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/servicebus_namespace",
    ),
    ("CKV_AZURE_148", "CKV_AZURE_148", "azurerm_redis_cache.tlsdefault"): _default(
        "1.2 (azurerm 4.x)", _REDIS_DOCS
    ),
    ("CKV_AZURE_148", "CKV_AZURE_148/azurerm3", "azurerm_redis_cache.tlsdefault_v3"): Disagreement(
        ("checkov",),
        "default",
        "azurerm 3.x defaults minimum_tls_version to 1.0, but Azure Cache for Redis has "
        "accepted only TLS 1.2 on caches created since March 2024 (TLS 1.0/1.1 retired): the "
        "cache gets 1.2 (an explicit 1.0 stays a finding: the configuration asks for it)",
        "https://learn.microsoft.com/azure/azure-cache-for-redis/cache-remove-tls-10-11",
    ),
    ("CKV_AZURE_91", "CKV_AZURE_91", "azurerm_redis_cache.nonssl_on"): Disagreement(
        ("checkov",),
        "misread",
        "azurerm 4.x renamed enable_non_ssl_port to non_ssl_port_enabled; Checkov reads only "
        "the 3.x name, so a 4.x cache with its non-TLS port on passes",
        _REDIS_DOCS,
    ),
    ("CKV_AZURE_3", "CKV_AZURE_3", "azurerm_storage_account.httpoff"): Disagreement(
        ("checkov",),
        "misread",
        "azurerm 4.x renamed enable_https_traffic_only to https_traffic_only_enabled; Checkov "
        "reads only the 3.x name, so a 4.x account that takes plain HTTP passes",
        _STORAGE_DOCS,
    ),
    ("CKV_AZURE_189", "CKV_AZURE_189", "azurerm_key_vault.acl_allow_with_ips"): _ACL_ALLOW,
    ("CKV_AZURE_189", "CKV_AZURE_189", "azurerm_key_vault.acl_allow_with_subnets"): _ACL_ALLOW,
    ("CKV_AZURE_59", "CKV_AZURE_59", "azurerm_storage_account.firewalldeny"): _firewall(
        "https://learn.microsoft.com/azure/storage/common/storage-network-security",
        "the storage firewall (network_rules default_action Deny)",
    ),
    ("CKV_AZURE_204", "CKV_AZURE_204", "azurerm_servicebus_namespace.ruleset_deny"): _firewall(
        "https://learn.microsoft.com/azure/service-bus-messaging/service-bus-ip-filtering",
        "the namespace's network rule set (default_action Deny)",
    ),
    ("CKV_AZURE_101", "CKV_AZURE_101", "azurerm_cosmosdb_account.ipfilter"): _firewall(
        "https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall",
        "the account's IP filter (ip_range_filter)",
    ),
    ("CKV_AZURE_70", "CKV_AZURE_70", "azurerm_linux_function_app.httpson_auth_http"): Disagreement(
        ("checkov",),
        "effect",
        "https_only redirects every HTTP request to HTTPS before it reaches the app or its "
        "authentication module; auth_settings_v2.require_https only lets the module accept "
        "callbacks without the https scheme, which no plain-HTTP request gets to",
        "https://learn.microsoft.com/azure/app-service/configure-ssl-bindings#enforce-https",
    ),
    (
        "CKV_AZURE_140",
        "CKV_AZURE_140",
        "azurerm_cosmosdb_account.localdefault_nokind",
    ): Disagreement(
        ("checkov",),
        "misread",
        "kind is left out and defaults to GlobalDocumentDB, which accepts keys; Checkov judges "
        "only an account that spells kind out",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/cosmosdb_account",
        gives="not judged",
    ),
    (
        "CKV_AZURE_122",
        "CKV_AZURE_122",
        "azurerm_web_application_firewall_policy.detection",
    ): _DETECTION,
    (
        "CKV_AZURE_122",
        "CKV_AZURE_122",
        "azurerm_web_application_firewall_policy.detection_only_mode",
    ): _DETECTION,
    (
        "CKV_AZURE_123",
        "CKV_AZURE_123",
        "azurerm_frontdoor_firewall_policy.detection",
    ): _DETECTION_FRONT_DOOR,
    ("CKV_AZURE_123", "CKV_AZURE_123", "azurerm_frontdoor_firewall_policy.disabled"): Disagreement(
        ("checkov",),
        "misread",
        "azurerm_frontdoor_firewall_policy sets enabled and mode as top-level arguments; "
        "Checkov looks for them in a policy_settings block (the Application Gateway policy's), "
        "which this resource does not have, so a disabled policy passes",
        "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/frontdoor_firewall_policy",
    ),
    ("CKV_AZURE_193", "CKV_AZURE_193", "azurerm_eventgrid_topic.inbound_ip_rule"): Disagreement(
        ("archlint", "checkov"),
        "limitation",
        "an inbound IP rule makes the topic's public endpoint reject every other address (403), "
        "the firewall that SEC003 accepts on storage, Key Vault or Service Bus; archlint's Event "
        "Grid topic has no firewall setting yet (model, importer and both generators would "
        "change), and Checkov reads public_network_access_enabled alone",
        "https://learn.microsoft.com/azure/event-grid/network-security#ip-firewall",
    ),
    (
        "CKV_AZURE_9",
        "CKV_AZURE_9",
        "azurerm_network_security_rule.nsg_outside_configuration",
    ): Disagreement(
        ("archlint",),
        "limitation",
        "the rule belongs to an NSG outside the configuration, so whether it guards anything "
        "with a public IP cannot be known: archlint says so (TF005, not evaluated) instead of "
        "guessing; Checkov judges the rule's text",
        _NSG_DOCS,
        gives="not judged",
    ),
    ("CKV_AZURE_218", "CKV_AZURE_218", "azurerm_application_gateway.predefined_2022"): _CIPHERS,
    (
        "CKV_AZURE_218",
        "CKV_AZURE_218",
        "azurerm_application_gateway.custom_tls12_cbc_cipher",
    ): _CIPHERS,
    ("CKV_AZURE_218", "CKV_AZURE_218", "azurerm_application_gateway.policy_default"): Disagreement(
        ("checkov",),
        "default",
        "no ssl_policy: Azure applies its default policy, AppGwSslPolicy20220101 (minimum TLS "
        "1.2) for gateways created with API version 2023-02-01 or later, which the azurerm "
        "versions pinned here use; Checkov fails any gateway that does not spell a policy out",
        _SSL_POLICIES,
    ),
    ("CKV_AZURE_71", "CKV_AZURE_71", "azurerm_linux_web_app.kvref_no_identity"): _KV_REFERENCE,
    (
        "CKV_AZURE_71",
        "CKV_AZURE_71",
        "azurerm_windows_web_app.win_kvref_literal_no_identity",
    ): _KV_REFERENCE,
    (
        "CKV_AZURE_71",
        "CKV_AZURE_71",
        "azurerm_linux_web_app.calls_nothing_no_identity",
    ): Disagreement(
        ("checkov",),
        "effect",
        "the app calls no Azure service and holds no role: an identity would serve nothing "
        "(SEC008 judges workloads that call a service or hold a role); Checkov asks every app "
        "for one",
        _IDENTITY_DOCS,
    ),
}
