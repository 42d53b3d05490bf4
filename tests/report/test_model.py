"""The report document: statuses, matrix, findings with evidence, accepted risks, score."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from archlint.engine.config import Config
from archlint.engine.finding import Severity
from archlint.report import schema_path
from archlint.report.model import input_digest, ruleset_info, score
from archlint.rules import all_rules
from tests.report.conftest import FINDINGS_SPEC, make_report


def _by_id(items: list[dict], key: str = "id") -> dict[str, dict]:
    return {item[key]: item for item in items}


def test_document_matches_its_json_schema(fixture_report) -> None:
    document, _ = fixture_report
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_schema_rejects_a_document_missing_its_summary(fixture_report) -> None:
    document, _ = fixture_report
    del document["summary"]
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)


def test_rules_come_from_the_catalogue_with_their_status(fixture_report) -> None:
    document, _ = fixture_report
    rules = _by_id(document["rules"])
    assert set(rules) == set(all_rules())  # driven by the catalogue, whatever it holds
    assert rules["MSG001"]["status"] == "fail"  # open on sbq-orders (and sbq-legacy: expired)
    assert rules["MSG001"]["open_findings"] == 2
    assert rules["MSG001"]["accepted_findings"] == 1
    assert rules["SEC001"]["status"] == "fail"
    assert rules["SEC001"]["severity"] == "critical"


def test_matrix_maps_each_control_to_its_rules(fixture_report) -> None:
    document, _ = fixture_report
    controls = _by_id(document["controls"])
    catalogue = all_rules()
    mapped = {f"MCSB {c}" for r in catalogue.values() for c in r.mcsb}
    assert {c for c in controls if c.startswith("MCSB")} == mapped
    assert {c for c in controls if c.startswith("WAF")} == {
        "WAF Reliability",
        "WAF Security",
        "WAF Cost Optimization",
        "WAF Operational Excellence",
        "WAF Performance Efficiency",
    }
    im8 = controls["MCSB IM-8"]
    assert im8["family_name"] == "Identity Management"
    assert {"id": "SEC001", "status": "fail"} in im8["rules"]
    assert im8["status"] == "fail"
    for control in document["controls"]:
        expected = [r.id for r in catalogue.values() if control["id"] in r.controls]
        assert [r["id"] for r in control["rules"]] == expected


def test_every_finding_carries_its_evidence(fixture_report) -> None:
    document, _ = fixture_report
    secret = next(f for f in document["findings"] if f["rule_id"] == "SEC001")
    assert secret["element"] == "vm-mgmt"
    assert secret["location"]["file"] == str(FINDINGS_SPEC)
    lines = FINDINGS_SPEC.read_text().splitlines()
    assert secret["evidence"] == lines[secret["location"]["line"] - 1].strip()
    assert "admin_password" in secret["evidence"]
    assert secret["controls"] == ["MCSB IM-8", "MCSB DP-6", "WAF Security"]
    assert secret["status"] == "open"


def test_accepted_risks_in_force_expired_and_unused(fixture_report) -> None:
    document, _ = fixture_report
    risks = {(r["element"], r["status"]) for r in document["accepted_risks"]}
    assert risks == {("sbq-legacy", "expired"), ("sbq-audit", "in_force"), ("snet-mgmt", "unused")}
    audit = next(r for r in document["accepted_risks"] if r["element"] == "sbq-audit")
    assert audit["approved_by"] == "jane.doe@example.com"
    assert audit["expires"] == "2099-12-31"
    assert audit["reason"].startswith("Audit copies")
    assert document["accepted_risks"][0]["status"] == "expired"  # flagged first
    legacy = next(
        f for f in document["findings"] if f["element"] == "sbq-legacy" and f["rule_id"] == "MSG001"
    )
    assert legacy["status"] == "open"
    assert legacy["expired_suppression"]["expires"] == "2020-01-01"
    assert document["summary"]["findings"]["expired_suppressions"] == 1


def test_expiry_is_judged_on_the_generation_day(tmp_path, monkeypatch, write_spec) -> None:
    text = FINDINGS_SPEC.read_text().replace("expires: 2099-12-31", "expires: 2026-01-20")
    spec = write_spec(text)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01: 19 days left
    soon = _by_id(make_report(spec, tmp_path / "a")["accepted_risks"], "element")
    assert soon["sbq-audit"]["status"] == "in_force"
    assert soon["sbq-audit"]["expiring_soon"] is True
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1769904000")  # 2026-02-01: expired
    late = _by_id(make_report(spec, tmp_path / "b")["accepted_risks"], "element")
    assert late["sbq-audit"]["status"] == "expired"


def test_rules_deselected_by_configuration_are_not_evaluated(tmp_path, epoch) -> None:
    config = tmp_path / "archlint.toml"
    config.write_text('ignore = ["SEC001"]\n[severity]\nMSG001 = "low"\n')
    document = make_report(FINDINGS_SPEC, tmp_path / "out", "--config", str(config))
    rules = _by_id(document["rules"])
    assert rules["SEC001"]["status"] == "not_evaluated"
    assert rules["SEC001"]["not_evaluated_reason"] == "not selected by the configuration"
    assert rules["MSG001"]["severity"] == "low"
    assert not any(f["rule_id"] == "SEC001" for f in document["findings"])
    assert document["summary"]["coverage"]["not_evaluated"] >= 1


def test_score_weights_rules_by_severity() -> None:
    def rule(severity: str, status: str) -> dict:
        return {"severity": severity, "status": status}

    assert score([]) is None
    assert score([rule("high", "not_evaluated")]) is None
    assert score([rule("critical", "pass"), rule("low", "not_evaluated")]) == 100.0
    # critical 16 fails, high 8 passes, medium 4 accepted: (8 + 4) / 28
    rules = [rule("critical", "fail"), rule("high", "pass"), rule("medium", "accepted")]
    assert score(rules) == round(100 * 12 / 28, 1)
    assert score([rule("info", "fail"), rule("low", "pass")]) == round(100 * 2 / 3, 1)


def test_summary_counts_agree_with_rules_and_findings(fixture_report) -> None:
    document, _ = fixture_report
    summary = document["summary"]
    statuses = [r["status"] for r in document["rules"]]
    assert summary["rules"] == {s: statuses.count(s) for s in summary["rules"]}
    by_severity = _by_id(summary["by_severity"], "severity")
    assert list(by_severity) == [s.value for s in Severity]
    assert by_severity["critical"]["open_findings"] == sum(
        1 for f in document["findings"] if f["severity"] == "critical" and f["status"] == "open"
    )
    families = {(row["framework"], row["family"]) for row in summary["by_family"]}
    assert ("MCSB v1", "BR") in families  # every family listed, covered or not
    identity = next(r for r in summary["by_family"] if r["family"] == "IM")
    assert identity["controls"]["fail"] >= 1


def test_ruleset_version_changes_with_the_rules_and_only_then() -> None:
    catalogue = list(all_rules().values())
    first = ruleset_info(catalogue, Config())
    assert first == ruleset_info(list(reversed(catalogue)), Config())
    assert first["version"].startswith("0.1.0+" if first["rules"] else "")
    assert first["rules"] == len(catalogue)
    regraded = ruleset_info(catalogue, Config(severity={"MSG001": Severity.info}))
    assert regraded["version"] != first["version"]
    assert ruleset_info(catalogue[1:], Config())["version"] != first["version"]


def test_input_digest_of_a_file_and_of_a_terraform_directory(tmp_path) -> None:
    file = tmp_path / "spec.yaml"
    file.write_bytes(b"abc")
    assert input_digest(file) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    module = tmp_path / "tf"
    (module / ".terraform").mkdir(parents=True)
    (module / "main.tf").write_text('resource "x" "y" {}\n')
    (module / "README.md").write_text("not configuration\n")
    (module / ".terraform" / "cache.tf").write_text("ignored\n")
    before = input_digest(module)
    (module / "README.md").write_text("still not configuration\n")
    (module / ".terraform" / "cache.tf").write_text("still ignored\n")
    assert input_digest(module) == before
    (module / "main.tf").write_text('resource "x" "z" {}\n')
    assert input_digest(module) != before


def test_footer_data_names_spec_digest_versions_and_time(fixture_report) -> None:
    document, _ = fixture_report
    import hashlib

    assert document["input"]["sha256"] == hashlib.sha256(FINDINGS_SPEC.read_bytes()).hexdigest()
    assert document["generated_at"] == "2026-01-01T00:00:00Z"
    assert document["tool"]["version"]
    assert document["ruleset"]["version"] == ruleset_info(all_rules().values(), Config())["version"]


def test_unknown_rule_ids_from_importers_have_no_controls(tmp_path) -> None:
    # Importer problems (TF...) are findings without a catalogue rule.
    from datetime import UTC, datetime

    from archlint.engine.finding import Finding
    from archlint.engine.runner import run
    from archlint.loader import load_spec
    from archlint.location import Location, NoLocator
    from archlint.report.diagram import Diagram
    from archlint.report.model import Source, build_report

    loaded = load_spec(FINDINGS_SPEC)
    extra = Finding(
        rule_id="TF001",
        title="Unsupported resource",
        severity=Severity.info,
        category="terraform",
        message="azurerm_foo.bar is not modelled",
        path="",
        component=None,
        location=Location("main.tf", 3, 1, "azurerm_foo.bar"),
        fingerprint="f" * 32,
    )
    result = run(loaded.architecture, NoLocator(), [], Config(), [extra])
    document = build_report(
        result,
        [],
        Source("main.tf", "hcl", "0" * 64),
        architecture=loaded.architecture,
        diagram=Diagram(None, "not drawn in this test"),
        generated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    (finding,) = document["findings"]
    assert finding["controls"] == []
    assert finding["location"]["address"] == "azurerm_foo.bar"
    assert document["summary"]["score"] is None


def test_build_report_needs_no_file_beyond_the_input(tmp_path: Path, epoch) -> None:
    out = tmp_path / "out"
    make_report(FINDINGS_SPEC, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_findings_are_listed_most_severe_first(fixture_report) -> None:
    document, _ = fixture_report
    ranks = [Severity(f["severity"]).rank for f in document["findings"]]
    assert ranks == sorted(ranks, reverse=True)
    assert document["findings"][0]["severity"] == "critical"  # SEC001 on vm-mgmt


def test_matrix_follows_the_benchmark_order(fixture_report) -> None:
    from archlint.rules.api import MCSB_FAMILIES

    document, _ = fixture_report
    order = list(MCSB_FAMILIES)
    mcsb = [c["control"] for c in document["controls"] if c["framework"] == "MCSB v1"]
    keys = [(order.index(c.split("-")[0]), int(c.split("-")[1])) for c in mcsb]
    assert keys == sorted(keys)
    assert document["controls"][-1]["id"] == "WAF Performance Efficiency"
