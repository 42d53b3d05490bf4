"""``archlint drift``: where Terraform (a plan or a configuration) departs from the spec."""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any

import click

from archlint.cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, current_limits, limit_options
from archlint.errors import InputError, InputErrors

_FORMATS = ("text", "json", "sarif", "junit", "github")


_OVERLAY_HAS_NO_RESOURCES = (
    "this spec is an overlay on its Terraform sources, so it has no resources of its own "
    "to compare with Terraform: drift compares a full spec"
)


@click.command()
@click.argument("terraform", type=str)
@click.option(
    "--spec",
    "spec_path",
    default="spec/architecture.yaml",
    show_default=True,
    help="The approved architecture to compare with.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(_FORMATS),
    default="text",
    show_default=True,
    help="Output format (json carries both values of every difference).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to FILE (atomically; its folder is created if missing).",
)
@limit_options
def drift(terraform: str, spec_path: str, output_format: str, output: str | None) -> None:
    """Compare TERRAFORM (a plan JSON, a .tf file or a directory) with the spec.

    Reports components missing from or extra to Terraform, properties that differ (SKU,
    zone redundancy, TLS, public access, TTLs, retries, dead-lettering, CIDRs, DNS zones)
    and, for plans, resources destroyed or replaced (high severity when they hold data).

    Exit codes: 0 no drift, 1 drift found, 2 input or usage error.
    """
    from archlint.importers import load_terraform
    from archlint.importers.drift import compare
    from archlint.inputs import load_spec_input
    from archlint.loader import parse_spec
    from archlint.model import ModelIssue

    errors: list[InputError] = []
    limits = current_limits()
    spec = imported = None
    try:
        parsed = parse_spec(spec_path, limits)
        if "sources" in parsed.data:
            raise parsed.errors([ModelIssue(("sources",), _OVERLAY_HAS_NO_RESOURCES)])
        spec = load_spec_input(spec_path, limits, parsed)  # its includes merged
    except InputErrors as error:
        errors.extend(error.errors)
    try:
        imported = load_terraform(terraform, limits)
    except InputErrors as error:
        errors.extend(error.errors)
    if errors or spec is None or imported is None:
        for item in errors:
            click.echo(str(item), err=True)
        sys.exit(EXIT_ERROR)

    report = compare(spec.architecture, spec.locator, imported)
    if output_format == "text":
        text = _text(report, spec_path, terraform)
    elif output_format == "json":
        text = json.dumps(report.to_dict(), indent=2, sort_keys=True, default=str) + "\n"
    else:
        text = _via_lint_formatter(report, output_format)
    if output:
        from archlint.fsutil import write_output

        write_output(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_FINDINGS if report.findings else EXIT_OK)


def _show(value: Any) -> str:
    if value is None:
        return "unset"
    return json.dumps(value, sort_keys=True, default=str)


def _text(report: Any, spec_path: str, terraform: str) -> str:
    lines: list[str] = []
    for finding in report.findings:
        where = finding.terraform_location or finding.spec_location
        place = str(where) if where is not None else terraform
        lines.append(f"{place}: {finding.rule_id} [{finding.severity}] {finding.message}")
        if finding.rule_id == "DRIFT003":
            lines.append(f"    spec:      {_show(finding.spec_value)}  ({finding.spec_location})")
            lines.append(
                f"    terraform: {_show(finding.terraform_value)}  ({finding.address or ''})"
            )
    summary = report.to_dict()["summary"]
    if report.findings:
        lines.append(
            f"Found {len(report.findings)} drift finding(s) between {spec_path} and {terraform} "
            f"({summary['matched_components']} components matched; "
            f"{summary['properties_unknown_until_apply']} properties unknown until apply)."
        )
    else:
        lines.append(
            f"No drift: {terraform} matches {spec_path} "
            f"({summary['matched_components']} components matched; "
            f"{summary['properties_unknown_until_apply']} properties unknown until apply)."
        )
    return "\n".join(lines) + "\n"


def _via_lint_formatter(report: Any, output_format: str) -> str:
    """SARIF, JUnit and GitHub annotations through lint's formatters (same shapes in CI)."""
    from archlint.engine.finding import Finding, Severity
    from archlint.engine.runner import LintResult
    from archlint.formatters import get_formatter
    from archlint.importers.drift import DRIFT_RULES

    findings = []
    for item in report.findings:
        location = item.terraform_location or item.spec_location
        if location is None:
            from archlint.location import Location

            location = Location("<terraform>")
        key = "\x1f".join(
            (item.rule_id, item.component or "", item.property or "", item.address or "")
        )
        findings.append(
            Finding(
                rule_id=item.rule_id,
                title=DRIFT_RULES[item.rule_id][1],
                severity=Severity.parse(item.severity),
                category="drift",
                message=item.message,
                path=item.property or "",
                component=item.component,
                location=location,
                fingerprint=hashlib.sha256(key.encode()).hexdigest()[:32],
                values={"spec": item.spec_value, "terraform": item.terraform_value},
            )
        )
    findings.sort(key=Finding.sort_key)
    result = LintResult(findings, [], [], 0)
    return get_formatter(output_format)(result, Severity.info)


__all__ = ["drift"]
