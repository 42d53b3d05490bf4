"""HTML and Markdown say what the JSON says, escape the input, and stay self-contained."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

from tests.report.conftest import FINDINGS_SPEC, make_report

HOSTILE = "<script>alert(1)</script> | `tick` *star* [link](javascript:x)"


class _Collector(HTMLParser):
    """Every start tag with its attributes, and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    return collector


def test_html_has_every_section_and_the_footer(fixture_report) -> None:
    document, out = fixture_report
    html = (out / "compliance.html").read_text()
    page = _parse(html)
    ids = [a.get("id") for tag, a in page.tags if tag == "section"]
    assert ids == ["summary", "matrix", "findings", "risks", "diagram", "resilience", "rules"]
    text = " ".join(page.text)
    for needle in (
        document["input"]["sha256"],
        document["ruleset"]["version"],
        document["tool"]["version"],
        "2026-01-01T00:00:00Z",
        "MCSB IM-8",
        "jane.doe@example.com",
        "EXPIRED",
    ):
        assert needle in text


def test_html_requests_nothing_from_outside(fixture_report) -> None:
    _, out = fixture_report
    page = _parse((out / "compliance.html").read_text())
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    for tag, attributes in page.tags:
        if tag == "a":  # links are followed only when clicked
            continue
        for name, value in attributes.items():
            if name in ("src", "href", "srcset", "action", "poster", "data"):
                raise AssertionError(f"<{tag} {name}={value!r}> would load something")
    csp = next(a for t, a in page.tags if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in (csp["content"] or "")


def test_html_prints_each_section_on_a_new_page(fixture_report) -> None:
    _, out = fixture_report
    html = (out / "compliance.html").read_text()
    print_css = html[html.index("@media print") :]
    assert re.search(r"main > section \{ break-before: page; \}", print_css)
    assert "thead { display: table-header-group; }" in print_css


def test_input_text_is_escaped(tmp_path, write_spec, epoch) -> None:
    text = FINDINGS_SPEC.read_text().replace(
        'reason: "Audit copies are re-sent from the event store; losing one is harmless"',
        f"reason: {HOSTILE!r}",
    )
    document = make_report(write_spec(text), tmp_path / "out")
    assert any(r["reason"] == HOSTILE for r in document["accepted_risks"])
    html = (tmp_path / "out" / "compliance.html").read_text()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    markdown = (tmp_path / "out" / "compliance.md").read_text()
    row = next(line for line in markdown.splitlines() if "alert(1)" in line)
    # The reason stays one cell: its pipe is escaped, its markup is literal text.
    assert r"\<script\>alert(1)\</script\> \| \`tick\` \*star\* \[link\](javascript:x)" in row


def test_markdown_tables_are_well_formed(fixture_report) -> None:
    _, out = fixture_report
    lines = (out / "compliance.md").read_text().splitlines()
    for index, line in enumerate(lines):
        if line.startswith("|---"):
            header = lines[index - 1]
            columns = _cells(header)
            row = index + 1
            while row < len(lines) and lines[row].startswith("| "):
                assert _cells(lines[row]) == columns, lines[row]
                row += 1


def _cells(line: str) -> int:
    return len(re.split(r"(?<!\\)\|", line)) - 2


def test_markdown_has_the_same_content_as_the_json(fixture_report) -> None:
    document, out = fixture_report
    markdown = (out / "compliance.md").read_text()
    assert f"**Score: {document['summary']['score']:.1f} / 100**" in markdown
    for control in document["controls"]:
        assert f"| **{control['id']}** |" in markdown
    for finding in document["findings"]:
        assert finding["fingerprint"] not in markdown  # fingerprints are for machines
        assert f"`{finding['element']}`" in markdown
    for rule in document["rules"]:
        assert f"[{rule['id']}]({rule['references'][0]})" in markdown
    assert "| **EXPIRED** | MSG001 | `sbq-legacy` |" in markdown
    # GitHub heading anchors of the table of contents resolve.
    assert "- [2. Control matrix](#2-control-matrix)" in markdown


def test_diagram_unavailable_says_why(tmp_path, monkeypatch, epoch) -> None:
    import archlint.report.diagram as diagram

    monkeypatch.setattr(diagram.shutil, "which", lambda name: None)
    document = make_report(FINDINGS_SPEC, tmp_path / "out")
    assert document["diagram"] == {
        "status": "unavailable",
        "reason": "Graphviz 'dot' is not installed",
        "generator": None,
        "svg": None,
    }
    expected = "diagram unavailable: Graphviz 'dot' is not installed"
    assert escape(expected) in (tmp_path / "out" / "compliance.html").read_text()
    assert expected in (tmp_path / "out" / "compliance.md").read_text()
    assert not (tmp_path / "out" / "compliance-diagram.svg").exists()


def test_caveats_are_shown_in_the_summary(fixture_report) -> None:
    from archlint.report import html, markdown

    document, _ = fixture_report
    document["caveats"] = ["3 finding(s) rest on values unknown until apply"]
    assert "> **Caveat:** 3 finding(s) rest on values unknown until apply" in markdown.render(
        document
    )
    page = html.render(document)
    summary = page[page.index('<section id="summary">') : page.index('<section id="matrix">')]
    assert "Caveat: 3 finding(s) rest on values unknown until apply" in summary
