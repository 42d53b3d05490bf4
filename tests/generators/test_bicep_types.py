"""Every resource the Bicep generator writes is checked against Azure's own resource types.

The types come from Azure/bicep-types-az (what the Bicep compiler checks against), extracted
by ``scripts/extract_bicep_types.py`` into ``data/bicep-types.json.gz``; the checks are in
:mod:`tests.generators.bicep_types`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from archlint.generators.bicep import API_VERSIONS, LAYERS, build_bicep, generate_bicep
from archlint.generators.bicep.core import BicepResource
from archlint.generators.bicep.writer import BExpr, interpolate
from archlint.loader import load_spec
from tests.conftest import ROOT, SEED_SPEC, load_script
from tests.generators.bicep_types import DATA, check_resource, load_types
from tests.generators.conftest import VARIANTS_SPEC, load

SCRIPT = ROOT / "scripts" / "extract_bicep_types.py"
RULE_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "rules").glob("*/*.yaml"))


def test_data_holds_exactly_the_pinned_api_versions() -> None:
    """Pinning another API version needs a fresh extraction (the script reads API_VERSIONS)."""
    shipped = {name.lower() for name in load_types()["resources"]}
    pinned = {f"{kind}@{version}".lower() for kind, version in API_VERSIONS.items()}
    assert pinned - shipped == set(), "run scripts/extract_bicep_types.py"
    assert shipped - pinned == set(), "run scripts/extract_bicep_types.py"


def test_data_names_its_source_commit() -> None:
    types = load_types()
    assert types["repository"] == "Azure/bicep-types-az"
    assert re.fullmatch(r"[0-9a-f]{40}", types["commit"])
    data = DATA.read_bytes()
    assert data[4:8] == b"\x00\x00\x00\x00" and data[3] & 0x08 == 0  # mtime 0, no file name
    assert len(data) < 200_000


@pytest.mark.parametrize("spec", [SEED_SPEC, VARIANTS_SPEC], ids=["seed", "variants"])
def test_every_generated_resource_matches_azure_types(spec: Path) -> None:
    """Type and API version exist, every property written exists and is not read-only, required
    ones are present, literals are allowed values of the property's type."""
    architecture = load(spec)
    bicep = build_bicep(architecture)
    files = generate_bicep(architecture)
    for resource in bicep.resources:  # what is checked is what is written
        assert "\n".join(resource.lines()) in files[f"{LAYERS[resource.module]}.bicep"]
    assert len(bicep.resources) > 50
    assert [p for r in bicep.resources for p in check_resource(r)] == []


def test_every_rule_fixture_generates_bicep_that_matches_azure_types() -> None:
    problems = []
    for path in RULE_FIXTURES:
        resources = build_bicep(load_spec(path).architecture).resources
        problems += [
            f"{path.parent.name}/{path.name}: {p}" for r in resources for p in check_resource(r)
        ]
    assert len(RULE_FIXTURES) > 100
    assert problems == []


def test_the_lockdown_properties_are_written_at_api_versions_that_have_them(
    seed: Any,
) -> None:
    """The issue's findings: these were silently lost at the old API versions."""
    by_type: dict[str, list[BicepResource]] = {}
    for resource in build_bicep(seed).resources:
        by_type.setdefault(resource.type, []).append(resource)
    for kind in ("Microsoft.ServiceBus/namespaces", "Microsoft.EventHub/namespaces"):
        properties = by_type[kind][0].body["properties"]
        assert properties["publicNetworkAccess"] == "Disabled"  # type: ignore[index]
        assert properties["minimumTlsVersion"] == "1.2"  # type: ignore[index]
    redis = by_type["Microsoft.Cache/redis"][0].body["properties"]
    assert "disableAccessKeyAuthentication" in redis  # type: ignore[operator]
    vault = by_type["Microsoft.RecoveryServices/vaults"][0].body["properties"]
    assert "standardTierStorageRedundancy" in vault["redundancySettings"]  # type: ignore[index]


# --- the checker itself: each kind of problem is found ---------------------------------------


def _resource(kind: str, body: dict[str, Any], **kwargs: Any) -> BicepResource:
    return BicepResource("x", kind, "name-1", body, home=0, module=0, **kwargs)


_QUEUE = "Microsoft.ServiceBus/namespaces/queues"
_NAMESPACE = "Microsoft.ServiceBus/namespaces"


@pytest.mark.parametrize(
    ("kind", "body", "expected"),
    [
        (_QUEUE, {"properties": {"maxDeliveryCount": 5}}, []),
        (_QUEUE, {"properties": {"lockDuraton": "PT1M"}}, ["properties.lockDuraton: no such"]),
        (_QUEUE, {"properties": {"messageCount": 3}}, ["properties.messageCount: read-only"]),
        (_QUEUE, {"properties": {"maxDeliveryCount": "5"}}, ["'5' is not an int"]),
        (_QUEUE, {"properties": {"requiresSession": 1}}, ["1 is not a bool"]),
        (_QUEUE, {"properties": {"status": "Paused"}}, ["'Paused' is not 'Active' | "]),
        (_QUEUE, {"properties": {"status": BExpr("status")}}, []),
        (
            _QUEUE,
            {"properties": {"status": interpolate("Act", BExpr("x"))}},
            ["'Act${x}' is not 'Active' | "],
        ),
        (_QUEUE, {"properties": []}, ["properties: an array is not object"]),
        (_NAMESPACE, {"location": "x", "sku": {"tier": "Premium"}}, ["sku.name: required"]),
        (_NAMESPACE, {"sku": {"name": "Premium"}}, ["location: required"]),
        (_NAMESPACE, {"location": "x", "tags": {BExpr("k"): "v"}}, []),
        (
            _NAMESPACE,
            {"location": "x", "sku": {"name": "Gold"}},
            ["sku.name: 'Gold' is not 'Basic' | 'Standard' | 'Premium'"],
        ),
        (_NAMESPACE, {"location": "x", "properties": {"minimumTlsVersion": "1.4"}}, []),
        (
            "Microsoft.Insights/metricAlerts",
            {
                "location": "global",
                "properties": {
                    "severity": 1,
                    "enabled": True,
                    "evaluationFrequency": "PT1M",
                    "windowSize": "PT5M",
                    "scopes": [],
                    "criteria": {"odata.type": "Nope"},
                },
            },
            ["properties.criteria.odata.type: 'Nope' is not one of"],
        ),
    ],
)
def test_the_checker_finds_each_kind_of_problem(
    kind: str, body: dict[str, Any], expected: list[str]
) -> None:
    problems = check_resource(_resource(kind, body))
    assert len(problems) == len(expected), problems
    for problem, fragment in zip(problems, expected, strict=True):
        assert fragment in problem


def test_the_checker_refuses_an_unknown_type_or_api_version(monkeypatch) -> None:
    monkeypatch.setitem(API_VERSIONS, _QUEUE, "2099-01-01")
    assert check_resource(_resource(_QUEUE, {}))[0].endswith(
        "no such resource type and API version in Azure/bicep-types-az"
    )


def test_the_checker_knows_extension_resources() -> None:
    assignment = "Microsoft.Authorization/roleAssignments"
    body = {"properties": {"roleDefinitionId": "r", "principalId": "p"}}
    assert check_resource(_resource(assignment, body, scope="st")) == []
    queue = _resource(_QUEUE, {}, scope="st")
    assert check_resource(queue) == [
        f"x ({_QUEUE}@{API_VERSIONS[_QUEUE]}): cannot be deployed at this scope"
    ]


# --- the extraction script --------------------------------------------------------------------


def _load_script() -> ModuleType:
    return load_script(SCRIPT)


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _types_repo(tmp_path: Path) -> Path:
    """A tiny stand-in for Azure/bicep-types-az, written here: one resource type."""
    repo = tmp_path / "types"
    folder = repo / "generated" / "demo" / "microsoft.demo" / "2024-01-01"
    folder.mkdir(parents=True)
    nodes = [
        {"$type": "StringType"},
        {"$type": "StringLiteralType", "value": "A"},
        {"$type": "StringLiteralType", "value": "B"},
        {"$type": "UnionType", "elements": [{"$ref": "#/1"}, {"$ref": "#/2"}]},
        {
            "$type": "ObjectType",
            "name": "Thing",
            "properties": {
                "name": {"type": {"$ref": "#/0"}, "flags": 9, "description": "x"},
                "mode": {"type": {"$ref": "#/3"}, "flags": 0},
                "self": {"type": {"$ref": "#/4"}, "flags": 2},
            },
        },
        {"$type": "ObjectType", "name": "Unused", "properties": {}},
        {
            "$type": "ResourceType",
            "name": "Microsoft.Demo/things@2024-01-01",
            "body": {"$ref": "#/4"},
            "readableScopes": 8,
            "writableScopes": 8,
        },
    ]
    (folder / "types.json").write_text(json.dumps(nodes), encoding="utf-8")
    _git(repo.parent, "init", "-q", str(repo))
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "types")
    return repo


def test_the_script_keeps_only_the_wanted_types_renumbered(tmp_path: Path) -> None:
    script = _load_script()
    document = script.extract(_types_repo(tmp_path), {"Microsoft.Demo/things": "2024-01-01"})
    assert re.fullmatch(r"[0-9a-f]{40}", document["commit"])
    entry = document["resources"]["Microsoft.Demo/things@2024-01-01"]
    assert entry == {
        "body": 0,
        "file": "generated/demo/microsoft.demo/2024-01-01/types.json",
        "writable": 8,
    }
    assert document["types"] == [
        {"k": "object", "name": "Thing", "props": {"mode": [2, 0], "name": [1, 9], "self": [0, 2]}},
        {"k": "string"},
        {"k": "union", "of": [3, 4]},
        {"k": "lit", "v": "A"},
        {"k": "lit", "v": "B"},
    ]
    data = script.write(tmp_path / "out" / "types.json.gz", document)
    assert (tmp_path / "out" / "types.json.gz").read_bytes() == data
    assert data[4:8] == b"\x00\x00\x00\x00"  # mtime 0: reruns write the same bytes
    assert json.loads(gzip.decompress(data)) == document


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        ({"Microsoft.Demo/things": "2023-01-01"}, "Microsoft.Demo/things@2023-01-01: found in no"),
        ({"Microsoft.Demo/others": "2024-01-01"}, "Microsoft.Demo/others@2024-01-01: found in no"),
    ],
)
def test_the_script_fails_loudly_on_a_missing_type(
    tmp_path: Path, wanted: dict[str, str], message: str
) -> None:
    script = _load_script()
    with pytest.raises(script.TypesFormatError, match=re.escape(message)):
        script.extract(_types_repo(tmp_path), wanted)


@pytest.mark.slow
def test_extraction_reproduces_shipped_file(tmp_path: Path) -> None:
    """With a clone of Azure/bicep-types-az (ARCHLINT_BICEP_TYPES_REPO), the script rebuilds the
    shipped file byte for byte from the commit it names."""
    repo = os.environ.get("ARCHLINT_BICEP_TYPES_REPO")
    if not repo or not Path(repo).is_dir():
        pytest.skip("set ARCHLINT_BICEP_TYPES_REPO to a clone of Azure/bicep-types-az")
    out = tmp_path / "bicep-types.json.gz"
    commit = load_types()["commit"]
    assert _load_script().main([repo, "--commit", commit, "--output", str(out)]) == 0
    assert out.read_bytes() == DATA.read_bytes()
