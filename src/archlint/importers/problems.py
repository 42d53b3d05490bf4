"""Problems an importer finds in Terraform input that are not input errors.

An :class:`ImportProblem` is plain data: the engine turns each into a finding (rule ids in the
``TF`` category), so importers never depend on the rule engine.  Input that cannot be read at
all (a syntax error, a truncated plan) is an :class:`archlint.errors.InputError` instead.
"""

from __future__ import annotations

from typing import Literal

from archlint.location import Location
from archlint.model import Path
from archlint.records import record

__all__ = ["TF_RULES", "ImportProblem", "Severity"]

# The engine's severity names (archlint.engine.finding.Severity), as plain strings.
Severity = Literal["critical", "high", "medium", "low", "info"]

#: Rule id -> (default severity, title).  Ids are stable and never reused.
TF_RULES: dict[str, tuple[Severity, str]] = {
    "TF001": ("high", "resource type unknown to the pinned azurerm provider"),
    "TF002": ("high", "argument or block unknown to the azurerm provider"),
    "TF003": ("high", "required argument or block missing"),
    "TF004": ("medium", "deprecated or removed azurerm attribute spelling"),
    "TF005": ("info", "resource or resource type not evaluated by archlint"),
    "TF006": ("medium", "module not followed (only local module sources are read)"),
    "TF007": ("low", "value archlint could not interpret"),
    "TF008": ("info", "data source outside the configuration: what depends on it is unknown"),
}


@record
class ImportProblem:
    """One problem in Terraform input, placed at a resource (file and line for HCL)."""

    rule_id: str
    severity: Severity
    message: str
    location: Location
    path: Path | None = None  # model path of the component concerned, when there is one

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.location.file, self.location.line or 0, self.rule_id, self.message)

    def __str__(self) -> str:
        where = str(self.location)
        if self.location.address and self.location.line is None:
            where += f" ({self.location.address})"
        return f"{where}: {self.rule_id} {self.message}"
