"""JUnit XML, as CI test views (Jenkins, GitLab, Azure DevOps) read it.

Each finding is a test case of its own (classname ``archlint.<rule id>``): failed, or
skipped when suppressed (an accepted risk or a baseline entry, with the reason). A rule
that ran without findings is one passing test case; a rule not evaluated is one skipped
case. The suite's counts are counts of test cases, as the JUnit schema defines them
(``tests`` all, ``failures`` those with a ``<failure>``, ``skipped`` those with a
``<skipped>``), so every CI view shows the same numbers as the cases listed.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from archlint.engine.finding import Finding, Severity
from archlint.engine.runner import LintResult


def render(result: LintResult, fail_on: Severity) -> str:
    suite = ET.Element("testsuite", name="archlint")
    by_rule: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    not_evaluated = {}
    for item in result.not_evaluated:
        not_evaluated.setdefault(item.rule_id, item.reason)
    titles = {r.id: r.title for r in result.rules}
    for rule_id in sorted(titles.keys() | by_rule.keys()):
        title = titles.get(rule_id, rule_id)
        if rule_id in by_rule:
            for finding in by_rule[rule_id]:
                _finding_case(suite, finding)
            continue
        case = ET.SubElement(suite, "testcase", classname=f"archlint.{rule_id}", name=title)
        if rule_id in not_evaluated:
            ET.SubElement(case, "skipped", message=f"not evaluated: {not_evaluated[rule_id]}")
    cases = list(suite)
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(c.find("failure") is not None for c in cases)))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(c.find("skipped") is not None for c in cases)))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, "unicode") + "\n"


def _finding_case(suite: ET.Element, finding: Finding) -> None:
    subject = finding.component or finding.path or str(finding.location)
    case = ET.SubElement(
        suite,
        "testcase",
        classname=f"archlint.{finding.rule_id}",
        name=f"{finding.title} [{subject}]",
    )
    if finding.suppression is not None:
        ET.SubElement(case, "skipped", message=f"suppressed: {finding.suppression.reason}")
        return
    failure = ET.SubElement(case, "failure", message=finding.message, type=finding.severity.value)
    failure.text = f"{finding.location}: {finding.message} ({finding.path})"
