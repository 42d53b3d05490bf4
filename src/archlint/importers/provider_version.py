"""Which azurerm version a configuration is judged by: its pin, and the shipped schema that fits.

Terraform installs the azurerm version ``.terraform.lock.hcl`` records, or else the newest one
the ``required_providers`` constraint allows.  archlint ships one schema per major version
(:data:`archlint.importers.provider_schema.SHIPPED`) and picks the same way:

* a lock file version wins: its major's schema;
* else the highest shipped version that satisfies the constraint;
* else (no pin at all) the newest shipped schema.

A constraint no shipped schema satisfies is said in a note.  Names are then checked against the
schema of the major the constraint asks for (azurerm follows semantic versioning: within a
major, a minor only adds names), and not at all when archlint ships none for it (``~> 2.0``):
a schema of another major would call valid names unknown.

Constraint syntax is Terraform's: comma-separated ``=``, ``!=``, ``>``, ``>=``, ``<``, ``<=``,
``~>`` (https://developer.hashicorp.com/terraform/language/expressions/version-constraints).
Standard library only.
"""

from __future__ import annotations

import re

from archlint.importers.provider_schema import SHIPPED
from archlint.records import record

__all__ = ["ProviderChoice", "Version", "choose_schema", "parse_constraint", "parse_lock"]

Version = tuple[int, int, int]

_CLAUSE = re.compile(
    r"^\s*(=|!=|>=|<=|~>|>|<)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?\s*$"
)
_LOCK_BLOCK = re.compile(
    r'provider\s+"(?:registry\.terraform\.io/)?hashicorp/azurerm"\s*\{(?P<body>[^}]*)\}',
    re.IGNORECASE,
)
_LOCK_VERSION = re.compile(r'^\s*version\s*=\s*"([^"]+)"', re.MULTILINE)


@record
class _Clause:
    op: str
    version: Version
    parts: int  # how many version segments were written (for ~>)

    def allows(self, version: Version) -> bool:
        if self.op == "=":
            return version == self.version
        if self.op == "!=":
            return version != self.version
        if self.op == ">":
            return version > self.version
        if self.op == ">=":
            return version >= self.version
        if self.op == "<":
            return version < self.version
        if self.op == "<=":
            return version <= self.version
        return self.version <= version < self._pessimistic_bound()

    def _pessimistic_bound(self) -> Version:
        """``~> 3.1`` allows up to (not incl.) 4.0; ``~> 3.1.2`` up to 3.2.0; ``~> 3`` to 4."""
        major, minor, _patch = self.version
        if self.parts <= 2:
            return (major + 1, 0, 0)
        return (major, minor + 1, 0)

    @property
    def lower(self) -> Version | None:
        return self.version if self.op in ("=", ">=", ">", "~>") else None


def _version(text: str) -> Version | None:
    match = _CLAUSE.match(text)
    if match is None or match.group(1):
        return None
    return (int(match.group(2)), int(match.group(3) or 0), int(match.group(4) or 0))


def parse_constraint(text: str) -> list[_Clause] | None:
    """Terraform's version constraint syntax, or ``None`` when it is not that."""
    clauses: list[_Clause] = []
    for part in text.split(","):
        match = _CLAUSE.match(part)
        if match is None:
            return None
        parts = 1 + (match.group(3) is not None) + (match.group(4) is not None)
        version = (int(match.group(2)), int(match.group(3) or 0), int(match.group(4) or 0))
        clauses.append(_Clause(match.group(1) or "=", version, parts))
    return clauses or None


def parse_lock(text: str) -> str | None:
    """The azurerm version a ``.terraform.lock.hcl`` records, if it has the provider."""
    block = _LOCK_BLOCK.search(text)
    if block is None:
        return None
    version = _LOCK_VERSION.search(block.group("body"))
    return version.group(1) if version else None


@record
class ProviderChoice:
    """The azurerm major a configuration is judged by, the schema used for its names, and why.

    ``major`` drives the provider defaults and deprecation messages (``None``: unknown, so no
    version-dependent default is assumed).  ``schema_major`` names the shipped schema that checks
    resource types and arguments, ``None`` when they are not checked.  ``note`` says which
    schema was used and what the choice rests on, for the output.
    """

    major: int | None
    schema_major: int | None
    note: str

    @property
    def schema_version(self) -> str | None:
        return SHIPPED[self.schema_major] if self.schema_major is not None else None


_NOT_JUDGED = (
    "resource types and arguments are not validated, and azurerm's defaults are not assumed "
    "(an argument left out stays unknown)"
)


def _shipped_text() -> str:
    return " and ".join(SHIPPED[major] for major in sorted(SHIPPED))


def _used(prefix: str, major: int, why: str) -> str:
    return f"{prefix}judged by the azurerm {SHIPPED[major]} schema and defaults ({why})"


def choose_schema(constraint: str | None, locked: str | None, where: str = "") -> ProviderChoice:
    """Pick the shipped azurerm schema for a pin (see the module docstring).

    ``constraint`` is the ``required_providers`` version (all of them joined with commas),
    ``locked`` the version in ``.terraform.lock.hcl``; ``where`` names the configuration in notes.
    """
    newest = max(SHIPPED)
    prefix = f"{where}: " if where else ""
    if locked:
        version = _version(locked)
        if version is None:
            return ProviderChoice(
                None,
                None,
                f"{prefix}azurerm version {locked!r} in .terraform.lock.hcl not understood: "
                + _NOT_JUDGED,
            )
        basis = f"azurerm {locked} locked in .terraform.lock.hcl"
        return _for_major(version[0], basis, prefix, version)
    if not constraint:
        why = "no azurerm version constraint: the newest archlint ships"
        return ProviderChoice(newest, newest, _used(prefix, newest, why))
    clauses = parse_constraint(constraint)
    if clauses is None:
        return ProviderChoice(
            None,
            None,
            f"{prefix}azurerm version constraint {constraint!r} not understood: " + _NOT_JUDGED,
        )
    fitting = [
        major
        for major, text in SHIPPED.items()
        if (shipped := _version(text)) is not None and all(c.allows(shipped) for c in clauses)
    ]
    if fitting:
        major = max(fitting)
        why = f"the newest archlint ships within the constraint {constraint!r}"
        return ProviderChoice(major, major, _used(prefix, major, why))
    lowers = [c.lower for c in clauses if c.lower is not None]
    if not lowers:
        return ProviderChoice(
            None,
            None,
            f"{prefix}no azurerm schema archlint ships ({_shipped_text()}) satisfies the "
            f"constraint {constraint!r}: " + _NOT_JUDGED,
        )
    basis = f"the constraint {constraint!r}"
    return _for_major(max(lowers)[0], basis, prefix, max(lowers))


def _for_major(major: int, basis: str, prefix: str, pinned: Version) -> ProviderChoice:
    """A pin no shipped schema matches exactly: the schema of its major, if archlint has one."""
    shipped = SHIPPED.get(major)
    if shipped is None:
        return ProviderChoice(
            major,
            None,
            f"{prefix}archlint ships no azurerm {major}.x schema (only {_shipped_text()}) "
            f"for {basis}: " + _NOT_JUDGED,
        )
    why = f"the {major}.x archlint ships, for {basis}"
    if pinned > (_version(shipped) or pinned):
        why += f"; names added after {shipped} would be reported as unknown"
    return ProviderChoice(major, major, _used(prefix, major, why))
