"""compliance.html: one self-contained page, for the screen and for print.

Self-contained means no request leaves the page: the CSS is inline, the diagram is an
inline SVG, there is no script and no web font, and a Content-Security-Policy of
``default-src 'none'`` makes the browser refuse anything else. Every value from the
input is escaped. Sections start on a new page when printed.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from archlint.report import labels
from archlint.report.style import CSS

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render(document: dict[str, Any]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        f"<title>{_e(labels.title(document))}</title>",
        f"<style>\n{CSS}</style>",
        "</head>",
        "<body>",
        _header(document),
        _nav(document),
        "<main>",
    ]
    for ident, heading, write in labels.section_writers(document, globals()):
        parts.append(f'<section id="{ident}">\n<h2>{_e(heading)}</h2>')
        parts.append(write(document))
        parts.append("</section>")
    parts += ["</main>", _footer(document), "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _header(document: dict[str, Any]) -> str:
    source = document["input"]
    return (
        "<header>\n"
        f"<h1>{_e(labels.title(document))}</h1>\n"
        f'<p class="subtitle">{_e(source["environment"])} architecture '
        f"<code>{_e(source['architecture'])}</code>, assessed from <code>{_e(source['path'])}"
        f"</code> on {_e(document['generated_at'])} by archlint "
        f"{_e(document['tool']['version'])}</p>\n"
        "</header>"
    )


def _nav(document: dict[str, Any]) -> str:
    links = "".join(
        f'<li><a href="#{ident}">{_e(heading)}</a></li>'
        for ident, heading in labels.sections(document)
    )
    return f'<nav aria-label="Contents"><ul>{links}</ul></nav>'


def _summary(document: dict[str, Any]) -> str:
    summary = document["summary"]
    rules, findings, coverage = summary["rules"], summary["findings"], summary["coverage"]
    cards = [
        ("score", labels.score_text(summary["score"]), "score / 100"),
        ("pass", rules["pass"], "rules pass"),
        ("fail", rules["fail"], "rules fail"),
        ("accepted", rules["accepted"], "rules: risk accepted"),
        ("not_evaluated", rules["not_evaluated"], "rules not evaluated"),
        ("open", findings["open"], "open findings"),
        ("accepted", findings["accepted"], "accepted findings"),
    ]
    out = ['<div class="cards">']
    out += [
        f'<div class="card card-{cls}"><span class="number">{_e(str(value))}</span>'
        f'<span class="label">{_e(label)}</span></div>'
        for cls, value, label in cards
    ]
    out.append("</div>")
    out.append(
        f'<p class="help">{_e(labels.SCORE_HELP)} Coverage: {coverage["evaluated"]} of '
        f"{coverage['rules']} rules evaluated. Findings: {findings['open']} open, "
        f"{findings['accepted']} accepted as risk, {findings['expired_suppressions']} with an "
        "expired suppression.</p>"
    )
    out += [f'<p class="caveat">Caveat: {_e(c)}</p>' for c in document["caveats"]]
    out.append("<h3>By severity</h3>")
    out.append(
        _table(
            ["Severity", "Rules pass", "Rules fail", "Risk accepted", "Not evaluated", "Open"],
            [
                [_severity(row["severity"]), *_counts(row["rules"]), _num(row["open_findings"])]
                for row in summary["by_severity"]
            ],
            numeric_from=1,
        )
    )
    out.append("<h3>By control family</h3>")
    out.append(
        _table(
            [
                "Framework",
                "Family",
                "Controls pass",
                "fail",
                "risk accepted",
                "not evaluated",
                "Rules",
            ],
            [
                [_e(row["framework"]), _family(row), *_counts(row["controls"]), _num(row["rules"])]
                for row in summary["by_family"]
            ],
            numeric_from=2,
        )
    )
    return "\n".join(out)


def _family(row: dict[str, Any]) -> str:
    if row["framework"] == "WAF":
        return _e(row["name"])
    return f"<b>{_e(row['family'])}</b> {_e(row['name'])}"


def _counts(counts: dict[str, int]) -> list[str]:
    return [_num(counts[s]) for s in ("pass", "fail", "accepted", "not_evaluated")]


def _num(value: int) -> str:
    return f'<span class="zero">{value}</span>' if value == 0 else str(value)


def _changes(document: dict[str, Any]) -> str:
    changes = document["changes"]
    since = changes["since"]
    delta = changes["score_delta"]
    out = [
        f"<p>Compared with the report of {_e(since['generated_at'])} (score "
        f"{_e(labels.score_text(since['score']))}, rule set "
        f"<code>{_e(since['ruleset_version'])}</code>)"
        + (f": score <b>{delta:+.1f}</b>.</p>" if delta is not None else ".</p>")
    ]
    for key, heading in (
        ("new", "New findings"),
        ("fixed", "Fixed findings"),
        ("newly_suppressed", "Newly suppressed"),
    ):
        out.append(f"<h3>{heading} ({len(changes[key])})</h3>")
        if not changes[key]:
            out.append('<p class="none">None.</p>')
            continue
        out.append(
            _table(
                ["Severity", "Rule", "Element", "Finding"],
                [
                    [
                        _severity(i["severity"]),
                        _e(i["rule_id"]),
                        _code(i["element"]),
                        _e(i["message"]),
                    ]
                    for i in changes[key]
                ],
            )
        )
    return "\n".join(out)


def _matrix(document: dict[str, Any]) -> str:
    rows = [
        [
            f"<b>{_e(c['id'])}</b>",
            _e(c["family_name"]),
            _status(c["status"]),
            " ".join(
                f'<span class="rule st-{r["status"]}">{_e(r["id"])}</span>' for r in c["rules"]
            )
            or '<span class="none">no rule</span>',
        ]
        for c in document["controls"]
    ]
    return f'<p class="help">{_e(labels.STATUS_HELP)}</p>\n' + _table(
        ["Control", "Family", "Status", "Evidenced by (rule status)"], rows, css="matrix"
    )


def _findings(document: dict[str, Any]) -> str:
    if not document["findings"]:
        return '<p class="none">No findings.</p>'
    return "\n".join(_finding(f) for f in document["findings"])


def _finding(f: dict[str, Any]) -> str:
    rows = [
        ("Element", _code(f["element"]) or "the architecture"),
        (
            "Location",
            _code(labels.location_text(f["location"]))
            + (f" <code>{_e(f['location']['address'])}</code>" if f["location"]["address"] else ""),
        ),
        ("Model path", _code(f["path"])),
    ]
    if f["evidence"]:
        rows.append(("Evidence", f"<code>{_e(f['evidence'])}</code>"))
    if f["values"]:
        rows.append(("Values", _e(labels.values_text(f["values"]))))
    if f["controls"]:
        rows.append(("Controls", _e(", ".join(f["controls"]))))
    if f["suppression"]:
        s = f["suppression"]
        rows.append(
            (
                "Accepted risk",
                _e(
                    f"{s['reason']} (approved by "
                    f"{s['approved_by'] or 'not recorded'}, expires "
                    f"{s['expires'] or 'never'})"
                ),
            )
        )
    if f["expired_suppression"]:
        s = f["expired_suppression"]
        rows.append(
            (
                "Suppression",
                f'<span class="expired">expired {_e(s["expires"])}</span>: {_e(s["reason"])}',
            )
        )
    details = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    state = " is-accepted" if f["status"] == "accepted" else ""
    return (
        f'<article class="finding{state}" id="finding-{_e(f["fingerprint"])}">\n'
        f'<h3>{_severity(f["severity"])} <span class="rule-id">{_e(f["rule_id"])}</span> '
        f"{_e(f['title'])}"
        + (' <span class="pill st-accepted">risk accepted</span>' if state else "")
        + "</h3>\n"
        f'<p class="message">{_e(f["message"])}</p>\n'
        f"<dl>{details}</dl>\n</article>"
    )


def _risks(document: dict[str, Any]) -> str:
    risks = document["accepted_risks"]
    if not risks:
        return '<p class="none">No accepted risks: nothing is suppressed.</p>'
    rows = [
        [
            f'<span class="pill risk-{r["status"]}">{_e(labels.RISK_STATUS_TEXT[r["status"]])}'
            "</span>",
            _e(r["rule_id"]),
            _code(r["element"]),
            _e(r["reason"]),
            _e(r["approved_by"] or "not recorded"),
            _e(labels.expiry_text(r)),
        ]
        for r in risks
    ]
    return _table(["Status", "Rule", "Element", "Reason", "Approved by", "Expires"], rows)


def _diagram(document: dict[str, Any]) -> str:
    svg = document["diagram"]["svg"]
    if svg:
        # The SVG was cleaned when it was made (no prolog, no script): see report.diagram.
        # On screen it is drawn at 60% of its natural size, in a pane that scrolls (a wide
        # graph squeezed to the page width is unreadable); print fits it to the page.
        width = _svg_width_px(svg)
        canvas = f' style="width: {round(width * 0.6)}px"' if width else ""
        return (
            f'<figure class="diagram">\n<div class="canvas-pane"><div class="canvas"{canvas}>\n'
            f"{svg}</div></div>\n"
            f"<figcaption>{_e(_DIAGRAM_CAPTION)}</figcaption>\n</figure>"
        )
    return f'<p class="none">{_e(labels.diagram_unavailable(document))}</p>'


_DIAGRAM_CAPTION = (
    "Event flows between the components of the architecture. Scroll sideways to see it "
    "all; compliance-diagram.svg beside this report has it at full size."
)
_UNIT_PX = {"pt": 4 / 3, "px": 1.0, "in": 96.0, "": 1.0}


def _svg_width_px(svg: str) -> float | None:
    """The SVG's declared width in CSS pixels (Graphviz writes points)."""
    match = re.search(r'<svg[^>]*\swidth="([0-9.]+)(pt|px|in|)"', svg)
    return float(match.group(1)) * _UNIT_PX[match.group(2)] if match else None


def _rules(document: dict[str, Any]) -> str:
    rows = [
        [
            f'<a href="{_e(r["references"][0])}">{_e(r["id"])}</a>'
            if r["references"]
            else _e(r["id"]),
            _e(r["title"]),
            _severity(r["severity"]),
            _e(", ".join([*r["mcsb"], *r["pillars"]])),
            _status(r["status"])
            + (
                f" <small>{_e(r['not_evaluated_reason'])}</small>"
                if r["not_evaluated_reason"]
                else ""
            ),
        ]
        for r in document["rules"]
    ]
    return _table(["Rule", "Title", "Severity", "Controls", "Status"], rows)


def _footer(document: dict[str, Any]) -> str:
    rows = "".join(
        f"<dt>{_e(k)}</dt><dd><code>{_e(v)}</code></dd>" for k, v in labels.footer_rows(document)
    )
    return f"<footer>\n<dl>{rows}</dl>\n</footer>"


def _resilience(document: dict[str, Any]) -> str:
    from archlint.report import resilience

    section = document["resilience"]
    scenarios = section["scenarios"]
    parts = [f"<p>{_e(resilience.MATRIX_HELP)}</p>"]
    if scenarios:
        flows = [f["id"] + (" (critical)" if f["critical"] else "") for f in scenarios[0]["flows"]]
        rows = [
            [" + ".join(_code(s) for s in scenario["scenario"])]
            + [_e(resilience.outcome_text(f)) for f in scenario["flows"]]
            for scenario in scenarios
        ]
        parts.append(_table(["scenario", *flows], rows))
    parts.append(f"<p>{_e(resilience.BUDGET_HELP)}</p>")
    rows = [
        [
            _code(entry["flow"]),
            _e(resilience.budget_text(entry)),
            "" if entry["slo"] is None else _e(f"{entry['slo']:g}%"),
            _e(", ".join(entry["unsourced"]) or "none"),
        ]
        for entry in section["budget"]
    ]
    parts.append(_table(["flow", "availability", "SLO", "without a sourced SLA"], rows))
    return "\n".join(parts)


def _table(
    header: list[str], rows: list[list[str]], *, numeric_from: int | None = None, css: str = ""
) -> str:
    """A table of already-escaped cells; columns from ``numeric_from`` on align right."""

    def cell(tag: str, index: int, content: str) -> str:
        numeric = numeric_from is not None and index >= numeric_from
        return f'<{tag} class="num">{content}</{tag}>' if numeric else f"<{tag}>{content}</{tag}>"

    head = "".join(cell("th", i, _e(h)) for i, h in enumerate(header))
    body = "\n".join(
        "<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows
    )
    attribute = f' class="{css}"' if css else ""
    return (
        f"<table{attribute}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"
    )


def _status(status: str) -> str:
    return f'<span class="pill st-{status}">{_e(labels.STATUS_TEXT[status])}</span>'


def _severity(severity: str) -> str:
    return f'<span class="sev {severity}">{_e(severity)}</span>'


def _code(text: str | None) -> str:
    return f"<code>{_e(text)}</code>" if text else ""


def _e(text: str | None) -> str:
    return escape(text or "", quote=True)
