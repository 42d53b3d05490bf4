"""Each semantic rule of the simulation, on the small architecture of conftest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archlint.simulation import Status
from tests.simulation.conftest import Change, architecture, flow, front_door, run


def _namespace(data: dict[str, Any]) -> dict[str, Any]:
    namespace: dict[str, Any] = data["messaging"]["service_bus"][0]
    return namespace


def _failover(component: str, strategy: str, deployed: bool, **extra: Any):  # type: ignore[no-untyped-def]
    def change(data: dict[str, Any]) -> None:
        designs = data.setdefault("disaster_recovery", {}).setdefault("failover", [])
        designs.append(
            {
                "component": component,
                "strategy": strategy,
                "secondary_region": "westus2",
                "secondary_deployed": deployed,
                **extra,
            }
        )

    return change


# --- zones ---------------------------------------------------------------------------------


def test_zone_redundant_components_survive_a_zone_loss(base) -> None:
    scenario = run(base, "zone:eastus2/1")
    assert flow(scenario).status == "survives"
    assert scenario.outages == {}


def test_a_zonal_component_fails_with_its_zone_only() -> None:
    def cache(data: dict[str, Any]) -> None:
        data["data"]["redis_caches"] = [{"id": "cache", "tier": "premium", "zones": [2]}]
        data["flows"]["flows"][0]["steps"].append({"from": "func", "to": "cache", "kind": "write"})

    arch = architecture(cache)
    assert flow(run(arch, "zone:eastus2/1")).status == "survives"
    lost = run(arch, "zone:eastus2/2")
    assert lost.outages["cache"].status is Status.down
    assert flow(lost).status == "degraded"  # the write to storage still happens
    assert flow(lost).lost_at == ["cache"]


def test_unknown_zone_placement_is_the_worst_case_and_says_so() -> None:
    arch = architecture(lambda d: d["data"]["storage_accounts"][0].update(replication="LRS"))
    scenario = run(arch, "zone:eastus2/3")
    assert scenario.outages["st"].status is Status.assumed_down
    assert scenario.assumed == ["st"]
    assert "zone placement unknown (LRS in one zone)" in scenario.outages["st"].reason
    # The function's runtime storage is that account: the function is assumed down too.
    assert scenario.outages["func"].status is Status.assumed_down
    assert flow(scenario).status == "lost"


def test_a_namespace_without_zone_redundancy_is_assumed_in_the_lost_zone() -> None:
    arch = architecture(lambda d: _namespace(d).update(zone_redundant=False))
    scenario = run(arch, "zone:eastus2/1")
    assert scenario.outages["sb"].status is Status.assumed_down
    assert scenario.outages["q"].status is Status.assumed_down
    assert flow(scenario).lost_at == ["q"]


def _container_app(zone_redundant: bool) -> Change:
    def change(data: dict[str, Any]) -> None:
        data["compute"]["container_app_environments"] = [
            {"id": "cae", "zone_redundant": zone_redundant}
        ]
        data["compute"]["container_apps"] = [{"id": "ca", "environment": "cae", "min_replicas": 3}]
        data["flows"]["flows"][0]["steps"].append({"from": "func", "to": "ca", "kind": "sync_call"})

    return change


def test_a_container_app_fails_with_an_environment_that_is_not_zone_redundant() -> None:
    kept = run(architecture(_container_app(zone_redundant=True)), "zone:eastus2/1")
    assert "ca" not in kept.outages and flow(kept).status == "survives"
    lost = run(architecture(_container_app(zone_redundant=False)), "zone:eastus2/1")
    assert lost.outages["cae"].status is Status.assumed_down
    assert lost.outages["ca"].status is Status.assumed_down  # it runs on the environment
    assert flow(lost).lost_at == ["ca"]


# --- regions and failover ------------------------------------------------------------------


def test_a_region_loss_takes_its_components_and_messages_in_flight(base) -> None:
    scenario = run(base, "region:eastus2")
    outcome = flow(scenario)
    assert outcome.status == "lost"
    assert outcome.rto is None
    assert outcome.rpo is None  # the namespace keeps no copy elsewhere
    assert any("messages in flight are lost" in note for note in outcome.notes)


def test_a_secondary_region_holding_nothing_changes_nothing(base) -> None:
    assert flow(run(base, "region:westus2")).status == "survives"


_LIVE_EVERYWHERE = (
    lambda d: d["data"]["storage_accounts"][0].update(replication="RAGZRS"),
    _failover("sb", "active_active", True),
    _failover("plan", "active_active", True),
    _failover("st", "active_active", True),
    _failover("vnet", "active_active", True),
)


def test_deployed_secondaries_fail_over_and_the_flow_is_degraded() -> None:
    arch = architecture(*_LIVE_EVERYWHERE)
    scenario = run(arch, "region:eastus2")
    assert scenario.outages["sb"].status is Status.failed_over
    outcome = flow(scenario)
    assert outcome.status == "degraded"
    assert outcome.rto == 0
    assert outcome.rpo == 900  # the namespace: 0 (geo-replicated); the storage: 15m lag


def test_a_standby_in_the_lost_region_takes_over_nothing() -> None:
    arch = architecture(*_LIVE_EVERYWHERE)
    scenario = run(arch, "region:eastus2", "region:westus2")
    assert scenario.outages["sb"].status is Status.down
    assert "standby westus2 is lost too" in scenario.outages["sb"].reason
    assert flow(scenario).status == "lost"


def test_a_redeploy_restores_the_flow_after_its_estimated_time() -> None:
    arch = architecture(
        _failover("sb", "redeploy", False, estimated_recovery_time="2h"),
        *_LIVE_EVERYWHERE[2:],
    )
    outcome = flow(run(arch, "region:eastus2"))
    assert outcome.status == "lost"
    assert outcome.rto == 7200


def _cosmos(regions: list[str], automatic: bool):  # type: ignore[no-untyped-def]
    def change(data: dict[str, Any]) -> None:
        data["data"]["cosmos_accounts"] = [
            {
                "id": "cosmos",
                "regions": [
                    {"region": r, "failover_priority": i, "zone_redundant": True}
                    for i, r in enumerate(regions)
                ],
                "automatic_failover": automatic,
                "consistency": {"level": "Session"},
                "backup": {"mode": "continuous"},
                "databases": [{"id": "db", "containers": [{"id": "ctr", "partition_key": "/id"}]}],
            }
        ]
        data["flows"]["flows"].append(
            {
                "id": "reads",
                "name": "Reads",
                "flow_kind": "synchronous",
                "steps": [{"from": "client", "to": "ctr", "kind": "read"}],
            }
        )

    return change


def test_cosmos_automatic_failover_keeps_the_container_serving() -> None:
    scenario = run(architecture(_cosmos(["eastus2", "westus2"], True)), "region:eastus2")
    assert scenario.outages["cosmos"].status is Status.failed_over
    assert scenario.outages["ctr"].status is Status.failed_over
    assert flow(scenario, "reads").status == "degraded"


def test_cosmos_without_automatic_failover_or_a_second_region_is_down() -> None:
    for regions, automatic in ((["eastus2", "westus2"], False), (["eastus2"], True)):
        scenario = run(architecture(_cosmos(regions, automatic)), "region:eastus2")
        assert flow(scenario, "reads").status == "lost", (regions, automatic)


def test_losing_a_read_region_of_cosmos_loses_nothing() -> None:
    scenario = run(architecture(_cosmos(["westus2", "eastus2"], True)), "region:eastus2")
    assert "cosmos" not in scenario.outages


# --- dependency closure --------------------------------------------------------------------


def test_a_component_fails_with_what_it_needs(base) -> None:
    for needed, reason in (
        ("plan", "its plan"),
        ("snet-app", "its vnet integration"),
        ("st", "its runtime storage account"),
    ):
        scenario = run(base, f"component:{needed}")
        assert scenario.outages["func"].status is Status.down, needed
        assert reason in scenario.outages["func"].reason
        assert flow(scenario).status == "lost"


def test_a_private_dns_zone_takes_down_what_is_reached_only_through_its_endpoint(base) -> None:
    scenario = run(base, "component:pdz-sb")
    assert [c for c in scenario.outages] == ["pdz-sb", "pe-sb", "q", "sb"]
    assert flow(scenario).lost_at == ["q"]


def test_a_public_endpoint_keeps_the_namespace_reachable_without_its_private_one() -> None:
    arch = architecture(lambda d: _namespace(d).update(public_network_access=True))
    assert "sb" not in run(arch, "component:pe-sb").outages


def test_a_key_vault_the_settings_are_read_from_is_needed() -> None:
    def vault(data: dict[str, Any]) -> None:
        data["security"] = {"key_vaults": [{"id": "kv"}]}
        data["compute"]["function_apps"][0]["app_settings"] = [
            {"name": "KEY", "secret": {"key_vault": "kv", "secret": "key"}}
        ]

    scenario = run(architecture(vault), "component:kv")
    assert "Key Vault" in scenario.outages["func"].reason


# --- flows ---------------------------------------------------------------------------------


def test_a_flow_survives_on_its_remaining_path_degraded() -> None:
    def second_consumer(data: dict[str, Any]) -> None:
        second = dict(data["compute"]["function_apps"][0], id="func2")
        data["compute"]["function_apps"].append(second)
        data["flows"]["flows"][0]["steps"] += [
            {"from": "q", "to": "func2", "kind": "consume"},
            {"from": "func2", "to": "st", "kind": "write"},
        ]

    outcome = flow(run(architecture(second_consumer), "component:func"))
    assert outcome.status == "degraded"
    assert outcome.survives
    assert outcome.lost_at == ["func"]


def _front_door(data: dict[str, Any]) -> None:
    apps = data["compute"].setdefault("web_apps", [])
    apps += [{"id": "web-a", "plan": "plan"}, {"id": "web-b", "plan": "plan"}]
    data["edge"] = {"front_doors": [front_door(["web-a", "web-b"])]}
    data["flows"]["flows"].append(
        {
            "id": "site",
            "name": "Site",
            "flow_kind": "synchronous",
            "critical": True,
            "steps": [
                {"from": "client", "to": "fd", "kind": "sync_call"},
                {"from": "fd", "to": "web-a", "kind": "sync_call"},
            ],
        }
    )


def test_front_door_routes_to_another_origin_after_its_probes_notice() -> None:
    arch = architecture(_front_door)
    outcome = flow(run(arch, "component:web-a"), "site")
    assert outcome.status == "degraded"
    assert outcome.rto == 60  # (4 samples - 3 successful + 1) x 30s probes
    assert any("routes to Front Door origin 'web-b'" in note for note in outcome.notes)
    assert flow(run(arch, "component:web-a", "component:web-b"), "site").status == "lost"


def test_traffic_manager_sends_clients_to_a_deployed_endpoint_in_another_region() -> None:
    def manager(data: dict[str, Any]) -> None:
        _front_door(data)
        data["edge"]["traffic_managers"] = [
            {
                "id": "tm",
                "routing_method": "Priority",
                "dns_ttl": "30s",
                "endpoints": [
                    {"name": "east", "target": "web-a", "region": "eastus2", "priority": 1},
                    {
                        "name": "west",
                        "host": "west.example.com",
                        "region": "westus2",
                        "priority": 2,
                        "deployed": True,
                    },
                ],
            }
        ]
        data["flows"]["flows"][-1]["steps"] = [
            {"from": "client", "to": "tm", "kind": "sync_call"},
            {"from": "tm", "to": "web-a", "kind": "sync_call"},
        ]

    arch = architecture(manager)
    outcome = flow(run(arch, "region:eastus2"), "site")
    assert outcome.status == "degraded"
    assert outcome.rto == 3 * 30 + 10 + 30  # tolerated failures x interval + timeout + TTL
    assert flow(run(arch, "region:eastus2", "region:westus2"), "site").status == "lost"


# --- messages ------------------------------------------------------------------------------


def _queue(**settings: Any):  # type: ignore[no-untyped-def]
    return lambda data: _namespace(data)["queues"][0].update(settings)


def test_messages_waiting_past_their_ttl_without_dead_lettering_are_lost() -> None:
    outcome = flow(run(architecture(), "component:func"))
    assert outcome.status == "lost"
    assert outcome.rpo is None
    assert any("expire and are lost" in note for note in outcome.notes)


def test_dead_lettering_on_expiry_keeps_the_messages() -> None:
    arch = architecture(_queue(dead_lettering_on_message_expiration=True))
    outcome = flow(run(arch, "component:func"))
    assert outcome.rpo == 0
    assert any("move to the dead-letter queue" in note for note in outcome.notes)


def test_messages_without_ttl_are_only_delayed() -> None:
    arch = architecture(_queue(default_message_ttl=None))
    outcome = flow(run(arch, "component:func"))
    assert outcome.rpo == 0
    assert any("messages delayed" in note for note in outcome.notes)


def test_an_outage_shorter_than_the_ttl_only_delays_messages() -> None:
    arch = architecture(
        _queue(default_message_ttl="1d"),
        _failover("plan", "redeploy", False, estimated_recovery_time="2h"),
        _failover("sb", "active_active", True),
        _failover("st", "active_active", True),
        _failover("vnet", "active_active", True),
    )
    outcome = flow(run(arch, "region:eastus2"))
    assert outcome.rto == 7200
    assert any("messages delayed up to 2h" in note for note in outcome.notes)


def test_queued_messages_survive_a_zone_loss_in_a_zone_redundant_namespace(base) -> None:
    scenario = run(base, "zone:eastus2/2")
    assert "q" not in scenario.outages
    assert flow(scenario).rpo == 0


def test_a_kind_without_zone_facts_is_assumed_in_the_lost_zone_and_a_policy_never_fails() -> None:
    def extras(data: dict[str, Any]) -> None:
        data["monitoring"] = {"log_analytics": [{"id": "log", "retention": "30d"}]}
        data["resilience"] = {
            "retry_policies": [
                {
                    "id": "retry",
                    "max_attempts": 3,
                    "backoff": "fixed",
                    "base_delay": "1s",
                    "max_delay": "1s",
                }
            ]
        }

    scenario = run(architecture(extras), "zone:eastus2/1", "region:eastus2")
    assert (
        "no zone facts for kind 'log_analytics_workspace'"
        in run(architecture(extras), "zone:eastus2/1").outages["log"].reason
    )
    assert "retry" not in scenario.outages


def test_consumers_failing_downstream_dead_letter_after_the_delivery_count() -> None:
    def cache(data: dict[str, Any]) -> None:
        data["data"]["redis_caches"] = [{"id": "cache", "tier": "premium", "zones": [2]}]
        data["flows"]["flows"][0]["steps"].append({"from": "func", "to": "cache", "kind": "write"})
        _namespace(data)["queues"][0]["max_delivery_count"] = 5

    outcome = flow(run(architecture(cache), "component:cache"))
    assert outcome.status == "degraded"
    assert outcome.rpo == 0
    assert "q: func fails on cache; each message moves to the dead-letter queue after 5 " in (
        " ".join(outcome.notes)
    )


def test_a_scale_set_is_placed_by_its_zones() -> None:
    def scale_sets(data: dict[str, Any]) -> None:
        data["compute"]["vm_scale_sets"] = [
            {"id": "vmss-spread", "sku": "Standard_D2s_v5", "zones": [1, 2, 3]},
            {"id": "vmss-zonal", "sku": "Standard_D2s_v5", "zones": [2]},
        ]

    lost = run(architecture(scale_sets), "zone:eastus2/2")
    assert "vmss-spread" not in lost.outages
    assert lost.outages["vmss-zonal"].status is Status.down


def test_an_aks_cluster_is_as_spread_as_its_node_pools_and_its_route_table_never_fails() -> None:
    def cluster(spread: list[int]) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            data["compute"]["kubernetes_clusters"] = [
                {
                    "id": "aks",
                    "node_pools": [
                        {
                            "id": "system",
                            "mode": "System",
                            "vm_size": "Standard_D4ds_v5",
                            "zones": [1, 2, 3],
                        },
                        {
                            "id": "user",
                            "mode": "User",
                            "vm_size": "Standard_D4ds_v5",
                            "zones": spread,
                        },
                    ],
                }
            ]
            data["network"]["route_tables"] = [{"id": "rt", "region": "eastus2", "routes": []}]

        return change

    spread = run(architecture(cluster([1, 2, 3])), "zone:eastus2/1")
    assert "aks" not in spread.outages and "rt" not in spread.outages
    one_zone = run(architecture(cluster([1])), "zone:eastus2/1")
    assert one_zone.outages["aks"].status is Status.assumed_down


def _vm_with_disks(disk_zones: list[int], disk_sku: str) -> Change:
    """A VM in zone 1 with one data disk, called by the function on the flow."""

    def change(data: dict[str, Any]) -> None:
        data["compute"]["managed_disks"] = [
            {"id": "disk", "sku": disk_sku, "size_gb": 64, "zones": disk_zones}
        ]
        data["compute"]["virtual_machines"] = [
            {
                "id": "vm",
                "size": "Standard_D2s_v5",
                "subnet": "snet-app",
                "admin_username": "ops",
                "zones": [1],
                "data_disks": ["disk"],
            }
        ]
        data["flows"]["flows"][0]["steps"].append({"from": "func", "to": "vm", "kind": "sync_call"})

    return change


def test_a_vm_fails_with_the_zone_of_its_data_disk() -> None:
    arch = architecture(_vm_with_disks([2], "Premium_LRS"))
    lost = run(arch, "zone:eastus2/2")
    assert lost.outages["disk"].status is Status.down
    assert lost.outages["vm"].status is Status.down  # its data disk is in the lost zone
    assert flow(lost).lost_at == ["vm"]


def test_a_zone_redundant_data_disk_survives_a_zone_loss() -> None:
    arch = architecture(_vm_with_disks([], "Premium_ZRS"))
    assert "disk" not in run(arch, "zone:eastus2/2").outages
    assert run(arch, "zone:eastus2/1").outages["vm"].status is Status.down  # the VM's own zone
