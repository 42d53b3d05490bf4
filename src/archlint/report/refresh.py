"""Regenerate the repository's committed report: ``python -m archlint.report.refresh``.

``reports/`` holds the report of ``spec/architecture.yaml``, generated with
``SOURCE_DATE_EPOCH`` = :data:`REPORTS_EPOCH` (2026-01-01T00:00:00Z) so that it changes
only when the spec, the rules or archlint do; ``tests/report/test_committed_report.py``
fails when it is stale. Run from the repository root (or pass ``--root``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

REPORTS_EPOCH = 1767225600  # 2026-01-01T00:00:00Z; also the day suppressions are judged on
SPEC = "spec/architecture.yaml"
REPORTS_DIR = "reports"


def build_document(root: Path) -> dict[str, Any]:
    """The committed report's document, as it should be now."""
    from archlint.engine.config import find_config, load_config
    from archlint.report.generate import assemble
    from archlint.rules import catalogue as load_catalogue

    previous_directory = Path.cwd()
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.chdir(root)  # the report names its input relative to the repository root
    os.environ["SOURCE_DATE_EPOCH"] = str(REPORTS_EPOCH)
    try:
        config = load_config(find_config(root))
        catalogue = load_catalogue(config.rules_dirs)
        return assemble(SPEC, catalogue, config)
    finally:
        os.chdir(previous_directory)
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archlint.report.refresh", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root")
    arguments = parser.parse_args(argv)
    from archlint.report.generate import render_files, write_files

    root = arguments.root.resolve()
    for path in write_files(root / REPORTS_DIR, render_files(build_document(root))):
        print(f"wrote {path.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
