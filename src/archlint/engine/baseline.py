"""Baselines: adopt archlint on an existing design and fail only on new findings."""

from __future__ import annotations

import json
import re

from archlint.engine.rule_names import RuleNames
from archlint.engine.runner import LintResult
from archlint.errors import InputError, InputErrors
from archlint.fsutil import write_output
from archlint.inputfile import Position

BASELINE_VERSION = 1


def write_baseline_file(path: str, result: LintResult) -> None:
    entries = sorted(
        (
            {
                "rule_id": f.rule_id,
                "fingerprint": f.fingerprint,
                "component": f.component,
                "message": f.message,
            }
            for f in result.active
        ),
        key=lambda e: (e["rule_id"], e["fingerprint"]),
    )
    document = {"archlint_baseline": BASELINE_VERSION, "findings": entries}
    write_output(path, json.dumps(document, indent=2) + "\n")


def read_baseline(path: str, names: RuleNames) -> frozenset[str]:
    """The fingerprints of a baseline file; every rule id it names must be a known rule."""
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
        document = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, None, f"cannot read baseline: {error}") from None
    if not isinstance(document, dict) or document.get("archlint_baseline") != BASELINE_VERSION:
        raise InputError(path, None, "not an archlint baseline file (version 1)")
    try:
        fingerprints = frozenset(entry["fingerprint"] for entry in document["findings"])
        rule_ids = sorted({entry.get("rule_id") for entry in document["findings"]} - {None})
    except (KeyError, TypeError, AttributeError):
        raise InputError(path, None, "baseline entries need a 'fingerprint'") from None
    errors = [
        InputError(path, _line_of_rule_id(text, rule_id), problem)
        for rule_id in rule_ids
        if (problem := names.id_problem(str(rule_id)))
    ]
    if errors:
        raise InputErrors(errors)
    return fingerprints


def _line_of_rule_id(text: str, rule_id: object) -> Position | None:
    """Where the first entry naming ``rule_id`` is (json keeps no positions)."""
    written = re.compile(r'"rule_id"\s*:\s*' + re.escape(json.dumps(rule_id)))
    for number, line in enumerate(text.splitlines(), start=1):
        found = written.search(line)
        if found:
            return Position(number, found.start() + 1)
    return None
