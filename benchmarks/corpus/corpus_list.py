"""The corpus list (``owner/repo@commit:path`` lines) and its export from git mirrors.

The list names root modules of public repositories at a fixed commit; no third-party file
is ever committed. ``materialise`` exports each listed repository at its commit from a
local bare mirror (``<mirror>/<owner>+<repo>/repo``, as the session's ``fetch`` tool lays
them out) into a scratch directory outside the repository. The whole repository tree is
exported, not only the listed path: a module may call ``source = "../../"`` (every Azure
Verified Modules example does). A snapshot may lack its largest blobs; then each top-level
entry is exported on its own and those that cannot be are named on stderr.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MIRROR = Path("/work/.mirror")
DEFAULT_SCRATCH = Path("/tmp/archlint-corpus")
LIST = Path(__file__).resolve().parent / "list.txt"
_LINE = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]{40}):(?P<path>[^\s]*)$")
_DONE = ".archlint-corpus-complete"


class ListError(ValueError):
    """A corpus list line that does not read as ``owner/repo@commit:path``."""


@dataclass(frozen=True, order=True)
class Entry:
    repo: str
    commit: str
    path: str  # inside the repository; "" for its root

    @property
    def label(self) -> str:
        return f"{self.repo}@{self.commit}:{self.path}"

    def checkout(self, scratch: Path) -> Path:
        """Where :func:`materialise` exports this entry's repository."""
        return scratch / f"{self.repo.replace('/', '+')}@{self.commit[:12]}"

    def directory(self, scratch: Path) -> Path:
        return self.checkout(scratch) / self.path


def read_list(path: Path) -> list[Entry]:
    """The entries of a list file (``#`` comments and blank lines skipped), sorted."""
    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            raise ListError(
                f"{path}:{number}: expected owner/repo@<40-hex commit>:path, got {line!r}"
            )
        entries.append(Entry(match["repo"], match["commit"], match["path"].strip("/")))
    return sorted(set(entries))


def _git(git_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", f"--git-dir={git_dir}", *args], capture_output=True, check=False)


def _extract(git_dir: Path, commit: str, into: Path, paths: list[str]) -> bool:
    with tempfile.TemporaryFile() as archive:
        command = ["git", f"--git-dir={git_dir}", "archive", "--format=tar", commit, "--", *paths]
        done = subprocess.run(command, stdout=archive, stderr=subprocess.DEVNULL, check=False)
        if done.returncode != 0:
            return False
        archive.seek(0)
        with tarfile.open(fileobj=archive) as tar:
            tar.extractall(into, filter="data")
    return True


def export(git_dir: Path, commit: str, target: Path) -> list[str]:
    """Export ``commit``'s tree into ``target`` (replaced atomically); the top-level entries
    that could not be exported (blobs absent from the snapshot)."""
    if (target / _DONE).exists():
        return []
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    missing: list[str] = []
    try:
        if not _extract(git_dir, commit, staging, []):
            listing = _git(git_dir, "ls-tree", "--name-only", commit)
            if listing.returncode != 0:
                raise ListError(f"{git_dir}: commit {commit} not found in the mirror")
            for name in listing.stdout.decode().splitlines():
                if not _extract(git_dir, commit, staging, [name]):
                    missing.append(name)
        (staging / _DONE).write_text(commit + "\n")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return missing


def materialise(entries: list[Entry], mirror: Path, scratch: Path) -> list[str]:
    """Export every listed repository at its commit; the problems met, one line each."""
    problems = []
    for repo, commit in sorted({(e.repo, e.commit) for e in entries}):
        git_dir = mirror / repo.replace("/", "+") / "repo"
        if not git_dir.is_dir():
            problems.append(f"{repo}: no mirror at {git_dir} (fetch github:{repo} first)")
            continue
        target = Entry(repo, commit, "").checkout(scratch)
        try:
            missing = export(git_dir, commit, target)
        except ListError as error:
            problems.append(str(error))
            continue
        if missing:
            problems.append(
                f"{repo}@{commit}: not exported (absent from the snapshot): {', '.join(missing)}"
            )
        print(f"exported {repo}@{commit[:12]} -> {target}", file=sys.stderr)
    for entry in entries:
        if (entry.checkout(scratch) / _DONE).exists() and not entry.directory(scratch).is_dir():
            problems.append(f"{entry.label}: no such directory at that commit")
    return problems


def head_commit(mirror: Path, repo: str) -> str:
    done = _git(mirror / repo.replace("/", "+") / "repo", "rev-parse", "HEAD")
    if done.returncode != 0:
        raise ListError(f"{repo}: no mirror under {mirror} (fetch github:{repo} first)")
    return done.stdout.decode().strip()
