"""reports/ holds the current report of spec/architecture.yaml; this fails when it is stale.

Regenerate with ``python -m archlint.report.refresh`` (from the repository root).

The diagram's SVG depends on the installed Graphviz. When this machine's ``dot`` differs
from the one that drew the committed diagram (or is missing), the diagram is left out
of the comparison, and the committed HTML and Markdown are checked to be the current
renderings of the committed JSON instead.
"""

from __future__ import annotations

import json
from typing import Any

from archlint.report.generate import JSON_FILE, render_files
from archlint.report.refresh import REPORTS_DIR, build_document
from tests.conftest import ROOT

REFRESH = "stale: run `python -m archlint.report.refresh` and commit reports/"
_MASK = {"status": "unavailable", "reason": "masked", "generator": None, "svg": None}


def _differences(committed: dict[str, Any], current: dict[str, Any]) -> list[str]:
    keys = sorted(set(committed) | set(current))
    return [key for key in keys if committed.get(key) != current.get(key)]


def test_committed_report_is_current() -> None:
    directory = ROOT / REPORTS_DIR
    committed = json.loads((directory / JSON_FILE).read_text(encoding="utf-8"))
    current = build_document(ROOT)
    same_drawing = committed["diagram"]["generator"] == current["diagram"]["generator"]
    if not same_drawing:
        committed_compared = {**committed, "diagram": _MASK}
        current = {**current, "diagram": _MASK}
    else:
        committed_compared = committed
    stale = _differences(committed_compared, current)
    assert not stale, f"reports/{JSON_FILE} differs in {stale}: {REFRESH}"

    # The other files are the renderings of that document (the whole set, nothing more).
    expected = render_files(committed if not same_drawing else current)
    on_disk = {p.name for p in directory.iterdir() if p.is_file() and p.name != "README.md"}
    assert on_disk == set(expected), f"reports/ holds {sorted(on_disk)}: {REFRESH}"
    for name, text in expected.items():
        assert (directory / name).read_text(encoding="utf-8") == text, f"reports/{name}: {REFRESH}"
