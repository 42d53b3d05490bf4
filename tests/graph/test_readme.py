"""README's "Event-flow graph" section shows what its command makes today.

The test runs the command written in the section's ``sh`` block and compares its
output with the section's ``mermaid`` block. To refresh the block after a deliberate
change: ``ARCHLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/graph/test_readme.py``
(rewrites that block only).
"""

from __future__ import annotations

import os
import re
import shlex

from tests.conftest import ROOT

README = ROOT / "README.md"
SECTION = "## Event-flow graph"
UPDATE = os.environ.get("ARCHLINT_UPDATE_SNAPSHOTS") == "1"


def section(text: str) -> str:
    start = text.index(f"\n{SECTION}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def test_readme_graph_block_is_fresh(cli, monkeypatch) -> None:
    text = README.read_text(encoding="utf-8")
    body = section(text)
    command = re.search(r"```sh\n(archlint generate graph[^\n]*)\n```", body)
    block = re.search(r"```mermaid\n(.*?)```", body, re.DOTALL)
    assert command and block, f"README's '{SECTION}' needs a ```sh command and a ```mermaid block"
    args = shlex.split(command.group(1))[1:]
    monkeypatch.chdir(ROOT)  # the command names the spec relative to the repository
    result = cli(*args)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("flowchart LR\n")
    if UPDATE and block.group(1) != result.stdout:
        fresh = body.replace(block.group(0), f"```mermaid\n{result.stdout}```")
        README.write_text(text.replace(body, fresh), encoding="utf-8")
        return
    assert block.group(1) == result.stdout, (
        f"README's mermaid block is stale: run `{command.group(1)}` and paste its output "
        "(or ARCHLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/graph/test_readme.py)"
    )
