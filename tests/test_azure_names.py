"""Azure's closed sets of names (regions, SKUs): the data, its sources, and how a name
archlint does not know is refused (spec) or reported (Terraform)."""

from __future__ import annotations

import typing

import pytest

from archlint.azure import names
from archlint.model import Architecture
from archlint.model.architecture import leaf_types, name_fields, walk
from archlint.model.base import AzureName
from tests.conftest import MINIMAL_SPEC

SOURCE_PREFIXES = (
    "https://learn.microsoft.com/",
    "https://registry.terraform.io/providers/hashicorp/azurerm/",
)

# --- the data and its sources -------------------------------------------------------------------


def test_every_region_list_source_is_microsoft_learn() -> None:
    sources = names.regions_source()
    assert sources[0] == "https://learn.microsoft.com/azure/reliability/regions-list"
    assert all(s.startswith("https://learn.microsoft.com/") for s in sources)


def test_regions_are_programmatic_names_with_display_names() -> None:
    regions = names.regions()
    assert len(regions) >= 57
    for name, region in regions.items():
        assert name == region.name
        assert name == "".join(ch for ch in region.display_name.lower() if ch.isalnum())
        assert isinstance(region.availability_zones, bool)
        assert region.access in ("general", "restricted", "coming_soon")
    assert regions["westeurope"].display_name == "West Europe"
    assert regions["westeurope"].availability_zones
    assert not regions["westcentralus"].availability_zones


def test_paired_regions_are_known_regions() -> None:
    regions = names.regions()
    for region in regions.values():
        if region.paired_region is not None:
            assert region.paired_region in regions, region
            assert region.paired_region != region.name
    assert regions["eastus2"].paired_region == "centralus"
    assert regions["westus3"].paired_region == "eastus"  # pairs are not always symmetric
    assert regions["italynorth"].paired_region is None


SKU_SETS = pytest.mark.parametrize(
    "sku", list(names.sku_sets().values()), ids=lambda s: f"{s.kind}.{s.field}"
)


@SKU_SETS
def test_every_sku_set_cites_its_source(sku: names.SkuSet) -> None:
    assert sku.values and len(set(sku.values)) == len(sku.values)
    for source in (sku.source, *sku.extra_sources):
        assert source.startswith(SOURCE_PREFIXES), source
        assert " " not in source


def _model_classes() -> dict[str, type]:
    """Every component class of the model by kind."""
    found: dict[str, type] = {}
    stack: list[type] = [Architecture]
    while stack:
        cls = stack.pop()
        kind = getattr(cls, "kind", None)
        if isinstance(kind, str) and kind not in found:
            found[kind] = cls
        for info in cls.model_fields.values():  # type: ignore[attr-defined]
            for leaf in leaf_types(info.annotation):
                if isinstance(leaf, type) and hasattr(leaf, "model_fields"):
                    stack.append(leaf)
    return found


@SKU_SETS
def test_sku_sets_are_the_model_fields_closed_sets(sku: names.SkuSet) -> None:
    """One place: a field with a Literal type accepts exactly the listed values; a str field
    is marked to be checked against them."""
    cls = _model_classes()[sku.kind]
    info = cls.model_fields[sku.field]  # type: ignore[attr-defined]
    literals = [
        value
        for leaf in leaf_types(info.annotation)
        if typing.get_origin(leaf) is typing.Literal
        for value in typing.get_args(leaf)
    ]
    if literals:
        assert sorted(literals) == sorted(sku.values)
    else:
        assert (sku.field, sku.field, AzureName("sku")) in name_fields(cls)


def test_every_region_field_of_the_model_is_checked() -> None:
    """A field named like a region holds a checked region (no plain str left behind)."""
    unchecked = []
    for cls in [*_model_classes().values(), *_section_models()]:
        checked = {key for _, key, marker in name_fields(cls) if marker.catalogue == "region"}
        for name in cls.model_fields:  # type: ignore[attr-defined]
            if name.endswith(("region", "regions")) and name not in checked:
                annotation = cls.model_fields[name].annotation  # type: ignore[attr-defined]
                if str in set(leaf_types(annotation)):
                    unchecked.append(f"{cls.__name__}.{name}")
    assert unchecked == []


def _section_models() -> list[type]:
    from archlint.model.architecture import Metadata
    from archlint.model.data import CosmosRegion
    from archlint.model.dr import FailoverDesign
    from archlint.model.edge import PrivateLinkOrigin, TrafficManagerEndpoint

    return [Metadata, CosmosRegion, FailoverDesign, PrivateLinkOrigin, TrafficManagerEndpoint]


# --- messages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("westeurope", None),
        ("westeurop", "unknown region 'westeurop'; did you mean 'westeurope'?"),
        ("West Europe", "unknown region 'West Europe'; did you mean 'westeurope'?"),
        ("WestEurope", "unknown region 'WestEurope'; did you mean 'westeurope'?"),
        ("east-us-2", "unknown region 'east-us-2'; did you mean 'eastus2'?"),
        ("mars", "unknown region 'mars'"),
    ],
)
def test_unknown_region_message(value: str, message: str | None) -> None:
    assert names.unknown_region(value) == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("P1v3", None),
        ("p1v3", "unknown sku 'p1v3'; did you mean 'P1v3'?"),
        ("P1V3", "unknown sku 'P1V3'; did you mean 'P1v3'?"),
        ("EP01", "unknown sku 'EP01'; did you mean 'EP1'?"),
    ],
)
def test_unknown_sku_message(value: str, message: str | None) -> None:
    assert names.unknown_sku("app_service_plan", "sku", value) == message


def test_unknown_sku_without_a_close_match_lists_the_values() -> None:
    message = names.unknown_sku("app_service_plan", "sku", "P9v9")
    assert message is not None
    assert message.startswith("unknown sku 'P9v9'; expected one of: F1, D1, SHARED, B1,")
    assert "P1v3" in message and "I1v2" in message


# --- validate ----------------------------------------------------------------------------------
# Each unknown region or SKU at its position: the cases are in tests/test_validate_errors.py.


def test_global_is_a_system_topic_location(cli, write_spec) -> None:
    path = write_spec(
        MINIMAL_SPEC
        + "messaging:\n  event_grid:\n    system_topics:\n"
        + "      - {id: egst, region: global, source: egst,\n"
        + "         topic_type: Microsoft.Resources.Subscriptions}\n"
    )
    result = cli("validate", str(path))
    assert result.code == 0, result.stderr


def test_lint_refuses_an_unknown_region_too(cli, write_spec) -> None:
    """The zone rules never see 'westeurop' (they used to say it had no zones)."""
    path = write_spec("metadata:\n  name: x\n  primary_region: westeurop\n")
    result = cli("lint", str(path))
    assert result.code == 2
    assert "unknown region 'westeurop'; did you mean 'westeurope'?" in result.stderr
    assert "availability zones" not in result.stdout


def test_every_region_of_the_seed_is_known() -> None:
    from archlint.loader import load_spec
    from tests.conftest import ROOT

    architecture = load_spec(ROOT / "spec" / "architecture.yaml").architecture
    seen = 0
    for _, element in walk(architecture):
        for attribute, _, marker in name_fields(type(element)):
            value = getattr(element, attribute)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and marker.catalogue == "region":
                    assert names.region(item) is not None, item
                    seen += 1
    assert seen > 10
