"""From an input path to the files of a report: load, lint, draw, build, render, write."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from archlint.engine.config import Config
from archlint.engine.rule_names import RuleNames, suppression_errors
from archlint.errors import InputErrors
from archlint.fsutil import output_errors
from archlint.generators.output import write_files as write_directory
from archlint.report import html, markdown
from archlint.report.compare import changes_since, load_previous
from archlint.report.diagram import event_flow_diagram
from archlint.report.model import Source, build_report, generation_time
from archlint.rules.api import Rule

JSON_FILE, MARKDOWN_FILE, HTML_FILE = "compliance.json", "compliance.md", "compliance.html"
# Steps reported to the progress bar, in order.
STEPS = ("load", "lint", "diagram", "render", "write")


def assemble(
    input_path: str,
    catalogue: Sequence[Rule],
    config: Config,
    *,
    compare_with: str | None = None,
    step: Callable[[str], None] = lambda name: None,
) -> dict[str, Any]:
    """The report document of ``input_path``; raises InputErrors/InputError on bad input."""
    from archlint.inputs import load_input

    previous = load_previous(compare_with) if compare_with else None  # fail before the work
    step("load")
    loaded = load_input(input_path)
    misnamed = suppression_errors(loaded.architecture, loaded.locator, RuleNames.of(catalogue))
    if misnamed:
        raise InputErrors(misnamed)
    step("lint")
    result = loaded.lint(catalogue, config)
    step("diagram")
    diagram = event_flow_diagram(loaded.architecture)
    document = build_report(
        result,
        catalogue,
        Source.from_path(input_path, loaded.kind, loaded.files),
        architecture=loaded.architecture,
        config=config,
        diagram=diagram,
        generated_at=generation_time(),
    )
    from archlint.report.resilience import resilience_section

    document["resilience"] = resilience_section(loaded.architecture)
    if previous is not None:
        document["changes"] = changes_since(document, previous)
    return document


def render_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_files(document: dict[str, Any]) -> dict[str, str]:
    """File name -> content, for every file of the report (the diagram SVG when drawn)."""
    files = {
        JSON_FILE: render_json(document),
        MARKDOWN_FILE: markdown.render(document),
        HTML_FILE: html.render(document),
    }
    if document["diagram"]["svg"]:
        files[markdown.DIAGRAM_FILE] = document["diagram"]["svg"]
    return files


def write_files(directory: str | Path, files: dict[str, str]) -> list[Path]:
    """Write each file atomically inside ``directory`` (never outside it); return the paths.

    A diagram file left by an earlier run is removed when this report has none, so the
    directory never holds a picture that belongs to another report.
    """
    folder = Path(directory)
    written = write_directory(folder, files)
    stale = folder / markdown.DIAGRAM_FILE
    if markdown.DIAGRAM_FILE not in files and stale.is_file():
        with output_errors(stale):
            stale.unlink()
    return written
