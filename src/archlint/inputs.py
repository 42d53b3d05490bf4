"""Load any input archlint accepts (spec YAML, Terraform directory or file, plan JSON)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from archlint.errors import Limits
from archlint.gcpause import collector_paused
from archlint.location import Locator, YamlLocator
from archlint.model import Architecture
from archlint.records import record

if TYPE_CHECKING:  # the engine loads when a command lints, not when it only loads a spec
    from archlint.engine.config import Config
    from archlint.engine.finding import Finding
    from archlint.engine.runner import LintResult
    from archlint.importers import ImportProblem
    from archlint.loader import ParsedSpec
    from archlint.rules.api import Rule


class LoadedInput:
    """One input read into the model, with what its importer reported.

    A plain class, not a dataclass: every run imports this module, and defining a dataclass
    costs about half a millisecond (it compiles its methods)."""

    __slots__ = (
        "architecture",
        "extra_findings",
        "files",
        "kind",
        "locator",
        "not_evaluated_types",
        "notes",
        "path",
    )

    def __init__(
        self,
        path: str,
        kind: str,
        architecture: Architecture,
        locator: Locator,
        files: list[str] | None = None,
    ) -> None:
        self.path = path
        # "spec", "hcl", "plan", "overlay" (a spec with Terraform ``sources``) or "together"
        # (several Terraform roots as one, ``lint --together``)
        self.kind = kind
        self.architecture = architecture
        self.locator = locator
        self.extra_findings: list[Finding] = []
        self.not_evaluated_types: list[str] = []
        self.notes: list[str] = []  # e.g. which azurerm schema was used
        # Every file and folder it was read from, when more than ``path`` (included spec
        # files, an overlay's Terraform, the roots read together): what a report's digest
        # covers.
        self.files: list[str] = files if files is not None else []

    def __repr__(self) -> str:
        return f"LoadedInput({self.path!r}, {self.kind!r})"

    def lint(self, rules: Iterable[Rule], config: Config) -> LintResult:
        """Run ``rules`` on this input, its importer's findings and notes included."""
        from archlint.engine.runner import run

        result = run(self.architecture, self.locator, rules, config, self.extra_findings)
        result.notes.extend(self.notes)
        return result


def input_kind(path: str) -> str:
    """By name for YAML (the common run imports no importer); by content otherwise, so a
    binary plan saved as ``tfplan`` is told apart from a spec without a suffix."""
    if Path(path).suffix.lower() in (".yaml", ".yml"):
        return "spec"
    from archlint.importers import detect_input_kind

    return detect_input_kind(path)


def load_input(path: str, limits: Limits | None = None) -> LoadedInput:
    # What loading makes lives as long as the command (the program keeps it to the end):
    # a collection during it would only traverse the new model, then again during the rules.
    with collector_paused():
        if input_kind(path) == "spec":
            return load_spec_input(path, limits)
        from archlint.importers import load_terraform

        imported = load_terraform(path, limits)
    return _with_problems(
        LoadedInput(path, imported.kind, imported.architecture, imported.locator),
        imported.problems,
        imported.not_evaluated,
        imported.notes,
    )


def load_spec_input(
    path: str, limits: Limits | None = None, parsed: ParsedSpec | None = None
) -> LoadedInput:
    """A spec file; with ``include:``, merged with the files it names; with ``sources:``,
    an overlay merged with its Terraform."""
    from archlint.loader import build_spec, parse_spec

    parsed = parsed or parse_spec(path, limits)
    if not {"sources", "include", "suppress"} & set(parsed.data):
        loaded = build_spec(parsed)
        return LoadedInput(path, "spec", loaded.architecture, YamlLocator(loaded.source_map))
    from archlint.compose import compose_spec

    composed = compose_spec(path, parsed, limits)
    kind = "overlay" if composed.architecture.sources else "spec"
    return _with_problems(
        LoadedInput(path, kind, composed.architecture, composed.locator, files=composed.files),
        composed.problems,
        composed.not_evaluated,
        composed.notes,
    )


def load_together_input(paths: Sequence[str], limits: Limits | None = None) -> LoadedInput:
    """Several Terraform roots or plans as one architecture (``lint --together``); a
    spec among them is an error (name the roots in its ``sources:`` instead)."""
    from archlint.errors import InputError, InputErrors

    specs = [p for p in paths if input_kind(p) == "spec"]
    if specs:
        raise InputErrors(
            [
                InputError(
                    p,
                    None,
                    "--together reads Terraform roots and plans, not specs; to add flows "
                    "and objectives, name the roots in the spec's sources: instead",
                )
                for p in specs
            ]
        )
    from archlint.compose import compose_terraform

    with collector_paused():  # as in load_input
        composed = compose_terraform(list(paths), limits)
    return _with_problems(
        LoadedInput(
            " ".join(paths),
            "together",
            composed.architecture,
            composed.locator,
            files=composed.files,
        ),
        composed.problems,
        composed.not_evaluated,
        composed.notes,
    )


def _with_problems(
    loaded: LoadedInput,
    problems: list[ImportProblem],
    not_evaluated: Iterable[str],
    notes: Iterable[str],
) -> LoadedInput:
    """``loaded`` with what its importer reported: problems as findings, types and notes."""
    from archlint.engine.problems import problems_to_findings

    loaded.extra_findings = problems_to_findings(problems)
    loaded.not_evaluated_types = list(not_evaluated)
    loaded.notes = list(notes)
    return loaded


SPEC_SUFFIXES = (".yaml", ".yml")


@record
class InputPaths:
    """What a command line's paths name, once directories are opened."""

    paths: list[str]  # each one input for load_input, in command-line order
    unread: list[str] = field(default_factory=list)  # spec-like YAML beside Terraform


def expand_paths(paths: Sequence[str]) -> InputPaths:
    """Open the directories among ``paths``, as Terraform reads a directory: its own files.

    A directory with ``.tf`` files is one Terraform configuration (its local modules are
    followed through their ``module`` blocks); YAML beside Terraform is usually something
    else (cloud-init, Helm values), so it is not read as a spec but listed in ``unread``
    unless named on the command line too. A directory without ``.tf`` files stands for its
    spec files: each ``*.yaml``/``*.yml`` directly in it, by name, dotfiles excepted.
    Subdirectories are not entered. Files are kept as given.
    """
    named = {Path(p).resolve() for p in paths}
    expanded: list[str] = []
    unread: list[str] = []
    for path in paths:
        directory = Path(path)
        if not directory.is_dir():
            expanded.append(path)
            continue
        entries = sorted(p for p in directory.iterdir() if not p.name.startswith("."))
        specs = [p for p in entries if p.suffix.lower() in SPEC_SUFFIXES and p.is_file()]
        if not specs or any(p.name.endswith((".tf", ".tf.json")) and p.is_file() for p in entries):
            expanded.append(path)  # Terraform (the importer says so when there is none)
            unread.extend(str(p) for p in specs if p.resolve() not in named)
        else:
            expanded.extend(str(p) for p in specs)
    return InputPaths(expanded, unread)


def config_start(path: str) -> Path:
    """The folder the configuration of ``path`` is looked up from (upwards, as ruff does)."""
    candidate = Path(path)
    return candidate if candidate.is_dir() else candidate.parent
