"""Lint each root module in its own process and add up what happened.

Per module: archlint's exit code and time (``archlint lint DIR --format json``, a timeout
per module), its findings per rule, and what it did not evaluate; Checkov beside it when
present. The outcome of a module is one of

- ``clean`` / ``findings``: exit 0 / 1 with a JSON document on stdout;
- ``refused``: exit 2, an input error; its message is kept (the first stderr line);
- ``crash``: any other exit code, a traceback or "internal error" on stderr, or exit 0/1
  without a readable JSON document;
- ``timeout``: killed after ``--timeout`` seconds.

"Not evaluated" is read from archlint's own output: each TF005 finding names an azurerm
resource type archlint does not evaluate (once per type); every block of that type counted by
:func:`benchmarks.corpus.modules.azurerm_blocks` (independently of archlint) is a block not
evaluated, the other azurerm blocks are evaluated: by a bespoke mapper, or as a generic
resource (``resources:``, judged by the generic rules only), which is counted apart. A
resource of an evaluated type can still be left out, when what it attaches to (the workspace
of a diagnostic setting, the vault of a secret) is not in the configuration: those TF005
notes name one resource instance each and are counted apart too. TF007
findings (a value of a mapped block archlint could not interpret, or a mapping that failed:
treated as unknown) are counted and grouped by cause apart.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.corpus.modules import azurerm_blocks

CHECKOV_VENV = Path("/tmp/archlint-checkov/bin/checkov")  # where .ci/run installs it
_UNMAPPED = re.compile(r"resource type (azurerm_[A-Za-z0-9_]+) is not evaluated")
# One resource (instance) of a mapped azurerm type left out: what it attaches to is unknown.
_UNATTACHED = re.compile(r"^\S*\bazurerm_[A-Za-z0-9_]+\.\S+ is not evaluated: ")
_CRASH_TEXT = re.compile(r"Traceback \(most recent call last\)|internal error", re.I)


@dataclass
class Run:
    exit_code: int | None  # None: timed out
    seconds: float
    stdout: str
    stderr: str


@dataclass
class CheckovResult:
    seconds: float
    exit_code: int | None
    failed: int = 0
    failed_by_check: dict[str, int] = field(default_factory=dict)
    error: str = ""


@dataclass
class ModuleResult:
    label: str
    outcome: str  # clean, findings, refused, crash, timeout
    exit_code: int | None
    seconds: float
    message: str = ""
    findings_by_rule: dict[str, int] = field(default_factory=dict)
    azurerm_blocks: int = 0
    not_evaluated_blocks: dict[str, int] = field(default_factory=dict)
    # Blocks archlint evaluates as generic resources (no bespoke model: only the generic rules
    # judge them), counted apart so that the share the families cover stays visible.
    generic_blocks: int = 0
    unattached_resources: int = 0  # TF005 per resource: its parent is not in the configuration
    unreadable: list[str] = field(default_factory=list)  # TF007 messages
    checkov: CheckovResult | None = None


def run_command(command: list[str], cwd: Path, timeout: float) -> Run:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        return Run(None, time.perf_counter() - start, "", _decode(expired.stderr))
    return Run(
        done.returncode, time.perf_counter() - start, _decode(done.stdout), _decode(done.stderr)
    )


def _decode(data: bytes | str | None) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data or ""


def _first_line(text: str, base: Path) -> str:
    """The first non-blank line of ``text``, with paths under ``base`` made relative to it."""
    for line in text.splitlines():
        if line.strip():
            return line.strip().replace(str(base) + os.sep, "").replace(str(base), ".")
    return ""


def archlint_command() -> list[str]:
    return [sys.executable, "-m", "archlint", "lint"]


def bespoke_types() -> frozenset[str]:
    """The azurerm types the linted archlint maps with a mapper of their own."""
    from archlint.importers.azurerm import MAPPED_TYPES

    return MAPPED_TYPES


def lint_module(
    label: str, directory: Path, timeout: float, base: Path | None = None
) -> ModuleResult:
    """Lint one root module; messages name files relative to ``base`` (default: the module)."""
    base = base or directory
    run = run_command([*archlint_command(), str(directory), "--format", "json"], directory, timeout)
    result = ModuleResult(label, "", run.exit_code, round(run.seconds, 3))
    blocks = azurerm_blocks(directory)
    result.azurerm_blocks = sum(blocks.values())
    document: dict[str, Any] | None = None
    if run.exit_code in (0, 1):
        try:
            document = json.loads(run.stdout)
        except ValueError:
            document = None
    if run.exit_code is None:
        result.outcome, result.message = "timeout", f"no answer within {timeout:g} s"
    elif _CRASH_TEXT.search(run.stderr) or run.exit_code not in (0, 1, 2):
        result.outcome = "crash"
        lines = [line for line in run.stderr.splitlines() if line.strip()]
        result.message = lines[-1].strip() if lines else f"exit {run.exit_code}"
    elif run.exit_code == 2:
        result.outcome, result.message = "refused", _first_line(run.stderr, base)
    elif not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        result.outcome, result.message = "crash", "exit 0/1 without archlint's JSON on stdout"
    else:
        result.outcome = "findings" if document.get("findings") else "clean"
        rules = Counter(f["rule_id"] for f in document["findings"] if not f.get("suppressed"))
        result.findings_by_rule = dict(sorted(rules.items()))
        unmapped = {
            m.group(1)
            for f in document["findings"]
            if f["rule_id"] == "TF005" and (m := _UNMAPPED.search(f["message"]))
        }
        result.not_evaluated_blocks = {t: blocks[t] for t in sorted(unmapped) if blocks[t]}
        bespoke = bespoke_types()
        result.generic_blocks = sum(
            n for t, n in blocks.items() if t not in unmapped and t not in bespoke
        )
        result.unattached_resources = sum(
            1
            for f in document["findings"]
            if f["rule_id"] == "TF005" and _UNATTACHED.match(f["message"])
        )
        result.unreadable = sorted(
            _first_line(f["message"], base) for f in document["findings"] if f["rule_id"] == "TF007"
        )
    return result


def checkov_path() -> str | None:
    """ARCHLINT_CHECKOV, else ``checkov`` on PATH, else where .ci/run installs it."""
    configured = os.environ.get("ARCHLINT_CHECKOV")
    if configured:
        return configured
    found = shutil.which("checkov")
    if found:
        return found
    return str(CHECKOV_VENV) if CHECKOV_VENV.exists() else None


def checkov_module(checkov: str, directory: Path, timeout: float) -> CheckovResult:
    command = [checkov, "--skip-download", "--compact", "-o", "json", "-d", str(directory)]
    run = run_command([*command, "--framework", "terraform"], directory, timeout)
    result = CheckovResult(round(run.seconds, 3), run.exit_code)
    if run.exit_code is None:
        result.error = f"no answer within {timeout:g} s"
        return result
    try:
        document = json.loads(run.stdout)
    except ValueError:
        result.error = _first_line(run.stderr, directory) or f"exit {run.exit_code}, no JSON"
        return result
    reports = document if isinstance(document, list) else [document]
    checks: Counter[str] = Counter()
    for report in reports:
        for failed in report.get("results", {}).get("failed_checks", []):
            checks[failed["check_id"]] += 1
    result.failed = sum(checks.values())
    result.failed_by_check = dict(sorted(checks.items()))
    return result


def run_all(
    modules: list[tuple[str, Path, Path]],
    *,
    timeout: float,
    checkov: str | None,
    checkov_timeout: float,
    checkov_every: int = 1,
    jobs: int,
    progress: bool = True,
) -> list[ModuleResult]:
    """Every module's result, in the order of ``modules`` (label, directory, the directory
    messages are made relative to), which the caller sorts by label. Checkov runs on every
    ``checkov_every``-th module (from the first) beside archlint."""

    def one(index: int, item: tuple[str, Path, Path]) -> ModuleResult:
        label, directory, base = item
        result = lint_module(label, directory, timeout, base)
        if checkov and index % checkov_every == 0:
            result.checkov = checkov_module(checkov, directory, checkov_timeout)
        if progress:
            print(f"{result.outcome:8} {result.seconds:7.2f}s  {label}", file=sys.stderr)
        return result

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, range(len(modules)), modules))


def _times(values: list[float]) -> dict[str, float]:
    if not values:
        return {"median": 0.0, "max": 0.0, "total": 0.0}
    return {
        "median": round(statistics.median(values), 3),
        "max": round(max(values), 3),
        "total": round(sum(values), 3),
    }


def _group(message: str) -> str:
    """A refusal or crash message without its location and quoted excerpt, to group by."""
    text = re.sub(r"^\S+?:\d+(:\d+)?:\s*", "", message)
    return re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", text)


def _by_rule(
    rules: Counter[str], results: list[ModuleResult], *, terraform: bool
) -> list[dict[str, Any]]:
    chosen = [(rule, n) for rule, n in rules.items() if rule.startswith("TF") == terraform]
    return [
        {
            "rule": rule,
            "findings": n,
            "modules": sum(1 for r in results if rule in r.findings_by_rule),
        }
        for rule, n in sorted(chosen, key=lambda item: (-item[1], item[0]))
    ]


def summarise(results: list[ModuleResult]) -> dict[str, Any]:
    outcomes = Counter(r.outcome for r in results)
    blocks = sum(r.azurerm_blocks for r in results)
    linted = [r for r in results if r.outcome in ("clean", "findings")]
    linted_blocks = sum(r.azurerm_blocks for r in linted)
    unknown: Counter[str] = Counter()
    unknown_modules: Counter[str] = Counter()
    for r in results:
        unknown.update(r.not_evaluated_blocks)
        unknown_modules.update(r.not_evaluated_blocks.keys())
    not_evaluated = sum(unknown.values())
    rules: Counter[str] = Counter()
    for r in results:
        rules.update(r.findings_by_rule)
    unreadable: dict[str, dict[str, Any]] = {}
    for r in results:
        for message in r.unreadable:
            key = _group(message.split(": ", 1)[-1])  # without the resource address
            cause = unreadable.setdefault(key, {"count": 0, "example": r.label, "message": message})
            cause["count"] += 1
    groups: dict[str, dict[str, Any]] = {}
    for r in results:
        if r.outcome in ("refused", "crash", "timeout"):
            key = f"{r.outcome}: {_group(r.message)}"
            group = groups.setdefault(key, {"count": 0, "example": r.label, "message": r.message})
            group["count"] += 1
    summary: dict[str, Any] = {
        "modules": len(results),
        "outcomes": {
            k: outcomes.get(k, 0) for k in ("clean", "findings", "refused", "crash", "timeout")
        },
        "azurerm_blocks": blocks,
        "azurerm_blocks_in_linted_modules": linted_blocks,
        "not_evaluated_blocks": not_evaluated,
        "generic_blocks": sum(r.generic_blocks for r in linted),
        "unattached_resources": sum(r.unattached_resources for r in linted),
        # Conservative: a left-out instance counts as a whole block.
        "evaluated_percent": round(
            100
            * (linted_blocks - not_evaluated - sum(r.unattached_resources for r in linted))
            / linted_blocks,
            1,
        )
        if linted_blocks
        else 0.0,
        "not_evaluated_percent": round(100 * not_evaluated / linted_blocks, 1)
        if linted_blocks
        else 0.0,
        "unreadable_blocks": sum(len(r.unreadable) for r in results),
        "unreadable_causes": [
            {"group": key, **unreadable[key]}
            for key in sorted(unreadable, key=lambda k: (-unreadable[k]["count"], k))
        ],
        "unknown_types": [
            {"type": t, "blocks": n, "modules": unknown_modules[t]}
            for t, n in sorted(unknown.items(), key=lambda item: (-item[1], item[0]))
        ],
        "findings": sum(rules.values()),
        # the Terraform importer's own findings (TF...) apart from the rules' findings
        "findings_by_rule": _by_rule(rules, results, terraform=False),
        "terraform_findings_by_rule": _by_rule(rules, results, terraform=True),
        "problems": [
            {"group": key, **groups[key]}
            for key in sorted(groups, key=lambda k: (-groups[k]["count"], k))
        ],
        "archlint_seconds": _times([r.seconds for r in results]),
    }
    ran = [r.checkov for r in results if r.checkov is not None]
    if ran:
        checks: Counter[str] = Counter()
        for c in ran:
            checks.update(c.failed_by_check)
        # Compared where Checkov answered: a Checkov timeout would flatter archlint.
        pairs = [
            (r.seconds, r.checkov.seconds) for r in results if r.checkov and not r.checkov.error
        ]
        archlint_total = sum(a for a, _ in pairs)
        summary["checkov"] = {
            "modules": len(ran),
            "errors": sum(1 for c in ran if c.error),
            "seconds": _times([c.seconds for c in ran]),
            "times_slower_than_archlint": round(sum(c for _, c in pairs) / archlint_total, 1)
            if archlint_total
            else None,
            "median_times_slower": round(statistics.median(c / a for a, c in pairs), 1)
            if pairs
            else None,
            "failed_checks": sum(checks.values()),
            "failed_by_check": [
                {"check": c, "failed": n}
                for c, n in sorted(checks.items(), key=lambda item: (-item[1], item[0]))
            ],
        }
    return summary


def load_results(data: dict[str, Any]) -> list[ModuleResult]:
    """The module results of a results document, to add them up again."""
    results = []
    for module in data["modules"]:
        checkov = module.get("checkov")
        fields = {**module, "checkov": CheckovResult(**checkov) if checkov else None}
        results.append(ModuleResult(**fields))
    return results


def document(
    results: list[ModuleResult], summary: dict[str, Any], meta: dict[str, Any]
) -> dict[str, Any]:
    return {"meta": meta, "summary": summary, "modules": [asdict(r) for r in results]}


def table(results: list[ModuleResult], summary: dict[str, Any], top: int = 15) -> str:
    """The text report: one line per module, then the totals."""
    with_checkov = any(r.checkov is not None for r in results)
    header = f"{'module':<70} {'outcome':<8} {'time':>6} {'azurerm':>7} {'unmapd':>6} {'finds':>5}"
    if with_checkov:
        header += f" {'ckv s':>6} {'ckv fail':>8}"
    lines = [header, "-" * len(header)]
    for r in results:
        label = r.label if len(r.label) <= 70 else "…" + r.label[-69:]
        line = (
            f"{label:<70} {r.outcome:<8} {r.seconds:>6.2f} {r.azurerm_blocks:>7}"
            f" {sum(r.not_evaluated_blocks.values()):>6} {sum(r.findings_by_rule.values()):>5}"
        )
        if r.checkov is not None:
            failed = "error" if r.checkov.error else str(r.checkov.failed)
            line += f" {r.checkov.seconds:>6.2f} {failed:>8}"
        lines.append(line)
    s = summary
    outcomes = ", ".join(f"{n} {k}" for k, n in s["outcomes"].items())
    times = s["archlint_seconds"]
    lines += [
        "",
        f"modules: {s['modules']} ({outcomes})",
        f"azurerm resource blocks: {s['azurerm_blocks']}; in linted modules "
        f"{s['azurerm_blocks_in_linted_modules']}, not evaluated {s['not_evaluated_blocks']} "
        f"({s['not_evaluated_percent']}%), values not interpreted (TF007) {s['unreadable_blocks']}",
        f"archlint time: median {times['median']:.2f} s, max {times['max']:.2f} s, "
        f"total {times['total']:.1f} s",
        f"findings: {s['findings']}",
    ]
    if "checkov" in s:
        c = s["checkov"]
        lines.append(
            f"checkov: {c['modules']} modules, {c['errors']} errors, "
            f"median {c['seconds']['median']:.2f} s, "
            f"max {c['seconds']['max']:.2f} s, total {c['seconds']['total']:.1f} s "
            f"(where it answered: {c['times_slower_than_archlint']}x archlint's total, "
            f"median {c['median_times_slower']}x), {c['failed_checks']} failed checks"
        )
    problems = [
        {**p, "text": f"{p['group']}\n{'':>11}e.g. {p['example']}: {p['message']}"}
        for p in s["problems"]
    ]
    unreadable = [
        {**u, "text": f"{u['group']}\n{'':>11}e.g. {u['example']}"} for u in s["unreadable_causes"]
    ]
    blocks = [
        ("refusals, crashes, timeouts (grouped)", problems, ("count",), "text"),
        (
            "azurerm types not evaluated: blocks, modules",
            s["unknown_types"][:top],
            ("blocks", "modules"),
            "type",
        ),
        ("values not interpreted (TF007, grouped)", unreadable, ("count",), "text"),
        (
            "Terraform importer findings: findings, modules",
            s["terraform_findings_by_rule"],
            ("findings", "modules"),
            "rule",
        ),
        (
            f"rule findings (top {top}): findings, modules",
            s["findings_by_rule"][:top],
            ("findings", "modules"),
            "rule",
        ),
        (
            f"Checkov failed checks (top {top})",
            s.get("checkov", {}).get("failed_by_check", [])[:top],
            ("failed",),
            "check",
        ),
    ]
    for title, rows, numbers, name in blocks:
        if rows:
            lines += ["", f"{title}:"]
            lines += [
                "  " + " ".join(f"{row[n]:>4}" for n in numbers) + f"  {row[name]}" for row in rows
            ]
    return "\n".join(lines) + "\n"


def markdown(summary: dict[str, Any], top: int = 15) -> str:
    """The figures as Markdown (``--markdown FILE``), for benchmarks/corpus/RESULTS.md."""
    s = summary
    times = s["archlint_seconds"]
    lines = [
        "# Corpus figures",
        "",
        "Written by `python -m benchmarks.corpus --list benchmarks/corpus/list.txt "
        "--markdown benchmarks/corpus/RESULTS.md` (how and what: README.md); every module "
        "is in `results.json`.",
        "",
        "| | |",
        "|---|---|",
        f"| root modules | {s['modules']} |",
        *(f"| {outcome} | {n} |" for outcome, n in s["outcomes"].items()),
        f"| azurerm resource blocks (counted by regex) | {s['azurerm_blocks']} |",
        f"| of them in modules archlint read | {s['azurerm_blocks_in_linted_modules']} |",
        f"| not evaluated (type not evaluated, TF005) | {s['not_evaluated_blocks']} "
        f"({s['not_evaluated_percent']}%) |",
        f"| evaluated as generic resources (no bespoke model) | {s.get('generic_blocks', 0)} |",
        "| resources of evaluated types left out: what they attach to is not in the "
        f"configuration (TF005 per resource instance) | {s.get('unattached_resources', 0)} |",
        "| evaluated: blocks read less both kinds above (an instance counted as a block) | "
        f"{s.get('evaluated_percent', 0.0)}% |",
        f"| values of mapped blocks not interpreted (TF007) | {s['unreadable_blocks']} |",
        f"| findings | {s['findings']} |",
        f"| archlint time per module | median {times['median']:.2f} s, max {times['max']:.2f} s,"
        f" total {times['total']:.1f} s |",
    ]
    if "checkov" in s:
        c = s["checkov"]
        lines.append(
            f"| Checkov time per module | median {c['seconds']['median']:.2f} s, max "
            f"{c['seconds']['max']:.2f} s, total {c['seconds']['total']:.1f} s "
            f"(where it answered: {c['times_slower_than_archlint']}x archlint's total, "
            f"median {c['median_times_slower']}x per module) |"
        )
        lines.append(f"| Checkov failed checks | {c['failed_checks']} ({c['errors']} errors) |")
    rules = ("rule", "findings", "modules")
    lines += _section(
        "Refusals, crashes, timeouts",
        ("n", "cause", "example"),
        [(p["count"], p["group"], f"`{p['example']}`: {p['message']}") for p in s["problems"]],
    )
    lines += _section(
        f"azurerm types not evaluated (top {top})",
        ("type", "blocks", "modules"),
        [(f"`{u['type']}`", u["blocks"], u["modules"]) for u in s["unknown_types"][:top]],
    )
    lines += _section(
        "Values archlint could not interpret (TF007)",
        ("n", "cause", "example"),
        [(u["count"], u["group"], f"`{u['example']}`") for u in s["unreadable_causes"]],
    )
    lines += _section(
        "Terraform importer findings (TF...)",
        rules,
        [(f["rule"], f["findings"], f["modules"]) for f in s["terraform_findings_by_rule"]],
    )
    lines += _section(
        f"Rule findings (top {top}, TF... left out)",
        rules,
        [(f["rule"], f["findings"], f["modules"]) for f in s["findings_by_rule"][:top]],
    )
    if "checkov" in s:
        lines += _section(
            f"Checkov failed checks (top {top})",
            ("check", "failed"),
            [(c["check"], c["failed"]) for c in s["checkov"]["failed_by_check"][:top]],
        )
    return "\n".join(lines) + "\n"


def _section(title: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    """A Markdown section with one table; nothing when there are no rows."""
    if not rows:
        return []
    head = ["", f"## {title}", "", "| " + " | ".join(columns) + " |", "|---" * len(columns) + "|"]
    return head + ["| " + " | ".join(_cell(str(cell)) for cell in row) + " |" for row in rows]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
