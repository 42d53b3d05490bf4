"""Command line of the corpus harness (usage in :mod:`benchmarks.corpus`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from archlint.fsutil import atomic_write
from benchmarks.corpus import corpus_list, modules, run
from benchmarks.measure import machine

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


def _lint(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus")
    parser.add_argument("dirs", nargs="*", type=Path, help="folders to search for root modules")
    parser.add_argument("--list", type=Path, help="corpus list (owner/repo@commit:path lines)")
    parser.add_argument(
        "--scratch",
        type=Path,
        default=corpus_list.DEFAULT_SCRATCH,
        help="where `materialise` exported the listed repositories",
    )
    parser.add_argument("-o", "--output", type=Path, default=RESULTS, help="JSON results file")
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per module")
    parser.add_argument("--checkov-timeout", type=float, default=300.0)
    parser.add_argument("--no-checkov", action="store_true", help="archlint only")
    parser.add_argument(
        "--checkov-every", type=int, default=1, help="run Checkov on every N-th module only"
    )
    parser.add_argument("--jobs", type=int, default=1, help="modules linted at once")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if not args.dirs and args.list is None:
        parser.error("give folders to search, or --list FILE")

    targets: list[tuple[str, Path, Path]] = []
    if args.list is not None:
        try:
            entries = corpus_list.read_list(args.list)
        except (OSError, corpus_list.ListError) as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        absent = [e.label for e in entries if not e.directory(args.scratch).is_dir()]
        if absent:
            print(
                f"error: {len(absent)} listed modules are not under {args.scratch} "
                f"(run `python -m benchmarks.corpus materialise` first), e.g. {absent[0]}",
                file=sys.stderr,
            )
            return 2
        targets += [(e.label, e.directory(args.scratch), e.checkout(args.scratch)) for e in entries]
    for top in args.dirs:
        if not top.is_dir():
            print(f"error: {top}: not a directory", file=sys.stderr)
            return 2
        base = top.resolve()
        for directory in modules.root_modules([base]):
            relative = directory.relative_to(base).as_posix()
            label = f"{top.as_posix().rstrip('/')}/{relative}".rstrip("/.")
            targets.append((label, directory, base))
    targets.sort()

    checkov = None if args.no_checkov else run.checkov_path()
    load_before = os.getloadavg()
    results = run.run_all(
        targets,
        timeout=args.timeout,
        checkov=checkov,
        checkov_timeout=args.checkov_timeout,
        checkov_every=max(1, args.checkov_every),
        jobs=args.jobs,
        progress=not args.quiet,
    )
    meta = {
        "machine": machine(),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "jobs": args.jobs,
        "timeout_seconds": args.timeout,
        "checkov": checkov is not None,
        "checkov_every": args.checkov_every,
        "list": str(args.list) if args.list else None,
    }
    _write(results, meta, args.output, args.markdown)
    return 0


def _write(
    results: list[run.ModuleResult], meta: dict[str, Any], output: Path, markdown: Path | None
) -> None:
    """Add the results up; write the JSON (and Markdown) and print the table."""
    summary = run.summarise(results)
    atomic_write(output, json.dumps(run.document(results, summary, meta), indent=1) + "\n")
    if markdown is not None:
        atomic_write(markdown, run.markdown(summary))
    sys.stdout.write(run.table(results, summary))


def _report(argv: list[str]) -> int:
    """Add up a results file again (after a change to how it is added up), rewrite it."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus report")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--markdown", type=Path, help="also write the figures as Markdown")
    args = parser.parse_args(argv)
    data = json.loads(args.results.read_text(encoding="utf-8"))
    _write(run.load_results(data), data["meta"], args.results, args.markdown)
    return 0


def _materialise(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus materialise")
    parser.add_argument("--list", type=Path, default=corpus_list.LIST)
    parser.add_argument("--mirror", type=Path, default=corpus_list.DEFAULT_MIRROR)
    parser.add_argument("--scratch", type=Path, default=corpus_list.DEFAULT_SCRATCH)
    args = parser.parse_args(argv)
    try:
        entries = corpus_list.read_list(args.list)
    except (OSError, corpus_list.ListError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    problems = corpus_list.materialise(entries, args.mirror, args.scratch)
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    print(f"{len(entries)} modules under {args.scratch}", file=sys.stderr)
    return 1 if problems else 0


def _discover(argv: list[str]) -> int:
    """Print list lines for the root modules of each mirror's HEAD (exports it first)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus discover")
    parser.add_argument("repos", nargs="+", help="owner/repo, mirrored under --mirror")
    parser.add_argument("--mirror", type=Path, default=corpus_list.DEFAULT_MIRROR)
    parser.add_argument("--scratch", type=Path, default=corpus_list.DEFAULT_SCRATCH)
    args = parser.parse_args(argv)
    for repo in args.repos:
        try:
            commit = corpus_list.head_commit(args.mirror, repo)
        except corpus_list.ListError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        entry = corpus_list.Entry(repo, commit, "")
        corpus_list.materialise([entry], args.mirror, args.scratch)
        checkout = entry.checkout(args.scratch).resolve()
        for directory in modules.root_modules([checkout]):
            path = directory.relative_to(checkout).as_posix()
            print(corpus_list.Entry(repo, commit, "" if path == "." else path).label)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    commands = {"materialise": _materialise, "discover": _discover, "report": _report}
    if argv and argv[0] in commands:
        return commands[argv[0]](argv[1:])
    return _lint(argv)
