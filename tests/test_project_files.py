"""Tests parametrised over the repository's files see the project's files, nothing else.

`npm ci` (tests/graph/mermaid) puts third-party YAML under node_modules; a virtualenv or
a cache can sit anywhere. Were they globbed, the number of tests would depend on the machine.
"""

from __future__ import annotations

from tests.conftest import ROOT, project_files
from tests.importers.test_hcl_fast import REPO_FILES
from tests.test_yaml_fast_path import YAML_FILES


def test_installed_and_cached_files_are_not_the_projects(tmp_path) -> None:
    for relative in (
        "spec.yaml",
        "nested/rules.yml",
        "graph/mermaid/node_modules/js-yaml/pnpm-lock.yaml",
        "graph/mermaid/node_modules/.pnpm/a.yaml",
        ".venv/lib/site-packages/pkg/config.yaml",
        "nested/__pycache__/stale.yaml",
    ):
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a: 1\n", encoding="utf-8")
    found = project_files(tmp_path, "*.yaml", "*.yml")
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["nested/rules.yml", "spec.yaml"]


def test_the_parametrised_file_lists_hold_only_project_files() -> None:
    for path in [*YAML_FILES, *(ROOT / p for p in REPO_FILES)]:
        parts = path.relative_to(ROOT).parts
        assert "node_modules" not in parts and not any(p.startswith(".") for p in parts[:-1])
    assert ROOT / "spec" / "architecture.yaml" in YAML_FILES
