"""Mermaid, DOT, SVG and HTML renderings: parseable by the real tools, complete, deterministic."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from archlint.graph import build_flow_graph, render
from archlint.graph.render_mermaid import mermaid_ids, text
from archlint.graph.style import single_line

SVG_NS = "{http://www.w3.org/2000/svg}"

# The grammar the Mermaid renderer relies on (checked even where Mermaid's parser is absent).
NODE_LINE = re.compile(
    r'^    n_\w+(\(\(\(|\{\{|\[\\|\(\[|\[/|\[\[|\[\(|\(\(|\(|\[|>|\{)"[^"\n]*"'
    r"(\)\)\)|\}\}|/\]|\\\]|\]\)|\]\]|\)\]|\)\)|\)|\]|\})$"
)
EDGE_LINE = re.compile(r'^  n_\w+ (-->|-\.->|==>)\|"[^"\n|]*"\| n_\w+$')
OTHER_LINE = re.compile(
    r'^(flowchart LR|  subgraph layer_\w+ \["[^"]*"\]|  end|  linkStyle \d+ [^"]+'
    r"|  classDef t_\w+ [^\"]+|  class n_\w+(,n_\w+)* t_\w+)$"
)


@pytest.mark.parametrize("spec", ["seed", "hostile"])
def test_mermaid_follows_the_grammar_it_relies_on(spec, request) -> None:
    arch = request.getfixturevalue(spec)
    lines = render(arch, "mermaid").splitlines()
    assert lines[0] == "flowchart LR"
    for line in lines:
        assert NODE_LINE.match(line) or EDGE_LINE.match(line) or OTHER_LINE.match(line), line
    assert sum(line.startswith("  subgraph ") for line in lines) == lines.count("  end")
    graph = build_flow_graph(arch)
    declared = [
        line.split('"')[0].strip().rstrip("([{>/\\") for line in lines if NODE_LINE.match(line)
    ]
    assert len(declared) == len(set(declared)) == len(graph.nodes)
    edges = [line for line in lines if EDGE_LINE.match(line)]
    assert len(edges) == len(graph.edges)
    dead_letters = sum(e.kind == "dead_letter" for e in graph.edges)
    assert sum("-.->" in line for line in edges) == dead_letters > 0


def test_mermaid_ids_are_safe_and_unique() -> None:
    ids = mermaid_ids(["a.b", "a-b", "a_b", "end", "o", "x/$deadletterqueue"])
    assert ids == {
        "a-b": "n_a_b",
        "a.b": "n_a_b_2",
        "a_b": "n_a_b_3",
        "end": "n_end",
        "o": "n_o",
        "x/$deadletterqueue": "n_x__deadletterqueue",
    }


def test_mermaid_labels_escape_every_special_character() -> None:
    assert text('a "b" | c # <d> & `e`\nf') == (
        '"a #34;b#34; #124; c #35; #60;d#62; #38; #96;e#96; f"'
    )


@pytest.mark.slow
def test_mermaid_parses_with_mermaids_own_parser(seed, hostile, mermaid_parse) -> None:
    diagrams = [
        render(seed, "mermaid"),
        render(hostile, "mermaid"),
        render(seed, "mermaid", flow="dead-letter"),
    ]
    results = mermaid_parse([*diagrams, "flowchart LR\n  a -->"])
    assert results[:3] == [{"ok": True, "type": "flowchart-v2"}] * 3, results
    assert results[3]["ok"] is False  # the parser does reject a broken diagram


@pytest.mark.parametrize("spec", ["seed", "hostile"])
def test_dot_is_parsed_by_dot(spec, request, dot_program) -> None:
    arch = request.getfixturevalue(spec)
    source = render(arch, "dot")
    done = subprocess.run(
        [dot_program, "-Tcanon"], input=source, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    graph = build_flow_graph(arch)
    layers = {n.layer for n in graph.nodes.values()}
    assert {f'subgraph "cluster_{layer}"' for layer in layers} <= set(
        re.findall(r'subgraph "cluster_\w+"', source)
    )
    # dot read back every node and edge
    canonical = done.stdout
    assert canonical.count(" -> ") == len(graph.edges)


@pytest.mark.parametrize("spec", ["seed", "hostile"])
def test_svg_is_well_formed_and_contains_every_node(spec, request, dot_program) -> None:
    arch = request.getfixturevalue(spec)
    root = ET.fromstring(render(arch, "svg"))
    assert root.tag == f"{SVG_NS}svg"
    titles = {
        group.findtext(f"{SVG_NS}title")
        for group in root.iter(f"{SVG_NS}g")
        if group.get("class") == "node"
    }
    assert titles == set(build_flow_graph(arch).nodes)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []
        self.ids: list[str] = []
        self.policy = ""
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "action")]
        self.ids += [v or "" for k, v in attrs if k == "id"]
        values = dict(attrs)
        if tag == "meta" and values.get("http-equiv") == "Content-Security-Policy":
            self.policy = values.get("content") or ""
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_html_is_self_contained_with_the_svg_and_a_legend(seed, dot_program) -> None:
    import base64
    import hashlib

    page = render(seed, "html")
    assert page.startswith("<!DOCTYPE html>")
    collector = _Collector()
    collector.feed(page)
    assert collector.tags.count("svg") == 1 + len(build_flow_graph(seed).flows)  # whole, flows
    assert not {"link", "iframe", "img", "object", "embed"} & set(collector.tags)
    assert all(not re.match(r"\w+:|//", url) for url in collector.urls), collector.urls
    assert len(collector.ids) == len(set(collector.ids))  # the SVGs' ids are made unique
    # One inline script, admitted by its hash under a policy that fetches nothing.
    (script,) = collector.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert collector.policy.startswith("default-src 'none';")
    assert f"script-src 'sha256-{digest}'" in collector.policy
    assert "url(" not in page and "@import" not in page and "<?xml" not in page
    for legend in ("queue", "dead-letter queue", "Dead letter processing (dead-letter)"):
        assert legend in page
    assert "<caption>Components</caption>" in page and "<caption>Steps</caption>" in page


def test_html_of_one_flow_has_one_picture(seed, dot_program) -> None:
    page = render(seed, "html", flow="sync-request")
    assert page.count("<svg") == 1 and "<nav>" not in page


def test_one_flow_alone_keeps_its_colour_of_the_whole_graph(seed) -> None:
    from archlint.graph import build_graph
    from archlint.graph.style import flow_colours

    whole = flow_colours(build_graph(seed))
    assert len(set(whole.values())) == len(whole) == 4
    for flow, colour in whole.items():
        assert flow_colours(build_graph(seed, flow)) == {flow: colour}


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_output_is_deterministic(seed, fmt) -> None:
    from archlint.loader import load_spec
    from tests.conftest import SEED_SPEC

    again = load_spec(SEED_SPEC).architecture
    assert render(seed, fmt) == render(again, fmt)


def test_one_flow_only(seed) -> None:
    mermaid = render(seed, "mermaid", flow="sync-request")
    assert "n_user" in mermaid and "n_sbq_file_processing" not in mermaid
    assert mermaid.count("==>") == 4


def test_unknown_format_is_refused(seed) -> None:
    with pytest.raises(ValueError, match="unknown graph format"):
        render(seed, "png")


class _Labels(HTMLParser):
    """Texts of Mermaid's rendered node and edge labels (``span.nodeLabel``/``edgeLabel``)."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self.edges: list[str] = []
        self._current: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._current is not None:
            self._depth += tag == "span"
            return
        css = dict(attrs).get("class") or ""
        if tag == "span" and css in ("nodeLabel", "edgeLabel"):
            self._current = self.nodes if css == "nodeLabel" else self.edges
            self._current.append("")
            self._depth = 0

    def handle_endtag(self, tag: str) -> None:
        if self._current is not None and tag == "span":
            if self._depth == 0:
                self._current = None
            else:
                self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current[-1] += data


@pytest.mark.slow
@pytest.mark.parametrize("spec", ["seed", "hostile"])
def test_mermaid_renders_in_chromium_with_every_label_intact(
    spec, request, mermaid_parse, chromium, tmp_path
) -> None:
    from html import escape

    from tests.graph.conftest import MERMAID_DIR

    arch = request.getfixturevalue(spec)
    script = (MERMAID_DIR / "node_modules" / "mermaid" / "dist" / "mermaid.min.js").as_uri()
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        f'<pre class="mermaid">{escape(render(arch, "mermaid"))}</pre>'
        f'<script src="{script}"></script>'
        "<script>mermaid.initialize({startOnLoad: true, maxTextSize: 1000000});</script>"
        "</body></html>",
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--allow-file-access-from-files",
            "--virtual-time-budget=30000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert 'aria-roledescription="flowchart-v2"' in done.stdout, done.stderr[-500:]
    labels = _Labels()
    labels.feed(done.stdout)
    graph = build_flow_graph(arch)
    layers = {n.layer for n in graph.nodes.values()}
    assert sorted(labels.nodes) == sorted([*graph.nodes, *layers])
    expected_edges = [single_line(e.label or e.kind.replace("_", " ")) for e in graph.edges]
    assert sorted(labels.edges) == sorted(expected_edges)
