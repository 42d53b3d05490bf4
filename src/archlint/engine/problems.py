"""Importer problems as engine findings (rule ids in the ``TF`` category).

The importers report plain data (:mod:`archlint.importers.problems`); turning it into
findings is the engine's job, so importers never depend on the engine. The
fingerprint is content-based (rule, Terraform address, message) like the engine's own, so
a baseline keeps matching when lines move.
"""

from __future__ import annotations

from archlint.digest import sha256
from archlint.engine.finding import Finding, Severity
from archlint.importers.problems import TF_RULES, ImportProblem
from archlint.model import format_path

__all__ = ["problems_to_findings"]


def problems_to_findings(problems: list[ImportProblem]) -> list[Finding]:
    findings: list[Finding] = []
    for problem in problems:
        title = TF_RULES.get(problem.rule_id, ("info", problem.rule_id))[1]
        address = problem.location.address or ""
        digest = sha256(
            "\x1f".join((problem.rule_id, address, problem.message)).encode()
        ).hexdigest()[:32]
        findings.append(
            Finding(
                rule_id=problem.rule_id,
                title=title,
                severity=Severity.parse(problem.severity),
                category="terraform",
                message=problem.message,
                path=format_path(problem.path) if problem.path else "",
                component=None,
                location=problem.location,
                fingerprint=digest,
            )
        )
    return findings
