"""What the catalogue covers of the Azure Proactive Resiliency Library and PSRule for Azure.

The mapping is data (``coverage.yaml`` beside this module): every APRL recommendation for the
resource types the model holds, and every PSRule for Azure rule on those services, with the
archlint rules that check it or the reason design data cannot judge it. ``rules/coverage.md``
is generated from it with the rule pages (``python -m archlint.rules.docs``);
``scripts/sync_aprl_coverage.py`` refreshes the APRL titles and states from a checkout.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from archlint.records import record
from archlint.rules.api import Rule

DATA = Path(__file__).with_name("coverage.yaml")

#: Why an item is not a rule. ``open`` alone counts as judgeable: design data could judge it
#: and no rule does yet.
REASON_KINDS = {
    "runtime": "needs the running system's state or telemetry",
    "process": "an operational practice or a tooling choice, not a property of the design",
    "not-modelled": "a setting the architecture model does not hold",
    "platform": "Azure enforces it or decides it; a design cannot get it wrong",
    "workload": "depends on the workload's behaviour, which a design does not state",
    "policy": "an organisation's convention: write it as a custom YAML rule",
    "open": "judgeable from design data; no rule yet",
}
#: APRL states whose recommendations count; the others are listed but not counted.
COUNTED_STATE = "Active"


@record
class Item:
    """One APRL recommendation or PSRule rule and how archlint answers it."""

    key: str
    title: str
    group: str
    state: str
    rules: tuple[str, ...]
    reason_kind: str
    reason: str

    @property
    def counted(self) -> bool:
        return self.state == COUNTED_STATE

    @property
    def judgeable(self) -> bool:
        return bool(self.rules) or self.reason_kind == "open"


@record
class Source:
    repository: str
    commit: str
    path: str
    items: tuple[Item, ...]

    def share(self) -> tuple[int, int]:
        """(covered, judgeable) among the counted items."""
        counted = [i for i in self.items if i.counted]
        return sum(1 for i in counted if i.rules), sum(1 for i in counted if i.judgeable)


def _item(entry: dict[str, Any], key_field: str, group_field: str) -> Item:
    reason = entry.get("reason") or {}
    return Item(
        key=entry[key_field],
        title=entry.get("title", ""),
        group=entry[group_field],
        state=entry.get("state", COUNTED_STATE),
        rules=tuple(entry.get("rules", ())),
        reason_kind=reason.get("kind", ""),
        reason=reason.get("text", ""),
    )


@cache
def load(path: Path = DATA) -> dict[str, Source]:
    """Both sources from the coverage data: ``{"aprl": ..., "psrule": ...}``."""
    import yaml

    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = {"aprl": ("guid", "type"), "psrule": ("name", "service")}
    sources = {}
    for name, (key_field, group_field) in fields.items():
        section = document[name]
        items = tuple(_item(e, key_field, group_field) for e in section["items"])
        sources[name] = Source(section["repository"], section["commit"], section["path"], items)
    return sources


def problems(sources: dict[str, Source], rules: dict[str, Rule]) -> list[str]:
    """Why the coverage data disagrees with itself or with the catalogue."""
    found = []
    for name, source in sources.items():
        seen: set[str] = set()
        for item in source.items:
            if item.key in seen:
                found.append(f"{name} {item.key}: listed twice")
            seen.add(item.key)
            found += [f"{name} {item.key}: unknown rule {r}" for r in item.rules if r not in rules]
            if bool(item.rules) == bool(item.reason_kind):
                found.append(f"{name} {item.key}: needs rules or a reason, not both or neither")
            if item.reason_kind and item.reason_kind not in REASON_KINDS:
                found.append(f"{name} {item.key}: unknown reason kind {item.reason_kind!r}")
            if item.reason_kind and not item.reason.strip():
                found.append(f"{name} {item.key}: the reason has no text")
    mapped = {(r, i.key) for i in sources["aprl"].items for r in i.rules}
    cited = {(r.id, guid) for r in rules.values() for guid in r.aprl}
    uncited = mapped - cited
    found += [f"{r} covers APRL {g} in coverage.yaml, but does not cite it" for r, g in uncited]
    found += [f"{r} cites APRL {g}, but coverage.yaml does not map it" for r, g in cited - mapped]
    return sorted(found)


def _cell(item: Item) -> str:
    if item.rules:
        return ", ".join(f"[{r}]({r}.md)" for r in item.rules)
    return f"*{item.reason_kind}*: {item.reason}"


def _percent(covered: int, judgeable: int) -> str:
    return f"{covered / judgeable:.0%}" if judgeable else "n/a"


def _reasons(source: Source) -> str:
    kinds = [i.reason_kind for i in source.items if i.counted and not i.rules]
    return ", ".join(f"{kind} {kinds.count(kind)}" for kind in REASON_KINDS if kind in kinds)


def _section(source: Source, label: str, key_label: str) -> list[str]:
    covered, judgeable = source.share()
    counted = sum(1 for i in source.items if i.counted)
    lines = [
        f"## {label}",
        "",
        f"From [{source.repository}](https://github.com/{source.repository}) at commit "
        f"`{source.commit}` (`{source.path}`).",
        "",
        f"{counted} counted, {judgeable} judgeable from design data, {covered} checked by a "
        f"rule: **{_percent(covered, judgeable)}**.",
        "",
        f"Counted and not a rule, by reason: {_reasons(source)}.",
        "",
    ]
    # PSRule's list carries names only: its rows have no title or state to show.
    detailed = any(i.title for i in source.items)
    lines += (
        [f"| {key_label} | Title | State | archlint |", "|---|---|---|---|"]
        if detailed
        else [f"| {key_label} | archlint |", "|---|---|"]
    )
    for group in sorted({i.group for i in source.items}):
        members = sorted((i for i in source.items if i.group == group), key=lambda i: i.key)
        lines.append(f"| **{group}** | | | |" if detailed else f"| **{group}** | |")
        for item in members:
            title = item.title.replace("|", "\\|")
            middle = f" {title} | {item.state} |" if detailed else ""
            lines.append(f"| `{item.key}` |{middle} {_cell(item)} |")
    return [*lines, ""]


def coverage_page() -> str:
    """``rules/coverage.md``: both tables, with the judgeable share of each."""
    sources = load()
    lines = [
        "# Coverage of the Azure Proactive Resiliency Library and PSRule for Azure",
        "",
        "Generated from `src/archlint/rules/coverage.yaml` by `python -m archlint.rules.docs`;",
        "do not edit. Each recommendation for a resource type the model holds is checked by",
        "the rules named, or carries the reason design data cannot judge it:",
        "",
        *(f"- *{kind}*: {meaning}" for kind, meaning in REASON_KINDS.items()),
        "",
        f"Only APRL recommendations in state {COUNTED_STATE} are counted; the others are",
        "listed as APRL publishes them. PSRule rules are all counted.",
        "",
        *_section(sources["aprl"], "Azure Proactive Resiliency Library v2", "GUID"),
        *_section(sources["psrule"], "PSRule for Azure", "Rule"),
    ]
    return "\n".join(lines).rstrip() + "\n"
