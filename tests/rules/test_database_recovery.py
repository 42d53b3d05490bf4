"""DR001 on the relational databases: what a region loss costs per recovery feature
(failover group or geo-secondary 5 s, geo-restore 1 h, local backups: everything)."""

from __future__ import annotations

import pytest

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.loader import load_spec_text
from archlint.location import YamlLocator
from archlint.rules import all_rules

BASE = """
metadata: {name: dr, primary_region: eastus2, secondary_regions: [centralus]}
disaster_recovery:
  objectives: {rto: 4h, rpo: %RPO%}
network:
  vnets:
    - id: vnet
      region: eastus2
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-mi, cidr: 10.0.1.0/24, purpose: workload}
        - {id: snet-mi2, cidr: 10.0.2.0/24, purpose: workload}
data:
%DATA%
compute:
  plans:
    - {id: plan, sku: P1v3, zone_redundant: true, instances: {min: 3, max: 3}}
  web_apps:
    - {id: app, plan: plan, runtime: {stack: dotnet, version: "8.0"}}
flows:
  flows:
    - id: writes
      name: writes
      flow_kind: synchronous
      steps:
        - {from: app, to: %TARGET%, kind: write}
"""

SQL = """
  sql_servers:
    - id: sql-main
      databases:
        - {id: db, tier: BusinessCritical%DB%}
    - id: sql-dr
      region: centralus
      databases: %SECONDARY%
"""


def _dr001(rpo: str, data: str, target: str) -> list[str]:
    text = BASE.replace("%RPO%", rpo).replace("%DATA%", data).replace("%TARGET%", target)
    loaded = load_spec_text(text, "dr.yaml")
    rules = [all_rules()["DR001"]]
    result = run(loaded.architecture, YamlLocator(loaded.source_map), rules, Config())
    return [f.message for f in result.findings if f.rule_id == "DR001"]


def _sql(db: str = "", secondary: str = "[]", groups: str = "") -> str:
    return SQL.replace("%DB%", db).replace("%SECONDARY%", secondary) + groups


@pytest.mark.parametrize(
    ("rpo", "data", "found"),
    [
        # Geo-redundant backups (Azure's default): geo-restore loses up to an hour.
        ("15m", _sql(), "up to 1h"),
        ("2h", _sql(), None),
        # Backups kept in the region: nothing survives its loss.
        ("1d", _sql(", backup_storage_redundancy: Local"), "an unbounded amount"),
        # An active geo-replication secondary, or a failover group: 5 seconds.
        ("1m", _sql(secondary="[{id: db-geo, secondary_of: db}]"), None),
        (
            "1m",
            _sql(
                groups="  sql_failover_groups:\n    - {id: fog, server: sql-main, "
                "partner_servers: [sql-dr], databases: [db]}\n"
            ),
            None,
        ),
    ],
)
def test_sql_database(rpo: str, data: str, found: str | None) -> None:
    messages = _dr001(rpo, data, "db")
    if found is None:
        assert messages == []
    else:
        assert len(messages) == 1 and found in messages[0] and "SQL database 'db'" in messages[0]


MI = """
  sql_managed_instances:
    - {id: mi, tier: GeneralPurpose, subnet: snet-mi}
    - {id: mi-dr, region: centralus, tier: GeneralPurpose, subnet: snet-mi2}
"""


def test_managed_instance_in_a_failover_group_meets_a_short_rpo() -> None:
    assert "up to 1h" in _dr001("15m", MI, "mi")[0]
    group = "  sql_failover_groups:\n    - {id: fog, server: mi, partner_servers: [mi-dr]}\n"
    assert _dr001("1m", MI + group, "mi") == []


@pytest.mark.parametrize("kind", ["postgresql_servers", "mysql_servers"])
def test_flexible_server_geo_redundant_backup(kind: str) -> None:
    local = f"  {kind}:\n    - {{id: flex, tier: GeneralPurpose}}\n"
    geo = f"  {kind}:\n    - {{id: flex, tier: GeneralPurpose, geo_redundant_backup: true}}\n"
    assert "an unbounded amount" in _dr001("1d", local, "flex")[0]
    assert "up to 1h" in _dr001("15m", geo, "flex")[0]
    assert _dr001("1h", geo, "flex") == []
