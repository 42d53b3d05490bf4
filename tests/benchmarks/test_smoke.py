"""The benchmark suite at tiny scale: the synthesizer's estates are valid, carry their planted
defects in every format, and the runner produces its results and README section.

No timing is asserted here; ``python -m benchmarks`` measures.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

from archlint.generators.common import safe_identifier
from archlint.importers import load_terraform
from archlint.loader import load_spec
from benchmarks import readme, runner, synth
from tests.conftest import run_cli


def _findings(path: Path) -> set[tuple[str, str]]:
    result = run_cli("lint", str(path), "--format", "json")
    assert result.code == 1, result.stderr
    return {(f["rule_id"], f["component"]) for f in json.loads(result.stdout)["findings"]}


def test_estate_copies_the_seed_with_unique_ids_and_separate_address_spaces() -> None:
    architecture = synth.synth_architecture(3)
    vnets = architecture.network.vnets
    assert [v.id for v in vnets] == ["vnet-main-c001", "vnet-main-c002", "vnet-main-c003"]
    spaces = [ipaddress.ip_network(v.address_space[0]) for v in vnets]
    assert not any(a.overlaps(b) for i, a in enumerate(spaces) for b in spaces[i + 1 :])
    for vnet, space in zip(vnets, spaces, strict=True):
        assert all(ipaddress.ip_network(s.cidr).subnet_of(space) for s in vnet.subnets)
    queues = architecture.index.of_kind("service_bus_queue")
    assert len(queues) == 3 * len(synth.synth_architecture(1).index.of_kind("service_bus_queue"))
    # copies are linked: copy 2 publishes into copy 1's topic
    steps = [s for f in architecture.flows.flows for s in f.steps]
    assert any(s.source == "func-main-c002" and s.target == "sbt-domain-events-c001" for s in steps)


def test_same_scale_gives_identical_yaml() -> None:
    assert synth.synth_yaml(2) == synth.synth_yaml(2)


def test_scale_is_bounded() -> None:
    with pytest.raises(ValueError, match="scale"):
        synth.synth_data(synth.MAX_SCALE + 1)


def test_planted_defects_are_reported_from_yaml_terraform_and_plan(tmp_path: Path) -> None:
    spec = synth.write(2, "yaml", tmp_path / "estate.yaml")
    terraform = synth.write(2, "tf", tmp_path / "tf")
    plan = synth.write(2, "plan", tmp_path / "plan.json")
    expected = synth.planted_components(2)
    assert len(expected) == 2 * len(synth.PLANTED)
    assert set(expected) <= _findings(spec)
    terraform_ids = {(rule, safe_identifier(component)) for rule, component in expected}
    assert terraform_ids <= _findings(terraform)
    assert terraform_ids <= _findings(plan)


def test_plan_has_the_terraform_show_json_shape(tmp_path: Path) -> None:
    plan = synth.write(1, "plan", tmp_path / "plan.json")
    document = json.loads(plan.read_text())
    resources = document["planned_values"]["root_module"]["resources"]
    changes = {c["address"]: c for c in document["resource_changes"]}
    configured = {r["address"]: r for r in document["configuration"]["root_module"]["resources"]}
    assert len(resources) == len(changes) == len(configured) > 100
    queue = next(r for r in resources if r["type"] == "azurerm_servicebus_queue")
    change = changes[queue["address"]]["change"]
    assert change["actions"] == ["create"] and change["after_unknown"]["id"] is True
    assert "namespace_id" not in queue["values"]  # known only after apply
    expression = configured[queue["address"]]["expressions"]["namespace_id"]
    assert expression["references"][1].startswith("azurerm_servicebus_namespace.")
    # the importer reads it back to the same components the YAML has
    imported = load_terraform(plan).architecture
    spec = load_spec(synth.write(1, "yaml", tmp_path / "estate.yaml")).architecture
    assert len(imported.index.of_kind("service_bus_queue")) == len(
        spec.index.of_kind("service_bus_queue")
    )


def test_runner_smoke_writes_results_and_readme_section(tmp_path: Path) -> None:
    results_file = tmp_path / "results.json"
    code = runner.main(
        [
            "--smoke",
            "--no-checkov",
            "--no-profile",
            "--work",
            str(tmp_path / "work"),
            "-o",
            str(results_file),
        ]
    )
    assert code == 0
    results = json.loads(results_file.read_text())
    names = {case["name"] for case in results["cases"]}
    assert {
        "lint-seed",
        "lint-yaml-1x",
        "lint-yaml-2x",
        "lint-plan",
        "generate-tf-1x",
        "simulate-seed",
        "simulate-yaml-1x",
    } <= names
    for case in results["cases"]:
        assert len(case["seconds"]) == 1 and case["peak_rss_bytes_max"] > 0
    assert results["derived"][0]["name"] == "growth"
    for label in ("yaml-1", "tf-1", "plan"):
        reported = results["planted"][label]["reported"]
        assert reported == {p.rule_id: 1 for p in synth.PLANTED}, label
    assert results["machine"]["cores"] >= 1

    page = tmp_path / "README.md"
    page.write_text("# title\n\n## Other\n\ntext\n")
    readme.update_readme(page, results)
    first = page.read_text()
    assert first.startswith("# title\n\n## Other\n\ntext\n\n## Performance\n")
    assert "| lint the seed spec (pre-commit) |" in first
    page.write_text(first + "\n## Later section\n\nkept\n")
    readme.update_readme(page, results)  # replaces the block in place, keeps what follows
    assert page.read_text().count("## Performance") == 1
    assert page.read_text().endswith("## Later section\n\nkept\n")


def test_checkov_report_counts_only_checks_that_match_the_defect() -> None:
    checkov_output = {
        "results": {
            "failed_checks": [
                {"check_id": "CKV_AZURE_89", "resource": "azurerm_redis_cache.redis_main_c001"},
                {"check_id": "CKV_AZURE_33", "resource": "azurerm_storage_account.x"},
            ]
        }
    }
    report = runner.planted_report([], {}, {1: checkov_output}, Path("."))
    assert report["checkov-tf-1"]["reported"] == {
        "MSG001": 0,
        "NET001": 0,
        "DNS001": 0,
        "SEC003": 1,
    }


def test_compared_commands_run_in_turn_after_a_warm_up_of_each(tmp_path: Path) -> None:
    import sys

    from benchmarks.measure import measure_in_turn

    log = tmp_path / "order"
    commands = [
        [sys.executable, "-c", f"open({str(log)!r}, 'a').write({letter!r})"] for letter in "AB"
    ]
    first, second = measure_in_turn(commands, 2)
    assert log.read_text() == "ABABAB"  # warm-up A, B, then A, B twice
    assert len(first.seconds) == len(second.seconds) == 2
    assert first.command == commands[0] and second.exit_codes == [0, 0]
