"""The Azure Monitor metrics shipped as data: complete for the model, sourced, read lazily.

The slow test re-runs ``scripts/extract_azure_metrics.py`` on a clone of
MicrosoftDocs/azure-reference-other (``ARCHLINT_AZURE_REFERENCE_GIT``: its git directory) to
prove the shipped file is exactly what the script produces, so nobody hand-edits the data.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from pathlib import Path
from types import ModuleType

import pytest

from archlint.azure import metrics
from archlint.azure.metrics import PER_ENTITY_KINDS, catalogue, metric_type
from archlint.azure.resource_types import ARM_TYPES
from archlint.engine.runner import run
from archlint.loader import load_spec_text
from archlint.location import YamlLocator
from archlint.rules import all_rules
from tests.conftest import MINIMAL_SPEC, ROOT

DATA = ROOT / "src" / "archlint" / "azure" / "metrics.json"
AGGREGATIONS = {"Average", "Count", "Maximum", "Minimum", "Total"}
LEARN_PAGE = re.compile(
    r"^https://learn\.microsoft\.com/azure/azure-monitor/reference/supported-metrics/"
    r"microsoft-[a-z]+-[a-z]+-metrics$"
)


def _document() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def test_every_alertable_type_has_its_metrics_and_their_source() -> None:
    types = _document()["types"]
    assert sorted(types) == sorted(set(ARM_TYPES.values()))
    for arm_type, entry in types.items():
        if arm_type == "Microsoft.Network/networkSecurityGroups":
            # Learn has no supported-metrics page for NSGs: they emit no platform metrics.
            assert entry == {"source": None, "metrics": {}}
            continue
        assert LEARN_PAGE.match(entry["source"]), arm_type
        assert entry["metrics"], arm_type
        for name, metric in entry["metrics"].items():
            assert metric["aggregations"], (arm_type, name)
            assert set(metric["aggregations"]) <= {
                "Average",
                "Count",
                "Maximum",
                "Minimum",
                "Total",
            }


def test_entities_read_the_metrics_of_their_namespace() -> None:
    assert metric_type("service_bus_queue") == "Microsoft.ServiceBus/namespaces"
    assert metric_type("event_hub") == "Microsoft.EventHub/namespaces"
    assert metric_type("subnet") is None
    for namespace_kind in PER_ENTITY_KINDS.values():
        found = catalogue(ARM_TYPES[namespace_kind])
        assert found is not None
        assert found.find("IncomingMessages").dimension("entityname") == "EntityName"


def test_metric_names_match_in_any_case_and_suggest_the_closest() -> None:
    sites = catalogue("Microsoft.Web/sites")
    assert sites is not None
    assert sites.find("http5XX").name == "Http5xx"
    assert sites.find("Http5xxx") is None
    assert sites.suggest("Http5xxx") == "Http5xx"
    assert sites.suggest("completely-unrelated-name") is None


def test_a_run_without_alerts_does_not_read_the_metrics() -> None:
    metrics._data.cache_clear()
    catalogue.cache_clear()
    loaded = load_spec_text(MINIMAL_SPEC, "minimal.yaml")
    run(loaded.architecture, YamlLocator(loaded.source_map), all_rules().values())
    assert metrics._data.cache_info().currsize == 0


def _extractor() -> ModuleType:
    path = ROOT / "scripts" / "extract_azure_metrics.py"
    spec = importlib.util.spec_from_file_location("extract_azure_metrics", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_extractor_reads_both_table_layouts() -> None:
    table = """
|Metric|Name in REST API|Unit|Aggregation|Dimensions|Time Grains|DS Export|
|---|---|---|---|---|---|---|
|**Size**<br><br>Size of a queue. |`Size` |Bytes |Average, Minimum, Maximum |`EntityName`|PT1M |No|

|Category|Metric|Name in REST API|Unit|Aggregation|Dimensions|Time Grains|DS Export|
|---|---|---|---|---|---|---|---|
|Traffic|**Sessions**<br><br>Sessions. |`sessions` |Count |Total |\\<none\\>|PT5M |No|
"""
    assert _extractor().parse_table(table) == {
        "Size": {"aggregations": ["Average", "Maximum", "Minimum"], "dimensions": ["EntityName"]},
        "sessions": {"aggregations": ["Total"], "dimensions": []},
    }


def test_the_extractor_refuses_an_aggregation_it_does_not_know() -> None:
    table = """
|Metric|Name in REST API|Unit|Aggregation|Dimensions|Time Grains|DS Export|
|---|---|---|---|---|---|---|
|**Odd**<br><br>Odd. |`Odd` |Count |Median |\\<none\\>|PT1M |No|
"""
    with pytest.raises(SystemExit, match="Odd: unexpected aggregation"):
        _extractor().parse_table(table)


@pytest.mark.slow
def test_extraction_reproduces_shipped_file(tmp_path: Path) -> None:
    git_dir = os.environ.get("ARCHLINT_AZURE_REFERENCE_GIT")
    if not git_dir or not Path(git_dir).is_dir():
        pytest.skip("set ARCHLINT_AZURE_REFERENCE_GIT to a clone of azure-reference-other")
    extractor = _extractor()
    document = extractor.extract(git_dir, extractor.LAST_PUBLIC)
    assert json.dumps(document, indent=1, sort_keys=True) + "\n" == DATA.read_text("utf-8")
