"""Words the HTML and Markdown renderers share, so both documents read the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

STATUS_TEXT = {
    "pass": "pass",
    "fail": "fail",
    "accepted": "risk accepted",
    "not_evaluated": "not evaluated",
    "open": "open",
}
RISK_STATUS_TEXT = {"in_force": "in force", "expired": "EXPIRED", "unused": "unused"}

# Section ids and titles, in document order ("changes" only with --compare).
SECTIONS = (
    ("summary", "Summary"),
    ("changes", "Changes since the earlier report"),
    ("matrix", "Control matrix"),
    ("findings", "Findings"),
    ("risks", "Accepted risks"),
    ("diagram", "Event-flow diagram"),
    ("resilience", "Resilience: failure scenarios and availability budget"),
    ("rules", "Rules"),
)

SCORE_HELP = (
    "The score is the severity-weighted share of evaluated rules with no open finding "
    "(critical 16, high 8, medium 4, low 2, info 1; accepted risks count as met, "
    "rules not evaluated do not count)."
)

STATUS_HELP = (
    "A control takes the worst status of the rules that evidence it: fail, then risk "
    "accepted, then pass; it is not evaluated when none of its rules was."
)


def sections(document: dict[str, Any]) -> list[tuple[str, str]]:
    """The sections this document has, numbered titles included."""
    present = [
        (i, t)
        for i, t in SECTIONS
        if (i != "changes" or document.get("changes"))
        and (i != "resilience" or document.get("resilience"))
    ]
    return [(ident, f"{n}. {title}") for n, (ident, title) in enumerate(present, start=1)]


def section_writers(
    document: dict[str, Any], renderer: dict[str, Any]
) -> list[tuple[str, str, Callable[[dict[str, Any]], Any]]]:
    """(id, numbered title, writer) of each section; a renderer names its writers ``_<id>``.

    ``renderer`` is the renderer module's namespace (``globals()``), so that both
    renderers follow :data:`SECTIONS` and neither keeps its own list of sections.
    """
    return [(ident, heading, renderer[f"_{ident}"]) for ident, heading in sections(document)]


def title(document: dict[str, Any]) -> str:
    return f"Compliance report: {document['input']['architecture']}"


def score_text(score: float | None) -> str:
    return "n/a" if score is None else f"{score:.1f}"


def location_text(location: dict[str, Any]) -> str:
    text = location["file"]
    if location.get("line"):
        text += f":{location['line']}"
        if location.get("column"):
            text += f":{location['column']}"
    return text


def expiry_text(risk: dict[str, Any]) -> str:
    if not risk["expires"]:
        return "never"
    if risk["status"] == "expired":
        return f"{risk['expires']} (expired)"
    if risk["expiring_soon"]:
        return f"{risk['expires']} (expires soon)"
    return risk["expires"]


def values_text(values: dict[str, Any]) -> str:
    return ", ".join(f"{key} = {value}" for key, value in values.items())


def diagram_unavailable(document: dict[str, Any]) -> str:
    return f"diagram unavailable: {document['diagram']['reason']}"


def footer_rows(document: dict[str, Any]) -> list[tuple[str, str]]:
    """The provenance every archived report carries: what was judged, by what, when."""
    return [
        ("Input", f"{document['input']['path']} ({document['input']['kind']})"),
        ("Input SHA-256", document["input"]["sha256"]),
        ("archlint version", document["tool"]["version"]),
        (
            "Rule-set version",
            f"{document['ruleset']['version']} ({document['ruleset']['rules']} rules)",
        ),
        ("Generated at", document["generated_at"]),
        ("Report schema", f"{document['kind']} {document['schema_version']}"),
    ]
