"""The database facts (archlint.azure.database_facts): each cites Microsoft Learn, and the
model's defaults and the zone rules agree with them."""

from __future__ import annotations

import pytest

from archlint.azure import database_facts
from archlint.azure.facts import Fact, Limit, region_has_availability_zones
from archlint.model.databases import FlexibleServer, SqlManagedInstance

RECORDS = {
    name: getattr(database_facts, name)
    for name in database_facts.__all__
    if isinstance(getattr(database_facts, name), Fact | Limit)
}


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_every_record_cites_microsoft_learn(name: str) -> None:
    assert RECORDS[name].source.startswith("https://learn.microsoft.com/azure/")


def test_flexible_server_defaults_are_the_documented_ones() -> None:
    fields = FlexibleServer.model_fields
    assert fields["require_secure_transport"].default is (
        database_facts.FLEXIBLE_SECURE_TRANSPORT_DEFAULT.value
    )
    assert fields["min_tls_version"].default == database_facts.FLEXIBLE_MIN_TLS_DEFAULT.value


def test_managed_instance_zone_redundancy_regions_have_zones() -> None:
    regions = database_facts.SQL_MI_ZONE_REDUNDANT_REGIONS.value
    assert regions and all(region_has_availability_zones(region) for region in regions)


def test_managed_instance_zone_redundancy_is_off_by_default() -> None:
    fields = SqlManagedInstance.model_fields
    assert fields["zone_redundant"].default is False
    assert (
        fields["backup_storage_redundancy"].default
        not in database_facts.SQL_MI_ZONE_REDUNDANCY_BACKUP.value
    )  # so zone redundancy asked alone is refused (SKU022)
