#!/usr/bin/env python3
"""Extract the Azure resource types the Bicep generator writes from Azure/bicep-types-az.

Why this exists: the tests check every resource ``archlint generate bicep`` writes against
Azure's own type definitions, the ones the Bicep compiler uses, without network access or the
Bicep CLI. The repository https://github.com/Azure/bicep-types-az keeps them as
``generated/<provider>/<namespace>/<api-version>/types.json``: a JSON list of type nodes that
refer to each other by ``{"$ref": "#/<index>"}``. A ``ResourceType`` node named
``Microsoft.X/y@<api-version>`` points at the ``ObjectType`` of the resource body; object
properties carry ``flags`` (1 Required, 2 ReadOnly, 4 WriteOnly, 8 DeployTimeConstant,
16 Identifier); allowed values are ``UnionType`` nodes of ``StringLiteralType`` nodes.

This script keeps only what the generator needs: the resource types and API versions pinned in
:data:`archlint.generators.bicep.core.API_VERSIONS`, and the type nodes reachable from their
bodies (no descriptions, no resource functions), renumbered into one table::

    {"repository": "Azure/bicep-types-az", "commit": "<sha>", "committed": "<ISO date>",
     "resources": {"Microsoft.ServiceBus/namespaces@2024-01-01":
                       {"body": 7, "file": "generated/servicebus/...", "writable": 8}},
     "types": [{"k": "string"}, {"k": "lit", "v": "Premium"},
               {"k": "object", "name": "SBSku", "props": {"name": [3, 1]}}, ...]}

Node kinds (``k``): ``string``, ``int`` (optional ``min``/``max``), ``bool``, ``any``,
``null``, ``lit`` (string literal ``v``), ``union`` (``of``: node indexes), ``array``
(``of``: item node), ``object`` (``props``: name -> [node, flags]; optional ``extra``: the
node of additional properties), ``tagged`` (a discriminated object: ``key`` is the
discriminator property, ``props`` the base properties, ``cases`` value -> object node).
``writable`` is the bit set of scopes the resource can be deployed at (1 tenant,
2 management group, 4 subscription, 8 resource group, 16 extension); ``flags`` 1 on a
resource means it is read-only (``existing`` only).

Output (gzip, mtime 0, sorted keys, no whitespace, so reruns are byte-identical). Usage::

    python scripts/extract_bicep_types.py PATH/TO/bicep-types-az [--commit SHA] [-o FILE]

PATH is a clone of the repository (a bare one will do; it is read with ``git show``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script or loaded by a test
from datafile import write

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUTPUT = ROOT / "tests" / "generators" / "data" / "bicep-types.json.gz"
REPOSITORY = "Azure/bicep-types-az"

Json = dict[str, Any]

# Scope bits of bicep-types' ScopeType (the older ``scopeType``/``readOnlyScopes`` fields
# and the newer ``writableScopes`` use the same bits).
_ALL_SCOPES = 31


class TypesFormatError(RuntimeError):
    """The repository does not look the way this extractor expects: fail loudly, never guess."""


def _git(repo: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True).stdout


def _ref(value: Json) -> int:
    ref = value.get("$ref", "")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        raise TypesFormatError(f"cross-file or odd type reference {value!r}")
    return int(ref[2:])


class _Table:
    """The renumbered node table: one entry per (file, index) reached from a wanted body."""

    def __init__(self) -> None:
        self.nodes: list[Json] = []
        self._index: dict[tuple[str, int], int] = {}

    def add(self, path: str, nodes: list[Json], index: int) -> int:
        key = (path, index)
        if key in self._index:
            return self._index[key]
        slot = len(self.nodes)
        self._index[key] = slot
        self.nodes.append({})  # reserved first: the graph may be recursive
        self.nodes[slot] = self._convert(path, nodes, nodes[index])
        return slot

    def _convert(self, path: str, nodes: list[Json], node: Json) -> Json:
        def sub(value: Json) -> int:
            return self.add(path, nodes, _ref(value))

        def props(mapping: Json) -> Json:
            return {name: [sub(p["type"]), int(p.get("flags", 0))] for name, p in mapping.items()}

        kind = node.get("$type")
        if kind == "StringType":
            return {"k": "string"}
        if kind == "IntegerType":
            bounds = {"min": node.get("minValue"), "max": node.get("maxValue")}
            return {"k": "int", **{k: v for k, v in bounds.items() if v is not None}}
        if kind == "BooleanType":
            return {"k": "bool"}
        if kind == "AnyType":
            return {"k": "any"}
        if kind == "NullType":
            return {"k": "null"}
        if kind == "StringLiteralType":
            return {"k": "lit", "v": node["value"]}
        if kind == "UnionType":
            return {"k": "union", "of": [sub(e) for e in node["elements"]]}
        if kind == "ArrayType":
            return {"k": "array", "of": sub(node["itemType"])}
        if kind == "ObjectType":
            out: Json = {"k": "object", "name": node["name"], "props": props(node["properties"])}
            if node.get("additionalProperties"):
                out["extra"] = sub(node["additionalProperties"])
            return out
        if kind == "DiscriminatedObjectType":
            return {
                "k": "tagged",
                "name": node["name"],
                "key": node["discriminator"],
                "props": props(node.get("baseProperties", {})),
                "cases": {value: sub(ref) for value, ref in node["elements"].items()},
            }
        raise TypesFormatError(f"{path}: unknown type node {kind!r}")


def _writable_scopes(node: Json) -> int:
    if "writableScopes" in node:
        return int(node["writableScopes"])
    scope = int(node.get("scopeType", 0)) or _ALL_SCOPES  # 0 = Unknown: any scope
    return scope & ~int(node.get("readOnlyScopes", 0))


def wanted_types() -> dict[str, str]:
    """The generator's pinned API versions (imported from this checkout's source)."""
    sys.path.insert(0, str(ROOT / "src"))
    from archlint.generators.bicep.core import API_VERSIONS

    return dict(API_VERSIONS)


def extract(repo: Path, wanted: dict[str, str], commit: str = "HEAD") -> Json:
    """The data document for the ``{resource type: api version}`` pairs in ``wanted``."""
    sha = _git(repo, "rev-parse", "--verify", f"{commit}^{{commit}}").decode().strip()
    committed = _git(repo, "show", "-s", "--format=%cI", sha).decode().strip()
    paths = _git(repo, "ls-tree", "-r", "--name-only", sha, "generated").decode().splitlines()
    by_folder: dict[tuple[str, str], list[str]] = {}
    for path in paths:
        parts = path.split("/")
        if len(parts) == 5 and parts[4] == "types.json":
            by_folder.setdefault((parts[2], parts[3]), []).append(path)

    loaded: dict[str, list[Json]] = {}
    table = _Table()
    resources: dict[str, Json] = {}
    for resource_type, version in sorted(wanted.items()):
        wanted_name = f"{resource_type}@{version}".lower()
        namespace = resource_type.split("/", 1)[0].lower()
        found: list[tuple[str, list[Json], Json]] = []
        for path in sorted(by_folder.get((namespace, version), [])):
            if path not in loaded:
                loaded[path] = json.loads(_git(repo, "show", f"{sha}:{path}"))
            for node in loaded[path]:
                if node.get("$type") == "ResourceType" and node["name"].lower() == wanted_name:
                    found.append((path, loaded[path], node))
        if len(found) != 1:
            where = [path for path, _, _ in found] or "no types.json"
            raise TypesFormatError(f"{resource_type}@{version}: found in {where}")
        path, nodes, node = found[0]
        entry: Json = {
            "body": table.add(path, nodes, _ref(node["body"])),
            "file": path,
            "writable": _writable_scopes(node),
        }
        if node.get("flags"):
            entry["flags"] = int(node["flags"])
        resources[node["name"]] = entry
    return {
        "repository": REPOSITORY,
        "commit": sha,
        "committed": committed,
        "resources": resources,
        "types": table.nodes,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("repo", type=Path, help="a clone of Azure/bicep-types-az")
    parser.add_argument("--commit", default="HEAD", help="the commit to read (default HEAD)")
    parser.add_argument("--output", "-o", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    document = extract(args.repo, wanted_types(), args.commit)
    data = write(args.output, document)
    print(
        f"wrote {args.output}: {len(document['resources'])} resource types, "
        f"{len(document['types'])} type nodes from {REPOSITORY}@{document['commit'][:12]}, "
        f"{len(data)} bytes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
