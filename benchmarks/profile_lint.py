"""Where ``archlint lint`` spends its time on a large spec: cProfile's top entries.

    python -m benchmarks.profile_lint benchmarks/out/yaml-1000.yaml [--top 15]

Runs the lint in a fresh interpreter (imports included, as a user pays them) under
cProfile, and reports the functions with the most time of their own and the archlint
functions with the most time in total. cProfile roughly doubles the run time; the shares
are what matter.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def profile_lint(spec: Path, top: int = 40) -> dict[str, Any]:
    """Profile ``archlint lint SPEC`` in a child interpreter; return its top entries."""
    with tempfile.TemporaryDirectory(prefix="archlint-profile-") as directory:
        stats = Path(directory) / "lint.prof"
        findings = Path(directory) / "findings.json"
        # Not `python -m cProfile -m archlint`: the program leaves with os._exit, before
        # cProfile would write its statistics; main() returns through SystemExit instead.
        script = (
            "import cProfile, sys\n"
            "from archlint.cli import main\n"
            "profiler = cProfile.Profile()\n"
            "try:\n"
            "    profiler.runcall(main, sys.argv[2:])\n"
            "except SystemExit:\n"
            "    pass\n"
            "profiler.dump_stats(sys.argv[1])\n"
        )
        command = [
            sys.executable,
            "-c",
            script,
            str(stats),
            "lint",
            str(spec),
            "--format",
            "json",
            "-o",
            str(findings),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"profiled lint exited {done.returncode}: {done.stderr[-2000:]}")
        return summarise(stats, top)


def summarise(stats_file: Path, top: int) -> dict[str, Any]:
    import pstats

    stats = pstats.Stats(str(stats_file))
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (file, line, function), (_, calls, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append(
            {
                "function": f"{_short(file)}:{line}({function})",
                "calls": calls,
                "own_seconds": round(own, 3),
                "cumulative_seconds": round(cumulative, 3),
                "archlint": "/archlint/" in file.replace("\\", "/"),
            }
        )
    by_own = sorted(rows, key=lambda r: (-r["own_seconds"], r["function"]))[:top]
    ours = [r for r in rows if r["archlint"] and not _is_wrapper(r["function"])]
    by_cumulative = sorted(ours, key=lambda r: (-r["cumulative_seconds"], r["function"]))[:top]
    return {
        "total_seconds": round(total, 3),
        "by_own_time": by_own,
        "archlint_by_cumulative_time": by_cumulative,
    }


def _short(file: str) -> str:
    """``.../site-packages/yaml/composer.py`` -> ``yaml/composer.py``; ours from ``archlint/``."""
    normal = file.replace("\\", "/")
    for marker in ("/site-packages/", "/src/", "/lib/python"):
        if marker in normal:
            tail = normal.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python" and "/" in tail else tail
    return normal


def _is_wrapper(function: str) -> bool:
    """The CLI layers every run passes through: they hold the whole time, saying nothing."""
    return function.startswith(("archlint/cli.py", "archlint/__main__.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_lint")
    parser.add_argument("spec", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    json.dump(profile_lint(args.spec, args.top), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
