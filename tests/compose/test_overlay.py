"""A spec with ``sources:`` is an overlay on Terraform: one architecture from both."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archlint.compose import Conflict, Provenance, merge_parts
from archlint.inputs import load_input, load_spec_input
from archlint.model import parse_architecture
from tests.conftest import ROOT, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "overlay"
OVERLAY = FIXTURE / "overlay.yaml"
INFRA = FIXTURE / "infra"
OVERLAY_TEXT = OVERLAY.read_text(encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    """1-based number of the first line of ``path`` containing ``text``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.fixture
def overlay_beside_infra(tmp_path: Path):
    """Write an overlay into tmp_path/specs/, with a copy of the fixture's Terraform in
    tmp_path/infra, named ``../infra`` (relative to the spec's own folder)."""
    shutil.copytree(INFRA, tmp_path / "infra")
    (tmp_path / "specs").mkdir()

    def write(text: str) -> Path:
        spec = tmp_path / "specs" / "overlay.yaml"
        spec.write_text(text.replace("terraform: infra", "terraform: ../infra"), "utf-8")
        return spec

    return write


def test_addresses_in_flow_steps_resolve_to_the_imported_components() -> None:
    loaded = load_spec_input(str(OVERLAY))
    flows = {flow.id: flow for flow in loaded.architecture.flows.flows}
    steps = [(s.source, s.target) for flow in flows.values() for s in flow.steps]
    assert steps == [
        ("uploader", "file_processing"),
        ("file_processing", "main-windows_function_app"),
        ("file_processing/$deadletterqueue", "main-windows_function_app"),
        ("main-windows_function_app", "events"),  # module.events.azurerm_eventhub.events
        ("events", "main-windows_function_app"),
    ]
    assert loaded.kind == "overlay"
    assert loaded.architecture.metadata.name == "orders"  # the overlay's, not the folder's
    assert loaded.architecture.disaster_recovery.objectives is not None  # the overlay's


def test_lint_places_flow_findings_in_the_overlay_and_resource_findings_in_the_tf() -> None:
    result = run_cli("lint", str(OVERLAY), "--format", "json")
    assert result.code == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    by_rule = {(f["rule_id"], f["location"]["file"]): f for f in findings}
    cycle = by_rule["FLOW005", str(OVERLAY)]
    assert cycle["location"]["line"] == _line_of(OVERLAY, "to: module.events.azurerm_eventhub")
    assert cycle["location"]["column"] is not None
    storage = by_rule["SEC010", str(INFRA / "main.tf")]
    assert storage["location"]["line"] == _line_of(
        INFRA / "main.tf", 'resource "azurerm_storage_account" "functions"'
    )
    assert storage["location"]["address"] == "azurerm_storage_account.functions"
    # A module's resource lands in the module's file, named by its full address.
    rpo = by_rule["DR001", str(INFRA / "modules" / "events" / "main.tf")]
    assert rpo["location"]["address"] == "module.events.azurerm_eventhub_namespace.main"
    assert "the declared RPO is 15m" in rpo["message"]


def test_the_overlay_makes_flow_rules_evaluable_that_terraform_alone_skips() -> None:
    alone = run_cli("lint", str(INFRA), "--format", "json", "--select", "FLOW005")
    overlaid = run_cli("lint", str(OVERLAY), "--format", "json", "--select", "FLOW005")
    assert [n["rule_id"] for n in json.loads(alone.stdout)["not_evaluated"]] == ["FLOW005"]
    assert [f["rule_id"] for f in json.loads(overlaid.stdout)["findings"]] == ["FLOW005"]


def test_a_plan_json_is_a_source_too(tmp_path: Path) -> None:
    plan = ROOT / "tests" / "fixtures" / "terraform" / "parity" / "plan.json"
    spec = tmp_path / "overlay.yaml"
    spec.write_text(
        f"metadata: {{name: x, primary_region: eastus2}}\nsources: [{{terraform: {plan}}}]\n",
        "utf-8",
    )
    alone = load_spec_input(str(spec)).architecture
    assert set(alone.index.by_id) == set(load_input(str(plan)).architecture.index.by_id)


def test_a_relative_source_is_read_from_the_spec_folder(overlay_beside_infra) -> None:
    spec = overlay_beside_infra(OVERLAY_TEXT)
    result = run_cli("validate", str(spec))
    assert (result.code, result.stdout) == (0, f"{spec}: valid (8 components)\n")


def test_an_unknown_address_is_an_error_with_a_did_you_mean(overlay_beside_infra) -> None:
    spec = overlay_beside_infra(
        OVERLAY_TEXT.replace(
            "to: module.events.azurerm_eventhub.events", "to: module.event.azurerm_eventhub.events"
        )
    )
    line = _line_of(spec, "to: module.event.azurerm_eventhub.events")
    for command in ("validate", "lint"):
        result = run_cli(command, str(spec))
        assert result.code == 2
        assert result.stderr.startswith(f"{spec}:{line}:57: 'flows.flows[2].steps[0]' to ")
        assert (
            "refers to 'module.event.azurerm_eventhub.events', which is neither a component id "
            "nor the Terraform address of a component of the sources; did you mean "
            "'module.events.azurerm_eventhub.events'?"
        ) in result.stderr


def test_a_missing_source_is_an_error_at_its_line(tmp_path: Path) -> None:
    spec = tmp_path / "overlay.yaml"
    spec.write_text(OVERLAY_TEXT.replace("terraform: infra", "terraform: ../nowhere"), "utf-8")
    result = run_cli("lint", str(spec))
    assert result.code == 2
    line = _line_of(spec, "terraform: ../nowhere")
    assert result.stderr == (
        f"{spec}:{line}:16: source '../nowhere' does not exist (looked for "
        f"{tmp_path.parent / 'nowhere'}) (sources[0].terraform)\n"
    )


def test_a_source_that_is_not_terraform_is_an_error(tmp_path: Path) -> None:
    spec = tmp_path / "overlay.yaml"
    spec.write_text(
        "metadata: {name: x, primary_region: eastus2}\nsources: [{terraform: overlay.yaml}]\n",
        "utf-8",
    )
    result = run_cli("validate", str(spec))
    assert result.code == 2
    assert result.stderr.startswith(f"{spec}:2:23: source 'overlay.yaml' is not Terraform")


def test_no_source_is_an_error(tmp_path: Path) -> None:
    spec = tmp_path / "overlay.yaml"
    spec.write_text("metadata: {name: x, primary_region: eastus2}\nsources: []\n", "utf-8")
    result = run_cli("validate", str(spec))
    assert (result.code, result.stderr) == (
        2,
        f"{spec}:2:10: sources is empty; name at least one Terraform source (sources)\n",
    )


def test_an_id_used_by_terraform_and_the_overlay_names_both_places(overlay_beside_infra) -> None:
    spec = overlay_beside_infra(
        OVERLAY_TEXT + "messaging:\n  service_bus:\n    - {id: file_processing, tier: premium}\n"
    )
    result = run_cli("validate", str(spec))
    assert result.code == 2
    tf_line = _line_of(spec.parent.parent / "infra" / "main.tf", '"file_processing"')
    assert result.stderr == (
        f"{spec}:{_line_of(spec, '{id: file_processing')}:7: duplicate id 'file_processing' "
        "(first used at azurerm_servicebus_queue.file_processing, "
        f"{spec.parent.parent / 'infra' / 'main.tf'}:{tf_line}) (messaging.service_bus[0])\n"
    )


def test_without_metadata_the_overlay_takes_the_terraform_metadata(overlay_beside_infra) -> None:
    text = OVERLAY_TEXT.replace(
        "metadata: {name: orders, primary_region: eastus2, environment: production}\n", ""
    )
    loaded = load_spec_input(str(overlay_beside_infra(text)))
    assert loaded.architecture.metadata.name == "infra"  # the root module's folder
    assert loaded.architecture.metadata.primary_region == "eastus2"


def test_generate_graph_draws_the_overlay_flows_over_terraform_components() -> None:
    result = run_cli("generate", "graph", str(OVERLAY))
    assert result.code == 0, result.stderr
    assert 'n_file_processing -->|"consume"| n_main_windows_function_app' in result.stdout
    assert 'n_main_windows_function_app -->|"publish"| n_events' in result.stdout


def test_report_accepts_an_overlay(tmp_path: Path) -> None:
    result = run_cli("report", str(OVERLAY), "-o", str(tmp_path))
    assert result.code == 0, result.stderr
    document = json.loads((tmp_path / "compliance.json").read_text())
    assert document["input"]["kind"] == "overlay"
    assert "FLOW005" in {f["rule_id"] for f in document["findings"]}


# --- merging -------------------------------------------------------------------------


def _architecture(text: str):
    import yaml

    return parse_architecture(yaml.safe_load(text))


def test_lists_concatenate_and_each_item_is_traced_to_its_part() -> None:
    source = _architecture(
        "metadata: {name: a, primary_region: eastus2}\n"
        "messaging: {service_bus: [{id: sb1, tier: premium}, {id: sb2, tier: premium}]}\n"
    )
    overlay = _architecture(
        "metadata: {name: b, primary_region: eastus2}\n"
        "messaging: {service_bus: [{id: sb3, tier: premium}]}\n"
        "disaster_recovery: {objectives: {rto: 1h, rpo: 15m}}\n"
    )
    provenance = Provenance(default=1)
    conflicts: list[Conflict] = []
    merged = merge_parts([source, overlay], {"metadata": 1}, provenance, conflicts)
    assert [ns.id for ns in merged.messaging.service_bus] == ["sb1", "sb2", "sb3"]
    assert merged.metadata.name == "b"
    assert conflicts == []
    assert provenance.split(("messaging", "service_bus", 2, "tier")) == (
        1,
        ("messaging", "service_bus", 0, "tier"),
    )
    assert provenance.split(("messaging", "service_bus", 1)) == (0, ("messaging", "service_bus", 1))
    assert provenance.split(("disaster_recovery", "objectives", "rto")) == (
        1,
        ("disaster_recovery", "objectives", "rto"),
    )
    assert provenance.forward(1, ("messaging", "service_bus", 0)) == ("messaging", "service_bus", 2)


def test_a_value_set_differently_by_two_parts_is_a_conflict() -> None:
    first = _architecture(
        "metadata: {name: a, primary_region: eastus2}\n"
        "disaster_recovery: {objectives: {rto: 1h, rpo: 15m}}\n"
    )
    second = _architecture(
        "metadata: {name: a, primary_region: eastus2}\n"
        "disaster_recovery: {objectives: {rto: 4h, rpo: 15m}}\n"
    )
    provenance = Provenance(default=1)
    conflicts: list[Conflict] = []
    merge_parts([first, second], {"metadata": 1}, provenance, conflicts)
    assert [(c.path, c.first) for c in conflicts] == [
        (("disaster_recovery", "objectives", "rto"), 0)
    ]
    assert provenance.split(("disaster_recovery", "objectives", "rto"))[0] == 1  # reported there


def test_findings_of_a_second_source_point_into_its_own_files(tmp_path: Path) -> None:
    second = ROOT / "tests" / "fixtures" / "terraform" / "parity" / "main.tf"
    spec = tmp_path / "overlay.yaml"
    spec.write_text(
        "metadata: {name: x, primary_region: eastus2, environment: production}\n"
        f"sources:\n  - terraform: {INFRA}\n  - terraform: {second}\n",
        "utf-8",
    )
    result = run_cli("lint", str(spec), "--format", "json", "--select", "OPS003")
    namespaces = {
        f["path"]: (f["location"]["file"], f["location"]["line"])
        for f in json.loads(result.stdout)["findings"]
        if f["path"].startswith("messaging.service_bus")
    }
    assert namespaces == {
        "messaging.service_bus[0]": (
            str(INFRA / "main.tf"),
            _line_of(INFRA / "main.tf", 'resource "azurerm_servicebus_namespace"'),
        ),
        "messaging.service_bus[1]": (
            str(second),
            _line_of(second, 'resource "azurerm_servicebus_namespace"'),
        ),
    }


def test_drift_refuses_an_overlay_with_a_reason() -> None:
    result = run_cli("drift", "--spec", str(OVERLAY), str(INFRA))
    assert result.code == 2
    assert result.stderr == (
        f"{OVERLAY}:{_line_of(OVERLAY, '- terraform: infra')}:3: this spec is an overlay on its "
        "Terraform sources, so it has no resources of its own to compare with Terraform: "
        "drift compares a full spec (sources)\n"
    )


def test_an_error_in_a_source_points_into_its_tf_file(tmp_path: Path) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "main.tf").write_text(
        'resource "azurerm_resource_group" "x" {\n  name = \n}\n', "utf-8"
    )
    spec = tmp_path / "overlay.yaml"
    spec.write_text(
        "metadata: {name: x, primary_region: eastus2}\nsources: [{terraform: infra}]\n", "utf-8"
    )
    result = run_cli("lint", str(spec))
    assert (result.code, result.stderr) == (
        2,
        f"{tmp_path / 'infra' / 'main.tf'}:2:10: HCL syntax error: unexpected '}}'\n",
    )


def test_the_report_digest_of_an_overlay_changes_with_its_terraform(
    overlay_beside_infra, tmp_path: Path
) -> None:
    spec = overlay_beside_infra(OVERLAY_TEXT)

    def digest() -> str:
        result = run_cli("report", str(spec), "-o", str(tmp_path / "report"))
        assert result.code == 0, result.stderr
        return json.loads((tmp_path / "report" / "compliance.json").read_text())["input"]["sha256"]

    before = digest()
    main_tf = tmp_path / "infra" / "main.tf"
    main_tf.write_text(
        main_tf.read_text().replace("max_delivery_count = 5", "max_delivery_count = 6")
    )
    assert digest() != before
