"""``terraform show -json`` plan output -> resources with values, unknowns and references.

Read from the plan (``format_version`` 0.1 and 0.2, which Terraform 0.12 to 1.0 write, and
every 1.x, which Terraform 1.1 and later write; unknown keys are ignored, so new minor
versions keep working). A new *major* format version is refused with exit 2: Terraform
changes the major version only when the meaning of existing keys changes, so reading it
as 1.x could misread values in silence. The file is JSON in UTF-8 (with or without a byte
order mark) or UTF-16/UTF-32 with one (PowerShell's ``>`` writes UTF-16LE); a binary plan
(``terraform plan -out``, a zip archive) is recognised by its content, whatever its name,
and refused with the ``terraform show -json`` command that converts it.

* ``planned_values.root_module`` (with nested ``child_modules``): what will exist after
  apply; resources being destroyed are not in it.
* ``resource_changes``: actions per address (for drift), ``after_unknown`` (values known
  only after apply: they become :data:`UNKNOWN`, never ``false``) and ``after_sensitive``
  (values archlint never copies).
* ``configuration``: which resources each argument's expression refers to, resolved
  through module variables and outputs, so ``subnet_id = azurerm_subnet.pe.id`` becomes a
  model reference even while the id is unknown.
* ``prior_state``: data sources (existing resources the configuration reads).

Resources are indexed by address once; every step is linear in the plan's size.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from archlint.errors import InputError, InputErrors, Limits
from archlint.importers.provider_version import ProviderChoice, choose_schema
from archlint.importers.values import (
    SENSITIVE,
    UNKNOWN,
    AddressPart,
    Reference,
    TfResource,
    base_address,
    parse_address,
)
from archlint.inputfile import Position, read_bytes

__all__ = ["PlanInput", "decode_head", "is_binary_plan", "looks_like_plan", "read_plan"]


@dataclass
class PlanInput:
    resources: list[TfResource]
    resource_changes: dict[str, tuple[str, ...]]
    provider: ProviderChoice  # the azurerm version the configuration pins
    format_version: str

    @property
    def provider_major(self) -> int | None:
        """The azurerm major the input is judged by (None: unknown)."""
        return self.provider.major


# Zip archives (a local file header; an empty archive's end record): `terraform plan -out`.
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Plan JSON format versions: 0.1 (Terraform 0.12-0.14), 0.2 (0.15-1.0), 1.x (1.1 and later).
_FORMAT_VERSION = re.compile(r"0\.[12]|1(\.\d+)*")


def is_binary_plan(head: bytes) -> bool:
    """Whether these leading bytes are a saved binary plan (a zip archive)."""
    return head.startswith(_ZIP_MAGIC)


def decode_head(head: bytes) -> str:
    """The leading bytes of a possibly-JSON file as text, in the encoding its first bytes
    show (UTF-8 with or without a BOM, UTF-16/32 with one); a character cut at the end of
    ``head`` is dropped."""
    return head.decode(json.detect_encoding(head), errors="ignore").lstrip("\ufeff")


def looks_like_plan(document: Any) -> bool:
    return (
        isinstance(document, dict)
        and "format_version" in document
        and ("planned_values" in document or "resource_changes" in document)
    )


def read_plan(path: FsPath, limits: Limits | None = None) -> PlanInput:
    """Read a plan JSON file; an unreadable or non-plan file is an InputError."""
    limits = limits or Limits()
    name = str(path)
    try:
        raw = read_bytes(path, limits)
    except InputError as error:
        raise InputErrors([error]) from None
    if is_binary_plan(raw):
        raise InputErrors(
            [
                InputError(
                    name,
                    None,
                    "a binary plan file (terraform plan -out): convert it with "
                    f"`terraform show -json {path.name} > plan.json` and pass plan.json",
                )
            ]
        )
    encoding = json.detect_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        what = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
        raise InputErrors([InputError(name, None, f"not valid {what} JSON")]) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        truncated = error.pos >= len(text.rstrip()) - 1
        what = "truncated JSON" if truncated else "invalid JSON"
        raise InputErrors(
            [InputError(name, Position(error.lineno, error.colno), f"{what}: {error.msg}")]
        ) from None
    except RecursionError:
        raise InputErrors([InputError(name, None, "JSON nested too deeply")]) from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise InputErrors([InputError(name, None, f"invalid JSON: {error}")]) from None
    return plan_from_document(document, name)


def plan_from_document(document: Any, name: str) -> PlanInput:
    if not looks_like_plan(document):
        hint = ""
        if isinstance(document, dict) and "values" in document:
            hint = " (this looks like state: run `terraform show -json tfplan` on a saved plan)"
        raise InputErrors(
            [
                InputError(
                    name,
                    None,
                    "not a Terraform plan: expected `terraform show -json` output with "
                    f"format_version and planned_values or resource_changes{hint}",
                )
            ]
        )
    version = str(document.get("format_version"))
    if not _FORMAT_VERSION.fullmatch(version):
        major = re.match(r"(\d+)\.", version)
        newer = " (newer than archlint: upgrade archlint)" if major and int(major[1]) > 1 else ""
        raise InputErrors(
            [
                InputError(
                    name,
                    None,
                    f"unsupported plan format_version {version!r}{newer}: archlint reads "
                    "formats 0.1, 0.2 and 1.x (Terraform 0.12 and later)",
                )
            ]
        )
    return _Plan(document, name).read(version)


class _Plan:
    def __init__(self, document: dict[str, Any], name: str) -> None:
        self.document = document
        self.name = name
        self.changes: dict[str, dict[str, Any]] = {}
        for change in _list(document.get("resource_changes")):
            if isinstance(change, dict) and isinstance(change.get("address"), str):
                self.changes[change["address"]] = change
        self.config_modules: dict[tuple[str, ...], dict[str, Any]] = {}
        self.config_resources: dict[tuple[str, ...], dict[str, dict[str, Any]]] = {}
        # Every address a reference may point at, and the instances of each base address
        # (azurerm_subnet.pe -> azurerm_subnet.pe[0], ...).
        self.known: set[str] = set(self.changes)
        self.instances: dict[str, list[str]] = {}
        self.resolved: dict[tuple[str, tuple[str, ...], str], list[Any]] = {}
        configuration = document.get("configuration")
        root = configuration.get("root_module") if isinstance(configuration, dict) else None
        if isinstance(root, dict):
            self._index_config(root, ())

    def _index_config(self, module: dict[str, Any], path: tuple[str, ...]) -> None:
        self.config_modules[path] = module
        self.config_resources[path] = {
            str(r.get("address")): r for r in _list(module.get("resources")) if isinstance(r, dict)
        }
        for call_name, call in _dict(module.get("module_calls")).items():
            child = call.get("module") if isinstance(call, dict) else None
            if isinstance(child, dict):
                self._index_config(child, (*path, call_name))

    # reading ---------------------------------------------------------------------------

    def read(self, version: str) -> PlanInput:
        found: dict[str, dict[str, Any]] = {}
        planned = _dict(self.document.get("planned_values"))
        self._walk_values(_dict(planned.get("root_module")), found)
        for address, change in self.changes.items():
            if address in found or change.get("mode", "managed") != "managed":
                continue
            after = _dict(change.get("change")).get("after")
            if isinstance(after, dict):  # no planned_values entry: take the change's after
                found[address] = {**change, "values": after}
        prior = _dict(_dict(self.document.get("prior_state")).get("values"))
        data: dict[str, dict[str, Any]] = {}
        self._walk_values(_dict(prior.get("root_module")), data)
        for address, entry in data.items():
            if entry.get("mode") == "data" and address not in found:
                found[address] = entry
        self.known.update(found)
        for address in self.known:
            base = base_address(address)
            if base != address:
                self.instances.setdefault(base, []).append(address)
        bad = sorted(a for a in [*found, *self.changes] if not _valid_address(a))
        if bad:
            raise InputErrors(
                [
                    InputError(self.name, None, f"not a Terraform resource address: {a!r}")
                    for a in bad[:20]
                ]
            )
        resources = [self._resource(address, entry) for address, entry in sorted(found.items())]
        actions = {
            address: tuple(str(a) for a in _list(_dict(change.get("change")).get("actions")))
            for address, change in sorted(self.changes.items())
        }
        return PlanInput(resources, actions, self._provider_choice(), version)

    def _walk_values(self, module: dict[str, Any], out: dict[str, dict[str, Any]]) -> None:
        stack = [module]
        while stack:
            current = stack.pop()
            for resource in _list(current.get("resources")):
                if isinstance(resource, dict) and isinstance(resource.get("address"), str):
                    out[resource["address"]] = resource
            stack.extend(m for m in _list(current.get("child_modules")) if isinstance(m, dict))

    def _resource(self, address: str, entry: dict[str, Any]) -> TfResource:
        change = _dict(_dict(self.changes.get(address)).get("change"))
        values = _dict(entry.get("values"))
        unknown = change.get("after_unknown")
        sensitive = change.get("after_sensitive", entry.get("sensitive_values"))
        merged = _merge(values, unknown, sensitive)
        if not isinstance(merged, dict):
            merged = {}
        module_path, instance_prefix = _module_paths(address)
        mode = str(entry.get("mode", "managed"))
        config = self._config_resource(module_path, entry, mode)
        refs: dict[str, list[str]] = {}
        if config is not None:
            expressions = _dict(config.get("expressions"))
            for key, expression in expressions.items():
                targets = self._targets(expression, module_path, instance_prefix)
                if targets:
                    refs[key] = [t[0] for t in targets]
                if key in merged or isinstance(expression, dict):
                    merged[key] = self._attach(
                        merged.get(key), expression, module_path, instance_prefix
                    )
        index = entry.get("index")
        return TfResource(
            address=address,
            type=str(entry.get("type", "")),
            name=str(entry.get("name", "")),
            values=merged,
            file=self.name,
            line=None,
            mode=mode,
            index=index if isinstance(index, int | str) else None,
            body=_expression_body(_dict(config.get("expressions"))) if config else None,
            refs=refs,
        )

    def _config_resource(
        self, module_path: tuple[str, ...], entry: dict[str, Any], mode: str
    ) -> dict[str, Any] | None:
        local = f"{entry.get('type')}.{entry.get('name')}"
        if mode == "data":
            local = "data." + local
        return self.config_resources.get(module_path, {}).get(local)

    def _provider_choice(self) -> ProviderChoice:
        """The root module's azurerm constraint (a plan records no lock file version)."""
        configuration = _dict(self.document.get("configuration"))
        constraints: list[str] = []
        for key, provider in sorted(_dict(configuration.get("provider_config")).items()):
            if not isinstance(provider, dict) or ":" in key:  # module.x:azurerm: a module's
                continue
            if provider.get("name") == "azurerm" or key.split(".")[0] == "azurerm":
                constraint = provider.get("version_constraint")
                if isinstance(constraint, str) and constraint.strip():
                    constraints.append(constraint.strip())
        return choose_schema(", ".join(constraints) or None, None, self.name)

    # references from the configuration ------------------------------------------------

    def _attach(
        self, value: Any, expression: Any, module_path: tuple[str, ...], prefix: str
    ) -> Any:
        """Put References on values whose configuration expression names a resource."""
        if isinstance(expression, list):
            if not isinstance(value, list):
                return value
            return _pair_blocks(
                value, expression, lambda v, e: self._attach(v, e, module_path, prefix)
            )
        if not isinstance(expression, dict):
            return value
        if "references" not in expression and "constant_value" not in expression:
            if isinstance(value, dict):  # a nested block given as an object
                return {
                    k: self._attach(v, expression.get(k), module_path, prefix)
                    for k, v in value.items()
                }
            return value
        targets = self._targets(expression, module_path, prefix)
        if not targets:
            return value
        if (
            isinstance(value, list)
            and len(value) == len(targets)
            and all(not isinstance(v, dict | list) for v in value)
        ):
            return [Reference(a, attr, v) for (a, attr), v in zip(targets, value, strict=True)]
        if len(targets) == 1 and not isinstance(value, dict | list):
            address, attribute = targets[0]
            return Reference(address, attribute, UNKNOWN if value is None else value)
        return value

    def _targets(
        self, expression: Any, module_path: tuple[str, ...], prefix: str
    ) -> list[tuple[str, tuple[str | int, ...]]]:
        """Resource addresses an expression refers to (through var.* and module outputs)."""
        if not isinstance(expression, dict):
            return []
        out: list[tuple[str, tuple[str | int, ...]]] = []
        seen: set[str] = set()
        for reference in _list(expression.get("references")):
            if not isinstance(reference, str):
                continue
            for address, attribute in self._resolve(reference, module_path, prefix, 0):
                if address not in seen:
                    seen.add(address)
                    out.append((address, attribute))
        return out

    def _resolve(
        self, reference: str, module_path: tuple[str, ...], prefix: str, depth: int
    ) -> list[tuple[str, tuple[str | int, ...]]]:
        key = (reference, module_path, prefix)
        cached = self.resolved.get(key)
        if cached is None:
            cached = self.resolved[key] = self._resolve_uncached(
                reference, module_path, prefix, depth
            )
        return cached

    def _resolve_uncached(
        self, reference: str, module_path: tuple[str, ...], prefix: str, depth: int
    ) -> list[tuple[str, tuple[str | int, ...]]]:
        if depth > 20:
            return []
        try:
            parts = parse_address(reference)
        except ValueError:
            return []
        if not parts:
            return []
        root = parts[0].name
        if root in ("var",) and len(parts) >= 2 and module_path:
            parent_path = module_path[:-1]
            call = _dict(self.config_modules.get(parent_path, {}).get("module_calls")).get(
                module_path[-1]
            )
            expression = _dict(_dict(call).get("expressions")).get(parts[1].name)
            parent_prefix = _parent_prefix(prefix)
            return [
                hit
                for ref in _list(_dict(expression).get("references"))
                if isinstance(ref, str)
                for hit in self._resolve(ref, parent_path, parent_prefix, depth + 1)
            ]
        if root == "module" and len(parts) >= 3:
            call = parts[1]
            child_path = (*module_path, call.name)
            child = self.config_modules.get(child_path)
            output = _dict(_dict(_dict(child).get("outputs")).get(parts[2].name))
            child_prefix = _join(prefix, f"module.{call}")
            return [
                hit
                for ref in _list(_dict(output.get("expression")).get("references"))
                if isinstance(ref, str)
                for hit in self._resolve(ref, child_path, child_prefix, depth + 1)
            ]
        if root in ("var", "local", "each", "count", "path", "terraform", "self"):
            return []
        if root == "data":
            if len(parts) < 3:
                return []
            head = [parts[0], parts[1], parts[2]]
            rest = parts[3:]
        else:
            if len(parts) < 2:
                return []
            head = [parts[0], parts[1]]
            rest = parts[2:]
        local = ".".join(str(p) for p in head)
        address = _join(prefix, local)
        if address not in self.known:
            instances = self.instances.get(address, [])
            if len(instances) != 1:
                return []  # not in the plan, or several instances: which one is unknown
            address = instances[0]
        attribute = tuple(_attribute(rest))
        return [(address, attribute)]


def _valid_address(address: str) -> bool:
    try:
        parts = parse_address(address)
    except ValueError:
        return False
    return len(parts) >= 2


def _merge(value: Any, unknown: Any, sensitive: Any) -> Any:
    """Values with unknown parts as UNKNOWN and sensitive parts as SENSITIVE."""
    if unknown is True:
        return UNKNOWN
    if sensitive is True:
        if isinstance(value, dict):  # keep the keys (setting names), hide every value
            return {k: SENSITIVE for k in value}
        return SENSITIVE if value is not None else None
    if isinstance(value, dict) or isinstance(unknown, dict):
        base = value if isinstance(value, dict) else {}
        unknown_map = unknown if isinstance(unknown, dict) else {}
        sensitive_map = sensitive if isinstance(sensitive, dict) else {}
        keys = list(base) + [k for k in unknown_map if k not in base]
        return {k: _merge(base.get(k), unknown_map.get(k), sensitive_map.get(k)) for k in keys}
    if isinstance(value, list) or isinstance(unknown, list):
        items = value if isinstance(value, list) else []
        unknown_list = unknown if isinstance(unknown, list) else []
        sensitive_list = sensitive if isinstance(sensitive, list) else []
        length = max(len(items), len(unknown_list))
        return [
            _merge(
                items[i] if i < len(items) else None,
                unknown_list[i] if i < len(unknown_list) else None,
                sensitive_list[i] if i < len(sensitive_list) else None,
            )
            for i in range(length)
        ]
    return value


def _pair_blocks(values: list[Any], expressions: list[Any], attach: Any) -> list[Any]:
    """Pair nested blocks with their configuration: by their constant ``name`` when they
    have one (set blocks come out of a plan sorted, not in configuration order), else by
    position when the counts match."""
    if len(expressions) == 1 and len(values) == 1:
        return [attach(values[0], expressions[0])]
    names = [_dict(_dict(e).get("name")).get("constant_value") for e in expressions]
    if all(isinstance(n, str) for n in names) and len(set(names)) == len(names):
        by_name = dict(zip(names, expressions, strict=True))
        return [attach(v, by_name.get(v.get("name"))) if isinstance(v, dict) else v for v in values]
    if len(values) == len(expressions):
        return [attach(v, e) for v, e in zip(values, expressions, strict=True)]
    return values


def _expression_body(expressions: dict[str, Any]) -> dict[str, Any]:
    """The argument names the user wrote, in python-hcl2's body shape, for schema checks."""
    out: dict[str, Any] = {}
    for key, expression in expressions.items():
        if isinstance(expression, list):
            out[key] = [_expression_body(_dict(e)) for e in expression]
        elif isinstance(expression, dict) and not (
            "references" in expression or "constant_value" in expression
        ):
            out[key] = [_expression_body(expression)]
        else:
            out[key] = None
    return out


def _module_paths(address: str) -> tuple[tuple[str, ...], str]:
    """``module.a["x"].module.b.azurerm_c.d`` -> (("a", "b"), 'module.a["x"].module.b')."""
    parts = parse_address(address)
    names: list[str] = []
    prefix: list[str] = []
    position = 0
    while position + 1 < len(parts) and parts[position].name == "module":
        call: AddressPart = parts[position + 1]
        names.append(call.name)
        prefix.append(f"module.{call}")
        position += 2
    return tuple(names), ".".join(prefix)


def _parent_prefix(prefix: str) -> str:
    if not prefix:
        return ""
    parts = prefix.split(".module.")
    return ".module.".join(parts[:-1]) if len(parts) > 1 else ""


def _join(prefix: str, local: str) -> str:
    return f"{prefix}.{local}" if prefix else local


def _attribute(parts: list[AddressPart]) -> list[str | int]:
    out: list[str | int] = []
    for part in parts:
        out.append(part.name)
        if part.index is not None:
            out.append(part.index)
    return out


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
