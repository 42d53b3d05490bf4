"""Checkov as a second oracle: the same fixtures judged by both tools, resource by resource.

archlint's verdicts are asserted on every fixture whether or not Checkov is installed; with
Checkov (``$ARCHLINT_CHECKOV``, ``checkov`` on PATH, or importable) its verdicts are asserted
too. Each verdict must be the fixture file's (``fail.tf`` / ``pass.tf``) unless
``DISAGREEMENTS`` names that tool as wrong there, with the reason and the source.
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import get_args

import pytest

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.importers import load_terraform
from archlint.rules import all_rules
from tests.conftest import ROOT
from tests.generators.test_checkov import checkov_command
from tests.oracle.checkov_pairs import DISAGREEMENTS, PAIRS, Cause, Pair

ORACLE = ROOT / "tests" / "fixtures" / "oracle"
_RESOURCE = re.compile(r'^resource\s+"([a-z0-9_]+)"\s+"([A-Za-z0-9_-]+)"', re.MULTILINE)

Case = tuple[str, str, str]  # (check, fixture folder relative to ORACLE, address)


def _roots(check: str) -> list[Path]:
    """The Terraform roots of a check: its folder and any subfolder (another provider major)."""
    return sorted(p.parent for p in (ORACLE / check).rglob("pass.tf"))


def _expected(pair: Pair) -> dict[Case, str]:
    """Each judged resource of the pair's fixtures and the verdict its file states."""
    out: dict[Case, str] = {}
    for root in _roots(pair.check):
        folder = root.relative_to(ORACLE).as_posix()
        for verdict in ("pass", "fail"):
            text = (root / f"{verdict}.tf").read_text(encoding="utf-8")
            for kind, name in _RESOURCE.findall(text):
                assert kind in pair.types, f"{folder}/{verdict}.tf: {kind} is not judged"
                out[(pair.check, folder, f"{kind}.{name}")] = verdict
    return out


def _archlint(pair: Pair, root: Path) -> dict[str, str]:
    """archlint's verdict on each resource of one Terraform root it does not pass: "fail"
    (the pair's rule reports the property there) or "not judged" (TF005 says so)."""
    loaded = load_terraform(root)
    policies = loaded.architecture.security.policies
    for name, value in pair.policies.items():
        setattr(policies, name, value)
    if pair.environment:
        loaded.architecture.declare_environment(pair.environment)
    rule = all_rules()[pair.rule]
    # selected by name, so that a default selection that leaves a policy rule out cannot
    # turn the comparison into a string of passes
    result = run(loaded.architecture, loaded.locator, [rule], Config(select=(pair.rule,)))
    assert result.rules == [rule] and not result.not_evaluated, result.not_evaluated
    verdicts = {
        p.location.address: "not judged"
        for p in loaded.problems
        if p.rule_id == "TF005" and p.location.address
    }
    for finding in result.findings:
        if finding.location.address and pair.message in finding.message:
            verdicts[finding.location.address] = "fail"
    return verdicts


def _want(case: Case, verdict: str, tool: str) -> str:
    """The verdict ``tool`` should give: the file's, unless DISAGREEMENTS says it errs there."""
    entry = DISAGREEMENTS.get(case)
    if entry is None or tool not in entry.wrong:
        return verdict
    return entry.gives or ("pass" if verdict == "fail" else "fail")


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p.check}-{p.rule}")
def test_archlint_verdicts(pair: Pair) -> None:
    expected = _expected(pair)
    assert "fail" in expected.values() and "pass" in expected.values()
    verdicts: dict[tuple[str, str], str] = {}
    for root in _roots(pair.check):
        folder = root.relative_to(ORACLE).as_posix()
        verdicts |= {(folder, address): v for address, v in _archlint(pair, root).items()}
    got = {case: verdicts.get((case[1], case[2]), "pass") for case in expected}
    want = {case: _want(case, verdict, "archlint") for case, verdict in expected.items()}
    assert got == want


@cache
def _checkov_results() -> dict[Case, str]:
    """Checkov once over every fixture folder: (check, folder, address) -> verdict."""
    checks = ",".join(sorted({p.check for p in PAIRS}))
    completed = subprocess.run(
        [
            *checkov_command(),
            "-d",
            str(ORACLE),
            "--framework",
            "terraform",
            "--check",
            checks,
            "--output",
            "json",
            "--skip-download",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ORACLE,
    )
    assert completed.returncode in (0, 1), completed.stderr[-2000:]
    reports = json.loads(completed.stdout)
    results: dict[Case, str] = {}
    for report in reports if isinstance(reports, list) else [reports]:
        for key, verdict in (("passed_checks", "pass"), ("failed_checks", "fail")):
            for item in report["results"][key]:
                folder = Path(item["file_path"].lstrip("/")).parent.as_posix()
                results[(item["check_id"], folder, item["resource"])] = verdict
    return results


@pytest.mark.slow
@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: f"{p.check}-{p.rule}")
def test_checkov_verdicts(pair: Pair) -> None:
    results = _checkov_results()
    expected = _expected(pair)
    got = {case: results.get(case, "not judged") for case in expected}
    want = {case: _want(case, verdict, "checkov") for case, verdict in expected.items()}
    assert got == want


def test_every_disagreement_is_a_fixture_resource() -> None:
    """An entry for a resource no fixture has (renamed, removed) would excuse nothing."""
    cases = {case for pair in PAIRS for case in _expected(pair)}
    assert set(DISAGREEMENTS) <= cases
    for entry in DISAGREEMENTS.values():
        assert entry.wrong and set(entry.wrong) <= {"archlint", "checkov"}
        assert entry.source.startswith("https://")
        assert entry.cause in get_args(Cause)


def test_each_pair_has_its_own_folder() -> None:
    folders = {p.name for p in ORACLE.iterdir() if p.name.startswith("CKV")}
    assert folders == {p.check for p in PAIRS}
