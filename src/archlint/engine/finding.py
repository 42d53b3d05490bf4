"""Findings: what a rule reports, located in the input and possibly suppressed."""

from __future__ import annotations

from dataclasses import field
from datetime import date
from typing import Any

from archlint.location import Location
from archlint.records import record
from archlint.severity import Severity


@record
class SuppressionInfo:
    """Why a finding does not count: an accepted risk in the spec, or a baseline entry."""

    kind: str  # "inline" (suppress: in the spec) or "baseline"
    reason: str
    approved_by: str | None = None
    expires: date | None = None


@record
class Finding:
    rule_id: str
    title: str
    severity: Severity
    category: str
    message: str
    path: str  # model path, e.g. messaging.service_bus[0].queues[1].lock_duration
    component: str | None  # id of the component the finding is about
    location: Location
    fingerprint: str
    suppression: SuppressionInfo | None = None
    expired_suppression: SuppressionInfo | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def suppressed(self) -> bool:
        return self.suppression is not None

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (loc.file, loc.line or 0, loc.column or 0, self.rule_id, self.path, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (stable keys; used by the json formatter and reports)."""
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "title": self.title,
            "severity": self.severity.value,
            "category": self.category,
            "message": self.message,
            "path": self.path,
            "component": self.component,
            "location": {
                "file": self.location.file,
                "line": self.location.line,
                "column": self.location.column,
            },
            "fingerprint": self.fingerprint,
            "suppressed": self.suppressed,
        }
        if self.location.address:
            out["location"]["address"] = self.location.address
        if self.suppression:
            out["suppression"] = _suppression_dict(self.suppression)
        if self.expired_suppression:
            out["expired_suppression"] = _suppression_dict(self.expired_suppression)
        return out


def _suppression_dict(info: SuppressionInfo) -> dict[str, Any]:
    return {
        "kind": info.kind,
        "reason": info.reason,
        "approved_by": info.approved_by,
        "expires": info.expires.isoformat() if info.expires else None,
    }
