"""The corpus harness on a tiny corpus written here: root modules are found, each is linted
in its own process, refusals and crashes are told apart, and azurerm blocks not evaluated are
counted against an independent count. No network, no third-party file; no timing asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.corpus import cli, corpus_list, modules, run

GOOD = """\
provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "main" {
  name     = "rg-good"
  location = "westeurope"
}

module "gateway" {
  source              = "../modules/gateway"
  resource_group_name = azurerm_resource_group.main.name
}
"""

GATEWAY = """\
variable "resource_group_name" {
  type = string
}

resource "azurerm_search_service" "gateway" {
  name                = "srch-good"
  location            = "westeurope"
  resource_group_name = var.resource_group_name
  sku                 = "standard"
}

resource "azurerm_management_group" "tenant" {
  display_name = "Good"
}

variable "workspace_id" {
  type = string
}

resource "azurerm_monitor_diagnostic_setting" "gateway" {
  name                       = "to-the-platform-workspace"
  target_resource_id         = azurerm_search_service.gateway.id
  log_analytics_workspace_id = var.workspace_id
  enabled_log {
    category = "OperationLogs"
  }
}
"""

BROKEN = """\
provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "main" {
  name = "rg-broken"
  location = = "westeurope"
}
"""

LIBRARY = """\
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm" }
  }
}

variable "name" {
  type = string
}
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    top = tmp_path / "corpus"
    for relative, text in {
        "good/main.tf": GOOD,
        "modules/gateway/main.tf": GATEWAY,
        "broken/main.tf": BROKEN,
        "library/main.tf": LIBRARY,
    }.items():
        path = top / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return top


def test_root_modules_leave_out_called_modules_and_bare_libraries(corpus: Path) -> None:
    roots = modules.root_modules([corpus])
    assert [r.relative_to(corpus.resolve()).as_posix() for r in roots] == ["broken", "good"]


def test_under_an_examples_folder_every_module_is_a_root(tmp_path: Path) -> None:
    (tmp_path / "examples" / "minimal").mkdir(parents=True)
    (tmp_path / "examples" / "minimal" / "main.tf").write_text(LIBRARY, encoding="utf-8")
    assert modules.root_modules([tmp_path]) == [(tmp_path / "examples" / "minimal").resolve()]


def test_azurerm_blocks_are_counted_through_local_modules(corpus: Path) -> None:
    assert dict(modules.azurerm_blocks(corpus / "good")) == {
        "azurerm_resource_group": 1,
        "azurerm_search_service": 1,
        "azurerm_monitor_diagnostic_setting": 1,
        "azurerm_management_group": 1,
    }


def test_a_run_reports_refusals_and_blocks_not_evaluated(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "results.json"
    figures = tmp_path / "RESULTS.md"
    arguments = [
        str(corpus),
        "--no-checkov",
        "--quiet",
        "-o",
        str(output),
        "--markdown",
        str(figures),
    ]
    code = cli.main(arguments)
    assert code == 0
    document = json.loads(output.read_text(encoding="utf-8"))
    by_label = {m["label"].rsplit("/", 1)[-1]: m for m in document["modules"]}
    assert [m["label"].rsplit("/", 1)[-1] for m in document["modules"]] == ["broken", "good"]

    broken = by_label["broken"]
    assert (broken["outcome"], broken["exit_code"]) == ("refused", 2)
    assert broken["message"].startswith("broken/main.tf:7"), broken["message"]

    good = by_label["good"]
    assert good["outcome"] in ("clean", "findings")
    assert good["azurerm_blocks"] == 4
    assert good["not_evaluated_blocks"] == {"azurerm_management_group": 1}
    assert good["generic_blocks"] == 1  # the search service: no bespoke model
    # The diagnostic setting's workspace is outside the configuration: left out, and said.
    assert good["unattached_resources"] == 1
    assert good["findings_by_rule"]["TF005"] == 2

    summary = document["summary"]
    assert summary["modules"] == 2
    assert summary["outcomes"]["refused"] == 1 and summary["outcomes"]["crash"] == 0
    assert summary["not_evaluated_blocks"] == 1 and summary["not_evaluated_percent"] == 25.0
    assert summary["unattached_resources"] == 1
    assert summary["evaluated_percent"] == 50.0  # of 4: the management group and the setting
    assert summary["generic_blocks"] == 1
    assert summary["problems"][0]["count"] == 1
    assert summary["problems"][0]["example"].endswith("broken")
    table = capsys.readouterr().out
    assert "refused" in table and "azurerm types not evaluated" in table
    assert "| `azurerm_management_group` | 1 | 1 |" in figures.read_text(encoding="utf-8")

    # added up again from the modules alone, the figures are the same
    assert cli.main(["report", "--results", str(output)]) == 0
    assert json.loads(output.read_text(encoding="utf-8")) == document


def test_an_unexpected_exit_code_is_a_crash(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        run, "archlint_command", lambda: [sys.executable, "-c", "import sys; sys.exit(3)"]
    )
    result = run.lint_module("good", corpus / "good", timeout=60)
    assert (result.outcome, result.exit_code) == ("crash", 3)


def test_a_traceback_on_stderr_is_a_crash_whatever_the_exit_code(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trace = "Traceback (most recent call last):\\nKeyError: 1\\n"
    script = f"import sys; sys.stderr.write('{trace}'); sys.exit(2)"
    monkeypatch.setattr(run, "archlint_command", lambda: [sys.executable, "-c", script])
    result = run.lint_module("good", corpus / "good", timeout=60)
    assert (result.outcome, result.message) == ("crash", "KeyError: 1")


def test_checkov_failed_checks_are_counted(corpus: Path, tmp_path: Path) -> None:
    fake = tmp_path / "checkov"
    report = {
        "results": {"failed_checks": [{"check_id": "CKV_AZURE_2"}, {"check_id": "CKV_AZURE_1"}]}
    }
    fake.write_text(
        f"#!{sys.executable}\nimport sys\nprint({json.dumps(json.dumps(report))})\nsys.exit(1)\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    result = run.checkov_module(str(fake), corpus / "good", timeout=60)
    assert (result.failed, result.error) == (2, "")
    assert result.failed_by_check == {"CKV_AZURE_1": 1, "CKV_AZURE_2": 1}


def test_a_bad_list_line_names_its_file_and_line(tmp_path: Path) -> None:
    listed = tmp_path / "list.txt"
    listed.write_text("# corpus\nowner/repo@abc:examples/x\n", encoding="utf-8")
    with pytest.raises(corpus_list.ListError, match=r"list.txt:2: expected owner/repo@"):
        corpus_list.read_list(listed)


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_materialise_exports_the_whole_repository_at_the_listed_commit(
    corpus: Path, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    for path in corpus.rglob("*.tf"):
        target = work / path.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    _git("init", "-q", cwd=work)
    _git("add", ".", cwd=work)
    _git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "c", cwd=work)
    mirror = tmp_path / "mirror"
    _git("clone", "-q", "--bare", str(work), str(mirror / "team+tiny" / "repo"), cwd=tmp_path)
    commit = corpus_list.head_commit(mirror, "team/tiny")
    listed = tmp_path / "list.txt"
    listed.write_text(f"team/tiny@{commit}:good\nteam/tiny@{commit}:missing\n", encoding="utf-8")
    entries = corpus_list.read_list(listed)
    scratch = tmp_path / "scratch"
    problems = corpus_list.materialise(entries, mirror, scratch)
    assert problems == [f"team/tiny@{commit}:missing: no such directory at that commit"]
    good = entries[0].directory(scratch)
    assert (good / "main.tf").is_file()
    # the module the listed path calls with ../ came along with the rest of the tree
    assert (good.parent / "modules" / "gateway" / "main.tf").is_file()


def test_summary_groups_refusals_by_cause_and_splits_importer_findings() -> None:
    results = [
        run.ModuleResult("a", "refused", 2, 1.0, "x.tf:3:17: HCL syntax error: unexpected '<<EOT'"),
        run.ModuleResult("b", "refused", 2, 3.0, "y.tf:9:2: HCL syntax error: unexpected '<<-X'"),
        run.ModuleResult(
            "c",
            "findings",
            1,
            2.0,
            findings_by_rule={"NET007": 2, "TF005": 1, "TF007": 1},
            unreadable=["azurerm_x.y: could not read this (TypeError: no)"],
        ),
    ]
    summary = run.summarise(results)
    assert summary["problems"] == [
        {
            "group": "refused: HCL syntax error: unexpected '…'",
            "count": 2,
            "example": "a",
            "message": "x.tf:3:17: HCL syntax error: unexpected '<<EOT'",
        }
    ]
    assert [u["group"] for u in summary["unreadable_causes"]] == [
        "could not read this (TypeError: no)"
    ]
    assert [f["rule"] for f in summary["findings_by_rule"]] == ["NET007"]
    assert [f["rule"] for f in summary["terraform_findings_by_rule"]] == ["TF005", "TF007"]
    assert summary["archlint_seconds"] == {"median": 2.0, "max": 3.0, "total": 6.0}


def test_checkov_every_n_runs_it_beside_every_n_th_module_only(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        run, "archlint_command", lambda: [sys.executable, "-c", "print('{\"findings\": []}')"]
    )
    fake = tmp_path / "checkov"
    fake.write_text(f"#!{sys.executable}\nprint('{{}}')\n", encoding="utf-8")
    fake.chmod(0o755)
    modules_ = [(name, corpus / name, corpus) for name in ("broken", "good", "library")]
    results = run.run_all(
        modules_,
        timeout=60,
        checkov=str(fake),
        checkov_timeout=60,
        checkov_every=2,
        jobs=1,
        progress=False,
    )
    assert [r.checkov is not None for r in results] == [True, False, True]
    assert run.summarise(results)["checkov"]["modules"] == 2


def test_exit_one_without_archlint_json_is_a_crash(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = "import sys; print('{}'); sys.exit(1)"
    monkeypatch.setattr(run, "archlint_command", lambda: [sys.executable, "-c", script])
    result = run.lint_module("good", corpus / "good", timeout=60)
    assert (result.outcome, result.message) == (
        "crash",
        "exit 0/1 without archlint's JSON on stdout",
    )
