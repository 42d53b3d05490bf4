"""The "changes since" section: a report compared with an earlier one, finding by finding.

Findings are matched by fingerprint (rule, element and the path inside it: content, not
line numbers), so moving YAML around changes nothing here. Three lists:

* **new**: open now, and not open in the earlier report (new, or an accepted risk whose
  suppression expired or was removed);
* **fixed**: in the earlier report (open or accepted) and gone now;
* **newly suppressed**: accepted now, and not accepted in the earlier report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from archlint.errors import InputError
from archlint.report.model import KIND, SCHEMA_VERSION


def load_previous(path: str) -> dict[str, Any]:
    """An earlier compliance.json; any problem is an input error (exit 2)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(path, None, f"cannot read the earlier report: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(path, None, f"not a JSON report: {error}") from None
    if not isinstance(document, dict) or document.get("kind") != KIND:
        raise InputError(path, None, f"not an archlint compliance report (kind != {KIND!r})")
    major = str(document.get("schema_version", "")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise InputError(
            path,
            None,
            f"report schema version {document.get('schema_version')!r} cannot be compared "
            f"with {SCHEMA_VERSION!r}",
        )
    return document


def changes_since(current: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
    """The "changes" member of ``current`` relative to ``previous``."""
    now = _by_fingerprint(current)
    before = _by_fingerprint(previous)

    def listed(fingerprints: set[str], source: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted((_brief(source[f]) for f in fingerprints), key=_order)

    open_now = {f for f, item in now.items() if item["status"] == "open"}
    open_before = {f for f, item in before.items() if item["status"] == "open"}
    accepted_now = set(now) - open_now
    accepted_before = set(before) - open_before
    previous_score = previous.get("summary", {}).get("score")
    current_score = current["summary"]["score"]
    return {
        "since": {
            "generated_at": previous.get("generated_at"),
            "input_sha256": previous.get("input", {}).get("sha256"),
            "ruleset_version": previous.get("ruleset", {}).get("version"),
            "score": previous_score,
        },
        "score_delta": (
            round(current_score - previous_score, 1)
            if isinstance(current_score, int | float) and isinstance(previous_score, int | float)
            else None
        ),
        "new": listed(open_now - open_before, now),
        "fixed": listed(set(before) - set(now), before),
        "newly_suppressed": listed(accepted_now - accepted_before, now),
    }


def _by_fingerprint(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["fingerprint"]: item for item in document.get("findings", [])}


def _brief(finding: dict[str, Any]) -> dict[str, Any]:
    return {key: finding.get(key) for key in _BRIEF_KEYS}


_BRIEF_KEYS = ("fingerprint", "rule_id", "severity", "element", "message")


def _order(item: dict[str, Any]) -> tuple[str, str, str]:
    return (item["rule_id"] or "", item["element"] or "", item["fingerprint"] or "")
