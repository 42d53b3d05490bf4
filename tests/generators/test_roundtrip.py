"""Round trip: spec -> generated Terraform -> Terraform importer -> model, and lint on both.

The importer names each component after its Terraform local name, which the generator derives
from the spec id (``sbq-file-processing`` -> ``sbq_file_processing``); the comparison maps ids
that way. A property is compared when the imported component carries it (its value is not the
field's default): what Terraform cannot hold comes back as the default and is not a
difference. Each remaining difference is listed below with the reason the generator diverges.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archlint.generators.common import safe_identifier
from archlint.generators.output import write_files
from archlint.generators.terraform import generate_terraform
from archlint.model import Architecture
from tests.conftest import SEED_SPEC, run_cli
from tests.generators.test_terraform import NOT_RESOURCES

importers = pytest.importorskip("archlint.importers", reason="Terraform importer not available")
if not hasattr(importers, "load_terraform"):
    pytest.skip("archlint.importers.load_terraform not written yet", allow_module_level=True)

# Fields that identify or document a component rather than configure it, and child lists
# (their items are components compared on their own).
NOT_COMPARED = {
    "id",
    "name",
    "description",
    "tags",
    "suppress",
    "subnets",
    "queues",
    "topics",
    "subscriptions",
    "hubs",
    "consumer_groups",
    "databases",
    "containers",
    "workflows",
}

EXPECTED_DIFFERENCES: dict[tuple[str, str], str] = {
    ("subnet", "purpose"): "azurerm subnets have no purpose; the importer infers one",
    ("waf_policy", "managed_rule_sets"): "bot_protection is written as the "
    "Microsoft_BotManagerRuleSet managed rule set, and azurerm requires an action (Block when "
    "the spec leaves it unset)",
    ("waf_policy", "rate_limit_rules"): "Front Door WAF rule names are letters and digits only",
    ("traffic_manager", "endpoints"): "the endpoint on the existing Front Door targets its "
    "endpoint's host name, which names no resource here; endpoints with deployed: false are "
    "not generated",
    ("app_service_plan", "instances"): "a non-elastic plan's maximum lives in its autoscale "
    "setting: azurerm_service_plan has only worker_count",
    ("web_app", "app_settings"): "Application Insights reaches Web Apps through the "
    "APPLICATIONINSIGHTS_CONNECTION_STRING app setting",
    ("logic_app", "app_settings"): "as for Web Apps",
    ("action_group", "channels"): "azurerm groups receivers by type and splits phone numbers "
    "into country code and number",
}

# Components azurerm holds but the importer gives no component for.
NOT_IMPORTED = {
    "hybrid_connection": "Azure Relay hybrid connections are not evaluated by the importer",
    "front_door": "the existing profile is referenced by id (a variable), not declared",
}

# Findings on the generated Terraform that the spec does not have, and why.
TERRAFORM_ONLY_FINDINGS = {
    ("OPS006", "autoscale_web"): "follows from the plan maximum (see app_service_plan above)",
    # On the spec these are on the event flows, so OPS005 reports them; Terraform has no
    # flows, and OPS060 judges every resource of its kinds.
    ("OPS060", "st_eventstore"): "OPS005's on the spec, where it is on the flows",
    ("OPS060", "egst_storage"): "OPS005's on the spec, where it is on the flows",
    ("OPS060", "egt_domain_events"): "OPS005's on the spec, where it is on the flows",
    # The spec's West US 2 endpoint is not deployed yet (DR003); Terraform holds only the
    # deployed one.
    ("DR066", "tm_main"): "the undeployed endpoint is not generated",
}
# Rule families whose inputs Terraform carries in full: their findings must be the same.
SAME_FINDINGS_FAMILIES = ("NET", "DNS", "MSG", "ZR", "SKU00")


@pytest.fixture(scope="module")
def generated(seed: Architecture, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("terraform")
    write_files(directory, generate_terraform(seed))
    return directory


@pytest.fixture(scope="module")
def imported(generated: Path) -> Architecture:
    result = importers.load_terraform(generated)
    assert all(p.rule_id == "TF005" for p in result.problems), result.problems
    return result.architecture


def _normalise(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        items = [_normalise(item, ids) for item in value]
        return sorted(items) if all(isinstance(item, str) for item in items) else items
    if isinstance(value, dict):
        return {key: _normalise(item, ids) for key, item in value.items()}
    return value


def test_every_generated_component_comes_back(seed: Architecture, imported: Architecture) -> None:
    missing = sorted(
        f"{entry.component.kind} {component_id}"
        for component_id, entry in seed.index.by_id.items()
        if entry.component.kind not in NOT_RESOURCES
        and entry.component.kind not in NOT_IMPORTED
        and imported.get(safe_identifier(component_id)) is None
    )
    assert missing == []


def test_properties_both_sides_carry_are_equal(seed: Architecture, imported: Architecture) -> None:
    ids = {component_id: safe_identifier(component_id) for component_id in seed.index.by_id}
    compared = 0
    differences = set()
    for component_id, entry in seed.index.by_id.items():
        original = entry.component
        back = imported.get(ids[component_id])
        if back is None:
            continue
        for field, info in type(back).model_fields.items():
            if field in NOT_COMPARED:
                continue
            if getattr(back, field) == info.get_default(call_default_factory=True):
                continue  # Terraform does not carry it
            compared += 1
            want = _normalise(original.model_dump(mode="json", include={field}).get(field), ids)
            got = _normalise(back.model_dump(mode="json", include={field}).get(field), ids)
            if want != got:
                differences.add((original.kind, field))
    assert compared > 300
    assert sorted(differences - set(EXPECTED_DIFFERENCES)) == []


def _findings(path: Path) -> set[tuple[str, str]]:
    # The seed is production; its generated Terraform says so through --environment.
    declared = ("--environment", "production")
    result = run_cli("lint", str(path), "--format", "json", "--fail-on", "critical", *declared)
    assert result.code in (0, 1), result.stderr
    document = json.loads(result.stdout)
    findings = document if isinstance(document, list) else document["findings"]
    return {
        (f["rule_id"], safe_identifier(f["component"]) if f.get("component") else "")
        for f in findings
        if not f["rule_id"].startswith("TF")
    }


def test_lint_finds_the_same_problems_on_spec_and_terraform(generated: Path) -> None:
    """Findings on the Terraform are findings on the spec (but one explained above). The spec
    has more: rules that read what Terraform does not carry (event flows, resilience policies,
    recovery objectives and failover designs, security.policies, Logic App workflows) only
    fire on the spec. For the rule families whose inputs Terraform carries in full, both sides
    have the same findings."""
    on_spec = _findings(SEED_SPEC)
    on_terraform = _findings(generated)
    assert sorted(on_terraform - on_spec - set(TERRAFORM_ONLY_FINDINGS)) == []
    same_spec = {f for f in on_spec if f[0].startswith(SAME_FINDINGS_FAMILIES)}
    same_terraform = {f for f in on_terraform if f[0].startswith(SAME_FINDINGS_FAMILIES)}
    # SKU006 on Logic Apps needs stateful workflows, which are app content (not Terraform).
    same_spec -= {("SKU006", "logic_main")}
    assert same_spec == same_terraform
    assert same_spec, "the seed has findings in these families"
