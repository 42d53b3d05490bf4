"""compliance.md: the report as GitHub-flavoured Markdown (tables, no raw HTML).

GitHub does not render inline ``<svg>``, so the diagram is referenced as an image file
written next to the Markdown (:data:`DIAGRAM_FILE`).
"""

from __future__ import annotations

from typing import Any

from archlint.report import labels

DIAGRAM_FILE = "compliance-diagram.svg"

_STATUS_MARK = {
    "pass": "✅",
    "fail": "❌",
    "accepted": "⚠️",
    "not_evaluated": "\u2796",
    "open": "❌",
}


def render(document: dict[str, Any]) -> str:
    out: list[str] = [f"# {labels.title(document)}", ""]
    out += [
        f"Architecture **{_text(document['input']['architecture'])}** "
        f"({document['input']['environment']}), assessed from `{document['input']['path']}` "
        f"on {document['generated_at']} by archlint {document['tool']['version']}.",
        "",
    ]
    out += [f"- [{t}](#{_anchor(t)})" for _, t in labels.sections(document)] + [""]
    for _, heading, write in labels.section_writers(document, globals()):
        out += [f"## {heading}", ""]
        out += write(document)
        out.append("")
    out += ["---", ""]
    out += _table(["Provenance", ""], [[k, f"`{v}`"] for k, v in labels.footer_rows(document)])
    return "\n".join(out).rstrip("\n") + "\n"


def _summary(document: dict[str, Any]) -> list[str]:
    summary = document["summary"]
    rules, findings, coverage = summary["rules"], summary["findings"], summary["coverage"]
    out = [
        f"**Score: {labels.score_text(summary['score'])} / 100**. {labels.SCORE_HELP}",
        "",
        f"Rules: {rules['pass']} pass, {rules['fail']} fail, {rules['accepted']} risk accepted, "
        f"{rules['not_evaluated']} not evaluated (coverage {coverage['evaluated']} of "
        f"{coverage['rules']}). Findings: {findings['open']} open, {findings['accepted']} "
        f"accepted as risk, {findings['expired_suppressions']} with an expired suppression.",
        "",
    ]
    for caveat in document["caveats"]:
        out += [f"> **Caveat:** {_text(caveat)}", ""]
    out += ["### By severity", ""]
    out += _table(
        ["Severity", "Rules pass", "Rules fail", "Risk accepted", "Not evaluated", "Open findings"],
        [
            [row["severity"], *_counts(row["rules"]), str(row["open_findings"])]
            for row in summary["by_severity"]
        ],
    )
    out += ["", "### By control family", ""]
    out += _table(
        ["Framework", "Family", "Controls pass", "fail", "risk accepted", "not evaluated", "Rules"],
        [
            [row["framework"], _family(row), *_counts(row["controls"]), str(row["rules"])]
            for row in summary["by_family"]
        ],
    )
    return out


def _family(row: dict[str, Any]) -> str:
    return row["name"] if row["framework"] == "WAF" else f"{row['family']} {row['name']}"


def _counts(counts: dict[str, int]) -> list[str]:
    return [str(counts[s]) for s in ("pass", "fail", "accepted", "not_evaluated")]


def _changes(document: dict[str, Any]) -> list[str]:
    changes = document["changes"]
    since = changes["since"]
    delta = changes["score_delta"]
    out = [
        f"Compared with the report of {since['generated_at']} (score "
        f"{labels.score_text(since['score'])}, rule set {since['ruleset_version']})"
        + (f": score {delta:+.1f}." if delta is not None else "."),
        "",
    ]
    for key, heading in (
        ("new", "New findings"),
        ("fixed", "Fixed findings"),
        ("newly_suppressed", "Newly suppressed"),
    ):
        out += [f"### {heading} ({len(changes[key])})", ""]
        if changes[key]:
            out += _table(
                ["Severity", "Rule", "Element", "Finding"],
                [
                    [i["severity"], i["rule_id"], _code(i["element"]), _text(i["message"])]
                    for i in changes[key]
                ],
            )
        else:
            out.append("None.")
        out.append("")
    return out


def _matrix(document: dict[str, Any]) -> list[str]:
    out = [labels.STATUS_HELP, ""]
    return out + _table(
        ["Control", "Family", "Status", "Evidenced by"],
        [
            [
                f"**{c['id']}**",
                c["family_name"],
                _status(c["status"]),
                ", ".join(f"{r['id']} {_STATUS_MARK[r['status']]}" for r in c["rules"])
                or "no rule",
            ]
            for c in document["controls"]
        ],
    )


def _findings(document: dict[str, Any]) -> list[str]:
    findings = document["findings"]
    if not findings:
        return ["No findings."]
    rows = []
    for f in findings:
        what = f"**{f['rule_id']}** {_text(f['title'])}: {_text(f['message'])}"
        if f["values"]:
            what += f" ({_text(labels.values_text(f['values']))})"
        if f["expired_suppression"]:
            what += f" *(suppression expired {f['expired_suppression']['expires']})*"
        rows.append(
            [
                f"{_STATUS_MARK[f['status']]} {f['severity']}"
                + (" (accepted)" if f["status"] == "accepted" else ""),
                _code(f["element"]),
                _code(labels.location_text(f["location"]))
                + (f" {_code(f['location']['address'])}" if f["location"]["address"] else ""),
                what,
                _code(f["evidence"]),
                ", ".join(f["controls"]),
            ]
        )
    return _table(["Severity", "Element", "Location", "Finding", "Evidence", "Controls"], rows)


def _risks(document: dict[str, Any]) -> list[str]:
    risks = document["accepted_risks"]
    if not risks:
        return ["No accepted risks: nothing is suppressed."]
    return _table(
        ["Status", "Rule", "Element", "Reason", "Approved by", "Expires"],
        [
            [
                (
                    "**EXPIRED**"
                    if r["status"] == "expired"
                    else labels.RISK_STATUS_TEXT[r["status"]]
                ),
                r["rule_id"],
                _code(r["element"]),
                _text(r["reason"]),
                _text(r["approved_by"] or "not recorded"),
                labels.expiry_text(r),
            ]
            for r in risks
        ],
    )


def _risk_status(status: str) -> str:
    text = labels.RISK_STATUS_TEXT[status]
    return f"**{text}**" if status == "expired" else text


def _diagram(document: dict[str, Any]) -> list[str]:
    if document["diagram"]["svg"]:
        return [f"![Event-flow diagram]({DIAGRAM_FILE})"]
    return [f"*{_text(labels.diagram_unavailable(document))}*"]


def _resilience(document: dict[str, Any]) -> list[str]:
    from archlint.report import resilience

    section = document["resilience"]
    scenarios = section["scenarios"]
    out = [_text(resilience.MATRIX_HELP), ""]
    if scenarios:
        flows = [f["id"] + (" (critical)" if f["critical"] else "") for f in scenarios[0]["flows"]]
        rows = [
            [" + ".join(f"`{s}`" for s in scenario["scenario"])]
            + [resilience.outcome_text(f) for f in scenario["flows"]]
            for scenario in scenarios
        ]
        out += [*_table(["scenario", *flows], rows), ""]
    out += [_text(resilience.BUDGET_HELP), ""]
    rows = [
        [
            f"`{entry['flow']}`",
            resilience.budget_text(entry),
            "" if entry["slo"] is None else f"{entry['slo']:g}%",
            ", ".join(entry["unsourced"]) or "none",
        ]
        for entry in section["budget"]
    ]
    out += _table(["flow", "availability", "SLO", "without a sourced SLA"], rows)
    return out


def _rules(document: dict[str, Any]) -> list[str]:
    return _table(
        ["Rule", "Title", "Severity", "Controls", "Status"],
        [
            [
                f"[{r['id']}]({r['references'][0]})" if r["references"] else r["id"],
                _text(r["title"]),
                r["severity"],
                ", ".join([*r["mcsb"], *r["pillars"]]),
                _status(r["status"])
                + (f" ({_text(r['not_evaluated_reason'])})" if r["not_evaluated_reason"] else ""),
            ]
            for r in document["rules"]
        ],
    )


def _status(status: str) -> str:
    return f"{_STATUS_MARK[status]} {labels.STATUS_TEXT[status]}"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]


def _cell(text: str) -> str:
    # A pipe ends a cell and a newline ends a row, even inside code spans.
    return text.replace("|", "\\|").replace("\n", " ")


def _text(text: str | None) -> str:
    """Plain text in Markdown: characters that would start markup are escaped."""
    if not text:
        return ""
    for char in "\\`*_[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def _code(text: str | None) -> str:
    if not text:
        return ""
    if "`" in text:  # a longer fence, padded so a backtick at either end stays content
        return f"`` {text} ``"
    return f"`{text}`"


def _anchor(heading: str) -> str:
    """GitHub's heading anchor: lower case, spaces to hyphens, punctuation dropped."""
    kept = "".join(ch for ch in heading.lower() if ch.isalnum() or ch in " -_")
    return kept.replace(" ", "-")
