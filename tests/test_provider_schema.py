"""Tests for the bundled offline azurerm schemas (3.x and 4.x) and ``validate_block``.

The fast tests read only the shipped ``azurerm-<major>.json.gz``.  The slow test re-runs the
extractor on the real wheels (``ARCHLINT_AZURERM_WHEEL``) to prove each shipped file is exactly
what the script produces, so nobody hand-edits the data.
"""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import os
import re
from pathlib import Path
from types import ModuleType

import pytest

from archlint.importers.provider_schema import (
    SHIPPED,
    NestedBlock,
    ProviderSchema,
    SchemaProblem,
    load_schema,
    validate_block,
)
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "archlint" / "data"
SCRIPT = ROOT / "scripts" / "extract_azurerm_schema.py"


@pytest.fixture(scope="module")
def schema() -> ProviderSchema:
    return load_schema(4)


def kinds(problems: list[SchemaProblem]) -> set[tuple[str, str]]:
    return {(p.kind, p.path) for p in problems}


def test_schema_loads_and_is_cached(schema: ProviderSchema) -> None:
    assert schema is load_schema()  # the newest is the default
    assert schema.provider == "azurerm"
    assert re.fullmatch(r"4\.\d+\.\d+", schema.version)
    assert schema.package == "cdktn-provider-azurerm==17.0.0"
    assert len(schema) > 1000
    assert all(t.startswith("azurerm_") for t in schema.resource_types)


@pytest.mark.parametrize("major", sorted(SHIPPED))
def test_every_shipped_file_is_the_version_the_index_names(major: int) -> None:
    """Choosing a schema reads SHIPPED only; the file must say the same version."""
    assert load_schema(major).version == SHIPPED[major]
    assert sorted(p.name for p in DATA.glob("azurerm-*.json.gz")) == [
        f"azurerm-{m}.json.gz" for m in sorted(SHIPPED)
    ]


def test_the_3x_schema_is_the_last_3x_with_its_own_names() -> None:
    schema = load_schema(3)
    assert schema.version == "3.116.0"
    assert schema.package == "cdktf-cdktf-provider-azurerm==12.27.0"
    queue = schema.resource("azurerm_servicebus_queue")
    assert queue is not None
    assert "enable_partitioning" in queue.args  # removed only in 4.0
    assert not schema.has_resource("azurerm_network_security_perimeter")  # 4.x only
    assert schema.has_resource("azurerm_sql_server")  # removed in 4.0


def test_the_4x_schema_knows_types_added_after_4_55() -> None:
    assert load_schema(4).has_resource("azurerm_network_security_perimeter")
    assert not load_schema(4).has_resource("azurerm_sql_server")


def test_unknown_major_version_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="major version 2"):
        load_schema(2)


@pytest.mark.parametrize(
    "resource_type",
    [
        "azurerm_servicebus_queue",
        "azurerm_private_endpoint",
        "azurerm_cosmosdb_account",
        "azurerm_linux_function_app",
        "azurerm_cdn_frontdoor_firewall_policy",
        "azurerm_application_gateway",
    ],
)
def test_known_resource_types_present(schema: ProviderSchema, resource_type: str) -> None:
    assert schema.has_resource(resource_type)
    resource = schema.resource(resource_type)
    assert resource is not None
    assert resource.args["name"] is True
    assert resource is schema.resource(resource_type)  # built once


def test_unknown_type_has_no_schema(schema: ProviderSchema) -> None:
    assert not schema.has_resource("azurerm_does_not_exist")
    assert schema.resource("azurerm_does_not_exist") is None
    assert not schema.has_resource("azurerm_servicebus_queue_data")  # data sources excluded


def test_servicebus_queue_4x_arguments(schema: ProviderSchema) -> None:
    queue = schema.resource("azurerm_servicebus_queue")
    assert queue is not None
    assert "enable_partitioning" not in queue.args  # removed in azurerm 4.0
    assert queue.args["partitioning_enabled"] is False
    assert queue.args["namespace_id"] is True
    assert queue.args["id"] is False  # the schema lists id as optional; kept as-is
    assert not set(queue.args) & {"count", "for_each", "provider", "lifecycle", "depends_on"}
    assert queue.required_args == {"name", "namespace_id"}
    assert queue.blocks["timeouts"].max_items == 1


def test_nested_blocks(schema: ProviderSchema) -> None:
    endpoint = schema.resource("azurerm_private_endpoint")
    assert endpoint is not None
    group = endpoint.blocks["private_dns_zone_group"]
    assert isinstance(group, NestedBlock)
    assert (group.required, group.is_list, group.is_attribute) == (False, False, False)
    assert group.args == {"name": True, "private_dns_zone_ids": True}
    assert endpoint.blocks["private_service_connection"].required
    assert "private_service_connection" in endpoint.required_blocks

    cosmos = schema.resource("azurerm_cosmosdb_account")
    assert cosmos is not None
    geo = cosmos.blocks["geo_location"]
    assert geo.required and geo.is_list and geo.max_items == 0
    assert geo.args["location"] is True

    app = schema.resource("azurerm_linux_function_app")
    assert app is not None
    site_config = app.blocks["site_config"]
    assert site_config.required and not site_config.is_list
    assert "application_stack" in site_config.blocks
    assert site_config.blocks["ip_restriction"].is_list

    gateway = schema.resource("azurerm_application_gateway")
    assert gateway is not None
    assert {"frontend_port", "backend_address_pool", "sku"} <= gateway.required_blocks


def test_attributes_as_blocks_are_marked(schema: ProviderSchema) -> None:
    vnet = schema.resource("azurerm_virtual_network")
    assert vnet is not None
    subnet = vnet.blocks["subnet"]
    assert subnet.is_attribute and subnet.is_list and not subnet.required
    assert not subnet.required_args  # object attributes carry no per-field required flag


def test_valid_body_has_no_problems() -> None:
    body = {
        "name": "orders",
        "namespace_id": "${azurerm_servicebus_namespace.ns.id}",
        "partitioning_enabled": True,
        "count": 2,
        "lifecycle": [{"ignore_changes": ["tags"], "__is_block__": True}],
        "timeouts": [{"create": "1h", "__is_block__": True}],
        "__is_block__": True,
    }
    assert validate_block("azurerm_servicebus_queue", body) == []


def test_unknown_argument_flagged() -> None:
    body = {"name": "q", "namespace_id": "x", "enable_partitioning": True}
    problems = validate_block("azurerm_servicebus_queue", body)
    assert kinds(problems) == {("unknown_argument", "enable_partitioning")}
    assert str(problems[0]) == (
        "azurerm_servicebus_queue.enable_partitioning: unknown argument 'enable_partitioning'"
    )


def test_missing_required_argument_flagged() -> None:
    problems = validate_block("azurerm_servicebus_queue", {"namespace_id": "x"})
    assert kinds(problems) == {("missing_argument", "name")}


def test_unknown_block_flagged() -> None:
    body = {"name": "q", "namespace_id": "x", "retry_policy": [{"max": 3}]}
    assert kinds(validate_block("azurerm_servicebus_queue", body)) == {
        ("unknown_block", "retry_policy")
    }


def test_unknown_resource_type_flagged() -> None:
    problems = validate_block("azurerm_servicebus_qeueu", {"name": "q"})
    assert [p.kind for p in problems] == ["unknown_resource"]
    assert problems[0].path == ""


def test_nested_paths_and_missing_blocks() -> None:
    body = {
        "name": "pe",
        "location": "westeurope",
        "resource_group_name": "rg",
        "subnet_id": "s",
        "private_dns_zone_group": {"name": "g", "zone_ids": ["z"]},
    }
    assert kinds(validate_block("azurerm_private_endpoint", body)) == {
        ("unknown_argument", "private_dns_zone_group.zone_ids"),
        ("missing_argument", "private_dns_zone_group.private_dns_zone_ids"),
        ("missing_block", "private_service_connection"),
    }

    cosmos = {
        "name": "c",
        "location": "l",
        "resource_group_name": "rg",
        "offer_type": "Standard",
        "consistency_policy": [{"consistency_level": "Session"}],
        "geo_location": [
            {"location": "l", "failover_priority": 0},
            {"location": "m", "failover_priority": 1, "bogus": 1},
        ],
    }
    assert kinds(validate_block("azurerm_cosmosdb_account", cosmos)) == {
        ("unknown_argument", "geo_location[1].bogus")
    }


def test_values_are_never_checked() -> None:
    """A block given as an expression (unknown value) is accepted: only names are checked."""
    body = {
        "name": "pe",
        "location": "${var.location}",
        "resource_group_name": None,
        "subnet_id": ["not", "a", "string"],
        "private_service_connection": "${local.psc}",
    }
    assert validate_block("azurerm_private_endpoint", body) == []


def test_dynamic_blocks_as_parsed_by_hcl2() -> None:
    hcl2 = pytest.importorskip("hcl2")
    source = """
resource "azurerm_cosmosdb_account" "c" {
  name                = "c"
  location            = "l"
  resource_group_name = "rg"
  offer_type          = "Standard"
  consistency_policy { consistency_level = "Session" }
  dynamic "geo_location" {
    for_each = var.regions
    content {
      location          = geo_location.value
      failover_priority = geo_location.key
      zone_redundent    = true
    }
  }
  dynamic "no_such_block" {
    for_each = []
    content {}
  }
}
"""
    parsed = hcl2.loads(source)["resource"][0]
    (type_key,) = parsed
    body = next(iter(parsed[type_key].values()))
    assert kinds(validate_block(type_key.strip('"'), body)) == {
        ("unknown_argument", "geo_location[*].zone_redundent"),
        ("unknown_block", "no_such_block"),
    }


@pytest.mark.parametrize("major", sorted(SHIPPED))
def test_shipped_file_is_deterministic_gzip(major: int) -> None:
    data = (DATA / f"azurerm-{major}.json.gz").read_bytes()
    assert data[:2] == b"\x1f\x8b"
    assert data[4:8] == b"\x00\x00\x00\x00"  # mtime 0
    assert data[3] & 0x08 == 0  # no embedded file name
    document = json.loads(gzip.decompress(data))
    assert list(document) == sorted(document)
    assert len(data) < 1_000_000


@pytest.mark.parametrize("major", sorted(SHIPPED))
def test_the_lazily_decoded_schema_is_the_whole_file(major: int) -> None:
    """load_schema decodes each resource type on first use, finding the types by their keys
    in the file's text: it must give exactly what decoding the whole file gives."""
    document = json.loads(gzip.decompress((DATA / f"azurerm-{major}.json.gz").read_bytes()))
    lazy = ProviderSchema.from_document(document)
    schema = load_schema(major)
    assert (schema.provider, schema.version, schema.package) == (
        lazy.provider,
        lazy.version,
        lazy.package,
    )
    assert schema.resource_types == lazy.resource_types
    for resource_type in lazy.resource_types:
        assert schema.resource(resource_type) == lazy.resource(resource_type), resource_type


def _load_script() -> ModuleType:
    return load_script(SCRIPT)


def _extractor_args(major: int) -> list[str]:
    """Where to extract from: the wheel named by the env var, else a matching installed package.

    ``ARCHLINT_AZURERM_WHEEL`` is a path, or several separated by the OS path separator (one per
    shipped major; the wheel whose name carries the package version SHIPPED names is used).
    """
    wanted = load_schema(major).package  # e.g. cdktn-provider-azurerm==17.0.0
    name, version = wanted.split("==")
    wheels = [Path(w) for w in os.environ.get("ARCHLINT_AZURERM_WHEEL", "").split(os.pathsep) if w]
    prefix = f"{name.replace('-', '_')}-{version}-"
    for wheel in wheels:
        if wheel.name.startswith(prefix) and wheel.is_file():
            return ["--wheel", str(wheel)]
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed != version:
        pytest.skip(
            f"needs the {wanted} wheel: list its path in ARCHLINT_AZURERM_WHEEL or "
            f"pip install {wanted!r} (installed: {installed})"
        )
    return ["--installed", name]


@pytest.mark.slow
@pytest.mark.parametrize("major", sorted(SHIPPED))
def test_extraction_reproduces_shipped_file(tmp_path: Path, major: int) -> None:
    source = _extractor_args(major)
    out = tmp_path / f"azurerm-{major}.json.gz"
    assert _load_script().main([*source, "--output", str(out)]) == 0
    regenerated, shipped = out.read_bytes(), (DATA / out.name).read_bytes()
    # Compare content first so a mismatch says whether the data or only the compression differs.
    assert json.loads(gzip.decompress(regenerated)) == json.loads(gzip.decompress(shipped))
    assert regenerated == shipped


def test_the_script_pins_the_packages_the_shipped_files_name() -> None:
    assert {m: p for m, p in _load_script().SHIPPED.items()} == {
        m: load_schema(m).package for m in SHIPPED
    }
