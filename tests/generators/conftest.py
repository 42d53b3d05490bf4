"""Helpers for the generator tests: the seed and variant models, the terraform CLI, HCL parsing."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from archlint.loader import load_spec
from archlint.model import Architecture
from tests.conftest import SEED_SPEC

FIXTURES = Path(__file__).parent / "fixtures"
VARIANTS_SPEC = FIXTURES / "variants.yaml"


def terraform_cli() -> str:
    """The terraform binary, or skip: these machines have it at /usr/local/bin/terraform."""
    found = shutil.which("terraform") or (
        "/usr/local/bin/terraform" if os.access("/usr/local/bin/terraform", os.X_OK) else None
    )
    if found is None:
        pytest.skip("terraform CLI not installed: `terraform fmt -check` cannot be run")
    return found


def terraform_fmt_check(directory: Path) -> subprocess.CompletedProcess[str]:
    """``terraform fmt -check -diff DIR`` with no user CLI configuration."""
    env = {**os.environ, "TF_CLI_CONFIG_FILE": "/dev/null", "CHECKPOINT_DISABLE": "1"}
    return subprocess.run(
        [terraform_cli(), "fmt", "-check", "-diff", "-recursive", str(directory)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def load(path: Path) -> Architecture:
    return load_spec(path).architecture


@pytest.fixture(scope="session")
def seed() -> Architecture:
    return load(SEED_SPEC)


@pytest.fixture(scope="session")
def variants() -> Architecture:
    return load(VARIANTS_SPEC)


def unquote(value: Any) -> Any:
    """python-hcl2 8.x keeps the quotes of string literals and labels."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


@dataclass(frozen=True)
class Resource:
    file: str
    type: str
    name: str
    body: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return unquote(self.body[key])

    def get(self, key: str, default: Any = None) -> Any:
        return unquote(self.body.get(key, default))

    def blocks(self, key: str) -> list[dict[str, Any]]:
        value = self.body.get(key, [])
        return value if isinstance(value, list) else [value]


@dataclass
class ParsedConfig:
    """A generated configuration parsed back with python-hcl2."""

    documents: dict[str, dict[str, Any]]

    @classmethod
    def parse(cls, files: dict[str, str]) -> ParsedConfig:
        import hcl2

        return cls({name: hcl2.loads(text) for name, text in files.items() if name.endswith(".tf")})

    def top(self, kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
        for name, document in self.documents.items():
            for entry in document.get(kind, []):
                yield name, entry

    def resources(self, kind: str = "resource") -> list[Resource]:
        out = []
        for file, entry in self.top(kind):
            for resource_type, named in entry.items():
                for name, body in named.items():
                    out.append(Resource(file, unquote(resource_type), unquote(name), body))
        return out

    def resource(self, resource_type: str, name: str) -> Resource:
        for resource in self.resources():
            if resource.type == resource_type and resource.name == name:
                return resource
        raise AssertionError(f"no resource {resource_type}.{name}")

    def of_type(self, resource_type: str) -> list[Resource]:
        return [r for r in self.resources() if r.type == resource_type]

    def variables(self) -> dict[str, dict[str, Any]]:
        return {
            unquote(name): body for _, entry in self.top("variable") for name, body in entry.items()
        }


def strings(value: Any) -> Iterator[str]:
    """Every string in a parsed value (attribute values, list items, object values)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if not key.startswith("__"):
                yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
