"""The compliance report's resilience section: the seed's failure matrix and budget."""

from __future__ import annotations

import json

from tests.conftest import ROOT

REPORTS = ROOT / "reports"


def test_the_committed_report_holds_the_matrix_and_the_budget() -> None:
    document = json.loads((REPORTS / "compliance.json").read_text())
    section = document["resilience"]
    by_scenario = {tuple(s["scenario"]): s for s in section["scenarios"]}
    region = {f["id"]: f["status"] for f in by_scenario[("region:eastus2",)]["flows"]}
    assert set(region.values()) == {"lost"}
    zone = by_scenario[("zone:eastus2/1",)]
    assert "st-functions" in zone["assumed_down"]
    sync = next(b for b in section["budget"] if b["flow"] == "sync-request")
    assert sync["upper_bound"] is True
    assert sync["unsourced"] == ["func-main"]


def test_both_renderings_show_the_section() -> None:
    markdown = (REPORTS / "compliance.md").read_text()
    assert "## 6. Resilience: failure scenarios and availability budget" in markdown
    assert "| `region:eastus2` | lost (RTO unbounded, RPO 0s)" in markdown
    html = (REPORTS / "compliance.html").read_text()
    assert '<section id="resilience">' in html
