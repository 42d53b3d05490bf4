"""``generate_terraform``: complete, schema-valid, fmt-clean, deterministic azurerm 4.x."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archlint.generators.common import iso8601, safe_identifier
from archlint.generators.output import write_files
from archlint.generators.terraform import AZURERM_CONSTRAINT, FILES, generate_terraform
from archlint.importers.provider_schema import load_schema, validate_block
from archlint.importers.provider_version import choose_schema
from archlint.loader import load_spec_text
from archlint.model import Architecture
from tests.conftest import SEED_SPEC
from tests.generators.conftest import (
    VARIANTS_SPEC,
    ParsedConfig,
    load,
    strings,
    terraform_fmt_check,
    unquote,
)

LAYER_FILES = {
    "providers.tf",
    "network.tf",
    "messaging.tf",
    "compute.tf",
    "data.tf",
    "edge.tf",
    "monitoring.tf",
    "dr.tf",
    "variables.tf",
    "outputs.tf",
}


@pytest.fixture(scope="module")
def seed_files(seed: Architecture) -> dict[str, str]:
    return generate_terraform(seed)


@pytest.fixture(scope="module")
def seed_config(seed_files: dict[str, str]) -> ParsedConfig:
    return ParsedConfig.parse(seed_files)


@pytest.fixture(scope="module")
def variant_files(variants: Architecture) -> dict[str, str]:
    return generate_terraform(variants)


@pytest.fixture(scope="module")
def variant_config(variant_files: dict[str, str]) -> ParsedConfig:
    return ParsedConfig.parse(variant_files)


# --- shape ---------------------------------------------------------------------------------


def test_one_file_per_layer(seed_files: dict[str, str]) -> None:
    # security.tf holds the security layer (identities, Key Vaults, role assignments).
    assert set(seed_files) == LAYER_FILES | {"security.tf"}
    assert tuple(seed_files) == FILES


def test_provider_is_pinned_to_the_offline_schema_version(seed_config: ParsedConfig) -> None:
    (_, terraform), *_ = seed_config.top("terraform")
    azurerm = terraform["required_providers"][0]["azurerm"]
    assert unquote(azurerm["source"]) == "hashicorp/azurerm"
    assert unquote(azurerm["version"]) == AZURERM_CONSTRAINT == "~> 4.55"
    # The constraint admits the version the shipped 4.x schema was extracted from, so the
    # importer judges archlint's own output by that schema.
    chosen = choose_schema(AZURERM_CONSTRAINT, None)
    assert chosen.schema_major == 4 and chosen.schema_version == load_schema(4).version


def test_output_is_deterministic(seed_files: dict[str, str]) -> None:
    again = generate_terraform(load(SEED_SPEC))
    assert again == seed_files


# --- terraform fmt ---------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [SEED_SPEC, VARIANTS_SPEC], ids=["seed", "variants"])
def test_output_is_terraform_fmt_clean(spec: Path, tmp_path: Path) -> None:
    write_files(tmp_path, generate_terraform(load(spec)))
    result = terraform_fmt_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


# --- provider schema -------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["seed_config", "variant_config"])
def test_every_resource_matches_the_azurerm_schema(which: str, request) -> None:
    """Types, arguments, nested blocks and required arguments against the azurerm 4.x schema."""
    config: ParsedConfig = request.getfixturevalue(which)
    resources = config.resources()
    assert len(resources) > 50
    problems = [
        f"{resource.file}: {resource.type}.{resource.name}: {problem}"
        for resource in resources
        for problem in validate_block(resource.type, resource.body)
    ]
    assert problems == []


def test_schema_check_catches_a_wrong_argument(seed_files: dict[str, str]) -> None:
    """The check above can fail: an azurerm 3.x argument name is reported."""
    text = seed_files["messaging.tf"].replace("partitioning_enabled", "enable_partitioning", 1)
    queue = next(r for r in ParsedConfig.parse({"m.tf": text}).of_type("azurerm_servicebus_queue"))
    problems = validate_block(queue.type, queue.body)
    assert [p.kind for p in problems] == ["unknown_argument"]


# --- references ------------------------------------------------------------------------------

_REFERENCE = re.compile(r"\b(azurerm_[a-z0-9_]+|data\.[a-z0-9_]+|var|local)\.([A-Za-z0-9_-]+)")


def _interpolations(value: str) -> list[str]:
    return re.findall(r"\$\{([^}]*)\}", value.replace("$${", ""))


@pytest.mark.parametrize("which", ["seed_config", "variant_config"])
def test_every_reference_resolves(which: str, request) -> None:
    """References are Terraform expressions, and each one names something declared here."""
    config: ParsedConfig = request.getfixturevalue(which)
    declared = {f"{r.type}.{r.name}" for r in config.resources()}
    declared |= {f"data.{r.type}.{r.name}" for r in config.resources("data")}
    declared |= {f"var.{name}" for name in config.variables()}
    declared |= {
        f"local.{key}"
        for _, entry in config.top("locals")
        for key in entry
        if not key.startswith("__")
    }
    seen = set()
    for resource in config.resources():
        for text in strings(resource.body):
            for expression in _interpolations(text):
                for match in _REFERENCE.finditer(expression):
                    head, name = match.groups()
                    seen.add(f"{head}.{name}")
    assert seen, "no references at all"
    assert sorted(seen - declared) == []


def test_no_resource_id_is_hard_coded(seed_files: dict[str, str]) -> None:
    for name, text in seed_files.items():
        assert "/subscriptions/" not in text, name
        assert "/resourceGroups/" not in text, name


def test_cross_layer_references_are_expressions(seed_config: ParsedConfig) -> None:
    endpoint = seed_config.resource("azurerm_private_endpoint", "pe_cosmos")
    connection = endpoint.blocks("private_service_connection")[0]
    assert connection["private_connection_resource_id"] == (
        "${azurerm_cosmosdb_account.cosmos_main.id}"
    )
    assert endpoint["subnet_id"] == "${azurerm_subnet.snet_private_endpoints.id}"


# --- completeness ----------------------------------------------------------------------------

# Model kinds that have no azurerm resource. Resilience policies are application code
# (Polly-style settings); actors are outside the system; Logic App Standard workflows are app
# content deployed with the app; chaos experiments in the model are plans (fault names, not
# Chaos Studio fault URNs) and appear as comments in dr.tf.
NOT_RESOURCES = {
    "retry_policy",
    "circuit_breaker",
    "timeout_policy",
    "bulkhead",
    "actor",
    "logic_app_workflow",
    "chaos_experiment",
}


def test_every_component_becomes_a_resource_or_is_explained(
    seed: Architecture, seed_files: dict[str, str], seed_config: ParsedConfig
) -> None:
    """Every component of the seed is in the output: as a resource whose local name is its id,
    or (when azurerm cannot express it) named in a comment, or of a kind listed above."""
    local_names = {r.name for r in seed_config.resources()}
    comments = "\n".join(
        line for text in seed_files.values() for line in text.splitlines() if "#" in line
    )
    missing = [
        f"{entry.component.kind} {component_id}"
        for component_id, entry in seed.index.by_id.items()
        if entry.component.kind not in NOT_RESOURCES
        and safe_identifier(component_id) not in local_names
        and component_id not in comments
    ]
    assert missing == []


def test_existing_front_door_is_referenced_not_created(seed_config: ParsedConfig) -> None:
    assert seed_config.of_type("azurerm_cdn_frontdoor_profile") == []
    variable = seed_config.variables()["existing_front_door_id"]
    assert "default" not in variable
    for resource_type in ("azurerm_cdn_frontdoor_endpoint", "azurerm_cdn_frontdoor_origin_group"):
        for resource in seed_config.of_type(resource_type):
            assert resource["cdn_frontdoor_profile_id"] == "${var.existing_front_door_id}"


# --- secrets ---------------------------------------------------------------------------------


def test_vm_password_reference_becomes_a_sensitive_variable(seed_config: ParsedConfig) -> None:
    vm = seed_config.resource("azurerm_windows_virtual_machine", "vm_management")
    assert vm["admin_password"] == "${var.management_vm_admin_password}"
    variable = seed_config.variables()["management_vm_admin_password"]
    assert variable["sensitive"] is True
    assert "default" not in variable


LITERAL_SECRET = "Hunter2-Literal-Secret!"


def test_a_literal_secret_in_the_spec_is_never_written(tmp_path: Path) -> None:
    text = SEED_SPEC.read_text(encoding="utf-8").replace(
        "admin_password: {variable: management_vm_admin_password}",
        f'admin_password: "{LITERAL_SECRET}"',
    )
    assert LITERAL_SECRET in text
    architecture = load_spec_text(text, "spec.yaml").architecture
    files = generate_terraform(architecture)
    for name, content in files.items():
        assert LITERAL_SECRET not in content, name
    config = ParsedConfig.parse(files)
    vm = config.resource("azurerm_windows_virtual_machine", "vm_management")
    assert vm["admin_password"] == "${var.vm_management_admin_password}"
    variable = config.variables()["vm_management_admin_password"]
    assert variable["sensitive"] is True and "default" not in variable


def test_key_vault_secrets_are_references(variant_config: ParsedConfig) -> None:
    app = variant_config.resource("azurerm_windows_function_app", "func_win")
    settings = app.body["app_settings"]
    assert unquote(settings["API_KEY"]) == (
        "@Microsoft.KeyVault(SecretUri=${azurerm_key_vault.kv_main.vault_uri}secrets/api-key/)"
    )
    assert settings["TOKEN"] == "${var.partner_token}"
    assert variant_config.variables()["partner_token"]["sensitive"] is True
    vm = variant_config.resource("azurerm_windows_virtual_machine", "vm_with_a_very_long_name")
    assert vm["admin_password"].startswith("${data.azurerm_key_vault_secret.")


def test_spec_text_never_becomes_a_template(variant_files: dict[str, str]) -> None:
    """A value containing ``${`` is escaped: Terraform would otherwise evaluate it."""
    assert 'MODE    = "$${not-a-template}"' in variant_files["compute.tf"]


# --- the architecture's choices reach the arguments ------------------------------------------


def test_service_bus_delivery_settings(seed: Architecture, seed_config: ParsedConfig) -> None:
    queue = seed_config.resource("azurerm_servicebus_queue", "sbq_file_processing")
    assert queue["lock_duration"] == "PT5M"
    assert queue["max_delivery_count"] == 5
    assert queue["default_message_ttl"] == "P14D"
    assert queue["dead_lettering_on_message_expiration"] is True
    assert queue["requires_duplicate_detection"] is True
    assert queue["duplicate_detection_history_time_window"] == "PT10M"
    assert queue["forward_dead_lettered_messages_to"] == (
        "${azurerm_servicebus_queue.sbq_dlq_monitor.name}"
    )
    session = seed_config.resource("azurerm_servicebus_queue", "sbq_order_processing")
    assert session["requires_session"] is True
    subscription = seed_config.resource("azurerm_servicebus_subscription", "sbs_notifications")
    assert subscription["default_message_ttl"] == "P7D"
    namespace = seed_config.resource("azurerm_servicebus_namespace", "sb_main")
    assert namespace["sku"] == "Premium"
    assert namespace["public_network_access_enabled"] is False
    assert namespace["local_auth_enabled"] is False
    assert namespace["minimum_tls_version"] == "1.2"


def test_event_grid_retries_and_dead_lettering(seed_config: ParsedConfig) -> None:
    subscription = seed_config.resource(
        "azurerm_eventgrid_system_topic_event_subscription", "egs_blob_created_to_files"
    )
    (retry,) = subscription.blocks("retry_policy")
    assert retry["max_delivery_attempts"] == 30
    assert retry["event_time_to_live"] == 1440
    (dead_letter,) = subscription.blocks("storage_blob_dead_letter_destination")
    assert dead_letter["storage_blob_container_name"] == (
        "${azurerm_storage_container.st_eventstore_eventgrid_deadletter.name}"
    )
    assert subscription.blocks("delivery_identity")[0]["type"] == '"SystemAssigned"'
    # Delivering with the topic's identity needs a role on the queue: it is granted.
    grants = [
        r
        for r in seed_config.of_type("azurerm_role_assignment")
        if r["scope"] == "${azurerm_servicebus_queue.sbq_file_processing.id}"
    ]
    assert [g["role_definition_name"] for g in grants] == ["Azure Service Bus Data Sender"]


def test_private_endpoints_register_in_their_dns_zones(seed_config: ParsedConfig) -> None:
    endpoints = seed_config.of_type("azurerm_private_endpoint")
    assert len(endpoints) == 9
    for endpoint in endpoints:
        (group,) = endpoint.blocks("private_dns_zone_group")
        assert group["private_dns_zone_ids"][0].startswith("${azurerm_private_dns_zone.")
    blob = seed_config.resource("azurerm_private_endpoint", "pe_st_eventstore_blob")
    assert blob.blocks("private_dns_zone_group")[0]["private_dns_zone_ids"] == [
        "${azurerm_private_dns_zone.pdz_blob.id}"
    ]


def test_zones_and_tls(seed_config: ParsedConfig) -> None:
    redis = seed_config.resource("azurerm_redis_cache", "redis_main")
    assert [unquote(z) for z in redis["zones"]] == ["1", "2", "3"]
    assert redis["minimum_tls_version"] == "1.2"
    assert redis["non_ssl_port_enabled"] is False
    cosmos = seed_config.resource("azurerm_cosmosdb_account", "cosmos_main")
    zones = [(unquote(g["location"]), g["zone_redundant"]) for g in cosmos.blocks("geo_location")]
    assert zones == [("eastus2", True), ("westus2", True), ("centralus", False)]
    assert cosmos["minimal_tls_version"] == "Tls12"
    gateway = seed_config.resource("azurerm_application_gateway", "agw_main")
    assert gateway.blocks("ssl_policy")[0]["policy_name"] == '"AppGwSslPolicy20220101S"'
    assert gateway.blocks("http_listener")[0]["protocol"] == '"Https"'
    ase = seed_config.resource("azurerm_app_service_environment_v3", "ase_main")
    assert ase["zone_redundant"] is True


def test_lifecycle_rules_become_a_management_policy(seed_config: ParsedConfig) -> None:
    (policy,) = seed_config.of_type("azurerm_storage_management_policy")
    assert policy["storage_account_id"] == "${azurerm_storage_account.st_eventstore.id}"
    rules = {unquote(rule["name"]): rule for rule in policy.blocks("rule")}
    base = rules["events"]["actions"][0]["base_blob"][0]
    assert base["tier_to_cool_after_days_since_modification_greater_than"] == 30
    assert base["tier_to_archive_after_days_since_modification_greater_than"] == 90
    assert base["delete_after_days_since_modification_greater_than"] == 7 * 365
    assert [unquote(p) for p in rules["events"]["filters"][0]["prefix_match"]] == [
        "events/",
        "capture/",
    ]


def test_alerts_and_autoscale(seed: Architecture, seed_config: ParsedConfig) -> None:
    alert = seed_config.resource("azurerm_monitor_metric_alert", "alert_dlq_growth")
    assert alert["severity"] == 0
    assert alert["window_size"] == "PT5M"
    assert alert["frequency"] == "PT1M"
    (criteria,) = alert.blocks("criteria")
    assert criteria["metric_namespace"] == '"Microsoft.ServiceBus/namespaces"'
    assert criteria["metric_name"] == '"DeadletteredMessages"'
    assert alert.blocks("action")[0]["action_group_id"] == (
        "${azurerm_monitor_action_group.ag_critical.id}"
    )
    assert len(seed_config.of_type("azurerm_monitor_metric_alert")) == len(seed.monitoring.alerts)
    autoscale = seed_config.resource("azurerm_monitor_autoscale_setting", "autoscale_functions")
    profiles = {unquote(p["name"]): p for p in autoscale.blocks("profile")}
    assert profiles["default"]["capacity"][0] == {
        "default": 2,
        "minimum": 1,
        "maximum": 20,
        "__is_block__": True,
    }
    assert unquote(profiles["weekend"]["recurrence"][0]["timezone"]) == "Eastern Standard Time"
    rule = profiles["default"]["rule"][0]
    assert rule["scale_action"][0]["cooldown"] == '"PT5M"'
    assert rule["metric_trigger"][0]["time_window"] == '"PT10M"'


def test_backup_policies(seed_config: ParsedConfig) -> None:
    policy = seed_config.resource("azurerm_backup_policy_vm", "bkpol_vm_daily")
    assert policy["timezone"] == "Eastern Standard Time"
    assert policy.blocks("backup")[0]["time"] == '"02:00"'
    assert policy.blocks("retention_daily")[0]["count"] == 30
    assert policy.blocks("retention_yearly")[0]["count"] == 7
    (protected,) = seed_config.of_type("azurerm_backup_protected_vm")
    assert protected["source_vm_id"] == "${azurerm_windows_virtual_machine.vm_management.id}"
    blob = seed_config.resource(
        "azurerm_data_protection_backup_policy_blob_storage", "bkpol_blob_daily"
    )
    assert blob["vault_default_retention_duration"] == "P90D"
    instances = seed_config.of_type("azurerm_data_protection_backup_instance_blob_storage")
    assert len(instances) == 3


def test_cosmos_ttls_and_throughput(seed_config: ParsedConfig) -> None:
    events = seed_config.resource("azurerm_cosmosdb_sql_container", "ctr_domain_events")
    assert events["default_ttl"] == -1
    sessions = seed_config.resource("azurerm_cosmosdb_sql_container", "ctr_session_state")
    assert sessions["default_ttl"] == 24 * 3600
    database = seed_config.resource("azurerm_cosmosdb_sql_database", "cosmos_db_eventstore")
    assert database.blocks("autoscale_settings")[0]["max_throughput"] == 10000


def test_iso8601_durations() -> None:
    from datetime import timedelta

    assert iso8601(timedelta(minutes=5)) == "PT5M"
    assert iso8601(timedelta(days=14)) == "P14D"
    assert iso8601(timedelta(days=1, hours=12, seconds=3)) == "P1DT12H3S"
    assert iso8601(timedelta(0)) == "PT0S"


# --- what azurerm cannot express ------------------------------------------------------------


def test_what_azurerm_cannot_express_is_left_out_or_commented(
    seed: Architecture, seed_files: dict[str, str]
) -> None:
    """Resilience policies (retry, circuit breaker, timeout, bulkhead) and the event flows are
    application design with no azurerm resource: they are not generated (a header comment in
    compute.tf and messaging.tf says so). Recovery objectives (RTO/RPO), failover designs,
    event replay and chaos experiments are design intent: comments in dr.tf. The Log Analytics
    ``required_retention`` (a policy, not a setting), Application Insights' SDK switches
    (distributed tracing, live and custom metrics) and the ASE's ``min_tls_version`` (no ASE v3
    setting) are left out. Traffic Manager endpoints marked ``deployed: false`` are commented,
    not created. Zone redundancy of Service Bus and Event Hubs namespaces has no azurerm 4.x
    argument (Azure applies it in zone regions): a comment in the block says so."""
    everything = "\n".join(seed_files.values())
    for policy in seed.resilience.retry_policies:
        assert policy.id not in everything
    assert "RTO 1h, RPO 15m" in seed_files["dr.tf"]
    assert "Chaos experiment chaos-zone-down" in seed_files["dr.tf"]
    assert "secondary-westus2' is not deployed yet" in seed_files["edge.tf"]
    assert "zone_redundant: azurerm 4.x has no argument" in seed_files["messaging.tf"]


def test_minimal_spec_generates_the_base_configuration(tmp_path: Path) -> None:
    from tests.conftest import MINIMAL_SPEC

    files = generate_terraform(load_spec_text(MINIMAL_SPEC, "min.yaml").architecture)
    config = ParsedConfig.parse(files)
    assert [r.type for r in config.resources()] == ["azurerm_resource_group"]
    assert config.variables()["location"]["default"] == '"eastus2"'
