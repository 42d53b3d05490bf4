"""How a rule is written: one module, its docstring the documentation, one check function.

A rule module looks like this (yamllint's shape, ruff's doc sections)::

    \"\"\"Queue drops expired messages instead of dead-lettering them.

    ## What it does
    ...
    ## Why is this bad?
    ...
    ## Example
    ```yaml
    ...
    ```
    ## Use instead
    ```yaml
    ...
    ```
    \"\"\"

    @rule("MSG001", name="queue-drops-expired-messages", severity="high", ...)
    def check(arch: Architecture) -> Iterator[Violation]:
        for queue in arch.index.of_kind("service_bus_queue"):
            if not queue.dead_lettering_on_message_expiration:
                yield Violation.on(arch, queue, "dead_lettering_on_message_expiration",
                                   f"{queue.label()} ...")

The first docstring line is the title; the sections become the rule's page
(``archlint rules ID`` and ``rules/ID.md``), so nothing is written twice.
A rule is a pure function of the model: no I/O, no YAML, no Terraform.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import field, replace
from typing import Any

from archlint.model import ENVIRONMENTS, Architecture, Component, Path
from archlint.records import record
from archlint.severity import Severity

REQUIRED_SECTIONS = ("What it does", "Why is this bad?", "Example", "Use instead")
OPTIONAL_SECTIONS = ("In the seed", "References", "Notes")

PILLARS = (
    "Reliability",
    "Security",
    "Cost Optimization",
    "Operational Excellence",
    "Performance Efficiency",
)
# Microsoft Cloud Security Benchmark v1 control families.
MCSB_FAMILIES = {
    "NS": "Network Security",
    "IM": "Identity Management",
    "PA": "Privileged Access",
    "DP": "Data Protection",
    "AM": "Asset Management",
    "LT": "Logging and Threat Detection",
    "IR": "Incident Response",
    "PV": "Posture and Vulnerability Management",
    "ES": "Endpoint Security",
    "BR": "Backup and Recovery",
    "DS": "DevOps Security",
    "GS": "Governance and Strategy",
}
_MCSB_ID = re.compile(r"^(NS|IM|PA|DP|AM|LT|IR|PV|ES|BR|DS|GS)-\d{1,2}$")
RULE_ID = re.compile(r"^[A-Z]{2,5}\d{3}$")
_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: Where an APRL recommendation is published (its GUID is the page's anchor-free key).
APRL_SITE = "https://azure.github.io/Azure-Proactive-Resiliency-Library-v2/"


@record
class Entry:
    """One of the things a finding lists (a VNet a zone lacks a link to), judged on its own
    premises: ``depends_on`` names the paths this entry alone rests on."""

    text: str
    depends_on: tuple[Path, ...] = ()


@record
class Violation:
    """What a check yields: where (a model path) and what is wrong, naming values.

    ``depends_on`` names the other paths the judgement rests on (a field of another
    component): when an importer could not know one of them, the engine drops the
    finding exactly as when its own path is unknown.

    A finding that lists several independent gaps or reasons has ``entries``, and its
    message is ``compose`` of their texts. The engine leaves out an entry whose own premises
    are unknown and composes the message again from the entries that stand, so one unknown
    does not silence the others; it drops the finding when fewer than ``at_least`` stand.
    """

    path: Path
    message: str
    component: str | None = None
    depends_on: tuple[Path, ...] = ()
    entries: tuple[Entry, ...] = ()
    compose: Callable[[list[str]], str] | None = None
    at_least: int = 1

    @classmethod
    def on(
        cls,
        arch: Architecture,
        component: Component,
        *subpath: str | int,
        message: str,
        depends_on: tuple[Path, ...] = (),
    ) -> Violation:
        """A violation on ``component`` (at ``subpath`` inside it, when given)."""
        return cls((*arch.path_of(component.id), *subpath), message, component.id, depends_on)

    @classmethod
    def listing(
        cls,
        arch: Architecture,
        component: Component,
        *subpath: str | int,
        entries: list[Entry],
        compose: Callable[[list[str]], str],
        depends_on: tuple[Path, ...] = (),
        at_least: int = 1,
    ) -> Violation:
        """A violation on ``component`` listing ``entries``, each judged on its own; it
        holds while ``at_least`` of them stand. ``compose`` is called again by the engine
        after the check has returned: bind what it needs (``functools.partial``), never a
        loop variable."""
        message = compose([entry.text for entry in entries])
        path = (*arch.path_of(component.id), *subpath)
        return cls(path, message, component.id, depends_on, tuple(entries), compose, at_least)

    def keeping(self, entries: list[Entry]) -> Violation:
        """This violation listing only ``entries`` (those whose premises stand)."""
        assert self.compose is not None and entries
        message = self.compose([entry.text for entry in entries])
        return replace(self, message=message, entries=tuple(entries))


def field_path(arch: Architecture, component: Component, *subpath: str | int) -> Path:
    """The model path of a field of ``component``, for ``depends_on``."""
    return (*arch.path_of(component.id), *subpath)


Check = Callable[[Architecture], Iterator[Violation]]


@record
class Rule:
    id: str
    name: str
    title: str
    severity: Severity
    category: str
    check: Check = field(repr=False, compare=False)
    sections: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    references: tuple[str, ...] = ()
    mcsb: tuple[str, ...] = ()
    pillars: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    module: str = ""
    # A policy rule states an organisation's choice, not a defect: it is not in the default
    # selection, and a team opts into it (select it by id, prefix, category or ALL).
    policy: bool = False
    # The environments whose premise the rule needs (empty: every environment). A rule
    # that judges production posture (zone redundancy, alerts, purge protection) is not
    # evaluated where the environment is another one, or is not declared.
    environments: tuple[str, ...] = ()
    # The Azure Proactive Resiliency Library recommendations (their GUIDs) the rule checks;
    # rules/coverage.md maps every APRL recommendation to a rule or a reason.
    aprl: tuple[str, ...] = ()

    @property
    def rationale(self) -> str:
        return self.sections.get("Why is this bad?", "")

    @property
    def remediation(self) -> str:
        return self.sections.get("Use instead", "")

    @property
    def controls(self) -> tuple[str, ...]:
        """Every control this rule evidences: MCSB ids, then Well-Architected pillars."""
        return (*(f"MCSB {c}" for c in self.mcsb), *(f"WAF {p}" for p in self.pillars))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "severity": self.severity.value,
            "category": self.category,
            "controls": list(self.controls),
            "mcsb": list(self.mcsb),
            "pillars": list(self.pillars),
            "references": list(self.references),
            "aprl": list(self.aprl),
            "requires": list(self.requires),
            "environments": list(self.environments),
            "rationale": self.rationale,
            "remediation": self.remediation,
        }


_REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    name: str,
    severity: str,
    category: str,
    references: tuple[str, ...] | list[str],
    mcsb: tuple[str, ...] | list[str] = (),
    pillars: tuple[str, ...] | list[str] = (),
    requires: tuple[str, ...] | list[str] = (),
    environments: tuple[str, ...] | list[str] = (),
    policy: bool = False,
    aprl: tuple[str, ...] | list[str] = (),
) -> Callable[[Check], Check]:
    """Register ``check`` as a rule; its module docstring is the rule's documentation.

    ``requires`` names model paths (e.g. ``disaster_recovery.objectives``) without
    which the rule cannot judge; when they are empty (a Terraform input has no RTO)
    the engine skips the rule and says why, instead of guessing. ``environments`` names
    the environments the rule's premise needs (``("production",)`` for production
    posture); elsewhere, or where the input declares none, it is not evaluated either.
    """

    def register(check: Check) -> Check:
        doc = sys.modules[check.__module__].__doc__ or ""
        definition = Rule(
            id=id,
            name=name,
            title=_title(doc),
            severity=Severity.parse(severity),
            category=category,
            check=check,
            sections=LazyMapping(lambda: parse_doc(doc)[1]),
            references=tuple(references),
            mcsb=tuple(mcsb),
            pillars=tuple(pillars),
            requires=tuple(requires),
            environments=tuple(environments),
            module=check.__module__,
            policy=policy,
            aprl=tuple(aprl),
        )
        # Its metadata is checked (rule_problems) when the catalogue's manifest is
        # written, which every rule must pass to be run at all: not on each import.
        if id in _REGISTRY and _REGISTRY[id].module != definition.module:
            raise ValueError(f"rule id {id} used twice: {_REGISTRY[id].module}, {check.__module__}")
        _REGISTRY[id] = definition
        return check

    return register


def rule_problems(definition: Rule) -> list[str]:
    """Why a rule definition is incomplete (a rule without docs is refused, as in sqlfluff)."""
    problems = []
    if not RULE_ID.match(definition.id):
        problems.append("id must be 2-5 capital letters and 3 digits, e.g. MSG001")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", definition.name):
        problems.append("name must be kebab-case and name the bad pattern")
    if not definition.title:
        problems.append("module docstring must start with a title line")
    for section in REQUIRED_SECTIONS:
        if not definition.sections.get(section, "").strip():
            problems.append(f"docstring lacks a '## {section}' section")
    if not definition.references or not all(
        r.startswith("https://learn.microsoft.com/") for r in definition.references
    ):
        problems.append("references must be Microsoft Learn URLs (https://learn.microsoft.com/)")
    if not definition.mcsb and not definition.pillars:
        problems.append("a rule evidences at least one MCSB control or WAF pillar")
    problems += [f"unknown MCSB control {c!r}" for c in definition.mcsb if not _MCSB_ID.match(c)]
    problems += [f"unknown pillar {p!r}" for p in definition.pillars if p not in PILLARS]
    problems += [
        f"unknown environment {e!r}" for e in definition.environments if e not in ENVIRONMENTS
    ]
    problems += [f"APRL id {g!r} is not a GUID" for g in definition.aprl if not _GUID.match(g)]
    return problems


def _title(doc: str) -> str:
    first = doc.strip().split("\n", 1)[0]
    return first.strip().rstrip(".")


class LazyMapping(Mapping[str, str]):
    """A mapping made by ``load`` when first read: a rule's docstring sections (reports and
    pages read them; a lint reads none)."""

    def __init__(self, load: Callable[[], Mapping[str, str]]) -> None:
        self._load: Callable[[], Mapping[str, str]] | None = load
        self._loaded: Mapping[str, str] = {}

    def _mapping(self) -> Mapping[str, str]:
        if self._load is not None:
            self._loaded, self._load = self._load(), None
        return self._loaded

    def __getitem__(self, key: str) -> str:
        return self._mapping()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._mapping())

    def __len__(self) -> int:
        return len(self._mapping())


def parse_doc(doc: str) -> tuple[str, dict[str, str]]:
    """Split a rule docstring into its title line and its '## Section' bodies."""
    lines = _dedent(doc).strip().splitlines()
    if not lines:
        return "", {}
    title = _title(doc)
    sections: dict[str, str] = {}
    current: str | None = None
    body: list[str] = []
    for line in lines[1:]:
        if line.startswith("## "):
            if current:
                sections[current] = "\n".join(body).strip()
            current, body = line[3:].strip(), []
        elif current:
            body.append(line)
    if current:
        sections[current] = "\n".join(body).strip()
    return title, sections


def _dedent(doc: str) -> str:
    import inspect

    return inspect.cleandoc(doc)


def registered() -> dict[str, Rule]:
    return _REGISTRY
