"""References between components: missing targets, wrong kinds, duplicate ids."""

from __future__ import annotations

import pytest

from archlint.model import ModelValidationError, build_architecture


def spec(**layers):
    return {"metadata": {"name": "t", "primary_region": "eastus2"}, **layers}


def bus(*queues):
    return {"service_bus": [{"id": "sb", "tier": "premium", "queues": list(queues)}]}


def messages(data) -> list[str]:
    with pytest.raises(ModelValidationError) as error:
        build_architecture(data)
    return [issue.message for issue in error.value.issues]


def test_dangling_reference_names_both_ends_and_suggests() -> None:
    data = spec(messaging=bus({"id": "orders"}, {"id": "q2", "forward_to": "order"}))
    assert messages(data) == [
        "'q2' forward_to refers to 'order', which does not exist; did you mean 'orders'?"
    ]


def test_duplicate_ids_are_reported_with_the_first_place() -> None:
    data = spec(messaging=bus({"id": "orders"}, {"id": "orders"}))
    assert messages(data) == [
        "duplicate id 'orders' (first used at messaging.service_bus[0].queues[0])"
    ]


def test_reference_to_the_wrong_kind() -> None:
    data = spec(messaging=bus({"id": "q1", "forward_to": "sb"}))
    assert messages(data) == [
        "'q1' forward_to refers to 'sb', a service_bus_namespace; "
        "expected service_bus_queue or service_bus_topic"
    ]


def test_dead_letter_suffix_only_on_queues_and_subscriptions() -> None:
    flows = {
        "actors": [{"id": "u", "actor_kind": "user"}],
        "flows": [
            {
                "id": "f",
                "name": "f",
                "flow_kind": "dead_letter",
                "steps": [
                    {"from": "q1/$deadletterqueue", "to": "u/$deadletterqueue", "kind": "consume"}
                ],
            }
        ],
    }
    assert messages(spec(messaging=bus({"id": "q1"}), flows=flows)) == [
        "'flows.flows[0].steps[0]' to 'u/$deadletterqueue': only queues and subscriptions "
        "have a dead-letter queue, 'u' is a actor"
    ]


def test_index_knows_parents_and_kinds() -> None:
    architecture = build_architecture(spec(messaging=bus({"id": "q1"}, {"id": "q2"})))
    assert architecture.index.by_id["q2"].parent.id == "sb"
    assert [q.id for q in architecture.index.of_kind("service_bus_queue")] == ["q1", "q2"]
    assert architecture.path_of("q2") == ("messaging", "service_bus", 0, "queues", 1)
