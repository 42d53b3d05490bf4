"""Compliance reports for auditors: one JSON document, rendered as HTML and Markdown.

- :mod:`archlint.report.model`: :func:`build_report` (LintResult + catalogue + input
  digest -> the document), the statuses and the score;
- :mod:`archlint.report.html`, :mod:`archlint.report.markdown`: renderers of the document;
- :mod:`archlint.report.compare`: the "changes since" section (``--compare OLD.json``);
- :mod:`archlint.report.diagram`: the event-flow diagram from :mod:`archlint.graph`;
- :mod:`archlint.report.generate`: input path -> files in a directory;
- :mod:`archlint.report.refresh`: regenerate the repository's own ``reports/``.

The document's shape is ``report.schema.json`` beside this file (:func:`schema_path`).
"""

from __future__ import annotations

from pathlib import Path

from archlint.report.model import SCHEMA_VERSION, build_report

__all__ = ["SCHEMA_VERSION", "build_report", "schema_path"]


def schema_path() -> Path:
    """Where the JSON Schema of compliance.json lives."""
    return Path(__file__).with_name("report.schema.json")
