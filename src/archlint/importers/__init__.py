"""Importers: read external formats (Terraform, provider schemas) into archlint.

The public API the ``lint`` and ``drift`` commands use::

    kind = detect_input_kind(path)          # "spec" | "hcl" | "plan"
    result = load_terraform(path)           # ImportResult: architecture, locator, problems...

Both Terraform readers (HCL and plan JSON) produce the same
:class:`archlint.model.Architecture` the YAML loader does; what Terraform cannot know yet
is listed in ``architecture.unknowns``.  Heavy parsers (python-hcl2) load only when HCL is
read.
"""

from __future__ import annotations

from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from archlint.errors import InputError, InputErrors, Limits
from archlint.importers.problems import TF_RULES, ImportProblem
from archlint.importers.values import TfResource, base_address
from archlint.location import PathTableLocator
from archlint.model import Architecture, Path

if TYPE_CHECKING:  # the mapping loads only when Terraform is read
    from archlint.importers.azurerm.core import Lent
    from archlint.importers.together import Neighbours

__all__ = [
    "TF_RULES",
    "ImportProblem",
    "ImportResult",
    "InputKind",
    "detect_input_kind",
    "load_terraform",
]

InputKind = Literal["spec", "hcl", "plan"]

_PEEK_BYTES = 1 << 20


def detect_input_kind(path: str | FsPath) -> InputKind:
    """What a path holds, by content where the name does not settle it: a directory or a
    ``.tf``/``.tf.json`` file is HCL, a zip archive (a binary plan, whatever its name) or a
    JSON object with a top-level ``format_version`` (``terraform show -json`` output, in
    UTF-8 or UTF-16) is a plan; YAML is a spec."""
    path = FsPath(path)
    try:
        if path.is_dir():
            return "hcl"
    except OSError:
        return "spec"  # the spec loader reports the unreadable path
    name = path.name.lower()
    if name.endswith((".yaml", ".yml")):
        return "spec"
    try:
        with open(path, "rb") as handle:
            head = handle.read(_PEEK_BYTES)
    except OSError:
        return "hcl" if name.endswith((".tf", ".tf.json")) else "spec"
    from archlint.importers.plan import decode_head, is_binary_plan

    if is_binary_plan(head):
        return "plan"  # read_plan explains how to convert it
    if name.endswith((".tf", ".tf.json")):
        return "hcl"
    text = decode_head(head).lstrip(" \t\r\n")
    if text.startswith("{") and '"format_version"' in text:
        return "plan"
    return "spec"


# Results are named tuples rather than dataclasses: a dataclass costs about half a
# millisecond to define (it compiles its methods), and every Terraform run imports this.
class ImportResult(NamedTuple):
    """A Terraform configuration or plan as the archlint model, with what could not be read."""

    architecture: Architecture
    locator: PathTableLocator
    problems: list[ImportProblem]
    not_evaluated: list[str]  # resource types archlint does not map, each once
    resource_changes: dict[str, tuple[str, ...]]  # plans: address -> actions
    kind: Literal["hcl", "plan"]
    addresses: dict[str, str]  # component id -> address
    external: frozenset[str]  # stub components for resources outside the input
    provider_major: int | None  # the azurerm major it is judged by (None: unknown)
    notes: list[str]  # what the output should say once
    # Parts this root adds to components other roots read with it create (lint --together).
    lent: list[Lent]


def load_terraform(path: str | FsPath, limits: Limits | None = None) -> ImportResult:
    """Read a Terraform directory, ``.tf`` file or plan JSON into the model.

    Raises :class:`archlint.errors.InputErrors` for input that cannot be read (syntax
    errors, truncated JSON, an unsupported plan format version...).
    """
    path = FsPath(path)
    try:
        return _load(path, limits or Limits())
    except RecursionError:
        raise InputErrors([InputError(str(path), None, "values nested too deeply")]) from None


def _load(path: FsPath, limits: Limits) -> ImportResult:
    return map_read(read_terraform(path, limits))


class TerraformRead(NamedTuple):
    """One Terraform input read (HCL or plan), its resources not yet mapped to the model."""

    path: FsPath
    kind: Literal["hcl", "plan"]
    resources: list[TfResource]
    provider_major: int | None
    problems: list[ImportProblem]
    provider_note: str
    name: str  # the model's metadata name: the folder's (HCL) or the file's stem (plan)
    handed: set[str]  # addresses handed to unread modules
    changes: dict[str, tuple[str, ...]]  # plans: address -> actions
    # HCL: the root's outputs (references kept) and backend, for terraform_remote_state.
    outputs: dict[str, Any]
    backend: tuple[str, dict[str, Any]] | None


def read_terraform(path: FsPath, limits: Limits) -> TerraformRead:
    """Read a Terraform directory, file or plan JSON into resources (not yet the model)."""
    from archlint.importers.schema_check import check_resources

    kind = detect_input_kind(path)
    if kind == "spec":
        raise InputErrors(
            [
                InputError(
                    str(path),
                    None,
                    "not Terraform input: expected a directory or .tf file, or a plan from "
                    "`terraform show -json`",
                )
            ]
        )
    if kind == "hcl":
        from archlint.importers.hcl import read_hcl

        hcl = read_hcl(path, limits)
        problems = list(hcl.problems)
        problems += check_resources(hcl.resources, hcl.provider, from_plan=False, lines=hcl.files)
        name = (path if path.is_dir() else path.parent).resolve().name or "terraform"
        return TerraformRead(
            path,
            kind,
            list(hcl.resources),
            hcl.provider_major,
            problems,
            hcl.provider.note,
            name,
            set(hcl.unread_module_inputs),
            changes={},
            outputs=hcl.outputs,
            backend=hcl.backend,
        )
    from archlint.importers.plan import read_plan

    plan = read_plan(path, limits)
    problems = check_resources(plan.resources, plan.provider, from_plan=True)
    return TerraformRead(
        path,
        kind,
        list(plan.resources),
        plan.provider_major,
        problems,
        plan.provider.note,
        path.stem,
        handed=set(),
        changes=plan.resource_changes,
        outputs={},
        backend=None,
    )


def map_read(read: TerraformRead, neighbours: Neighbours | None = None) -> ImportResult:
    """The model of one read input; ``neighbours``: what the roots read with it create."""
    from archlint.importers.azurerm import map_resources

    path = read.path
    mapped = map_resources(
        read.resources,
        source=str(path),
        name=read.name,
        provider_major=read.provider_major,
        neighbours=neighbours,
    )
    if read.handed:
        by_address = {base_address(a): cid for cid, a in mapped.addresses.items()}
        mapped.architecture.handed_to_unread_modules.update(
            by_address[base_address(a)] for a in read.handed if base_address(a) in by_address
        )
    problems = [*read.problems, *mapped.problems]
    paths: dict[str, Path] = {}
    for model_path, location in sorted(mapped.table.items(), key=lambda item: len(item[0])):
        if location.address:
            paths.setdefault(location.address, model_path)
            paths.setdefault(base_address(location.address), model_path)
    problems = [
        ImportProblem(
            p.rule_id, p.severity, p.message, p.location, paths.get(p.location.address or "")
        )
        for p in problems
    ]
    problems.sort(key=ImportProblem.sort_key)
    return ImportResult(
        architecture=mapped.architecture,
        locator=PathTableLocator(mapped.table, str(path)),
        problems=problems,
        not_evaluated=mapped.not_evaluated,
        resource_changes=read.changes,
        kind=read.kind,
        addresses=mapped.addresses,
        external=mapped.external,
        provider_major=read.provider_major,
        notes=[read.provider_note],
        lent=mapped.lent,
    )
