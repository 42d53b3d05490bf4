"""`archlint report`: files, exit codes, reproducibility, --compare, safe writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.report.conftest import FINDINGS_SPEC, make_report

REPORT_FILES = {"compliance.json", "compliance.md", "compliance.html"}


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_writes_the_three_files_and_exits_0_despite_findings(cli, tmp_path, epoch) -> None:
    out = tmp_path / "reports"
    result = cli("report", str(FINDINGS_SPEC), "-o", str(out))
    assert result.code == 0
    assert set(_files(out)) >= REPORT_FILES
    assert "rule(s) pass" in result.stdout
    assert f"wrote {out / 'compliance.html'}" in result.stdout
    assert not list(out.glob(".*"))  # no temporary file left behind


def test_byte_identical_reruns_with_source_date_epoch(tmp_path, epoch) -> None:
    make_report(FINDINGS_SPEC, tmp_path / "one")
    make_report(FINDINGS_SPEC, tmp_path / "two")
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_generation_time_is_now_without_source_date_epoch(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    document = make_report(FINDINGS_SPEC, tmp_path / "out")
    assert document["generated_at"] != "2026-01-01T00:00:00Z"
    assert document["generated_at"].endswith("Z")


def test_default_input_is_the_seed_spec(cli, tmp_path, monkeypatch, epoch) -> None:
    from tests.conftest import ROOT

    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    assert cli("report", "-o", str(out)).code == 0
    document = json.loads((out / "compliance.json").read_text())
    assert document["input"]["path"] == "spec/architecture.yaml"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.yaml",), "missing.yaml"),
        ((str(FINDINGS_SPEC), "--compare", "nope.json"), "cannot read the earlier report"),
    ],
)
def test_input_errors_exit_2_without_traceback(cli, tmp_path, args, message) -> None:
    result = cli("report", *args, "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_invalid_spec_exits_2_with_position(cli, tmp_path, write_spec) -> None:
    spec = write_spec("metadata: {name: x, primary_region: eastus2}\nbogus: 1\n")
    result = cli("report", str(spec), "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert f"{spec}:2:" in result.stderr


def test_compare_refuses_a_file_that_is_not_a_report(cli, tmp_path) -> None:
    other = tmp_path / "other.json"
    other.write_text('{"runs": []}')
    result = cli("report", str(FINDINGS_SPEC), "-o", str(tmp_path / "o"), "--compare", str(other))
    assert result.code == 2
    assert "not an archlint compliance report" in result.stderr


def test_output_directory_that_is_a_file_is_a_usage_error(cli, tmp_path) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    result = cli("report", str(FINDINGS_SPEC), "-o", str(target))
    assert result.code == 2
    assert target.read_text() == "x"


def test_compare_lists_new_fixed_and_newly_suppressed(tmp_path, write_spec, epoch) -> None:
    make_report(FINDINGS_SPEC, tmp_path / "old")
    text = FINDINGS_SPEC.read_text()
    # Fix sbq-orders; accept the VM's literal password; add a queue that drops messages.
    text = text.replace(
        "        - id: sbq-orders\n          default_message_ttl: 14d\n",
        "        - id: sbq-orders\n          default_message_ttl: 14d\n"
        "          dead_lettering_on_message_expiration: true\n"
        "        - id: sbq-new\n          default_message_ttl: 1d\n",
    )
    text = text.replace(
        "      admin_password: hunter2hunter2\n",
        "      admin_password: hunter2hunter2\n"
        "      suppress:\n"
        "        - {rule: SEC001, reason: Break-glass VM, approved_by: ciso}\n",
    )
    spec = write_spec(text)
    document = make_report(
        spec, tmp_path / "new", "--compare", str(tmp_path / "old" / "compliance.json")
    )
    changes = document["changes"]

    def ids(key: str) -> set[tuple[str, str]]:
        return {(c["rule_id"], c["element"]) for c in changes[key]}

    assert ("MSG001", "sbq-new") in ids("new")
    assert ("MSG001", "sbq-orders") in ids("fixed")
    assert ids("newly_suppressed") == {("SEC001", "vm-mgmt")}
    assert ("MSG001", "sbq-legacy") not in ids("new")  # open before and after
    assert changes["since"]["generated_at"] == "2026-01-01T00:00:00Z"
    assert changes["score_delta"] == round(
        document["summary"]["score"] - changes["since"]["score"], 1
    )
    markdown = (tmp_path / "new" / "compliance.md").read_text()
    assert "## 2. Changes since the earlier report" in markdown
    assert "### Newly suppressed (1)" in markdown
    html = (tmp_path / "new" / "compliance.html").read_text()
    assert '<section id="changes">' in html


def test_report_without_compare_has_no_changes_section(fixture_report) -> None:
    document, out = fixture_report
    assert document["changes"] is None
    assert "Changes since" not in (out / "compliance.md").read_text()


def test_files_are_written_inside_the_directory_only(tmp_path) -> None:
    from archlint.report.generate import write_files

    with pytest.raises(ValueError, match="not a plain file name"):
        write_files(tmp_path / "out", {"../escaped.txt": "x"})
    assert not (tmp_path / "escaped.txt").exists()


def test_a_stale_diagram_file_is_removed(tmp_path) -> None:
    from archlint.report.generate import write_files
    from archlint.report.markdown import DIAGRAM_FILE

    write_files(tmp_path, {"compliance.md": "a", DIAGRAM_FILE: "<svg/>"})
    write_files(tmp_path, {"compliance.md": "b"})
    assert not (tmp_path / DIAGRAM_FILE).exists()


def test_verbose_progress_goes_to_stderr_only(cli, tmp_path, epoch) -> None:
    quiet = cli("report", str(FINDINGS_SPEC), "-o", str(tmp_path / "a"))
    verbose = cli("report", str(FINDINGS_SPEC), "-o", str(tmp_path / "b"), "--verbose")
    assert quiet.stderr == ""  # not a terminal, not verbose: nothing
    assert "report: [1/5] load" in verbose.stderr
    assert "report: [5/5] write" in verbose.stderr
    assert verbose.stdout.replace("/b/", "/a/") == quiet.stdout


def test_report_of_a_terraform_directory(tmp_path, epoch) -> None:
    from tests.report.conftest import FINDINGS_TERRAFORM

    document = make_report(FINDINGS_TERRAFORM.parent, tmp_path / "out")
    assert document["input"]["kind"] == "hcl"
    finding = next(f for f in document["findings"] if f["rule_id"] == "MSG001")
    assert finding["location"]["address"] == "azurerm_servicebus_queue.orders"
    assert finding["location"]["file"].endswith("main.tf")
    assert finding["evidence"] == 'resource "azurerm_servicebus_queue" "orders" {'
    # What Terraform cannot say (RTO/RPO, flows) is not evaluated, with the reason.
    # (Policy rules are not in the default selection: not evaluated for that reason.)
    from archlint.rules import all_rules

    rules = all_rules()
    policy = {rule_id for rule_id, rule in rules.items() if rule.policy}
    skipped = [
        r for r in document["rules"] if r["status"] == "not_evaluated" and r["id"] not in policy
    ]
    assert skipped and all(
        r["not_evaluated_reason"].startswith("the input has no")
        # Terraform declares no environment: production posture rules say so.
        or (rules[r["id"]].environments and "does not declare one" in r["not_evaluated_reason"])
        for r in skipped
    )
    assert document["input"]["environment"] == "environment not declared"
    html = (tmp_path / "out" / "compliance.html").read_text()
    assert "azurerm_servicebus_queue.orders" in html
