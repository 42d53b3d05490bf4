"""The benchmark suite: make the inputs, time every case, compare with Checkov, check targets.

    python -m benchmarks                  # everything (about 15 minutes on 2 cores)
    python -m benchmarks --runs 7         # more runs per case (median of at least 5)
    python -m benchmarks --no-checkov     # archlint only
    python -m benchmarks --smoke          # tiny scales, one run: checks the suite itself

It prints a table and writes ``benchmarks/results.json``; ``python -m benchmarks.readme``
puts the table into the README's Performance section. Every case is a whole process
(interpreter start included), run ``--runs`` times after one warm-up run; the median is
compared with the target. Inputs are made by :mod:`benchmarks.synth` into
``benchmarks/out/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import synth
from benchmarks.measure import Measurement, machine, measure_in_turn, run_once

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
RESULTS = HERE / "results.json"
CHECKOV_VENV = Path("/tmp/archlint-checkov/bin/checkov")  # where .ci/run installs it
PLAN_RESOURCES = 10_000
MIB = 1 << 20

# Checkov checks that would report a planted defect (the others have none: Checkov does not
# relate a queue's settings to dead-letter flows, subnets to each other, or an endpoint to
# DNS).
CHECKOV_CHECKS: dict[str, frozenset[str]] = {
    "SEC003": frozenset({"CKV_AZURE_89"}),  # Azure Cache for Redis public network access
    "MSG001": frozenset(),
    "NET001": frozenset(),
    "DNS001": frozenset(),
}


@dataclass
class Scales:
    """The estate sizes the suite measures (``--smoke`` shrinks them)."""

    small: int = 100  # "100x"
    large: int = 1000  # "1000x"
    medium: int = 10  # shown for the growth curve and the Checkov comparison
    plan_resources: int = PLAN_RESOURCES
    checkov: tuple[int, ...] = (1, 10, 100)


@dataclass
class Case:
    name: str
    what: str
    command: list[str]
    input_bytes: int | None = None
    max_seconds: float | None = None
    max_rss: Callable[[int | None], int] | None = None
    rss_rule: str = ""
    runs: int | None = None
    measurement: Measurement | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def verdicts(self) -> dict[str, bool]:
        assert self.measurement is not None
        out = {}
        if self.max_seconds is not None:
            out["time"] = self.measurement.median <= self.max_seconds
        if self.max_rss is not None:
            out["rss"] = self.measurement.peak_rss <= self.max_rss(self.input_bytes)
        return out

    def as_dict(self) -> dict[str, Any]:
        assert self.measurement is not None
        data = {
            "name": self.name,
            "what": self.what,
            "input_bytes": self.input_bytes,
            "target_seconds": self.max_seconds,
            "target_rss_bytes": self.max_rss(self.input_bytes) if self.max_rss else None,
            "target_rss_rule": self.rss_rule or None,
            "pass": all(self.verdicts().values()) if self.verdicts() else None,
            **self.measurement.as_dict(),
            **self.extra,
        }
        data["command"] = [_shown(part) for part in data["command"]]
        return data


def _shown(part: str) -> str:
    """Commands as a reader would type them: paths relative to the repository."""
    for base, label in ((ROOT, ""), (Path(sys.executable).parent, "")):
        if part.startswith(str(base) + os.sep):
            return label + os.path.relpath(part, ROOT if base == ROOT else base)
    return "python" if part == sys.executable else part


def archlint_command() -> list[str]:
    """The installed ``archlint`` script next to this Python, else ``python -m archlint``."""
    script = Path(sys.executable).parent / "archlint"
    return [str(script)] if script.exists() else [sys.executable, "-m", "archlint"]


def find_checkov() -> str | None:
    """``$ARCHLINT_CHECKOV``, ``checkov`` on PATH, or the virtualenv CI installs it in."""
    candidates = [os.environ.get("ARCHLINT_CHECKOV"), shutil.which("checkov"), str(CHECKOV_VENV)]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def checkov_command(checkov: str, directory: Path) -> list[str]:
    return [
        checkov,
        "--skip-download",
        "--compact",
        "-o",
        "json",
        "--quiet",
        "-d",
        str(directory),
        "--framework",
        "terraform",
    ]


# --- inputs ------------------------------------------------------------------------------


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size


def make_input(kind: str, scale: int, work: Path, log: Callable[[str], None]) -> Path:
    """<work>/<kind>-<scale>[.yaml|.json|/]: remade every run (generation is deterministic,
    so a rerun gives the same files)."""
    suffix = {"yaml": ".yaml", "plan": ".json", "tf": ""}[kind]
    path = work / f"{kind}-{scale}{suffix}"
    log(f"making {_shown(str(path))} ({scale}x seed)")
    if kind == "tf" and path.exists():
        shutil.rmtree(path)
    synth.write(scale, kind, path)
    return path


def plan_resource_count(path: Path) -> int:
    document = json.loads(path.read_text(encoding="utf-8"))
    return len(document["planned_values"]["root_module"]["resources"])


# --- planted defects ------------------------------------------------------------------------


def planted_report(
    lint: list[str],
    inputs: dict[str, tuple[Path, int]],
    checkov_json: dict[int, Any],
    work: Path,
) -> dict[str, Any]:
    """Which planted defects each format (and Checkov) reports, copy by copy."""
    from archlint.generators.common import safe_identifier

    report: dict[str, Any] = {}
    for label, (path, scale) in inputs.items():
        target = work / f"findings-{label}.json"
        command = [*lint, "lint", str(path), "--format", "json", "-o", str(target)]
        _, _, code, tail = run_once(command)
        if code not in (0, 1):
            raise RuntimeError(f"{' '.join(command)} exited {code}: {tail}")
        findings = json.loads(target.read_text(encoding="utf-8"))["findings"]
        found = {(f["rule_id"], f["component"]) for f in findings}
        if not label.startswith("yaml"):  # Terraform local names: sbq-x-c001 -> sbq_x_c001
            found = {(r, c) for r, c in _spec_ids(scale) if (r, safe_identifier(c)) in found}
        report[label] = _tally(scale, found.__contains__)
        report[label]["findings"] = len(findings)
    for scale, result in sorted(checkov_json.items()):
        failed = {
            (check["check_id"], check["resource"].split(".", 1)[-1])
            for block in (result if isinstance(result, list) else [result])
            for check in block.get("results", {}).get("failed_checks", [])
        }

        hits = {
            (rule, component)
            for rule, component in _spec_ids(scale)
            if any((check, safe_identifier(component)) in failed for check in CHECKOV_CHECKS[rule])
        }
        report[f"checkov-tf-{scale}"] = _tally(scale, hits.__contains__)
    return report


def _spec_ids(scale: int) -> list[tuple[str, str]]:
    return synth.planted_components(scale)


def _tally(scale: int, reported: Callable[[tuple[str, str]], bool]) -> dict[str, Any]:
    per_rule: dict[str, int] = {p.rule_id: 0 for p in synth.PLANTED}
    for rule, component in synth.planted_components(scale):
        per_rule[rule] += reported((rule, component))
    return {"planted_per_rule": scale, "reported": per_rule}


# --- the suite -----------------------------------------------------------------------------


def build_cases(
    scales: Scales, inputs: dict[str, Path], checkov: str | None, lint: list[str], work: Path
) -> list[Case]:
    seed = ROOT / "spec" / "architecture.yaml"
    small, large = scales.small, scales.large
    cases = [
        Case(
            "lint-seed",
            "lint the seed spec (pre-commit)",
            [*lint, "lint", str(seed)],
            _size(seed),
            max_seconds=0.3,
        ),
        Case(
            f"lint-yaml-{scales.medium}x",
            f"lint a spec {scales.medium}x the seed",
            [*lint, "lint", str(inputs[f"yaml-{scales.medium}"])],
            _size(inputs[f"yaml-{scales.medium}"]),
        ),
        Case(
            f"lint-yaml-{small}x",
            f"lint a spec {small}x the seed",
            [*lint, "lint", str(inputs[f"yaml-{small}"])],
            _size(inputs[f"yaml-{small}"]),
            max_seconds=2.0,
        ),
        Case(
            f"lint-yaml-{large}x",
            f"lint a spec {large}x the seed",
            [*lint, "lint", str(inputs[f"yaml-{large}"])],
            _size(inputs[f"yaml-{large}"]),
            max_seconds=15.0,
            max_rss=lambda _: 1024 * MIB,
            rss_rule="1 GiB",
        ),
        Case(
            "lint-plan",
            f"lint a plan JSON of {scales.plan_resources:,}+ resources",
            [*lint, "lint", str(inputs["plan"])],
            _size(inputs["plan"]),
            max_seconds=5.0,
            max_rss=lambda size: 4 * (size or 0) + 150 * MIB,
            rss_rule="4 x file + 150 MiB",
        ),
        Case(
            f"generate-tf-{small}x",
            f"generate terraform for the {small}x spec",
            [
                *lint,
                "generate",
                "terraform",
                str(inputs[f"yaml-{small}"]),
                "-o",
                str(work / f"generated-tf-{small}"),
            ],
            _size(inputs[f"yaml-{small}"]),
            max_seconds=3.0,
        ),
        Case(
            "simulate-seed",
            "simulate the standard failure matrix on the seed",
            [*lint, "simulate", str(seed)],
            _size(seed),
            max_seconds=1.0,
        ),
        Case(
            f"simulate-yaml-{small}x",
            f"simulate the standard failure matrix on the {small}x spec",
            [*lint, "simulate", str(inputs[f"yaml-{small}"]), "--format", "json"],
            _size(inputs[f"yaml-{small}"]),
            max_seconds=30.0,
        ),
    ]
    for scale in scales.checkov:
        directory = inputs[f"tf-{scale}"]
        cases.append(
            Case(
                f"lint-tf-{scale}x",
                f"lint the generated Terraform, {scale}x",
                [*lint, "lint", str(directory)],
                _size(directory),
            )
        )
        if checkov:
            cases.append(
                Case(
                    f"checkov-tf-{scale}x",
                    f"Checkov on the same Terraform, {scale}x",
                    checkov_command(checkov, directory),
                    _size(directory),
                )
            )
    unique = {case.name: case for case in cases}  # tiny scales may name a case twice
    return list(unique.values())


def derived_targets(cases: dict[str, Case], scales: Scales) -> list[dict[str, Any]]:
    """Targets that compare two cases: growth, and archlint against Checkov."""
    out = []

    def median(name: str) -> float | None:
        case = cases.get(name)
        return case.measurement.median if case and case.measurement else None

    small, large = median(f"lint-yaml-{scales.small}x"), median(f"lint-yaml-{scales.large}x")
    if small and large:
        growth = large / small
        out.append(
            {
                "name": "growth",
                "what": f"time({scales.large}x) / time({scales.small}x)",
                "value": round(growth, 2),
                "target": f"<= {scales.large / scales.small * 1.2:g}",
                "pass": growth <= scales.large / scales.small * 1.2,
            }
        )
    for scale in scales.checkov:
        ours, theirs = median(f"lint-tf-{scale}x"), median(f"checkov-tf-{scale}x")
        if not (ours and theirs):
            continue
        goal = {1: 10.0, 100: 20.0}.get(scale)
        out.append(
            {
                "name": f"checkov-ratio-{scale}x",
                "what": f"Checkov time / archlint time on the {scale}x Terraform",
                "value": round(theirs / ours, 1),
                "target": f">= {goal:g}" if goal else None,
                "pass": theirs / ours >= goal if goal else None,
            }
        )
    return out


def print_table(results: dict[str, Any], stream: Any = sys.stdout) -> None:
    from benchmarks.readme import results_table

    stream.write(results_table(results) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="measured runs per case (>= 5)")
    parser.add_argument(
        "--checkov-runs",
        type=int,
        default=None,
        help="runs of the largest Checkov comparison (Checkov takes minutes a run on the 100x "
        "Terraform; the smaller comparisons take --runs; default: --runs)",
    )
    parser.add_argument("--no-checkov", action="store_true", help="skip the Checkov comparison")
    parser.add_argument("--no-profile", action="store_true", help="skip the 1000x profile")
    parser.add_argument(
        "--only", action="append", default=[], help="run only cases whose name contains this"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny scales and one run: checks the suite works"
    )
    parser.add_argument("-o", "--output", type=Path, default=RESULTS, help="results JSON file")
    parser.add_argument("--work", type=Path, default=OUT, help="where the inputs are made")
    args = parser.parse_args(argv)

    scales = Scales()
    runs, warmup, work = args.runs, True, args.work
    if args.smoke:
        scales = Scales(small=1, large=2, medium=1, plan_resources=1, checkov=(1,))
        runs, warmup = 1, False

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    lint = archlint_command()
    checkov = None if args.no_checkov else find_checkov()
    if not args.no_checkov and checkov is None:
        log("checkov not found ($ARCHLINT_CHECKOV, PATH, /tmp/archlint-checkov): skipping it")

    work.mkdir(parents=True, exist_ok=True)
    inputs: dict[str, Path] = {}
    for scale in sorted({scales.medium, scales.small, scales.large}):
        inputs[f"yaml-{scale}"] = make_input("yaml", scale, work, log)
    for scale in scales.checkov:
        inputs[f"tf-{scale}"] = make_input("tf", scale, work, log)
    inputs["plan"] = one_copy = make_input("plan", 1, work, log)
    plan_scale = max(1, math.ceil(scales.plan_resources / plan_resource_count(one_copy)))
    if plan_scale > 1:
        inputs["plan"] = make_input("plan", plan_scale, work, log)
    plan_resources = plan_resource_count(inputs["plan"])

    cases = build_cases(scales, inputs, checkov, lint, work)
    if args.only:
        cases = [c for c in cases if any(word in c.name for word in args.only)]
    checkov_json: dict[int, Any] = {}
    by_name = {case.name: case for case in cases}
    for case in cases:
        if case.measurement is not None:  # measured with its comparison
            continue
        # archlint and Checkov on the same Terraform run in turn, so that both see the
        # host at the same speed: their ratio is the comparison's result.
        rival = by_name.get(case.name.replace("lint-tf-", "checkov-tf-", 1))
        together = [case, rival] if case.name.startswith("lint-tf-") and rival else [case]
        # Only the largest comparison is worth fewer runs: a 1x pair takes seconds, and
        # a median of three is at the mercy of one slow moment of the host.
        largest = case.name.endswith(f"-tf-{max(scales.checkov)}x")
        count = (args.checkov_runs or runs) if largest else runs
        for each in together:
            shown = " ".join(_shown(p) for p in each.command)
            log(f"{each.name}: {count} run(s) + warm-up: {shown}")
        if len(together) > 1:
            log("  (run in turn)")
        measured = measure_in_turn(
            [each.command for each in together], count, ok_codes=(0, 1), warmup=warmup
        )
        for each, done in zip(together, measured, strict=True):
            each.measurement = done
            log(f"  {each.name}: median {done.median:.3f} s, peak {done.peak_rss / MIB:.0f} MiB")
            if each.name.startswith("checkov"):
                scale = int(each.name.removeprefix("checkov-tf-").removesuffix("x"))
                checkov_json[scale] = _checkov_output(each.command)
    if "lint-plan" in by_name:
        by_name["lint-plan"].extra["plan_resources"] = plan_resources

    planted_inputs = {
        f"yaml-{scales.small}": (inputs[f"yaml-{scales.small}"], scales.small),
        f"tf-{max(scales.checkov)}": (inputs[f"tf-{max(scales.checkov)}"], max(scales.checkov)),
        "plan": (inputs["plan"], plan_scale),
    }
    results: dict[str, Any] = {
        "machine": machine(),
        "runs": runs,
        "comparison_runs": args.checkov_runs or runs,
        "scales": {
            "small": scales.small,
            "large": scales.large,
            "medium": scales.medium,
            "plan": plan_scale,
            "plan_resources": plan_resources,
            "checkov": list(scales.checkov),
        },
        "checkov": _checkov_version(checkov) if checkov else None,
        "cases": [case.as_dict() for case in cases],
        "derived": derived_targets(by_name, scales),
        "planted": planted_report(lint, planted_inputs, checkov_json, work),
    }
    if not args.no_profile:
        from benchmarks.profile_lint import profile_lint

        large_input = inputs[f"yaml-{scales.large}"]
        log(f"profiling lint of {_shown(str(large_input))}")
        results["profile"] = profile_lint(large_input)
    from archlint.fsutil import atomic_write

    atomic_write(args.output, json.dumps(results, indent=2, sort_keys=True) + "\n")
    print_table(results)
    log(f"wrote {args.output}")
    failed = [c["name"] for c in results["cases"] if c["pass"] is False]
    failed += [d["name"] for d in results["derived"] if d["pass"] is False]
    if failed:
        log(f"targets missed: {', '.join(failed)}")
    return 0


def _checkov_output(command: list[str]) -> Any:
    import subprocess

    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError:
        return {}


def _checkov_version(checkov: str) -> str | None:
    import subprocess

    done = subprocess.run([checkov, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or None
