"""Helpers for the Terraform importer tests: write a configuration, import it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archlint.importers import ImportResult, load_terraform

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "terraform"
SEED_TF = FIXTURES / "seed"
PLANS = FIXTURES / "plans"

PROVIDER_4 = """
terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }
}
"""

# Pins azurerm 3.x: prepend it to a configuration imported with ``pin=False``.
PROVIDER_3 = """
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.0" }
  }
}
"""

ImportHcl = Callable[..., ImportResult]


@pytest.fixture
def import_hcl(tmp_path: Path) -> ImportHcl:
    """Write ``main.tf`` (pinned to azurerm 4.x unless ``pin=False``) plus extra files;
    import the directory."""

    def run(text: str, files: dict[str, str] | None = None, pin: bool = True) -> ImportResult:
        (tmp_path / "main.tf").write_text((PROVIDER_4 if pin else "") + text, encoding="utf-8")
        for name, content in (files or {}).items():
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        return load_terraform(tmp_path)

    return run


@pytest.fixture(scope="session")
def seed_import() -> ImportResult:
    """The seed architecture's Terraform (read once per test session)."""
    return load_terraform(SEED_TF)


def terraform_locals(directory: Path, names: list[str]) -> dict[str, Any]:
    """What ``terraform console`` gives for ``local.NAME`` of each name in ``directory``
    (skips when the terraform CLI is not installed): the oracle of the conformance tests."""
    terraform = shutil.which("terraform")
    if terraform is None:
        pytest.skip("terraform CLI not installed: expectations are not checked against it")
    expression = "jsonencode({" + ", ".join(f"{n} = local.{n}" for n in names) + "})"
    done = subprocess.run(
        [terraform, "console"],
        input=expression + "\n",
        cwd=directory,
        capture_output=True,
        text=True,
        env={**os.environ, "TF_CLI_CONFIG_FILE": "/dev/null", "CHECKPOINT_DISABLE": "1"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(json.loads(done.stdout.strip()))  # type: ignore[no-any-return]
