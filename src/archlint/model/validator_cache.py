"""The spec validator, kept between runs so that a run does not rebuild pydantic's schema.

pydantic builds the core schema of the model's ~120 classes on every start: about 45 ms,
a sixth of a pre-commit run. pydantic-core makes a validator from a finished schema in
about 2 ms. So the finished schema is pickled beside the model's bytecode, in its
``__pycache__``, under a key made of the model's source and the Python, pydantic and
pydantic-core versions: any change to one of them gives another key, so a schema from
another model or library is never read. It is written where Python writes bytecode (not
under PYTHONDONTWRITEBYTECODE, not in a read-only installation); when anything goes wrong
reading or writing it, pydantic builds the schema as usual.

The file is as trusted as the bytecode beside it: it lives in the package's own
``__pycache__`` and only archlint writes it.
"""

import functools
import pickle
import sys
from pathlib import Path
from typing import Any

import pydantic
import pydantic_core
from pydantic import BaseModel
from pydantic_core import SchemaValidator

from archlint.digest import sha256
from archlint.fsutil import atomic_write

__all__ = ["cache_path", "validator_for"]

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def validator_for(model: type[BaseModel]) -> Any:
    """A validator of ``model`` equivalent to ``model.__pydantic_validator__``."""
    path = cache_path(model)
    validator = _read(path)
    if validator is None:
        model.model_rebuild()  # the schema is deferred until now (defer_build)
        validator = model.__pydantic_validator__
        if not sys.dont_write_bytecode:
            _write(path, validator)
    return validator


def cache_path(model: type[BaseModel]) -> Path:
    digest = sha256()
    for part in (sys.version, pydantic.VERSION, pydantic_core.__version__, model.__qualname__):
        digest.update(part.encode() + b"\0")
    for source in sorted(_PACKAGE.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    name = f"{model.__name__.lower()}-validator.{digest.hexdigest()[:24]}.pickle"
    return _PACKAGE / "__pycache__" / name


def _read(path: Path) -> Any:
    try:
        with path.open("rb") as stream:
            schema, config = pickle.load(stream)
        # Built from the cached schema itself, never from a model's validator already in
        # this process (pydantic-core reuses those unless told not to).
        return SchemaValidator(schema, config, _use_prebuilt=False)
    except Exception:  # absent, unreadable, truncated or foreign: build it instead
        return None


def _write(path: Path, validator: Any) -> None:
    try:
        # SchemaValidator pickles as (SchemaValidator, (schema, config, ...)).
        schema, config = validator.__reduce__()[1][:2]
        data = pickle.dumps((_without_metadata(schema), config), protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(path, data)
    except Exception:  # read-only installation, full disk, another pydantic: build next time
        return
    for stale in path.parent.glob(path.name.split(".")[0] + ".*.pickle"):
        if stale != path:
            stale.unlink(missing_ok=True)


def _without_metadata(schema: Any) -> Any:
    """The schema without its nodes' ``metadata`` entries: pydantic-core never reads them
    (they hold pydantic's JSON Schema hooks, some of them closures that cannot be pickled).
    A node has a string ``type``; a mapping of field names (where ``metadata`` is the spec's
    own top-level key) has none."""
    if isinstance(schema, dict):
        node = isinstance(schema.get("type"), str)
        return {
            k: _without_metadata(v) for k, v in schema.items() if not (node and k == "metadata")
        }
    if isinstance(schema, list):
        return [_without_metadata(item) for item in schema]
    return schema
