"""Human output: findings grouped by file, in line order, coloured on a terminal."""

from __future__ import annotations

import click

from archlint.engine.finding import Finding, Severity
from archlint.engine.runner import LintResult
from archlint.formatters.summary import summary_line

_COLOURS = {
    Severity.critical: "magenta",
    Severity.high: "red",
    Severity.medium: "yellow",
    Severity.low: "cyan",
    Severity.info: "white",
}


def render(
    result: LintResult, fail_on: Severity, *, colour: bool = False, show_suppressed: bool = False
) -> str:
    def style(text: str, **kwargs: object) -> str:
        return click.style(text, **kwargs) if colour else text

    lines: list[str] = []
    current_file = None
    for finding in result.findings:
        if finding.suppressed and not show_suppressed:
            continue
        if finding.location.file != current_file:
            current_file = finding.location.file
            if lines:
                lines.append("")
            lines.append(style(current_file, bold=True))
        lines.append(_line(finding, style))
    if lines:
        lines.append("")
    lines.append(summary_line(result, fail_on))
    lines.extend(style(f"note: {note}", dim=True) for note in result.notes)
    return "\n".join(lines) + "\n"


def _line(finding: Finding, style) -> str:
    line, column = finding.location.line, finding.location.column
    # A plan has no lines: its findings are placed by the Terraform address shown after them.
    where = f"{line}:{column or 1}" if line else "-"
    severity = style(f"{finding.severity.value:<8}", fg=_COLOURS[finding.severity])
    text = f"  {where:>8}  {severity} {style(finding.rule_id, bold=True)}  {finding.message}"
    if finding.location.address:
        text += f"  [{finding.location.address}]"
    if finding.suppression:
        text += style(f"  (suppressed: {finding.suppression.reason})", dim=True)
    if finding.expired_suppression:
        expired = finding.expired_suppression
        text += style(f"  (suppression expired {expired.expires}: {expired.reason})", fg="red")
    return text
