"""Fixtures for the graph tests: the seed, a spec with hostile ids and labels, and parsers.

Mermaid is checked by Mermaid's own parser, run in Node with jsdom standing in for the
browser (``tests/graph/mermaid``: package.json, lock file and parse.mjs), and rendered
by Mermaid in headless Chromium where that is installed. When its
node_modules is missing the fixture installs it once with ``npm ci`` (the npm registry is
reachable here and in CI); without node/npm, or if the install fails, the tests that need
it skip and say why.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from archlint.loader import load_spec, load_spec_text
from archlint.model import Architecture
from tests.conftest import SEED_SPEC

MERMAID_DIR = Path(__file__).parent / "mermaid"

HOSTILE_SPEC = r"""
metadata: {name: 'weird "name" <x> & {y}', primary_region: eastus2}
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - {id: end}
        - {id: o-queue}
flows:
  actors:
    - {id: x, actor_kind: user}
    - {id: o, actor_kind: external_system}
    - {id: graph, actor_kind: user}
    - {id: subgraph, actor_kind: user}
    - {id: a.b, actor_kind: user}
    - {id: a-b, actor_kind: user}
    - {id: a_b, actor_kind: user}
    - {id: 1st, actor_kind: event_source}
    - {id: style, actor_kind: operator}
    - {id: classDef, actor_kind: operator}
  flows:
    - id: f1
      name: 'Flow "one" | <b>'
      flow_kind: asynchronous
      steps:
        - from: 1st
          to: end
          kind: publish
          label: '"quoted" | <b>bold</b> & #35; [x] {y} (z) `t` \ %% c -->|'
        - {from: end, to: x, kind: consume}
        - {from: end/$deadletterqueue, to: o-queue, kind: forward}
        - {from: o-queue, to: o, kind: consume, label: "multi\nline\ttab"}
        - {from: a.b, to: a-b, kind: sync_call}
        - {from: a-b, to: a_b, kind: sync_call}
        - {from: graph, to: subgraph, kind: invoke, label: end}
        - {from: subgraph, to: style, kind: alert}
        - {from: style, to: classDef, kind: alert}
"""


@pytest.fixture(scope="session")
def seed() -> Architecture:
    return load_spec(SEED_SPEC).architecture


@pytest.fixture(scope="session")
def hostile() -> Architecture:
    return load_spec_text(HOSTILE_SPEC, "hostile.yaml").architecture


@pytest.fixture(scope="session")
def dot_program() -> str:
    program = shutil.which("dot")
    if program is None:
        pytest.skip("Graphviz 'dot' is not installed (Debian package graphviz)")
    return program


@pytest.fixture(scope="session")
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        program = shutil.which(name)
        if program:
            return program
    pytest.skip("Chromium is not installed (Debian package chromium)")


@pytest.fixture(scope="session")
def mermaid_parse() -> Callable[[list[str]], list[dict[str, object]]]:
    """Parse diagrams with Mermaid's parser: list of texts -> list of {ok, type|error}."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: Mermaid's parser runs in Node")
    if not (MERMAID_DIR / "node_modules" / "mermaid").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot install Mermaid's parser")
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=MERMAID_DIR,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(f"`npm ci` in {MERMAID_DIR} failed: {done.stderr.strip()[-300:]}")

    def parse(texts: list[str]) -> list[dict[str, object]]:
        done = subprocess.run(
            [node, str(MERMAID_DIR / "parse.mjs")],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        return json.loads(done.stdout)

    return parse
