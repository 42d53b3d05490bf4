"""The typed architecture model: the centre every other part of archlint adapts to."""

from archlint.model.architecture import (
    ENVIRONMENT_PATH,
    ENVIRONMENTS,
    Architecture,
    ComponentIndex,
    Metadata,
    ModelIssue,
    ModelValidationError,
    Path,
    build_architecture,
    check_model,
    check_references,
    format_path,
    parse_architecture,
    walk,
)
from archlint.model.base import DLQ_SUFFIX, Component, StrictModel, Suppression

__all__ = [
    "DLQ_SUFFIX",
    "ENVIRONMENTS",
    "ENVIRONMENT_PATH",
    "Architecture",
    "Component",
    "ComponentIndex",
    "Metadata",
    "ModelIssue",
    "ModelValidationError",
    "Path",
    "StrictModel",
    "Suppression",
    "build_architecture",
    "check_model",
    "check_references",
    "format_path",
    "parse_architecture",
    "walk",
]
