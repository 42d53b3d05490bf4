"""Rule pages generated from the rules themselves (``rules/*.md``), never written twice.

Regenerate with ``python -m archlint.rules.docs`` (a test fails when they are stale); it
writes the rule manifest too (``manifest.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from archlint.rules.api import MCSB_FAMILIES, REQUIRED_SECTIONS, Rule
from archlint.rules.coverage import coverage_page

_ORDER = (*REQUIRED_SECTIONS, "In the seed", "Notes")


def rule_page(definition: Rule) -> str:
    lines = [
        f"# {definition.id}: {definition.name}",
        "",
        f"**{definition.title}**",
        "",
        f"- Severity: `{definition.severity.value}`",
        f"- Category: `{definition.category}`",
    ]
    if definition.mcsb:
        controls = ", ".join(f"{c} ({MCSB_FAMILIES[c.split('-')[0]]})" for c in definition.mcsb)
        lines.append(f"- Microsoft Cloud Security Benchmark v1: {controls}")
    if definition.pillars:
        lines.append(f"- Well-Architected pillars: {', '.join(definition.pillars)}")
    if definition.requires:
        lines.append(f"- Needs from the input: {', '.join(definition.requires)}")
    if definition.environments:
        lines.append(
            f"- Runs when the environment is {' or '.join(definition.environments)} "
            "(a spec's `metadata.environment`, production unless it says otherwise; for "
            "Terraform, `--environment` or `environment =` in the configuration)"
        )
    if definition.aprl:
        guids = ", ".join(f"`{g}`" for g in definition.aprl)
        lines.append(f"- Azure Proactive Resiliency Library: {guids} ([coverage](coverage.md))")
    if definition.policy:
        lines.append(
            "- Policy rule: not in the default selection; opt in with "
            f'`extend-select = ["{definition.id}"]` (or `--extend-select {definition.id}`)'
        )
    lines.append("")
    for section in _ORDER:
        body = definition.sections.get(section)
        if body:
            lines += [f"## {section}", "", body, ""]
    lines += ["## References", ""]
    lines += [f"- <{url}>" for url in definition.references]
    return "\n".join(lines).rstrip() + "\n"


def index_page(rules: list[Rule]) -> str:
    lines = [
        "# The archlint rule catalogue",
        "",
        "Generated from the rules by `python -m archlint.rules.docs`; do not edit.",
        "`archlint rules ID` shows the same page in a terminal.",
        "",
        "| ID | Name | Severity | Category | Controls |",
        "|----|------|----------|----------|----------|",
    ]
    for definition in rules:
        controls = ", ".join(definition.controls)
        lines.append(
            f"| [{definition.id}]({definition.id}.md) | {definition.name} "
            f"| {definition.severity.value} | {definition.category} | {controls} |"
        )
    lines += ["", f"{len(rules)} rules."]
    return "\n".join(lines) + "\n"


def expected_pages() -> dict[str, str]:
    from archlint.rules import all_rules

    rules = list(all_rules().values())
    pages = {f"{r.id}.md": rule_page(r) for r in rules}
    pages["README.md"] = index_page(rules)
    pages["coverage.md"] = coverage_page()
    return pages


def write_docs(directory: Path) -> list[str]:
    from archlint.fsutil import atomic_write

    directory.mkdir(parents=True, exist_ok=True)
    pages = expected_pages()
    for stale in directory.glob("*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        atomic_write(directory / name, text)
    return sorted(pages)


def write_manifest() -> None:
    from archlint.fsutil import atomic_write
    from archlint.rules.manifest import MANIFEST, import_all, manifest_text

    atomic_write(MANIFEST, manifest_text(import_all()))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("rules")
    write_manifest()
    written = write_docs(target)
    print(f"wrote {len(written)} pages to {target}")
