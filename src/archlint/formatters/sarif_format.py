"""SARIF 2.1.0 for code-scanning UIs (GitHub, Azure DevOps): rules, results, fingerprints."""

from __future__ import annotations

import json
from typing import Any

from archlint import __version__
from archlint.engine.finding import Finding, Severity
from archlint.engine.runner import LintResult
from archlint.rules.api import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {
    Severity.critical: "error",
    Severity.high: "error",
    Severity.medium: "warning",
    Severity.low: "note",
    Severity.info: "note",
}
# GitHub ranks security alerts by this property (0-10).
_SECURITY_SEVERITY = {
    Severity.critical: "9.5",
    Severity.high: "8.0",
    Severity.medium: "5.5",
    Severity.low: "3.0",
    Severity.info: "1.0",
}


def render(result: LintResult, fail_on: Severity) -> str:
    rules = sorted({r.id: r for r in result.rules}.values(), key=lambda r: r.id)
    known = {r.id for r in rules}
    # Importer problems (TF...) carry ids that are not catalogue rules; describe them too.
    extra_ids = sorted({f.rule_id for f in result.findings} - known)
    descriptors = [_descriptor(r) for r in rules] + [
        _plain_descriptor(next(f for f in result.findings if f.rule_id == rule_id))
        for rule_id in extra_ids
    ]
    index = {d["id"]: position for position, d in enumerate(descriptors)}
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "archlint",
                        "version": __version__,
                        "informationUri": "https://learn.microsoft.com/azure/well-architected/",
                        "rules": descriptors,
                    }
                },
                "results": [_result(f, index[f.rule_id]) for f in result.findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    if result.notes:  # said once per run, not about one place: SARIF's tool notifications
        document["runs"][0]["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "note", "message": {"text": note}} for note in result.notes
                ],
            }
        ]
    return json.dumps(document, indent=2) + "\n"


def _descriptor(definition: Rule) -> dict[str, Any]:
    return {
        "id": definition.id,
        "name": definition.name,
        "shortDescription": {"text": definition.title},
        "fullDescription": {"text": definition.rationale or definition.title},
        "helpUri": definition.references[0],
        "help": {"text": _help(definition), "markdown": _help(definition)},
        "defaultConfiguration": {"level": _LEVEL[definition.severity]},
        "properties": {
            "tags": [definition.category, *definition.controls],
            "security-severity": _SECURITY_SEVERITY[definition.severity],
            "precision": "high",
        },
    }


def _help(definition: Rule) -> str:
    """The fix, then the APRL recommendations the rule checks (a reviewer looks them up)."""
    if not definition.aprl:
        return definition.remediation
    guids = ", ".join(definition.aprl)
    return f"{definition.remediation}\n\nAzure Proactive Resiliency Library: {guids}"


def _plain_descriptor(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.rule_id,
        "shortDescription": {"text": finding.title},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
        "properties": {"tags": [finding.category]},
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    region: dict[str, int] = {}
    if finding.location.line:
        region["startLine"] = finding.location.line
        if finding.location.column:
            region["startColumn"] = finding.location.column
    physical: dict[str, Any] = {"artifactLocation": {"uri": finding.location.file}}
    if region:
        physical["region"] = region
    logical = [{"fullyQualifiedName": finding.path, "kind": "element"}]
    if finding.location.address:
        logical.append({"fullyQualifiedName": finding.location.address, "kind": "resource"})
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical, "logicalLocations": logical}],
        "partialFingerprints": {"archlintFingerprint/v1": finding.fingerprint},
        "properties": {"severity": finding.severity.value},
    }
    if finding.suppression:
        result["suppressions"] = [
            {
                "kind": "inSource" if finding.suppression.kind == "inline" else "external",
                "justification": finding.suppression.reason,
                "status": "accepted",
            }
        ]
    return result
