"""`generate graph --format html` on a laptop screen: readable at load, zoomable, per flow.

Opened in headless Chromium (driven over the DevTools protocol, as the report's page is)
at 1366x768. Screenshots go to $ARCHLINT_ARTIFACTS (default build/test-artifacts/).
"""

from __future__ import annotations

import pytest

from archlint.graph import build_flow_graph, render
from tests.report.browser import find_chromium, launch
from tests.report.test_browser import ARTIFACTS

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: chromium)"),
]

# Per picture: its scale, the on-screen size of its node labels (font size in user units
# times the SVG's user-unit-to-pixel factor), and how its frame sits in the window.
MEASURE = """(() => {
  const pictures = {};
  for (const section of document.querySelectorAll('section.diagram')) {
    const figure = section.querySelector('figure');
    const svg = figure.querySelector('svg');
    const labels = [...svg.querySelectorAll('g.node text')].map(
      (text) => parseFloat(text.getAttribute('font-size')) * text.getScreenCTM().a);
    const frame = figure.getBoundingClientRect();
    pictures[section.id] = {
      scale: figure.dataset.scale,
      smallest_label_px: Math.min(...labels),
      svg_width: svg.getBoundingClientRect().width,
      frame_width: figure.clientWidth,
      frame_height: frame.height,
      tools_shown: !document.getElementById(figure.dataset.zoom).hidden,
    };
  }
  return {
    pictures,
    page_wider_than_window: document.documentElement.scrollWidth > window.innerWidth,
  };
})()"""


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory, dot_program, seed):
    folder = tmp_path_factory.mktemp("graph")
    page_file = folder / "graph.html"
    page_file.write_text(render(seed, "html"), encoding="utf-8")
    with launch(CHROMIUM, folder / "profile") as browser:
        page = browser.new_page(width=1366, height=768)
        page.open(page_file.as_uri())
        yield page, page_file.as_uri()


def test_the_page_runs_its_script_and_fetches_nothing(seed_page) -> None:
    page, url = seed_page
    assert page.console_errors() == []  # a script the CSP refused would be an error here
    assert [u for u in page.requests() if u != url and not u.startswith("data:")] == []


def test_the_whole_seed_is_readable_at_load(seed_page) -> None:
    page, _ = seed_page
    seen = page.evaluate(MEASURE)
    whole = seen["pictures"]["whole"]
    assert whole["scale"] == "1.000" and whole["tools_shown"]
    assert whole["smallest_label_px"] >= 12  # squeezed to the window it was about 2 px
    assert whole["svg_width"] > whole["frame_width"]  # so it scrolls and pans instead
    assert whole["frame_height"] <= 768 * 0.75
    assert not seen["page_wider_than_window"]
    page.screenshot(ARTIFACTS / "graph-seed-1366x768.png")


def test_each_flow_has_its_own_picture(seed_page, seed) -> None:
    page, _ = seed_page
    pictures = page.evaluate(MEASURE)["pictures"]
    flows = build_flow_graph(seed).flows
    assert len(flows) == 4
    assert sorted(pictures) == sorted(["whole", *(f"flow-{n}" for n in range(1, len(flows) + 1))])
    assert all(p["smallest_label_px"] >= 12 for p in pictures.values())


def test_fit_shows_the_whole_picture_and_zoom_in_enlarges_it(seed_page) -> None:
    page, _ = seed_page
    click = "document.querySelector('#whole-tools [data-action=\"{}\"]').click()"
    try:
        page.evaluate(click.format("fit"))
        fitted = page.evaluate(MEASURE)["pictures"]["whole"]
        assert float(fitted["scale"]) < 0.5
        assert fitted["svg_width"] <= fitted["frame_width"] + 1
        page.screenshot(ARTIFACTS / "graph-seed-fit-1366x768.png")
        page.evaluate(click.format("in"))
        zoomed = page.evaluate(MEASURE)["pictures"]["whole"]
        assert float(zoomed["scale"]) == pytest.approx(float(fitted["scale"]) * 1.25, abs=0.002)
    finally:
        page.evaluate(click.format("actual"))
