"""compliance.html in a real browser: headless Chromium, driven over the DevTools protocol.

Checks what a reader gets: no console error, no network request, the summary, the control
matrix and a known finding visible, a print layout with a page per section. Screenshots
go to $ARCHLINT_ARTIFACTS (default build/test-artifacts/) for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.report.browser import find_chromium, launch
from tests.report.conftest import FINDINGS_SPEC, make_report

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="Chromium is not installed (Debian package 'chromium'; .ci/run installs it)",
    ),
]
ARTIFACTS = Path(os.environ.get("ARCHLINT_ARTIFACTS", ROOT / "build" / "test-artifacts"))

# What a reader sees of each part: null when the element is missing or not visible.
VISIBLE_TEXT = """(() => {
  const visible = (el) => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
      && style.display !== 'none' && parseFloat(style.opacity) > 0;
  };
  const text = (selector) => {
    const el = document.querySelector(selector);
    return visible(el) ? el.innerText : null;
  };
  return {
    summary: text('#summary'),
    score: text('#summary .card-score .number'),
    matrix: text('#matrix table'),
    findings: text('#findings'),
    risks: text('#risks'),
    diagram: text('#diagram'),
    footer: text('footer'),
    svg: visible(document.querySelector('#diagram svg')),
    wider_than_window: document.documentElement.scrollWidth > window.innerWidth,
  };
})()"""

PRINT_LAYOUT = """(() => {
  const sections = [...document.querySelectorAll('main > section')];
  return {
    breaks: sections.map((s) => getComputedStyle(s).breakBefore),
    nav: getComputedStyle(document.querySelector('nav')).display,
  };
})()"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    profile = tmp_path_factory.mktemp("chromium") / "profile"  # fresh each run
    with launch(CHROMIUM, profile) as running:
        yield running


@pytest.fixture(scope="module")
def report_page(browser, tmp_path_factory):
    """The fixture spec's report, opened; the page and the JSON document."""
    out = tmp_path_factory.mktemp("report")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        document = make_report(FINDINGS_SPEC, out)
    page = browser.new_page(width=1280, height=900)
    url = (out / "compliance.html").as_uri()
    page.open(url)
    return page, document, url


def _outside_requests(requests: list[str], own_url: str) -> list[str]:
    return [u for u in requests if u != own_url and not u.startswith(("data:", "about:"))]


def test_no_console_error_and_no_network_request(report_page) -> None:
    page, _, url = report_page
    assert page.console_errors() == []
    assert url in page.requests()  # the page's own load is seen: the recording works
    assert _outside_requests(page.requests(), url) == []


def test_summary_matrix_and_a_known_finding_are_visible(report_page) -> None:
    page, document, _ = report_page
    seen = page.evaluate(VISIBLE_TEXT)
    assert seen["summary"] and "Summary" in seen["summary"]
    assert seen["score"] == f"{document['summary']['score']:.1f}"
    assert "rules fail" in seen["summary"]
    assert seen["matrix"] and "MCSB IM-8" in seen["matrix"]
    assert "SEC001" in seen["matrix"]
    literal = "VM 'vm-mgmt' has its admin password written as a literal value"
    assert seen["findings"] and literal in seen["findings"]
    assert "CRITICAL" in seen["findings"]  # the severity badge, as displayed
    assert seen["risks"] and "EXPIRED" in seen["risks"] and "jane.doe@example.com" in seen["risks"]
    assert seen["footer"] and document["input"]["sha256"] in seen["footer"]
    assert not seen["wider_than_window"]  # no sideways scrolling of the page itself
    page.screenshot(ARTIFACTS / "compliance.png")
    page.screenshot(ARTIFACTS / "compliance-full.png", full_page=True)
    assert (ARTIFACTS / "compliance.png").read_bytes().startswith(b"\x89PNG")


def test_print_layout_puts_each_section_on_a_new_page(report_page) -> None:
    page, _, _ = report_page
    page.send("Emulation.setEmulatedMedia", media="print")
    try:
        layout = page.evaluate(PRINT_LAYOUT)
        pdf, pages = page.pdf_pages()
    finally:
        page.send("Emulation.setEmulatedMedia", media="")
    assert layout["nav"] == "none"
    assert layout["breaks"][0] in ("auto", "")
    assert set(layout["breaks"][1:]) == {"page"}
    assert pdf.startswith(b"%PDF")
    assert pages >= len(layout["breaks"])  # at least a page per section
    (ARTIFACTS / "compliance.pdf").write_bytes(pdf)


def test_the_committed_seed_report_opens_cleanly_with_its_diagram(browser) -> None:
    page = browser.new_page(width=1280, height=900)
    url = (ROOT / "reports" / "compliance.html").as_uri()
    page.open(url)
    assert page.console_errors() == []
    assert _outside_requests(page.requests(), url) == []
    seen = page.evaluate(VISIBLE_TEXT)
    assert seen["summary"] and seen["matrix"]
    assert seen["svg"] or "diagram unavailable" in (seen["diagram"] or "")
    page.evaluate("document.getElementById('diagram').scrollIntoView()")
    page.screenshot(ARTIFACTS / "seed-diagram.png")


def test_the_checks_catch_errors_and_requests(browser, tmp_path) -> None:
    # Proof that the two checks above can fail: a page that logs an error and loads an image.
    bad = tmp_path / "bad.html"
    bad.write_text(
        "<!DOCTYPE html><html><body>"
        '<img src="http://127.0.0.1:9/pixel.png">'
        "<script>console.error('broken on purpose')</script>"
        "</body></html>"
    )
    page = browser.new_page()
    page.open(bad.as_uri())
    assert "broken on purpose" in " ".join(page.console_errors())
    assert "http://127.0.0.1:9/pixel.png" in _outside_requests(page.requests(), bad.as_uri())
