"""action.yml and the example workflow: well-formed, and their shell steps really work.

The shell steps run here through a small stand-in for the Actions runner
(tests/integrations/actions_runner.py) against archlint as installed for the tests;
the steps that `uses:` other actions are checked for what they would be given.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINIMAL_SPEC, ROOT
from tests.integrations.actions_runner import Expressions, run_steps
from tests.report.conftest import FINDINGS_SPEC

ACTION = ROOT / "action.yml"
WORKFLOW = ROOT / ".github" / "workflows" / "archlint.yml"
STUB_INSTALL = {"Install archlint": "true"}  # archlint is installed already


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _expressions(node: Any) -> list[str]:
    """Every ${{ }} expression anywhere in a YAML document."""
    if isinstance(node, dict):
        return [e for value in node.values() for e in _expressions(value)]
    if isinstance(node, list):
        return [e for value in node for e in _expressions(value)]
    return re.findall(r"\$\{\{\s*(.*?)\s*\}\}", node) if isinstance(node, str) else []


def test_action_is_a_composite_whose_references_resolve() -> None:
    action = _load(ACTION)
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    ids = {s["id"] for s in steps if "id" in s}
    for step in steps:
        assert ("run" in step) != ("uses" in step), step
        if "run" in step:
            assert step.get("shell") == "bash", f"{step['name']}: composite steps need a shell"
            # Inputs reach scripts through env, never spliced into the script text.
            assert "${{" not in step["run"], f"{step['name']}: expression inside a script"
        else:
            assert re.fullmatch(r"[\w-]+/[\w/-]+@v\d+", step["uses"]), step["uses"]
    for expression in _expressions(action):
        for name in re.findall(r"inputs\.([\w-]+)", expression):
            assert name in action["inputs"], f"unknown input {name}"
        for step_id in re.findall(r"steps\.([\w-]+)\.", expression):
            assert step_id in ids, f"unknown step {step_id}"
    for name, spec in action["inputs"].items():
        assert spec.get("description"), f"input {name} has no description"
    uses = [s["uses"].split("@")[0] for s in steps if "uses" in s]
    assert "github/codeql-action/upload-sarif" in uses
    assert "actions/upload-artifact" in uses


def test_workflow_lints_uploads_sarif_and_attaches_the_report() -> None:
    workflow = _load(WORKFLOW)
    lint = workflow["jobs"]["lint"]
    assert lint["permissions"]["security-events"] == "write"
    uses = {s.get("uses", "").split("@")[0] for s in lint["steps"]}
    assert {"actions/checkout", "github/codeql-action/upload-sarif", "actions/upload-artifact"} <= (
        uses
    )
    action_job = workflow["jobs"]["action"]
    assert any(s.get("uses") == "./" for s in action_job["steps"])
    # The action's own inputs, as the workflow passes them, exist.
    action_inputs = _load(ACTION)["inputs"]
    for step in action_job["steps"]:
        if step.get("uses") == "./":
            assert set(step["with"]) <= set(action_inputs)


def _action_inputs(**given: str) -> dict[str, str]:
    defaults = {k: str(v.get("default", "")) for k, v in _load(ACTION)["inputs"].items()}
    return {**defaults, **given}


def _workspace(tmp_path: Path, spec_text: str) -> Path:
    workspace = tmp_path / "workspace"
    (workspace / "spec").mkdir(parents=True)
    (workspace / "spec" / "architecture.yaml").write_text(spec_text)
    return workspace


def test_action_on_a_bad_spec_annotates_uploads_reports_and_fails(tmp_path) -> None:
    workspace = _workspace(tmp_path, FINDINGS_SPEC.read_text())
    job = run_steps(
        _load(ACTION)["runs"]["steps"],
        workspace=workspace,
        inputs=_action_inputs(),
        github={"action_path": str(ROOT)},
        replace=STUB_INSTALL,
    )
    lint = job.step("Lint")
    assert lint.code == 0
    assert "::error file=spec/architecture.yaml,line=" in lint.stdout  # annotations
    assert job.outputs["lint"]["exit-code"] == "1"

    upload = job.step("Upload SARIF to code scanning")
    assert upload.ran and upload.with_["category"] == "archlint"
    sarif = json.loads(Path(upload.with_["sarif_file"]).read_text())
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"MSG001", "SEC001"}

    attach = job.step("Attach the compliance report")
    assert attach.ran and attach.with_["name"] == "archlint-compliance-report"
    report_dir = Path(attach.with_["path"])
    assert {"compliance.html", "compliance.md", "compliance.json"} <= {
        p.name for p in report_dir.iterdir()
    }
    assert "## 1. Summary" in job.summary and "## 2." not in job.summary

    gate = job.step("Fail on findings")
    assert gate.ran and gate.code == 1
    assert job.failed


def test_action_on_a_clean_spec_passes(tmp_path) -> None:
    workspace = _workspace(tmp_path, MINIMAL_SPEC)
    job = run_steps(
        _load(ACTION)["runs"]["steps"],
        workspace=workspace,
        inputs=_action_inputs(**{"upload-sarif": "false"}),
        github={"action_path": str(ROOT)},
        replace=STUB_INSTALL,
    )
    assert not job.failed, [(s.name, s.code, s.stderr) for s in job.steps]
    assert not job.step("Upload SARIF to code scanning").ran
    assert job.step("Attach the compliance report").ran


def test_action_on_an_unreadable_input_skips_sarif_and_report_and_fails(tmp_path) -> None:
    workspace = _workspace(tmp_path, "metadata: [not, a, mapping\n")
    job = run_steps(
        _load(ACTION)["runs"]["steps"],
        workspace=workspace,
        inputs=_action_inputs(),
        github={"action_path": str(ROOT)},
        replace=STUB_INSTALL,
    )
    assert job.outputs["lint"]["exit-code"] == "2"
    assert not job.step("Upload SARIF to code scanning").ran
    assert not job.step("Compliance report").ran
    assert job.step("Fail on findings").code == 2


def test_example_workflow_lint_job_runs(tmp_path) -> None:
    workspace = _workspace(tmp_path, FINDINGS_SPEC.read_text())
    job = run_steps(
        _load(WORKFLOW)["jobs"]["lint"]["steps"],
        workspace=workspace,
        replace=STUB_INSTALL,
    )
    assert (workspace / "archlint.sarif").is_file()
    assert job.step("Upload SARIF to code scanning").ran
    assert (workspace / "compliance-report" / "compliance.html").is_file()
    assert job.step("Attach the compliance report").ran
    assert job.step("Fail on findings at or above 'high'").code == 1


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("always() && inputs.flag == 'true'", True),
        ("inputs.flag != 'true'", False),
        ("!(inputs.flag == 'TRUE')", False),  # comparisons ignore case, as on GitHub
        ("steps.missing.outputs.x != ''", False),
        ("hashFiles('nothing-here') != ''", False),
        ("success() || failure()", True),
    ],
)
def test_the_stand_in_runner_evaluates_expressions(tmp_path, expression, expected) -> None:
    contexts = {"inputs": {"flag": "true"}, "steps": {}}
    assert Expressions(contexts, tmp_path, failed=False).evaluate(expression) is expected
