"""The README stands on its own: it points only at files of this repository, and its
examples do not overwrite what the repository commits."""

from __future__ import annotations

import re
import shlex

from tests.conftest import ROOT

README = ROOT / "README.md"
TEXT = README.read_text(encoding="utf-8")

LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|^\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
CODE_FILE = re.compile(r"`([\w.-]*/[\w./-]+\.md)`")  # a path, not a bare file name
SHELL_BLOCK = re.compile(r"```sh\n(.*?)```", re.DOTALL)


def _local(target: str) -> bool:
    return not re.match(r"[a-z][a-z0-9+.-]*:|#|//", target)


def _inside_the_repository(target: str) -> bool:
    path = (README.parent / target.split("#")[0]).resolve()
    return path.is_relative_to(ROOT) and path.exists()


def test_every_link_is_to_a_file_of_the_repository() -> None:
    targets = [a or b for a, b in LINK.findall(TEXT)]
    assert "rules/README.md" in targets  # the pattern does find links
    outside = [t for t in targets if _local(t) and not _inside_the_repository(t)]
    assert not outside, f"README links outside the repository or to nothing: {outside}"


def test_every_markdown_file_named_is_in_the_repository() -> None:
    named = CODE_FILE.findall(TEXT)
    missing = [name for name in named if not _inside_the_repository(name)]
    assert not missing, f"README names Markdown files the repository does not hold: {missing}"


def test_report_examples_do_not_write_over_the_committed_report() -> None:
    outputs = []
    for block in SHELL_BLOCK.findall(TEXT):
        for line in block.splitlines():
            if not line.startswith("archlint report"):
                continue
            words = shlex.split(line, comments=True)
            if words:
                flag = next((w for w in ("-o", "--output-dir") if w in words), None)
                outputs.append(words[words.index(flag) + 1] if flag else "reports")
    assert outputs, "README shows no `archlint report` example"
    assert all(o.rstrip("/") != "reports" for o in outputs), outputs
