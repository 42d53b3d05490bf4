"""The compliance report as one JSON document: the source of truth every renderer reads.

:func:`build_report` turns a lint run (a :class:`LintResult`), the rule catalogue and the
input's bytes into a plain, JSON-ready ``dict`` described by ``report.schema.json``.
The HTML and Markdown renderers read only this document, so the three files always
say the same thing, and an archived ``compliance.json`` can be re-rendered or compared.

Statuses, from the auditor's point of view:

* a **rule** is ``fail`` when it has an open finding (an expired suppression does not
  hide one), ``accepted`` when all its findings are suppressed (an accepted risk, listed
  with reason and approver), ``pass`` when it was evaluated and found nothing, and
  ``not_evaluated`` when it was deselected by configuration or the input lacks what it
  needs (a Terraform input has no RTO);
* a **control** (an MCSB v1 control or a Well-Architected pillar) takes the worst
  status of the rules that evidence it, in the order fail > accepted > pass; it is
  ``not_evaluated`` when none of its rules was evaluated.

The score is defined in :func:`score` (and in the README).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from archlint import __version__
from archlint.engine.config import Config
from archlint.engine.finding import Finding, Severity, SuppressionInfo
from archlint.engine.runner import LintResult
from archlint.model import Architecture
from archlint.records import record
from archlint.report.diagram import Diagram
from archlint.rules.api import MCSB_FAMILIES, PILLARS, Rule

SCHEMA_VERSION = "1.0"
KIND = "archlint-compliance-report"
MCSB = "MCSB v1"
WAF = "WAF"

PASS, FAIL, ACCEPTED, NOT_EVALUATED = "pass", "fail", "accepted", "not_evaluated"
STATUSES = (FAIL, ACCEPTED, PASS, NOT_EVALUATED)  # worst first
# Each severity weighs twice the one below it in the score.
SEVERITY_WEIGHT = {
    Severity.critical: 16,
    Severity.high: 8,
    Severity.medium: 4,
    Severity.low: 2,
    Severity.info: 1,
}
EXPIRING_SOON_DAYS = 30


@record
class Source:
    """What was assessed: the input as the user named it, and a digest of its bytes."""

    path: str
    kind: str  # "spec", "hcl", "plan" or "overlay"
    sha256: str

    @classmethod
    def from_path(cls, path: str, kind: str, files: Sequence[str] = ()) -> Source:
        """``files``: every file and folder the input was read from (the spec files it
        includes, the Terraform an overlay names), all assessed with it."""
        if not files:
            return cls(path, kind, input_digest(Path(path)))
        lines = [input_digest(Path(file)) for file in files]
        return cls(path, kind, hashlib.sha256("\n".join(lines).encode()).hexdigest())


def input_digest(path: Path) -> str:
    """SHA-256 of a file's bytes; for a Terraform directory, of its files' names and digests.

    The directory form hashes the lines ``<relative path> <sha256>`` of every ``*.tf``,
    ``*.tf.json`` and ``*.tfvars`` file below it (``.terraform/`` excluded), sorted, so
    that the digest changes exactly when the configuration does.
    """
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    lines = []
    for file in sorted(path.rglob("*")):
        relative = file.relative_to(path)
        if not file.is_file() or ".terraform" in relative.parts:
            continue
        if file.name.endswith((".tf", ".tf.json", ".tfvars")):
            lines.append(f"{relative.as_posix()} {hashlib.sha256(file.read_bytes()).hexdigest()}")
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def generation_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds: byte-identical reruns)."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def build_report(
    result: LintResult,
    catalogue: Sequence[Rule],
    source: Source,
    *,
    architecture: Architecture,
    config: Config | None = None,
    diagram: Diagram,
    generated_at: datetime,
) -> dict[str, Any]:
    """The report document (see the module docstring and ``report.schema.json``)."""
    config = config or Config()
    rules = _rule_entries(result, catalogue, config)
    controls = _control_entries(rules)
    by_id = {r["id"]: r for r in rules}
    lines_of = cache(_read_lines)  # each input file is read once per report
    # Most severe first (what an auditor reads first), then in input order.
    ordered = sorted(result.findings, key=lambda f: (-f.severity.rank, *f.sort_key()))
    findings = [_finding_entry(f, by_id.get(f.rule_id), lines_of) for f in ordered]
    on_day = generated_at.date()
    return {
        "kind": KIND,
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tool": {"name": "archlint", "version": __version__},
        "ruleset": ruleset_info(catalogue, config),
        "input": {
            "path": source.path,
            "kind": source.kind,
            "sha256": source.sha256,
            "architecture": architecture.metadata.name,
            # Terraform declares none: said, never taken for the spec default.
            "environment": architecture.environment or "environment not declared",
        },
        "summary": _summary(rules, controls, findings),
        "controls": controls,
        "rules": rules,
        "findings": findings,
        "accepted_risks": accepted_risks(result.findings, architecture, on_day),
        # What limits the whole assessment (rule-specific reasons are on each rule).
        "caveats": [n.reason for n in result.not_evaluated if n.rule_id == "*"] + result.notes,
        "diagram": diagram.to_dict(),
        "changes": None,
    }


def ruleset_info(catalogue: Iterable[Rule], config: Config) -> dict[str, Any]:
    """The rule-set version: ``<archlint version>+<rule count>.<digest>``.

    The digest is the first 12 hex digits of the SHA-256 of one line per rule, sorted by
    id: ``id severity mcsb-controls pillars`` with the severity in force (configuration
    overrides included). It changes when a rule is added, removed, re-graded or mapped
    to other controls, and only then: two reports with the same rule-set version were
    judged by the same rules.
    """
    lines = sorted(
        " ".join((r.id, config.severity_for(r).value, ",".join(r.mcsb), ",".join(r.pillars)))
        for r in catalogue
    )
    digest = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return {
        "version": f"{__version__}+{len(lines)}.{digest[:12]}",
        "rules": len(lines),
        "sha256": digest,
    }


def score(rules: Sequence[dict[str, Any]]) -> float | None:
    """Weighted share of evaluated rules without an open finding, 0-100 (1 decimal).

    Each evaluated rule weighs by its severity (critical 16, high 8, medium 4, low 2,
    info 1: each level twice the one below). A rule counts as met when it passes or its
    findings are all accepted risks (suppressed with a reason; an expired suppression
    no longer counts). Rules not evaluated do not count either way; the summary's
    coverage says how many there were. No evaluated rule: no score (null).
    """
    evaluated = [r for r in rules if r["status"] != NOT_EVALUATED]
    total = sum(SEVERITY_WEIGHT[Severity(r["severity"])] for r in evaluated)
    if not total:
        return None
    met = sum(SEVERITY_WEIGHT[Severity(r["severity"])] for r in evaluated if r["status"] != FAIL)
    return round(100 * met / total, 1)


def _rule_entries(
    result: LintResult, catalogue: Sequence[Rule], config: Config
) -> list[dict[str, Any]]:
    selected = {r.id for r in result.rules}
    skipped = {n.rule_id: n.reason for n in result.not_evaluated}
    open_count = Counter(f.rule_id for f in result.active)
    accepted_count = Counter(f.rule_id for f in result.findings if f.suppressed)
    entries = []
    for definition in sorted({r.id: r for r in catalogue}.values(), key=lambda r: r.id):
        reason = None
        if definition.id not in selected:
            reason = (
                "a policy rule, not in the default selection (opt in with extend-select)"
                if definition.policy and not config.select
                else "not selected by the configuration"
            )
        elif definition.id in skipped:
            reason = skipped[definition.id]
        if reason:
            status = NOT_EVALUATED
        elif open_count[definition.id]:
            status = FAIL
        elif accepted_count[definition.id]:
            status = ACCEPTED
        else:
            status = PASS
        entries.append(
            {
                "id": definition.id,
                "name": definition.name,
                "title": definition.title,
                "severity": config.severity_for(definition).value,
                "category": definition.category,
                "mcsb": list(definition.mcsb),
                "pillars": list(definition.pillars),
                "references": list(definition.references),
                "status": status,
                "open_findings": open_count[definition.id],
                "accepted_findings": accepted_count[definition.id],
                "not_evaluated_reason": reason,
            }
        )
    return entries


def _control_entries(rules: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per MCSB control a rule maps to, then one per Well-Architected pillar."""
    evidence: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in rules:
        for control in entry["mcsb"]:
            evidence.setdefault((MCSB, control), []).append(entry)
        for pillar in entry["pillars"]:
            evidence.setdefault((WAF, pillar), []).append(entry)
    family_order = list(MCSB_FAMILIES)  # the benchmark's own order: NS, IM, PA, DP, ...
    mcsb_ids = sorted(
        {c for f, c in evidence if f == MCSB},
        key=lambda c: (family_order.index(c.split("-")[0]), int(c.split("-")[1])),
    )
    rows = []
    for framework, control in [(MCSB, c) for c in mcsb_ids] + [(WAF, p) for p in PILLARS]:
        family = control.split("-")[0] if framework == MCSB else control
        evidencing = evidence.get((framework, control), [])
        rows.append(
            {
                "id": f"{'MCSB' if framework == MCSB else 'WAF'} {control}",
                "framework": framework,
                "control": control,
                "family": family,
                "family_name": MCSB_FAMILIES[family] if framework == MCSB else control,
                "status": _worst(r["status"] for r in evidencing),
                "rules": [{"id": r["id"], "status": r["status"]} for r in evidencing],
            }
        )
    return rows


def _worst(statuses: Iterable[str]) -> str:
    present = set(statuses)
    return next((s for s in STATUSES if s in present and s != NOT_EVALUATED), NOT_EVALUATED)


def _finding_entry(
    finding: Finding, definition: dict[str, Any] | None, lines_of: Callable[[str], list[str]]
) -> dict[str, Any]:
    location = finding.location
    return {
        "fingerprint": finding.fingerprint,
        "rule_id": finding.rule_id,
        "title": finding.title,
        "severity": finding.severity.value,
        "category": finding.category,
        "status": ACCEPTED if finding.suppressed else "open",
        "message": finding.message,
        "element": finding.component,
        "path": finding.path,
        "location": {
            "file": location.file,
            "line": location.line,
            "column": location.column,
            "address": location.address,
        },
        "evidence": _source_line(lines_of(location.file), location.line),
        "values": {k: _plain(v) for k, v in sorted(finding.values.items())},
        "controls": _controls_of(definition),
        "suppression": _suppression(finding.suppression),
        "expired_suppression": _suppression(finding.expired_suppression),
    }


def _controls_of(definition: dict[str, Any] | None) -> list[str]:
    if definition is None:  # importer problems (TF...) are not catalogue rules
        return []
    return [f"MCSB {c}" for c in definition["mcsb"]] + [f"WAF {p}" for p in definition["pillars"]]


def _source_line(lines: list[str], line: int | None) -> str | None:
    """The input line a finding points at: the values, as the author wrote them."""
    if not line or not 0 < line <= len(lines):
        return None
    return lines[line - 1].strip()[:200] or None


def _read_lines(file: str) -> list[str]:
    try:
        return Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # a finding on a file that is gone, or "<model>"
        return []


def _plain(value: Any) -> Any:
    """A JSON value for a finding's evidence value (durations, sizes and dates as text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    return str(value)


def _suppression(info: SuppressionInfo | None) -> dict[str, Any] | None:
    if info is None:
        return None
    return {
        "kind": info.kind,
        "reason": info.reason,
        "approved_by": info.approved_by,
        "expires": info.expires.isoformat() if info.expires else None,
    }


def accepted_risks(
    findings: Sequence[Finding], architecture: Architecture, on_day: date
) -> list[dict[str, Any]]:
    """Every suppression: in force, expired (its finding counts again) or unused.

    An *unused* suppression is one written in the spec for which the rule no longer
    reports anything on that element: the risk is gone (or the rule was deselected),
    and the entry can be removed.
    """
    risks = []
    used: set[tuple[str | None, str]] = set()
    for finding in findings:
        info = finding.suppression or finding.expired_suppression
        if info is None:
            continue
        used.add((finding.component, finding.rule_id))
        status = "in_force" if finding.suppression else "expired"
        risks.append(_risk(finding.rule_id, finding.component, info, status, on_day, finding))
    for component_id, entry in sorted(architecture.index.by_id.items()):
        for suppression in entry.component.suppress:
            if (component_id, suppression.rule) in used:
                continue
            info = SuppressionInfo(
                "inline", suppression.reason, suppression.approved_by, suppression.expires
            )
            risks.append(_risk(suppression.rule, component_id, info, "unused", on_day, None))
    order = {"expired": 0, "in_force": 1, "unused": 2}
    return sorted(risks, key=lambda r: (order[r["status"]], r["rule_id"], r["element"] or ""))


def _risk(
    rule_id: str,
    element: str | None,
    info: SuppressionInfo,
    status: str,
    on_day: date,
    finding: Finding | None,
) -> dict[str, Any]:
    days_left = (info.expires - on_day).days if info.expires else None
    return {
        "rule_id": rule_id,
        "element": element,
        "kind": info.kind,
        "status": status,
        "reason": info.reason,
        "approved_by": info.approved_by,
        "expires": info.expires.isoformat() if info.expires else None,
        "expiring_soon": status == "in_force"
        and days_left is not None
        and days_left <= EXPIRING_SOON_DAYS,
        "severity": finding.severity.value if finding else None,
        "message": finding.message if finding else None,
        "fingerprint": finding.fingerprint if finding else None,
        "location": str(finding.location) if finding else None,
    }


def _summary(
    rules: Sequence[dict[str, Any]],
    controls: Sequence[dict[str, Any]],
    findings: Sequence[dict[str, Any]],
) -> dict[str, Any]:
    evaluated = sum(1 for r in rules if r["status"] != NOT_EVALUATED)
    return {
        "score": score(rules),
        "coverage": {
            "rules": len(rules),
            "evaluated": evaluated,
            "not_evaluated": len(rules) - evaluated,
        },
        "rules": _count(r["status"] for r in rules),
        "findings": {
            "open": sum(1 for f in findings if f["status"] == "open"),
            "accepted": sum(1 for f in findings if f["status"] == ACCEPTED),
            "expired_suppressions": sum(1 for f in findings if f["expired_suppression"]),
        },
        "by_severity": [_severity_row(s, rules, findings) for s in Severity],
        "by_family": _family_rows(controls),
    }


def _count(statuses: Iterable[str]) -> dict[str, int]:
    counts = Counter(statuses)
    return {status: counts[status] for status in (PASS, FAIL, ACCEPTED, NOT_EVALUATED)}


def _severity_row(
    severity: Severity, rules: Sequence[dict[str, Any]], findings: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "severity": severity.value,
        "rules": _count(r["status"] for r in rules if r["severity"] == severity.value),
        "open_findings": sum(
            1 for f in findings if f["severity"] == severity.value and f["status"] == "open"
        ),
    }


def _family_rows(controls: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Control counts per MCSB family (all twelve, so gaps show) and per pillar."""
    families = [(MCSB, code, name) for code, name in MCSB_FAMILIES.items()]
    families += [(WAF, pillar, pillar) for pillar in PILLARS]
    rows = []
    for framework, code, name in families:
        members = [c for c in controls if c["framework"] == framework and c["family"] == code]
        rows.append(
            {
                "framework": framework,
                "family": code,
                "name": name,
                "controls": _count(c["status"] for c in members),
                "rules": len({r["id"] for c in members for r in c["rules"]}),
            }
        )
    return rows
