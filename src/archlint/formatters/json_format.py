"""Machine output: every finding (suppressed ones flagged) and a summary."""

from __future__ import annotations

import json

from archlint import __version__
from archlint.engine.finding import Severity
from archlint.engine.runner import LintResult
from archlint.formatters.summary import summarize


def render(result: LintResult, fail_on: Severity) -> str:
    document = {
        "tool": {"name": "archlint", "version": __version__},
        "findings": [finding.to_dict() for finding in result.findings],
        "summary": summarize(result, fail_on),
        "not_evaluated": [{"rule_id": n.rule_id, "reason": n.reason} for n in result.not_evaluated],
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
