"""Put the latest benchmark results into the README's Performance section.

    python -m benchmarks.readme [--results benchmarks/results.json] [--readme README.md]

Only the text between the two ``benchmarks`` markers is replaced; the prose around it is
the reader's. Without the markers, a ``## Performance`` section holding them is appended.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- benchmarks:begin (python -m benchmarks.readme writes this part) -->"
END = "<!-- benchmarks:end -->"
MIB = 1 << 20


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:.2f} s" if value >= 0.995 else f"{value:.3f} s"


def _verdict(passed: bool | None) -> str:
    return "" if passed is None else "pass" if passed else "**miss**"


def results_table(results: dict[str, Any]) -> str:
    """The cases and the derived targets as Markdown tables."""
    lines = [
        "| case | input | median | min - max | peak RSS | target | result |",
        "|---|---|---|---|---|---|---|",
    ]
    for case in results["cases"]:
        size = case.get("input_bytes")
        shown_size = f"{size / MIB:.1f} MiB" if size and size >= MIB / 10 else f"{size or 0:,} B"
        targets = []
        if case.get("target_seconds") is not None:
            targets.append(f"<= {case['target_seconds']:g} s")
        if case.get("target_rss_rule"):
            targets.append(
                f"RSS <= {case['target_rss_rule']} ({case['target_rss_bytes'] / MIB:.0f} MiB)"
            )
        seconds = case["seconds"]
        extra = f", {case['plan_resources']:,} resources" if case.get("plan_resources") else ""
        lines.append(
            f"| {case['what']} | {shown_size}{extra} | {_seconds(case['median_seconds'])} "
            f"| {_seconds(min(seconds))} - {_seconds(max(seconds))} "
            f"| {case['peak_rss_bytes_max'] / MIB:.0f} MiB | {'; '.join(targets)} "
            f"| {_verdict(case.get('pass'))} |"
        )
    if results.get("derived"):
        lines += ["", "| derived | value | target | result |", "|---|---|---|---|"]
        for item in results["derived"]:
            lines.append(
                f"| {item['what']} | {item['value']:g} | {item.get('target') or ''} "
                f"| {_verdict(item.get('pass'))} |"
            )
    return "\n".join(lines)


def planted_table(results: dict[str, Any]) -> str:
    planted = results.get("planted") or {}
    if not planted:
        return ""
    rules = sorted({rule for entry in planted.values() for rule in entry["reported"]})
    lines = [
        "| input | " + " | ".join(rules) + " |",
        "|---|" + "---|" * len(rules),
    ]
    for label, entry in planted.items():
        total = entry["planted_per_rule"]
        cells = [f"{entry['reported'][rule]}/{total}" for rule in rules]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def profile_table(results: dict[str, Any], rows: int = 12) -> str:
    profile = results.get("profile")
    if not profile:
        return ""
    lines = [
        f"cProfile of the {results['scales']['large']}x lint "
        f"({profile['total_seconds']:.1f} s under the profiler), most time of their own:",
        "",
        "| function | calls | own | cumulative |",
        "|---|---|---|---|",
    ]
    for row in profile["by_own_time"][:rows]:
        lines.append(
            f"| `{row['function']}` | {row['calls']:,} | {row['own_seconds']:.2f} s "
            f"| {row['cumulative_seconds']:.2f} s |"
        )
    lines += ["", "archlint's own functions by total time:", "", "| function | cumulative |"]
    lines.append("|---|---|")
    shown: set[float] = set()
    for row in profile["archlint_by_cumulative_time"]:
        # a chain of calls (recursion, wrappers) shares one total: show its first link only
        total = round(row["cumulative_seconds"], 1)
        if total in shown or len(shown) == rows:
            continue
        shown.add(total)
        lines.append(f"| `{row['function']}` | {row['cumulative_seconds']:.2f} s |")
    return "\n".join(lines)


def section_body(results: dict[str, Any]) -> str:
    machine = results["machine"]
    memory = machine.get("memory_bytes")
    load = [case["load_before"][0] for case in results["cases"]]
    parts = [
        f"Measured on {machine['cores']} cores ({machine['cpu']}"
        + (f", {memory / (1 << 30):.0f} GiB" if memory else "")
        + f"), {machine['implementation']} {machine['python']}, {machine['system']}"
        + (f", pydantic {machine['pydantic']}" if machine.get("pydantic") else "")
        + f", archlint {machine['archlint']}"
        + (f" at {machine['commit']}" if machine.get("commit") else "")
        + f"; median of {results['runs']} whole-process runs after a warm-up"
        + (
            f" ({results['comparison_runs']} for the Terraform/Checkov comparison at "
            f"{max(results['scales']['checkov'])}x)"
            if results.get("comparison_runs", results["runs"]) != results["runs"]
            else ""
        )
        + "; 1-minute load "
        f"average {min(load):.1f}-{max(load):.1f} while measuring"
        + (
            f"; Checkov {results['checkov']}, run in turn with archlint on the same Terraform"
            if results.get("checkov")
            else ""
        )
        + ".",
        results_table(results),
    ]
    planted = planted_table(results)
    if planted:
        parts += [
            "Planted defects reported (every copy carries each one once; the Terraform and "
            "the plan are generated from the YAML):",
            planted,
        ]
    profile = profile_table(results)
    if profile:
        parts.append(profile)
    return "\n\n".join(parts)


def update_readme(readme: Path, results: dict[str, Any]) -> None:
    from archlint.fsutil import atomic_write

    text = readme.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{section_body(results)}\n{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n## Performance\n\n" + block + "\n"
    atomic_write(readme, text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.readme")
    parser.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text(encoding="utf-8"))
    update_readme(args.readme, results)
    print(f"updated {args.readme}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
