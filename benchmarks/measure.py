"""Whole-process timing and peak memory of a command, and what machine it ran on.

Wall time is ``time.perf_counter`` around the child process, start to exit. Peak memory is
the command's maximum resident set size, from GNU ``time`` (``/usr/bin/time -f %M``, the
"Maximum resident set size" of ``time -v``). Without GNU time it is the kernel's ``ru_maxrss``
for the reaped child, which can include what the child shared with this (larger) Python
process between fork and exec, so it may read high.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# ru_maxrss is in KiB on Linux and in bytes on macOS.
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024


def _gnu_time() -> str | None:
    """/usr/bin/time when it is GNU time (it takes -f and -o), else None."""
    path = Path("/usr/bin/time")
    if not path.exists():
        return None
    done = subprocess.run(
        [str(path), "-f", "%M", "true"], capture_output=True, text=True, check=False
    )
    return str(path) if done.returncode == 0 and done.stderr.strip().isdigit() else None


GNU_TIME = _gnu_time()


class CommandFailed(RuntimeError):
    """The measured command exited with a code the case does not accept."""


@dataclass
class Measurement:
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_rss_bytes: list[int] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_rss(self) -> int:
        return max(self.peak_rss_bytes)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["median_seconds"] = round(self.median, 4)
        data["peak_rss_bytes_max"] = self.peak_rss
        data["seconds"] = [round(s, 4) for s in self.seconds]
        return data


def run_once(
    command: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS bytes, exit code, stderr tail) of one run of ``command``."""
    with tempfile.TemporaryDirectory(prefix="archlint-bench-") as directory:
        rss_file = Path(directory) / "rss"
        wrapped = [GNU_TIME, "-f", "%M", "-o", str(rss_file), *command] if GNU_TIME else command
        with open(Path(directory) / "stderr", "w+b") as stderr:
            start = time.perf_counter()
            process = subprocess.Popen(
                wrapped,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            _, status, usage = os.wait4(process.pid, 0)
            elapsed = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            stderr.seek(0)
            tail = stderr.read()[-2000:].decode("utf-8", "replace")
        rss = usage.ru_maxrss * _RSS_UNIT
        if GNU_TIME:
            lines = rss_file.read_text().split()
            # GNU time notes a non-zero exit ("Command exited with non-zero status 1") first.
            rss = int(lines[-1]) * 1024
    return elapsed, rss, process.returncode, tail


def measure_in_turn(
    commands: list[list[str]],
    runs: int,
    *,
    ok_codes: tuple[int, ...] = (0, 1),
    warmup: bool = True,
) -> list[Measurement]:
    """Run each command ``runs`` times, in turn (A, B, A, B...), after one unmeasured
    warm-up of each (it fills the OS file cache, Python's bytecode cache and archlint's
    validator cache), and keep every run's time and peak memory. Run in turn, commands
    compared with each other see the machine at the same speed, although a shared host's
    speed can drift by a third within minutes."""
    # As on a user's machine: PYTHONDONTWRITEBYTECODE (set in some sandboxes and
    # containers) would keep the warm-up from writing those caches.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    results = [Measurement(command, load_before=os.getloadavg()) for command in commands]
    for attempt in range(runs + (1 if warmup else 0)):
        for result in results:
            seconds, rss, code, tail = run_once(result.command, env=env)
            if code not in ok_codes:
                raise CommandFailed(f"{' '.join(result.command)} exited {code}:\n{tail}")
            if warmup and attempt == 0:
                continue
            result.seconds.append(seconds)
            result.peak_rss_bytes.append(rss)
            result.exit_codes.append(code)
    for result in results:
        result.load_after = os.getloadavg()
    return results


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS
        cores = os.cpu_count() or 0
    from importlib.metadata import version

    from archlint import __version__

    return {
        "cores": cores,
        "cpu": model,
        "memory_bytes": memory,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": f"{platform.system()} {platform.release()}",
        "archlint": __version__,
        "commit": _git_commit(),
        # A third of a small lint is pydantic's import and model classes: its release
        # moves the start-up figures (2.14 made a seed lint ~10% faster than 2.13).
        "pydantic": version("pydantic"),
    }


def _git_commit() -> str | None:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent,
            check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() or None
