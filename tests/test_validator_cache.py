"""The cached spec validator validates exactly as pydantic's own, and is never used stale."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from archlint.model import Architecture
from archlint.model import validator_cache as cache
from archlint.model.base import DefaultOf
from tests.conftest import ROOT, SEED_SPEC

SPECS = [SEED_SPEC, *sorted((ROOT / "tests" / "fixtures" / "rules").glob("*/*.yaml"))]


@pytest.fixture
def cache_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh cache location, and no validator remembered from earlier tests (or kept
    for later ones)."""
    target = tmp_path / "__pycache__" / "architecture-validator.0123.pickle"
    monkeypatch.setattr(cache, "cache_path", lambda model: target)
    monkeypatch.setattr(cache.sys, "dont_write_bytecode", False)
    cache.validator_for.cache_clear()
    yield target
    cache.validator_for.cache_clear()


def _from_file(cache_file: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The validator as a later run gets it: read from the file, never built."""
    cache.validator_for.cache_clear()

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the schema was rebuilt although the cache holds it")

    monkeypatch.setattr(Architecture, "model_rebuild", no_build)
    return cache.validator_for(Architecture)


def test_first_run_writes_the_cache_and_a_later_run_reads_it(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.validator_for(Architecture)
    assert cache_file.is_file()
    schema, _config = pickle.loads(cache_file.read_bytes())
    assert "metadata" in schema["schema"]["schema"]["fields"]  # the spec's key: a field, kept
    assert _from_file(cache_file, monkeypatch) is not None


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: str(p.relative_to(ROOT)))
def test_cached_validator_builds_the_same_architecture(
    spec: Path, cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = yaml.safe_load(spec.read_text())
    expected = Architecture.model_validate(data)
    cache.validator_for(Architecture)
    got = _from_file(cache_file, monkeypatch).validate_python(data)
    assert type(got) is Architecture
    assert got.model_dump() == expected.model_dump()


def test_cached_validator_reports_the_same_errors(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = yaml.safe_load(SEED_SPEC.read_text())
    data["network"]["vnets"][0]["subnets"][0]["cidr"] = "10.0.1.0/33"
    data["messaging"]["typo_key"] = 1
    del data["metadata"]["name"]
    with pytest.raises(ValidationError) as expected:
        Architecture.model_validate(data)
    cache.validator_for(Architecture)
    with pytest.raises(ValidationError) as got:
        _from_file(cache_file, monkeypatch).validate_python(data)
    assert got.value.json(include_url=False) == expected.value.json(include_url=False)
    assert len(got.value.errors()) == 3


@pytest.mark.parametrize("content", [b"", b"not a pickle", pickle.dumps(("schema", {}))])
def test_a_damaged_cache_is_rebuilt(cache_file: Path, content: bytes) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(content)
    validator = cache.validator_for(Architecture)
    assert validator.validate_python(yaml.safe_load(SEED_SPEC.read_text()))
    schema, _config = pickle.loads(cache_file.read_bytes())  # replaced by a good one
    assert schema["schema"]["cls"] is Architecture


def test_nothing_is_written_under_dont_write_bytecode(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache.sys, "dont_write_bytecode", True)
    cache.validator_for(Architecture)
    assert not cache_file.exists()


def test_an_unwritable_cache_directory_is_not_an_error(
    cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache_file.parent.write_text("a file where the directory should be")
    assert cache.validator_for(Architecture) is not None


def test_older_caches_of_the_model_are_removed(cache_file: Path) -> None:
    cache_file.parent.mkdir(parents=True)
    stale = cache_file.parent / "architecture-validator.fedc.pickle"
    stale.write_bytes(b"old")
    cache.validator_for(Architecture)
    assert cache_file.is_file()
    assert not stale.exists()


def test_the_key_changes_with_the_model_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "model"
    shutil.copytree(Path(cache.__file__).parent, package, ignore=shutil.ignore_patterns("__py*"))
    monkeypatch.setattr(cache, "_PACKAGE", package)
    before = cache.cache_path(Architecture)
    source = package / "network.py"
    source.write_text(source.read_text() + "\n# changed\n")
    after = cache.cache_path(Architecture)
    assert before != after
    assert before.parent == after.parent == package / "__pycache__"


def test_the_key_changes_with_pydantic(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.cache_path(Architecture)
    monkeypatch.setattr(cache.pydantic_core, "__version__", "0.0.0")
    assert cache.cache_path(Architecture) != before


def _model_defaults() -> list[tuple[str, DefaultOf]]:
    found = {}
    for model in [Architecture, *_models_below(Architecture)]:
        for name, field in model.model_fields.items():
            if isinstance(field.default_factory, DefaultOf):
                found[f"{model.__name__}.{name}"] = field.default_factory
    return sorted(found.items())


def _models_below(model: type[BaseModel]) -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    stack = [model]
    while stack:
        for field in stack.pop().model_fields.values():
            for leaf in _types_in(field.annotation):
                if isinstance(leaf, type) and issubclass(leaf, BaseModel) and leaf not in seen:
                    seen.add(leaf)
                    stack.append(leaf)
    return seen


def _types_in(annotation: Any) -> list[Any]:
    return [annotation, *(t for arg in get_args(annotation) for t in _types_in(arg))]


def test_every_model_default_is_found() -> None:
    assert len(_model_defaults()) >= 19  # the ten sections and nine nested parts


@pytest.mark.parametrize(
    "factory", [f for _, f in _model_defaults()], ids=lambda f: f.model.__name__
)
def test_a_model_default_is_the_model_made_with_no_arguments(factory: DefaultOf) -> None:
    made = factory()
    assert type(made) is factory.model
    assert made == factory.model()
    assert made.model_fields_set == factory.model().model_fields_set == set()


_FRESH_RUN = """
import sys
from pathlib import Path
from archlint.model import validator_cache as cache
cache.cache_path = lambda model: Path(sys.argv[1])
cache.sys.dont_write_bytecode = False
import pydantic._internal._model_construction as construction
built = []
original = construction.create_schema_validator
def spy(schema, schema_type, *args, **kwargs):
    built.append(schema_type.__name__)
    return original(schema, schema_type, *args, **kwargs)
construction.create_schema_validator = spy
from archlint.loader import load_spec
load_spec(sys.argv[2])
load_spec(sys.argv[3])
print(",".join(built))
"""


def test_with_the_cache_a_run_builds_no_pydantic_schema(tmp_path: Path) -> None:
    minimal = tmp_path / "minimal.yaml"  # every section missing: each is a default
    minimal.write_text("metadata:\n  name: m\n  primary_region: eastus2\n")
    target = tmp_path / "validator.pickle"

    def fresh_run() -> str:
        args = [str(target), str(SEED_SPEC), str(minimal)]
        done = subprocess.run(
            [sys.executable, "-c", _FRESH_RUN, *args], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert fresh_run() == "Architecture"  # the first run builds it, and writes the cache
    assert fresh_run() == ""  # later runs build nothing, sections left out included
