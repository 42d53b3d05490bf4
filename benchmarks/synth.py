"""Synthetic architectures N times the seed, as spec YAML, a Terraform directory or a plan JSON.

    python benchmarks/synth.py --scale 100 --format yaml -o build/arch-100.yaml
    python benchmarks/synth.py --scale 100 --format tf   -o build/tf-100
    python benchmarks/synth.py --scale 62  --format plan -o build/plan-62.json

Copy ``k`` (1..N) of the seed (``spec/architecture.yaml``) gets every component id suffixed
``-cK`` (references follow), its own VNet in a ``/20`` of ``10.0.0.0/8`` (so at most 4,096
copies, and no two copies overlap), and its own Azure names. What the spec holds once
(metadata, recovery objectives, policies) is kept from the first copy; lists at the top of
the layers (queues, endpoints, zones, alerts, flows...) hold every copy's items. Copy ``k``
also publishes into copy ``k-1``'s domain-events topic (with the role that allows it), so
the flow graph is one connected estate rather than N islands.

Every copy carries the same planted defects (:data:`PLANTED`), so the findings of the three
formats can be compared: the Terraform is archlint's own generator's output for the YAML,
and the plan is that Terraform as ``terraform show -json`` would show it before the first
apply (every resource created; ids and other computed values unknown).

Output is deterministic: there is no randomness, so the same scale gives byte-identical
files.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archlint.errors import Limits
from archlint.loader.yaml_source import parse_yaml
from archlint.model import Architecture, Component, build_architecture
from archlint.model.architecture import field_plan, walk
from archlint.model.base import DLQ_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
SEED_SPEC = ROOT / "spec" / "architecture.yaml"
FORMATS = ("yaml", "tf", "plan")

# Each copy's VNet is one /20 of 10.0.0.0/8; the seed's addresses (10.0.0.0/16, subnets in
# its first sixteen /24s) move into it.
_SEED_SPACE = ipaddress.IPv4Network("10.0.0.0/16")
_COPY_PREFIX = 20
_ESTATE = ipaddress.IPv4Network("10.0.0.0/8")
MAX_SCALE = 2 ** (_COPY_PREFIX - _ESTATE.prefixlen)

# Lists the merged estate keeps once (from the first copy) rather than once per copy.
_SINGLETON_KEYS = frozenset({"metadata", "schema_version"})


@dataclass(frozen=True)
class Planted:
    """A defect planted in every copy: the rule that must report it, on which component."""

    rule_id: str
    component: str  # the seed id; copy k's is f"{component}-c{k}"
    what: str


PLANTED: tuple[Planted, ...] = (
    Planted("MSG001", "sbq-notifications", "queue drops expired messages (no dead-lettering)"),
    Planted("NET001", "snet-planted-overlap", "subnet overlapping the management subnet"),
    Planted("DNS001", "pe-redis", "private endpoint without its private DNS zone"),
    Planted("SEC003", "redis-main", "Redis with public network access beside its endpoint"),
)


def copy_suffix(copy: int, scale: int) -> str:
    """``-c007`` for copy 7 of up to 999: zero-padded so ids sort in copy order."""
    return f"-c{copy:0{max(3, len(str(scale)))}d}"


def planted_components(scale: int) -> list[tuple[str, str]]:
    """Every (rule id, spec component id) the estate must be reported for, in copy order."""
    return [
        (p.rule_id, p.component + copy_suffix(copy, scale))
        for copy in range(1, scale + 1)
        for p in PLANTED
    ]


# --- the seed, with the planted defects ------------------------------------------------


def _seed_with_defects(seed: Path = SEED_SPEC) -> dict[str, Any]:
    data = parse_yaml(seed.read_text(encoding="utf-8"), str(seed), Limits()).data
    network = data["network"]
    vnet = network["vnets"][0]
    management = next(s for s in vnet["subnets"] if s["purpose"] == "management")
    overlap = ipaddress.IPv4Network(management["cidr"]).subnets(new_prefix=25)
    vnet["subnets"].append(
        {
            "id": "snet-planted-overlap",
            "cidr": str(list(overlap)[1]),  # the upper half of the management subnet
            "purpose": "workload",
            "nsg": management["nsg"],
        }
    )
    for queue in data["messaging"]["service_bus"][0]["queues"]:
        if queue["id"] == "sbq-notifications":
            queue["dead_lettering_on_message_expiration"] = False
    for endpoint in network["private_endpoints"]:
        if endpoint["id"] == "pe-redis":
            endpoint.pop("dns_zone_group", None)
    data["data"]["redis_caches"][0]["public_network_access"] = True
    return data


# --- what changes from copy to copy ----------------------------------------------------

Edit = Callable[[Any, int, int], Any]  # (seed value, copy, scale) -> copy's value
DataPath = tuple[str | int, ...]


def _edits(seed: dict[str, Any]) -> list[tuple[DataPath, Edit]]:
    """Where the seed's data differs between copies, and how: ids and references get the
    copy's suffix, top-level Azure names too, and addresses move into the copy's /20."""
    architecture = build_architecture(seed)
    edits: list[tuple[DataPath, Edit]] = []
    for path, element in walk(architecture):
        if isinstance(element, Component):
            edits.append(((*path, "id"), _suffixed))
            entry = architecture.index.by_id[element.id]
            if entry.parent is None and element.name:  # nested names are unique per parent
                edits.append(((*path, "name"), _suffixed))
        for plan in field_plan(type(element)):
            value = getattr(element, plan.name)
            if plan.ref is None or value is None:
                continue
            if isinstance(value, list):
                edits += [((*path, plan.key, i), _reference) for i in range(len(value))]
            else:
                edits.append(((*path, plan.key), _reference))
    for path, value in _strings(seed):
        if value.endswith(".appserviceenvironment.net"):  # named after its ASE
            edits.append((path, _ase_zone))
        elif _in_seed_space(value):
            edits.append((path, _moved_address))
    return edits


def _suffixed(value: Any, copy: int, scale: int) -> Any:
    return f"{value}{copy_suffix(copy, scale)}"


def _reference(value: Any, copy: int, scale: int) -> Any:
    if isinstance(value, str) and value.endswith(DLQ_SUFFIX):
        return f"{value[: -len(DLQ_SUFFIX)]}{copy_suffix(copy, scale)}{DLQ_SUFFIX}"
    return _suffixed(value, copy, scale)


def _ase_zone(value: Any, copy: int, scale: int) -> Any:
    name, _, domain = value.partition(".")
    return f"{name}{copy_suffix(copy, scale)}.{domain}"


def _in_seed_space(text: str) -> bool:
    try:
        return ipaddress.IPv4Network(text).subnet_of(_SEED_SPACE)
    except (ValueError, TypeError):
        return False


def _moved_address(value: Any, copy: int, scale: int) -> Any:
    network = ipaddress.IPv4Network(value)
    base = int(_ESTATE.network_address) + (copy - 1) * 2 ** (32 - _COPY_PREFIX)
    if network == _SEED_SPACE:
        return f"{ipaddress.IPv4Address(base)}/{_COPY_PREFIX}"
    offset = int(network.network_address) - int(_SEED_SPACE.network_address)
    return f"{ipaddress.IPv4Address(base + offset)}/{network.prefixlen}"


def _strings(value: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _strings(item, (*path, position))
    elif isinstance(value, str):
        yield path, value


def _get(data: Any, path: DataPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: DataPath, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _clone(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


def _link_to_previous(copy_data: dict[str, Any], copy: int, scale: int) -> None:
    """Copy k's main function publishes order events into copy k-1's topic."""
    if copy == 1:
        return
    previous = copy_suffix(copy - 1, scale)
    this = copy_suffix(copy, scale)
    copy_data["flows"]["flows"].append(
        {
            "id": f"cross-estate{this}",
            "name": f"Order events shared with estate {copy - 1}",
            "flow_kind": "asynchronous",
            "steps": [
                {
                    "from": f"func-main{this}",
                    "to": f"sbt-domain-events{previous}",
                    "kind": "publish",
                    "label": "shared order event",
                }
            ],
        }
    )
    copy_data["security"]["role_assignments"].append(
        {
            "principal": f"func-main{this}",
            "role": "Azure Service Bus Data Sender",
            "scope": f"sb-main{previous}",
        }
    )


def _merge(into: dict[str, Any], other: dict[str, Any]) -> None:
    """Fold one copy into the estate: lists grow, mappings merge, single values stay."""
    for key, value in other.items():
        current = into.get(key)
        if key not in into:
            into[key] = value
        elif isinstance(current, dict) and isinstance(value, dict):
            _merge(current, value)
        elif isinstance(current, list) and isinstance(value, list):
            current.extend(value)


def _dedupe_scalar_lists(value: Any) -> None:
    """Lists of plain values (on-premises ranges, monitored entities) hold each value once."""
    if not isinstance(value, dict):
        return
    for key, item in value.items():
        if isinstance(item, list) and item and not isinstance(item[0], dict | list):
            value[key] = list(dict.fromkeys(item))
        else:
            _dedupe_scalar_lists(item)


def synth_data(scale: int, seed: Path = SEED_SPEC) -> dict[str, Any]:
    """The estate of ``scale`` copies of the seed as plain spec data."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(f"scale must be between 1 and {MAX_SCALE}, not {scale}")
    template = _seed_with_defects(seed)
    edits = _edits(template)
    estate: dict[str, Any] = {}
    for copy in range(1, scale + 1):
        copy_data = _clone(template)
        for path, edit in edits:
            _set(copy_data, path, edit(_get(template, path), copy, scale))
        _link_to_previous(copy_data, copy, scale)
        if copy > 1:
            for key in _SINGLETON_KEYS:
                copy_data.pop(key, None)
        _merge(estate, copy_data)
    for key in estate:
        if key not in _SINGLETON_KEYS:
            _dedupe_scalar_lists(estate[key])
    estate["metadata"]["name"] = f"{estate['metadata']['name']}-x{scale}"
    return estate


# --- the three formats ------------------------------------------------------------------


def synth_yaml(scale: int, seed: Path = SEED_SPEC) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    header = (
        f"# {scale} copies of the seed architecture, made by benchmarks/synth.py "
        f"--scale {scale}.\n# Planted in every copy: "
        + "; ".join(f"{p.rule_id} {p.component} ({p.what})" for p in PLANTED)
        + "\n"
    )
    body = yaml.dump(
        synth_data(scale, seed),
        Dumper=dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=100,
    )
    return header + body


def synth_architecture(scale: int, seed: Path = SEED_SPEC) -> Architecture:
    return build_architecture(synth_data(scale, seed))


def synth_terraform(scale: int, seed: Path = SEED_SPEC) -> dict[str, str]:
    """``{file name: text}``: archlint's own Terraform for the estate."""
    from archlint.generators.terraform import generate_terraform

    return generate_terraform(synth_architecture(scale, seed))


def plan_from_terraform(directory: Path) -> dict[str, Any]:
    """A plan in the ``terraform show -json`` shape for a Terraform directory about to be
    applied for the first time: every resource is created; what only Azure computes (ids,
    keys) and what archlint cannot evaluate is unknown; references come from the
    configuration's expressions as Terraform records them."""
    from archlint.importers.hcl import read_hcl

    hcl = read_hcl(directory)
    planned: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    configured: list[dict[str, Any]] = []
    provider = "registry.terraform.io/hashicorp/azurerm"
    for resource in sorted(hcl.resources, key=lambda r: r.address):
        if resource.mode != "managed" or resource.wildcard:
            continue
        values, unknown, sensitive = _planned(resource.values)
        unknown = {"id": True, **unknown}
        head = {
            "address": resource.address,
            "mode": "managed",
            "type": resource.type,
            "name": resource.name,
            "provider_name": provider,
        }
        planned.append(
            {**head, "schema_version": 0, "values": values, "sensitive_values": sensitive}
        )
        changes.append(
            {
                **head,
                "change": {
                    "actions": ["create"],
                    "before": None,
                    "after": values,
                    "after_unknown": unknown,
                    "before_sensitive": False,
                    "after_sensitive": sensitive,
                },
            }
        )
        configured.append(
            {
                "address": resource.address,
                "mode": "managed",
                "type": resource.type,
                "name": resource.name,
                "provider_config_key": "azurerm",
                "expressions": _expressions(resource.values, resource.body or {}),
                "schema_version": 0,
            }
        )
    major = hcl.provider_major or 4
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": {"resources": planned}},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                "azurerm": {
                    "name": "azurerm",
                    "full_name": provider,
                    "version_constraint": f"~> {major}.0",
                    "expressions": {"features": [{}]},
                }
            },
            "root_module": {"resources": configured},
        },
        "applyable": True,
        "complete": True,
        "errored": False,
    }


def _planned(value: Any) -> tuple[Any, Any, Any]:
    """(known value, after_unknown, sensitive) of one HCL value, as a plan records them."""
    from archlint.importers.values import SENSITIVE, UNKNOWN, Reference

    while isinstance(value, Reference):
        value = value.value
    if value is UNKNOWN:
        return None, True, False
    if value is SENSITIVE:
        return "synthetic-secret-value", False, True
    if isinstance(value, dict):
        known: dict[str, Any] = {}
        unknown: dict[str, Any] = {}
        sensitive: dict[str, Any] = {}
        for key, item in value.items():
            item_value, item_unknown, item_sensitive = _planned(item)
            if item_unknown is True:
                unknown[key] = True
                continue
            known[key] = item_value
            if item_unknown:
                unknown[key] = item_unknown
            if item_sensitive:
                sensitive[key] = item_sensitive
        return known, unknown, sensitive
    if isinstance(value, list):
        parts = [_planned(item) for item in value]
        if any(unknown is True for _, unknown, _ in parts):
            return None, True, False  # Terraform does not know a list with unknown members
        return (
            [known for known, _, _ in parts],
            [unknown or False for _, unknown, _ in parts] if any(u for _, u, _ in parts) else {},
            [sensitive or False for *_, sensitive in parts] if any(s for *_, s in parts) else {},
        )
    return value, False, False


_REFERENCE = re.compile(
    r"(?<![\w.\"])((?:data\.)?(?:azurerm_\w+|var|local|module)\.[A-Za-z_][\w-]*)((?:\.[A-Za-z_]\w*)*)"
)


def _expressions(values: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The configuration's expressions for one block: constants, references, nested blocks."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        raw = body.get(key)
        if isinstance(raw, list) and raw and all(isinstance(b, dict) for b in raw):
            blocks = value if isinstance(value, list) else []
            out[key] = [
                _expressions(v if isinstance(v, dict) else {}, b)
                for v, b in zip(blocks, raw, strict=False)
            ]
            continue
        references = _references(raw)
        if references:
            out[key] = {"references": references}
        else:
            known, unknown, _ = _planned(value)
            out[key] = {} if unknown is True else {"constant_value": known}
    return out


def _references(raw: Any) -> list[str]:
    """Terraform lists each traversal and, for a resource attribute, the resource too."""
    texts = raw if isinstance(raw, list) else [raw]
    out: list[str] = []
    for text in texts:
        if not isinstance(text, str) or "${" not in text:
            continue
        for match in _REFERENCE.finditer(text):
            head, attribute = match.groups()
            for reference in (head + attribute, head):
                if reference not in out:
                    out.append(reference)
    return out


# --- writing ---------------------------------------------------------------------------


def write(scale: int, output_format: str, output: Path, seed: Path = SEED_SPEC) -> Path:
    """Write the estate in ``output_format`` to ``output`` (a file, or a directory for tf)."""
    from archlint.fsutil import atomic_write
    from archlint.generators.output import write_files

    if output_format == "yaml":
        output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(str(output), synth_yaml(scale, seed))
    elif output_format == "tf":
        write_files(output, synth_terraform(scale, seed))
    elif output_format == "plan":
        import tempfile

        with tempfile.TemporaryDirectory(prefix="archlint-synth-") as directory:
            write_files(Path(directory), synth_terraform(scale, seed))
            document = plan_from_terraform(Path(directory))
        output.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(str(output), json.dumps(document, separators=(",", ":")))
    else:
        raise ValueError(f"unknown format {output_format!r}; expected one of {FORMATS}")
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="benchmarks/synth.py",
        description="Write an architecture N times the seed, with planted defects.",
    )
    parser.add_argument("--scale", type=int, default=1, help=f"copies of the seed (1-{MAX_SCALE})")
    parser.add_argument("--format", choices=FORMATS, default="yaml", dest="output_format")
    parser.add_argument("-o", "--output", type=Path, required=True, help="file, or directory (tf)")
    parser.add_argument("--seed-spec", type=Path, default=SEED_SPEC, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not 1 <= args.scale <= MAX_SCALE:
        parser.error(f"--scale must be between 1 and {MAX_SCALE}")
    write(args.scale, args.output_format, args.output, args.seed_spec)
    return 0


if __name__ == "__main__":
    sys.exit(main())
