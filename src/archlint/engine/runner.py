"""Run rules over a model: locate, suppress, baseline and sort what they report."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

from archlint.digest import sha256
from archlint.engine.config import Config
from archlint.engine.finding import Finding, Severity, SuppressionInfo
from archlint.location import Locator
from archlint.model import Architecture, Component, Path, format_path
from archlint.model.architecture import maybe_neighbours
from archlint.records import record
from archlint.rules.api import Rule, Violation
from archlint.rules.meta.meta001_unused_suppression import UNUSED_SUPPRESSION


@record
class NotEvaluated:
    rule_id: str
    reason: str


@dataclass
class LintResult:
    findings: list[Finding]
    rules: list[Rule]  # the rules that were selected (evaluated or not)
    not_evaluated: list[NotEvaluated] = field(default_factory=list)
    unknown_dropped: int = 0  # findings dropped because they rest on unknown values
    # What the input's reader says once for the whole run (which azurerm schema judged it).
    notes: list[str] = field(default_factory=list)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if not f.suppressed]

    def failing(self, fail_on: Severity) -> list[Finding]:
        return [f for f in self.active if f.severity.rank >= fail_on.rank]


class RuleCrashed(Exception):
    """A rule raised on a valid model: a bug in archlint, reported as such."""


def today() -> date:
    """Today, or the day of SOURCE_DATE_EPOCH so that reproducible runs agree."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()


def run(
    architecture: Architecture,
    locator: Locator,
    rules: Iterable[Rule],
    config: Config | None = None,
    extra: Iterable[Finding] = (),
) -> LintResult:
    """Evaluate ``rules``; ``extra`` findings (importer problems) join the same stream."""
    config = config or Config()
    if architecture.environment is None and config.environment:
        architecture.declare_environment(config.environment)
    environment = architecture.environment
    selected = [r for r in rules if config.selects(r)]
    owners = _owners(architecture)
    by_path = {path: component for component, path in owners.values()}
    premises = _Premises.of(architecture, by_path)
    findings: list[Finding] = _selected_extra(extra, config)
    not_evaluated: list[NotEvaluated] = []
    used = _UsedSuppressions()
    dropped = maybe_dropped = left_unknown = left_maybe = undeclared = 0
    on_day = today()
    for definition in selected:
        missing = _missing_requirement(architecture, definition)
        if missing:
            not_evaluated.append(NotEvaluated(definition.id, f"the input has no {missing}"))
            continue
        if definition.environments and environment not in definition.environments:
            reason = _environment_reason(definition, environment)
            not_evaluated.append(NotEvaluated(definition.id, reason))
            undeclared += environment is None
            continue
        used.ran.add(definition.id)
        severity = config.severity_for(definition)
        try:
            violations = list(definition.check(architecture))
        except Exception as error:
            message = f"rule {definition.id} crashed: {type(error).__name__}: {error}"
            raise RuleCrashed(message) from error
        for violation in violations:
            owner = owners.get(violation.component) if violation.component else None
            owner = owner or _owner_of(violation.path, by_path)
            doubt = premises.doubt(violation, owner)
            if doubt is None and violation.entries:
                known = [e for e in violation.entries if not premises.unknown(e.depends_on)]
                kept = [e for e in known if not premises.maybe_absent(e.depends_on)]
                if len(kept) < violation.at_least:
                    doubt = _MAYBE if len(known) >= violation.at_least else _UNKNOWN
                else:  # it stands on the entries left: one unknown silences no other
                    left_unknown += len(known) < len(violation.entries)
                    left_maybe += len(kept) < len(known)
                    if len(kept) < len(violation.entries):
                        violation = violation.keeping(kept)
            if doubt is not None:
                dropped += doubt == _UNKNOWN
                maybe_dropped += doubt == _MAYBE
                if owner:  # its suppression may be in use: it cannot be judged unused
                    used.undecided.add((owner[0].id, definition.id))
                continue
            findings.append(
                _finding(
                    definition,
                    severity,
                    violation.path,
                    violation.message,
                    owner,
                    locator,
                    on_day,
                    used,
                )
            )
    unused_rule = next((r for r in selected if r.id == UNUSED_SUPPRESSION), None)
    if unused_rule is not None and UNUSED_SUPPRESSION in used.ran:
        findings += _unused_suppressions(
            unused_rule, config.severity_for(unused_rule), owners, used, locator, on_day
        )
    for count, what in (
        (dropped, f"finding(s) rest on {_UNKNOWN}"),
        (maybe_dropped, f"finding(s) rest on {_MAYBE}"),
        (left_unknown, f"finding(s) leave out entries that rest on {_UNKNOWN}"),
        (left_maybe, f"finding(s) leave out entries that rest on {_MAYBE}"),
    ):
        if count:
            not_evaluated.append(NotEvaluated("*", f"{count} {what}"))
    findings = _apply_baseline(findings, config.baseline)
    findings.sort(key=Finding.sort_key)
    return LintResult(
        findings,
        selected,
        sorted(not_evaluated, key=lambda n: n.rule_id),
        dropped + maybe_dropped,
        _environment_notes(undeclared),
    )


# How to have the posture rules evaluated, said on each of them and in the run's note.
HOW_TO_DECLARE = (
    '--environment production, or environment = "production" in archlint.toml or [tool.archlint]'
)


def _environment_reason(definition: Rule, environment: str | None) -> str:
    runs = f"it runs when the environment is {' or '.join(definition.environments)}"
    if environment is None:
        return f"{runs}, and the input does not declare one ({HOW_TO_DECLARE})"
    return f"{runs}, and the environment is {environment}"


def _environment_notes(undeclared: int) -> list[str]:
    """One note for the run when posture rules were left out because nothing declared the
    environment: loud, since a user may think zone redundancy or alerts were judged."""
    if not undeclared:
        return []
    return [
        f"{undeclared} production posture rule(s) not evaluated: the environment is not "
        f"declared (declare it: {HOW_TO_DECLARE})"
    ]


def _selected_extra(extra: Iterable[Finding], config: Config) -> list[Finding]:
    """Importer findings (TF ids), selected and re-graded by the configuration like rules."""
    return [
        replace(f, severity=config.severity.get(f.rule_id, f.severity))
        for f in extra
        if config.selects_id(f.rule_id, f.category)
    ]


@dataclass
class _UsedSuppressions:
    """Which ``suppress:`` entries a run used, to report those that suppress nothing."""

    ran: set[str] = field(default_factory=set)  # ids of the rules that were evaluated
    entries: set[tuple[str, int]] = field(default_factory=set)  # (component id, entry index)
    undecided: set[tuple[str, str]] = field(default_factory=set)  # (component id, rule id)


def _finding(
    definition: Rule,
    severity: Severity,
    path: Path,
    message: str,
    owner: tuple[Component, Path] | None,
    locator: Locator,
    on_day: date,
    used: _UsedSuppressions | None = None,
) -> Finding:
    component, component_path = owner if owner else (None, ())
    suppression = expired = None
    if component is not None and definition.id != UNUSED_SUPPRESSION:
        for index, entry in enumerate(component.suppress):
            if entry.rule != definition.id:
                continue
            if used is not None:
                used.entries.add((component.id, index))
            info = SuppressionInfo("inline", entry.reason, entry.approved_by, entry.expires)
            if entry.expires is not None and entry.expires < on_day:
                expired = info
            else:
                suppression = info
                break
    relative = format_path(path[len(component_path) :]) if component else format_path(path)
    # The message joins the fingerprint: one element can carry two findings of a rule
    # (a range overlapping two others), and line numbers never appear in messages.
    fingerprint = _fingerprint(definition.id, component.id if component else "", relative, message)
    location = locator.locate(path)
    assert location is not None
    return Finding(
        rule_id=definition.id,
        title=definition.title,
        severity=severity,
        category=definition.category,
        message=message,
        path=format_path(path),
        component=component.id if component else None,
        location=location,
        fingerprint=fingerprint,
        suppression=suppression,
        expired_suppression=None if suppression else expired,
    )


def _unused_suppressions(
    definition: Rule,
    severity: Severity,
    owners: dict[str, tuple[Component, Path]],
    used: _UsedSuppressions,
    locator: Locator,
    on_day: date,
) -> list[Finding]:
    """A finding on each entry whose rule ran and reported nothing on its component."""
    findings = []
    for component_id, (component, path) in owners.items():
        for index, entry in enumerate(component.suppress):
            if (
                entry.rule not in used.ran
                or (component_id, index) in used.entries
                or (component_id, entry.rule) in used.undecided
            ):
                continue
            expired = (
                f" (expired {entry.expires})"
                if entry.expires is not None and entry.expires < on_day
                else ""
            )
            message = (
                f"the suppression of {entry.rule} on {component.label()}{expired} suppresses "
                f"nothing: {entry.rule} reports nothing there; remove it"
            )
            owner = (component, path)
            findings.append(
                _finding(
                    definition,
                    severity,
                    (*path, "suppress", index),
                    message,
                    owner,
                    locator,
                    on_day,
                )
            )
    return findings


def _fingerprint(*parts: str) -> str:
    # Content-based, so a finding keeps its fingerprint when lines move (baselines, SARIF).
    return sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _owners(architecture: Architecture) -> dict[str, tuple[Component, Path]]:
    return {cid: (e.component, e.path) for cid, e in architecture.index.by_id.items()}


def _owner_of(path: Path, by_path: dict[Path, Component]) -> tuple[Component, Path] | None:
    for end in range(len(path), 0, -1):
        component = by_path.get(path[:end])
        if component is not None:
            return component, path[:end]
    return None


# What a finding may rest on that the run cannot conclude from (the notes' wording).
_UNKNOWN = "values unknown until apply"
_MAYBE = (
    "resources that may not exist (count or for_each unknown until apply) or on modules "
    "archlint could not read"
)


@record
class _Premises:
    """What no finding may rest on: values an importer could not know, and components that
    may not exist (or are tied to one that may not)."""

    unknowns: set[Path]
    maybe: set[str]
    tied: dict[str, set[str]]
    by_path: dict[Path, Component]

    @classmethod
    def of(cls, architecture: Architecture, by_path: dict[Path, Component]) -> _Premises:
        uncertain = architecture.maybe_present or architecture.handed_to_unread_modules
        tied = maybe_neighbours(architecture) if uncertain else {}
        return cls(architecture.unknowns, architecture.maybe_present, tied, by_path)

    def unknown(self, paths: Iterable[Path]) -> bool:
        """A path is, or lies inside, a value unknown until apply."""
        unknowns = self.unknowns
        return bool(unknowns) and any(
            path[:end] in unknowns for path in paths for end in range(len(path), 0, -1)
        )

    def maybe_absent(self, paths: Iterable[Path]) -> bool:
        """A path is a field of a component that may not exist, or is tied to one."""
        if not (self.tied or self.maybe):
            return False
        for path in paths:
            found = _owner_of(path, self.by_path)
            if found and (found[0].id in self.tied or found[0].id in self.maybe):
                return True
        return False

    def doubt(self, violation: Violation, owner: tuple[Component, Path] | None) -> str | None:
        """What the whole finding rests on that cannot be concluded from (None: nothing).
        A finding about a component tied to one that may not exist is doubtful; one about
        a maybe-present component's own settings is not (they hold for every instance)."""
        if self.unknown((violation.path, *violation.depends_on)):
            return _UNKNOWN
        if (owner and owner[0].id in self.tied) or self.maybe_absent(violation.depends_on):
            return _MAYBE
        return None


def _missing_requirement(architecture: Architecture, definition: Rule) -> str | None:
    for requirement in definition.requires:
        value: object = architecture
        for part in requirement.split("."):
            value = getattr(value, part, None)
        if not value:
            return requirement
    return None


def _apply_baseline(findings: list[Finding], baseline: frozenset[str]) -> list[Finding]:
    if not baseline:
        return findings
    info = SuppressionInfo("baseline", "present in the baseline file")
    return [
        replace(f, suppression=info) if not f.suppressed and f.fingerprint in baseline else f
        for f in findings
    ]
