"""The private DNS index and the network topology the DNS rules share."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from archlint.analysis.dns import (
    DnsIndex,
    expected_zone,
    known_subresources,
    needed_subresources,
    primary_subresource,
    runtime_storage_users,
)
from archlint.analysis.network import Topology, inbound_targets
from archlint.model import Architecture, build_architecture


def _arch(**layers: Any) -> Architecture:
    return build_architecture({"metadata": {"name": "t", "primary_region": "eastus2"}, **layers})


def _vnet(vnet_id: str, octet: int, subnets: list[dict[str, Any]] | None = None) -> dict:
    return {
        "id": vnet_id,
        "region": "eastus2",
        "address_space": [f"10.{octet}.0.0/16"],
        "subnets": subnets or [],
    }


NETWORK = {
    "vnets": [
        _vnet(
            "vnet-a",
            0,
            [
                {"id": "snet-pe", "cidr": "10.0.2.0/24", "purpose": "private_endpoints"},
                {"id": "snet-vm", "cidr": "10.0.3.0/24", "purpose": "workload"},
            ],
        ),
        _vnet("vnet-b", 1),
    ],
    "private_dns_zones": [
        {
            "id": "pdz-blob",
            "zone": "PrivateLink.Blob.Core.Windows.Net.",
            "vnet_links": [{"vnet": "vnet-a"}, {"vnet": "vnet-a"}],
        },
        {"id": "pdz-blob-2", "zone": "privatelink.blob.core.windows.net"},
    ],
    "private_endpoints": [
        {
            "id": "pe-1",
            "target": "st",
            "subresource": "blob",
            "subnet": "snet-pe",
            "dns_zone_group": ["pdz-blob", "pdz-blob"],
        },
        {"id": "pe-2", "target": "st", "subresource": "file", "subnet": "snet-pe"},
    ],
}
DATA = {"storage_accounts": [{"id": "st", "replication": "ZRS"}]}


def test_index_groups_zones_links_and_endpoints() -> None:
    index = DnsIndex.build(_arch(network=NETWORK, data=DATA))
    assert [z.id for z in index.zones_named("privatelink.blob.core.windows.net")] == [
        "pdz-blob",
        "pdz-blob-2",
    ]
    zone = index.zones_named("privatelink.blob.core.windows.net")[0]
    assert index.is_linked(zone, "vnet-a") and not index.is_linked(zone, "vnet-b")
    assert [z.id for z in index.zones_linked_to["vnet-a"]] == ["pdz-blob"]  # link counted once
    assert sorted(index.endpoints_of("st")) == ["blob", "file"]
    assert index.has_endpoint("st", "BLOB") and not index.has_endpoint("st", "queue")
    assert [e.id for e in index.endpoints_by_zone["pdz-blob"]] == ["pe-1"]


def test_expected_zone_follows_facts_and_redis_enterprise() -> None:
    arch = _arch(
        data={
            "redis_caches": [
                {"id": "redis-p", "tier": "premium"},
                {"id": "redis-e", "tier": "enterprise"},
            ],
            "storage_accounts": [{"id": "st", "replication": "ZRS"}],
        }
    )
    assert expected_zone(arch.get("redis-p"), "redisCache") == (
        "privatelink.redis.cache.windows.net"
    )
    assert expected_zone(arch.get("redis-e"), "redisCache") == (
        "privatelink.redisenterprise.cache.azure.net"
    )
    assert expected_zone(arch.get("st"), "queue") == "privatelink.queue.core.windows.net"
    assert expected_zone(arch.get("st"), "Sql") is None
    assert "blob" in known_subresources("storage_account")
    assert known_subresources("virtual_machine") == []


def _runtime_arch(function_sku: str) -> Architecture:
    return _arch(
        compute={
            "plans": [
                {"id": "plan-fn", "sku": function_sku, "instances": {"min": 1, "max": 2}},
                {"id": "plan-ws", "sku": "WS1", "instances": {"min": 1, "max": 2}},
            ],
            "function_apps": [
                {
                    "id": "fn",
                    "plan": "plan-fn",
                    "storage_account": "st-fn",
                    "runtime": {"stack": "node", "version": "20"},
                }
            ],
            "logic_apps": [{"id": "la", "plan": "plan-ws", "storage_account": "st-la"}],
        },
        data={
            "storage_accounts": [
                {"id": "st-fn", "replication": "ZRS"},
                {"id": "st-la", "replication": "ZRS"},
            ],
            "cosmos_accounts": [
                {
                    "id": "cosmos",
                    "api": "mongo",
                    "regions": [{"region": "eastus2", "failover_priority": 0}],
                    "consistency": {"level": "Session"},
                    "backup": {"mode": "continuous"},
                }
            ],
        },
    )


def test_needed_subresources_for_runtime_storage() -> None:
    for sku, expected in (("EP1", ["blob", "file"]), ("P1v3", ["blob"])):
        arch = _runtime_arch(sku)
        users = runtime_storage_users(arch)
        needs = needed_subresources(arch, arch.get("st-fn"), users)
        assert [n.subresource for n in needs] == expected, sku
        assert needs[0].reason == "Function App 'fn'"
    arch = _runtime_arch("EP1")
    needs = needed_subresources(arch, arch.get("st-la"), runtime_storage_users(arch))
    assert [n.subresource for n in needs] == ["blob", "file", "queue", "table"]
    assert primary_subresource(arch.get("cosmos")) == "MongoDB"


def test_inbound_targets_collects_callers_of_apps() -> None:
    arch = _arch(
        flows={
            "actors": [{"id": "user", "actor_kind": "user"}],
            "flows": [
                {
                    "id": "f",
                    "name": "f",
                    "flow_kind": "synchronous",
                    "steps": [
                        {"from": "user", "to": "st", "kind": "sync_call"},
                        {"from": "user", "to": "user", "kind": "publish"},
                    ],
                }
            ],
        },
        data=DATA,
    )
    assert inbound_targets(arch) == {"st"}


# --- resolving VNets against a brute-force oracle --------------------------------------------

_VNETS = [f"vnet-{i}" for i in range(6)]


@settings(max_examples=150, deadline=None)
@given(
    st.sets(
        st.tuples(st.sampled_from(_VNETS), st.sampled_from(_VNETS)).filter(lambda p: p[0] != p[1]),
        max_size=10,
    ),
    st.sets(st.sampled_from(_VNETS)),
)
def test_resolving_vnets_are_the_vnet_and_its_direct_peers_with_workloads(
    peerings: set[tuple[str, str]], with_workloads: set[str]
) -> None:
    vnets = []
    machines = []
    for position, vnet_id in enumerate(_VNETS):
        subnets = [
            {"id": f"snet-{position}", "cidr": f"10.{position}.1.0/24", "purpose": "workload"}
        ]
        vnets.append(_vnet(vnet_id, position, subnets))
        if vnet_id in with_workloads:
            machines.append(
                {
                    "id": f"vm-{position}",
                    "size": "Standard_B2s",
                    "subnet": f"snet-{position}",
                    "admin_username": "a",
                }
            )
    arch = _arch(
        network={
            "vnets": vnets,
            "peerings": [
                {"id": f"p-{a}-{b}", "local": a, "remote": b} for a, b in sorted(peerings)
            ],
        },
        compute={"virtual_machines": machines},
    )
    topology = Topology.build(arch)
    for vnet_id in _VNETS:
        oracle = {vnet_id} | {
            other
            for a, b in peerings
            for other in ((b,) if a == vnet_id else (a,) if b == vnet_id else ())
            if other in with_workloads
        }
        assert set(topology.resolving_vnets(vnet_id)) == oracle
        assert topology.resolving_vnets(vnet_id) == sorted(oracle, key=_VNETS.index)
