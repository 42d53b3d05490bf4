"""The hooks of .pre-commit-hooks.yaml, run by the real `pre-commit` tool.

`pre-commit try-repo` installs archlint from a git repository into its own virtualenv
(from PyPI for the dependencies) and runs a hook in another repository. The repository
given to it here is a copy of this checkout's installable files (committed or not) in a
temporary git repo, so the test judges the working tree, not the last commit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import MINIMAL_SPEC, ROOT
from tests.report.conftest import FINDINGS_SPEC, FINDINGS_TERRAFORM

PRE_COMMIT = shutil.which("pre-commit")
needs_pre_commit = pytest.mark.skipif(
    PRE_COMMIT is None, reason="pre-commit is not installed (pip install pre-commit)"
)
HOOKS = ROOT / ".pre-commit-hooks.yaml"
INSTALLABLE = ("pyproject.toml", "README.md", "src", ".pre-commit-hooks.yaml")

BAD_TERRAFORM = FINDINGS_TERRAFORM.read_text()
FIXED_TERRAFORM = BAD_TERRAFORM.replace(
    '  default_message_ttl = "P14D"\n',
    '  default_message_ttl = "P14D"\n  dead_lettering_on_message_expiration = true\n',
)


def _git(directory: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=directory, check=True, capture_output=True)


def _git_env() -> dict[str, str]:
    return {
        **os.environ,
        "GIT_AUTHOR_NAME": "archlint tests",
        "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "archlint tests",
        "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    }


def _new_repo(directory: Path) -> Path:
    directory.mkdir(parents=True)
    _git(directory, "init", "-q")
    _git(directory, "config", "commit.gpgsign", "false")
    return directory


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This checkout's installable files, committed in a temporary repository."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", *INSTALLABLE],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    repo = _new_repo(tmp_path_factory.mktemp("hook") / "archlint")
    for name in listed:
        source = ROOT / name
        if source.is_file():  # a listed file another engineer just deleted is skipped
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=_git_env())
    subprocess.run(["git", "commit", "-q", "-m", "hook"], cwd=repo, check=True, env=_git_env())
    return repo


def _pre_commit(project: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess:
    _git(project, "add", "-A")
    env = {**_git_env(), "PRE_COMMIT_COLOR": "never"}
    if home is not None:
        env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run(
        [PRE_COMMIT, *args], cwd=project, capture_output=True, text=True, timeout=600, env=env
    )


@pytest.fixture(scope="module")
def run_hook(hook_repo, tmp_path_factory):
    """Run one hook the way a project that uses it does: from its .pre-commit-config.yaml.

    The hook's virtualenv is built once (in a pre-commit home shared by this module's
    tests) and reused: try-repo would build a fresh one for every call.
    """
    home = tmp_path_factory.mktemp("pre-commit-home")
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True, capture_output=True, text=True
    ).stdout.strip()

    def run(project: Path, hook: str, *files: str) -> subprocess.CompletedProcess:
        config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": hook}]}]}
        (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
        return _pre_commit(project, "run", hook, "--verbose", "--files", *files, home=home)

    return run


def test_hooks_file_declares_both_hooks() -> None:
    hooks = {h["id"]: h for h in yaml.safe_load(HOOKS.read_text())}
    assert set(hooks) == {"archlint", "archlint-terraform"}
    assert hooks["archlint"]["entry"] == hooks["archlint-terraform"]["entry"] == "archlint lint"
    assert hooks["archlint-terraform"]["pass_filenames"] is False
    import re

    spec_files = re.compile(hooks["archlint"]["files"])
    for name in ("spec/architecture.yaml", "specs/prod/app.yml", "docs/architecture.yaml"):
        assert spec_files.search(name), name
    for name in (".github/workflows/ci.yml", "k8s/deployment.yaml", ".pre-commit-config.yaml"):
        assert not spec_files.search(name), name
    terraform_files = re.compile(hooks["archlint-terraform"]["files"])
    assert terraform_files.search("infra/main.tf") and not terraform_files.search("main.py")


@pytest.mark.slow
@needs_pre_commit
def test_try_repo_runs_the_spec_hook_from_this_checkout(hook_repo, tmp_path) -> None:
    project = _new_repo(tmp_path / "project")
    (project / "spec").mkdir()
    shutil.copy(FINDINGS_SPEC, project / "spec" / "bad.yaml")
    tried = _pre_commit(
        project, "try-repo", str(hook_repo), "archlint", "--verbose", "--files", "spec/bad.yaml"
    )
    assert tried.returncode == 1, tried.stdout + tried.stderr
    assert "archlint (architecture specs)" in tried.stdout and "Failed" in tried.stdout
    assert "SEC001" in tried.stdout and "spec/bad.yaml" in tried.stdout


@pytest.mark.slow
@needs_pre_commit
def test_spec_hook_fails_on_a_bad_spec_and_passes_on_a_good_one(run_hook, tmp_path) -> None:
    project = _new_repo(tmp_path / "project")
    (project / "spec").mkdir()
    shutil.copy(FINDINGS_SPEC, project / "spec" / "bad.yaml")
    (project / "spec" / "good.yaml").write_text(MINIMAL_SPEC)

    bad = run_hook(project, "archlint", "spec/bad.yaml")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "SEC001" in bad.stdout and "spec/bad.yaml" in bad.stdout

    good = run_hook(project, "archlint", "spec/good.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    # Other YAML is not a spec: the hook skips it rather than failing on it.
    (project / "deploy.yaml").write_text("kind: Deployment\n")
    other = run_hook(project, "archlint", "deploy.yaml")
    assert other.returncode == 0 and "Skipped" in other.stdout


@pytest.mark.slow
@needs_pre_commit
def test_terraform_hook_lints_the_directory(run_hook, tmp_path) -> None:
    project = _new_repo(tmp_path / "project")
    (project / "main.tf").write_text(BAD_TERRAFORM)
    bad = run_hook(project, "archlint-terraform", "main.tf")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "MSG001" in bad.stdout and "azurerm_servicebus_queue.orders" in bad.stdout

    (project / "main.tf").write_text(FIXED_TERRAFORM)
    good = run_hook(project, "archlint-terraform", "main.tf")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
