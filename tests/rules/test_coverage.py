"""The APRL / PSRule coverage data agrees with the catalogue, and its sync script merges."""

from __future__ import annotations

from dataclasses import replace

from archlint.rules import all_rules
from archlint.rules.coverage import Item, Source, load, problems
from tests.conftest import ROOT, load_script

RULES = all_rules()
SYNC = load_script(ROOT / "scripts" / "sync_aprl_coverage.py")


def test_coverage_data_agrees_with_the_catalogue() -> None:
    assert problems(load(), RULES) == []


def test_at_least_80_percent_of_judgeable_aprl_recommendations_are_rules() -> None:
    covered, judgeable = load()["aprl"].share()
    assert judgeable and covered / judgeable >= 0.8, (covered, judgeable)


def _with(item: Item) -> dict[str, Source]:
    sources = load()
    aprl = sources["aprl"]
    return {**sources, "aprl": replace(aprl, items=(*aprl.items, item))}


def test_problems_name_what_is_wrong() -> None:
    guid = "00000000-0000-0000-0000-000000000000"
    both = Item(guid, "t", "Microsoft.X/y", "Active", ("ZR003",), "open", "why")
    assert f"aprl {guid}: needs rules or a reason, not both or neither" in problems(
        _with(both), RULES
    )
    unknown = Item(guid, "t", "Microsoft.X/y", "Active", ("ZR999",), "", "")
    found = problems(_with(unknown), RULES)
    assert f"aprl {guid}: unknown rule ZR999" in found
    uncited = Item(guid, "t", "Microsoft.X/y", "Active", ("ZR003",), "", "")
    assert f"ZR003 covers APRL {guid} in coverage.yaml, but does not cite it" in problems(
        _with(uncited), RULES
    )
    unmapped = Item(guid, "t", "Microsoft.X/y", "Active", (), "unmapped", "")
    assert f"aprl {guid}: unknown reason kind 'unmapped'" in problems(_with(unmapped), RULES)


def test_share_counts_only_active_judgeable_items() -> None:
    items = (
        Item("a", "", "g", "Active", ("ZR003",), "", ""),
        Item("b", "", "g", "Active", (), "open", "no rule yet"),
        Item("c", "", "g", "Active", (), "runtime", "telemetry"),
        Item("d", "", "g", "Disabled", (), "open", "no rule yet"),
    )
    assert Source("r", "c", "p", items).share() == (1, 2)


def test_sync_keeps_mappings_adds_new_and_drops_gone() -> None:
    document = {
        "aprl": {
            "commit": "old",
            "items": [
                {
                    "guid": "kept",
                    "type": "T",
                    "title": "old title",
                    "state": "Active",
                    "rules": ["ZR003"],
                },
                {
                    "guid": "gone",
                    "type": "T",
                    "title": "gone",
                    "state": "Active",
                    "reason": {"kind": "process", "text": "x"},
                },
            ],
        }
    }
    fresh = [
        {"guid": "kept", "type": "T", "title": "new title", "state": "Active"},
        {"guid": "new", "type": "T", "title": "brand new", "state": "Active"},
    ]
    changes = SYNC.merge(document, "abc", fresh)
    assert changes == ["new: new brand new", "gone from APRL: gone gone"]
    assert document["aprl"]["commit"] == "abc"
    assert document["aprl"]["items"] == [
        {"guid": "kept", "type": "T", "title": "new title", "state": "Active", "rules": ["ZR003"]},
        {
            "guid": "new",
            "type": "T",
            "title": "brand new",
            "state": "Active",
            "reason": {"kind": "unmapped", "text": ""},
        },
    ]
