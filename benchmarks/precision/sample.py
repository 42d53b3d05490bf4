"""Draw a reproducible random sample of archlint findings on public Terraform root modules.

Usage::

    python -m benchmarks.precision.sample --mirror /work/.mirror --trees /tmp/precision \
        --roots roots.txt --seed 13 --size 64 --per-rule 6 --out findings.jsonl

``--trees`` holds one exported tree per mirrored repository, named like its mirror
directory (``owner+repo``); ``--roots`` lists root-module directories relative to it.
Every root is linted with ``archlint lint DIR --format json`` in a subprocess; TF00x and
META findings are left out (the issue judges the rules, not the reader).  The sample is
stratified: findings are shuffled with the seed, then taken round-robin over repositories,
at most ``--per-rule`` per rule, until ``--size`` are drawn.  Only the list of findings is
written -- never a third-party file.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

LEFT_OUT_PREFIXES = ("TF00", "META")


def repo_commit(mirror: Path, name: str) -> str:
    """The commit the exported tree ``name`` was taken from."""
    git_dir = mirror / name / "repo"
    out = subprocess.run(
        ["git", "--git-dir", str(git_dir), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def lint_root(root: Path, environment: str | None = None) -> list[dict]:
    """archlint's findings on one root module (empty when it refused the directory)."""
    declared = ["--environment", environment] if environment else []
    out = subprocess.run(
        [sys.executable, "-m", "archlint", "lint", str(root), "--format", "json", *declared],
        capture_output=True,
        text=True,
    )
    if out.returncode not in (0, 1):
        print(f"{root}: exit {out.returncode}: {out.stderr.strip()[:200]}", file=sys.stderr)
        return []
    return json.loads(out.stdout)["findings"]


def collect(
    trees: Path, mirror: Path, roots: list[str], jobs: int, environment: str | None = None
) -> list[dict]:
    """Every judged finding on ``roots``, with repo@commit:path:line."""
    commits: dict[str, str] = {}
    rows: list[dict] = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(lambda r: (r, lint_root(trees / r, environment)), roots)
        for rel, findings in results:
            name = Path(rel).parts[0]
            if name not in commits:
                commits[name] = repo_commit(mirror, name)
            for f in findings:
                if f["rule_id"].startswith(LEFT_OUT_PREFIXES) or f.get("suppressed"):
                    continue
                loc = f.get("location") or {}
                path = Path(loc.get("file") or "").resolve()
                try:
                    rel_file = path.relative_to((trees / name).resolve()).as_posix()
                except ValueError:
                    rel_file = str(path)
                rows.append(
                    {
                        "repo": name.replace("+", "/", 1),
                        "commit": commits[name],
                        "root": Path(rel).relative_to(name).as_posix(),
                        "file": rel_file,
                        "line": loc.get("line"),
                        "address": loc.get("address"),
                        "rule": f["rule_id"],
                        "severity": f["severity"],
                        "message": f["message"],
                    }
                )
    rows.sort(
        key=lambda r: (r["repo"], r["root"], r["file"], r["line"] or 0, r["rule"], r["message"])
    )
    return rows


def finding_id(row: dict) -> str:
    """repo@commit:path:line, as the judgements name a finding."""
    return f"{row['repo']}@{row['commit']}:{row['file']}:{row['line']}"


def draw(rows: list[dict], seed: int, size: int, per_rule: int) -> list[dict]:
    """Round-robin over repositories of a seeded shuffle, at most ``per_rule`` per rule."""
    rng = random.Random(seed)
    by_repo: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_repo[row["repo"]].append(row)
    for repo_rows in by_repo.values():
        rng.shuffle(repo_rows)
    order = sorted(by_repo)
    rng.shuffle(order)
    per_rule_count: dict[str, int] = defaultdict(int)
    seen: set[tuple] = set()
    sample: list[dict] = []
    while len(sample) < size and any(by_repo[r] for r in order):
        for repo in order:
            while by_repo[repo]:
                row = by_repo[repo].pop()
                key = (row["repo"], row["root"], row["rule"], row["address"], row["message"])
                if per_rule_count[row["rule"]] >= per_rule or key in seen:
                    continue
                per_rule_count[row["rule"]] += 1
                seen.add(key)
                sample.append(row)
                break
            if len(sample) >= size:
                break
    return sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, required=True)
    parser.add_argument("--trees", type=Path, required=True)
    parser.add_argument("--roots", type=Path, required=True)
    parser.add_argument("--all", type=Path, help="also write every collected finding here")
    parser.add_argument("--from-all", type=Path, help="sample from a file written by --all")
    parser.add_argument(
        "--exclude", type=Path, action="append", default=[], help="judgements already made"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--per-rule", type=int, default=6)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--environment", help="lint with --environment (default: not declared, as a new user)"
    )
    args = parser.parse_args()
    if args.from_all:
        rows = [json.loads(line) for line in args.from_all.read_text().splitlines()]
    else:
        roots = [
            r.strip().removeprefix("./") for r in args.roots.read_text().splitlines() if r.strip()
        ]
        rows = collect(args.trees, args.mirror, roots, args.jobs, args.environment)
        if args.all:
            args.all.write_text("".join(json.dumps(r) + "\n" for r in rows))
    judged = {
        (j["finding"], j["rule"], j["message"])
        for path in args.exclude
        for j in map(json.loads, path.read_text().splitlines())
    }
    rows = [r for r in rows if (finding_id(r), r["rule"], r["message"]) not in judged]
    sample = draw(rows, args.seed, args.size, args.per_rule)
    args.out.write_text("".join(json.dumps(r) + "\n" for r in sample))
    print(f"{len(rows)} findings, {len(sample)} drawn", file=sys.stderr)


if __name__ == "__main__":
    main()
