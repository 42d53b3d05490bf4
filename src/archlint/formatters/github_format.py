"""GitHub Actions workflow commands: each finding becomes an annotation on the PR."""

from __future__ import annotations

from archlint.engine.finding import Severity
from archlint.engine.runner import LintResult

_COMMAND = {
    Severity.critical: "error",
    Severity.high: "error",
    Severity.medium: "warning",
    Severity.low: "notice",
    Severity.info: "notice",
}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: LintResult, fail_on: Severity) -> str:
    lines = []
    for finding in result.active:
        properties = [f"file={_escape_property(finding.location.file)}"]
        if finding.location.line:
            properties.append(f"line={finding.location.line}")
            if finding.location.column:
                properties.append(f"col={finding.location.column}")
        properties.append(f"title={_escape_property(f'{finding.rule_id} {finding.title}')}")
        lines.append(
            f"::{_COMMAND[finding.severity]} {','.join(properties)}::"
            f"{_escape_data(finding.message)}"
        )
    lines.extend(f"::notice title=archlint::{_escape_data(note)}" for note in result.notes)
    return "\n".join(lines) + ("\n" if lines else "")
