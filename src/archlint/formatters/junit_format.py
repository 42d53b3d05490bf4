"""JUnit XML: one test case per rule, a failure per active finding (what CI UIs show)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from archlint.engine.finding import Severity
from archlint.engine.runner import LintResult


def render(result: LintResult, fail_on: Severity) -> str:
    suite = ET.Element("testsuite", name="archlint")
    failures = 0
    skipped_ids = {n.rule_id for n in result.not_evaluated}
    by_rule: dict[str, list] = {}
    for finding in result.active:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    ids = sorted({r.id for r in result.rules} | set(by_rule))
    titles = {r.id: r.title for r in result.rules}
    for rule_id in ids:
        case = ET.SubElement(
            suite, "testcase", classname=f"archlint.{rule_id}", name=titles.get(rule_id, rule_id)
        )
        if rule_id in skipped_ids and rule_id not in by_rule:
            reason = next(n.reason for n in result.not_evaluated if n.rule_id == rule_id)
            ET.SubElement(case, "skipped", message=reason)
        for finding in by_rule.get(rule_id, []):
            failures += 1
            failure = ET.SubElement(
                case,
                "failure",
                message=finding.message,
                type=finding.severity.value,
            )
            failure.text = f"{finding.location}: {finding.message} ({finding.path})"
    suite.set("tests", str(len(ids)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(sum(1 for c in suite if c.find("skipped") is not None)))
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, "unicode") + "\n"
