"""Counts every formatter shows the same way."""

from __future__ import annotations

from typing import Any

from archlint.engine.finding import Severity
from archlint.engine.runner import LintResult


def summarize(result: LintResult, fail_on: Severity) -> dict[str, Any]:
    active = result.active
    by_severity = {s.value: 0 for s in Severity}
    for finding in active:
        by_severity[finding.severity.value] += 1
    return {
        "total": len(active),
        "by_severity": by_severity,
        "suppressed": len(result.findings) - len(active),
        "failing": len(result.failing(fail_on)),
        "fail_on": fail_on.value,
        "rules_evaluated": len(result.rules)
        - len({n.rule_id for n in result.not_evaluated if n.rule_id != "*"}),
        "rules_not_evaluated": len({n.rule_id for n in result.not_evaluated if n.rule_id != "*"}),
        "notes": list(result.notes),
    }


def summary_line(result: LintResult, fail_on: Severity) -> str:
    counts = summarize(result, fail_on)
    if counts["total"] == 0:
        text = "No findings"
    else:
        parts = [f"{n} {s}" for s, n in counts["by_severity"].items() if n]
        noun = "finding" if counts["total"] == 1 else "findings"
        text = f"Found {counts['total']} {noun} ({', '.join(parts)})"
    if counts["suppressed"]:
        text += f"; {counts['suppressed']} suppressed"
    text += f"; {counts['failing']} at or above '{fail_on.value}'."
    if counts["rules_not_evaluated"]:
        text += f" {counts['rules_not_evaluated']} rule(s) not evaluated (--explain-skipped)."
    return text
