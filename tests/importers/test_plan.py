"""Reading `terraform show -json` plans: modules, unknowns, references, secrets, bad input."""

from __future__ import annotations

import codecs
import json
import random
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from archlint.errors import InputErrors
from archlint.importers import ImportResult, detect_input_kind, load_terraform

from .conftest import FIXTURES, PLANS, SEED_TF

MESSAGING = PLANS / "messaging.json"


@pytest.fixture(scope="module")
def plan() -> ImportResult:
    return load_terraform(MESSAGING)


def test_resources_in_child_modules_are_read(plan: ImportResult) -> None:
    namespace = plan.architecture.messaging.service_bus[0]
    assert namespace.name == "sb-plan"
    assert sorted(q.name for q in namespace.queues) == ["files", "orders", "orders-dlq"]
    assert plan.addresses["orders"] == "module.bus.azurerm_servicebus_queue.orders"


def test_values_known_after_apply_are_unknown_never_false(plan: ImportResult) -> None:
    arch = plan.architecture
    path = arch.path_of("files")
    assert (*path, "dead_lettering_on_message_expiration") in arch.unknowns
    # the orders queue sets it explicitly to false: that is known, and false
    orders = arch.get("orders")
    assert orders.dead_lettering_on_message_expiration is False
    assert (*arch.path_of("orders"), "dead_lettering_on_message_expiration") not in arch.unknowns


def test_references_follow_configuration_through_module_outputs(plan: ImportResult) -> None:
    endpoint = plan.architecture.get("servicebus-private_endpoint")
    # subnet_id and the DNS zone id are unknown at plan time; the configuration's
    # references (module.network.subnet_id -> azurerm_subnet.pe.id) name them.
    assert endpoint.subnet == "pe"
    assert endpoint.dns_zone_group == ["servicebus-private_dns_zone"]
    # a known Azure id resolves through the index of ids
    assert endpoint.target == "main-servicebus_namespace"


def test_unknown_parent_ids_resolve_through_references(plan: ImportResult) -> None:
    entry = plan.architecture.index.by_id["audit"]
    assert entry.parent is not None and entry.parent.id == "events"
    assert entry.component.forward_dead_lettered_messages_to == "dlq"


def test_sensitive_values_are_never_copied(plan: ImportResult) -> None:
    dumped = plan.architecture.model_dump_json()
    assert "fixture-secret-never-copied" not in dumped
    assert "never-copied" not in dumped
    app = plan.architecture.get("api")
    assert [s.name for s in app.app_settings] == ["DB_PASSWORD", "FEATURE_FLAG"]
    assert (*plan.architecture.path_of("api"), "app_settings", 0, "value") in (
        plan.architecture.unknowns
    )


def test_resource_changes_keep_every_action(plan: ImportResult) -> None:
    changes = plan.resource_changes
    assert changes["module.data.azurerm_cosmosdb_sql_container.legacy"] == ("delete",)
    assert changes["module.data.azurerm_storage_account.archive"] == ("delete", "create")
    assert changes["module.bus.azurerm_servicebus_namespace.main"] == ("update",)
    # destroyed resources are not in the model (they will not exist after apply)
    assert plan.architecture.get("legacy") is None


def test_plan_locations_name_the_address(plan: ImportResult) -> None:
    location = plan.locator.locate((*plan.architecture.path_of("orders"), "lock_duration"))
    assert location.address == "module.bus.azurerm_servicebus_queue.orders"
    assert location.file == str(MESSAGING)
    assert location.line is None


def test_not_evaluated_types(plan: ImportResult) -> None:
    assert plan.not_evaluated == ["random_string"]


def test_a_genuine_terraform_plan_is_read() -> None:
    result = load_terraform(FIXTURES / "builtin" / "plan.json")
    assert result.not_evaluated == ["terraform_data"]
    assert result.resource_changes["module.child.terraform_data.leaf"] == ("create",)
    assert result.resource_changes["terraform_data.replicas[1]"] == ("create",)


def test_azurerm_3_plan_reads_old_spellings() -> None:
    result = load_terraform(PLANS / "azurerm3.json")
    arch = result.architecture
    assert result.provider_major == 3
    assert arch.get("jobs").partitioning is True
    assert arch.get("jobs").lock_duration == timedelta(seconds=30)
    assert arch.messaging.service_bus[0].zone_redundant is True
    redis = arch.data.redis_caches[0]
    assert (redis.non_ssl_port_enabled, redis.min_tls_version) == (True, "1.0")
    old = sorted(p.message.split("`")[1] for p in result.problems if p.rule_id == "TF004")
    assert old == [
        "enable_non_ssl_port",
        "enable_partitioning",
        "private_endpoint_network_policies_enabled",
        "zone_redundant",
    ]
    assert {p.severity for p in result.problems if p.rule_id == "TF004"} == {"medium"}


# --- input kinds ------------------------------------------------------------------------


def test_detect_input_kind(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("metadata: {}\n")
    (tmp_path / "other.json").write_text('{"metadata": {"name": "x"}}')
    (tmp_path / "binary.tfplan").write_bytes(b"PK\x03\x04rest")
    assert detect_input_kind(SEED_TF) == "hcl"
    assert detect_input_kind(SEED_TF / "main.tf") == "hcl"
    assert detect_input_kind(MESSAGING) == "plan"
    assert detect_input_kind(tmp_path / "spec.yaml") == "spec"
    assert detect_input_kind(tmp_path / "other.json") == "spec"
    assert detect_input_kind(tmp_path / "binary.tfplan") == "plan"


# --- bad input --------------------------------------------------------------------------


def _error(path: Path) -> str:
    with pytest.raises(InputErrors) as caught:
        load_terraform(path)
    (error,) = caught.value.errors
    return str(error)


def test_truncated_plan(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text(MESSAGING.read_text()[:5000])
    message = _error(target)
    assert message.startswith(f"{target}:")
    assert "truncated JSON" in message


def test_unsupported_format_major_version(tmp_path: Path) -> None:
    document = json.loads(MESSAGING.read_text())
    document["format_version"] = "2.0"
    target = tmp_path / "plan.json"
    target.write_text(json.dumps(document))
    message = _error(target)
    assert "unsupported plan format_version '2.0' (newer than archlint: upgrade archlint)" in (
        message
    )
    assert "archlint reads formats 0.1, 0.2 and 1.x" in message


@pytest.mark.parametrize("version", ["abc", "0.3", "1.x", ""])
def test_format_versions_terraform_never_wrote_are_refused(tmp_path: Path, version: str) -> None:
    document = json.loads(MESSAGING.read_text())
    document["format_version"] = version
    target = tmp_path / "plan.json"
    target.write_text(json.dumps(document))
    message = _error(target)
    assert f"unsupported plan format_version {version!r}: archlint reads" in message


# Keys each plan format version added (Terraform's JSON output format docs and changelogs):
# a plan of an older version is written here without them, as that Terraform wrote it.
_ADDED_IN = {
    "0.2": ("after_sensitive", "before_sensitive"),  # Terraform 0.15
    "1.1": ("relevant_attributes",),  # Terraform 1.2
    "1.2": ("timestamp", "applyable", "complete", "errored"),  # Terraform 1.3 to 1.8
}
_FORMATS = {"0.1": "0.12", "0.2": "1.0", "1.0": "1.1", "1.1": "1.2", "1.2": "1.9"}


def _older_plan(version: str) -> dict:
    document = json.loads(MESSAGING.read_text())
    document["format_version"] = version
    document["terraform_version"] = _FORMATS[version] + ".0"
    for added, keys in _ADDED_IN.items():
        if tuple(int(n) for n in version.split(".")) < tuple(int(n) for n in added.split(".")):
            for key in keys:
                document.pop(key, None)
                for change in document["resource_changes"]:
                    change["change"].pop(key, None)
    return document


@pytest.mark.parametrize("version", sorted(_FORMATS))
def test_plan_format_versions_of_terraform_0_12_to_current_are_read(
    tmp_path: Path, version: str, plan: ImportResult
) -> None:
    target = tmp_path / "plan.json"
    target.write_text(json.dumps(_older_plan(version)))
    result = load_terraform(target)
    names = sorted(q.name for q in result.architecture.messaging.service_bus[0].queues)
    assert names == sorted(q.name for q in plan.architecture.messaging.service_bus[0].queues)
    assert result.resource_changes == plan.resource_changes


def test_any_1x_format_and_unknown_keys_are_accepted(tmp_path: Path) -> None:
    document = json.loads(MESSAGING.read_text())
    document["format_version"] = "1.9"
    document["something_new"] = {"from": "a future terraform"}
    document["resource_changes"][0]["future_field"] = [1, 2]
    target = tmp_path / "plan.json"
    target.write_text(json.dumps(document))
    assert load_terraform(target).architecture.get("orders") is not None


def test_state_json_is_not_a_plan(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text(json.dumps({"format_version": "1.0", "values": {"root_module": {}}}))
    message = _error(target)
    assert "not a Terraform plan" in message
    assert "looks like state" in message


@pytest.mark.parametrize("name", ["tfplan", "plan.out", "main.tf", "plan.json", "plan.tf.json"])
def test_binary_plan_file_is_recognised_by_content(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    target.write_bytes(b"PK\x03\x04" + b"\x00" * 20)
    assert detect_input_kind(target) == "plan"
    assert f"convert it with `terraform show -json {name} > plan.json`" in _error(target)


def test_binary_plan_named_tfplan_on_the_command_line(tmp_path: Path, cli) -> None:
    target = tmp_path / "tfplan"
    with zipfile.ZipFile(target, "w") as archive:  # what `terraform plan -out` writes
        archive.writestr("tfplan", b"\x00\x01")
    result = cli("lint", str(target))
    assert result.code == 2
    assert result.stderr.strip() == (
        f"{target}: a binary plan file (terraform plan -out): convert it with "
        "`terraform show -json tfplan > plan.json` and pass plan.json"
    )


def test_a_spec_without_a_suffix_is_still_a_spec(tmp_path: Path) -> None:
    from archlint.inputs import input_kind

    target = tmp_path / "architecture"
    target.write_text("metadata: {}\n")
    assert input_kind(str(target)) == "spec"


_ENCODINGS = {
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-no-bom": lambda text: text.encode("utf-16-le"),
}


@pytest.mark.parametrize("encoding", sorted(_ENCODINGS))
def test_plan_json_in_utf16_or_with_a_bom_is_read(
    tmp_path: Path, encoding: str, plan: ImportResult
) -> None:
    # PowerShell's `terraform show -json tfplan > plan.json` writes UTF-16LE with a BOM
    target = tmp_path / "messaging"  # no suffix: the kind comes from the content
    target.write_bytes(_ENCODINGS[encoding](MESSAGING.read_text(encoding="utf-8")))
    from archlint.inputs import input_kind

    assert input_kind(str(target)) == "plan"
    result = load_terraform(target)
    assert result.architecture == plan.architecture
    assert result.resource_changes == plan.resource_changes


def test_undecodable_utf16_plan(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    # a lone high surrogate: no UTF-16 text
    target.write_bytes(
        codecs.BOM_UTF16_LE + '{"format_version": "1.2"'.encode("utf-16-le") + b"\x00\xd8"
    )
    assert _error(target) == f"{target}: not valid UTF-16 JSON"


def test_json_syntax_error_in_a_utf16_plan_is_placed(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    text = '{"format_version": "1.2",\n "planned_values": {,}}'
    target.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert _error(target).startswith(f"{target}:2:21: invalid JSON")


def test_json_that_is_not_an_object(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    target.write_text('["format_version"]')
    assert "not Terraform input" in _error(target) or "not a Terraform plan" in _error(target)


def test_reading_a_plan_never_imports_the_hcl_parser() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from archlint.importers import load_terraform; "
        f"load_terraform({str(MESSAGING)!r}); "
        "print('hcl2' in sys.modules, 'lark' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "False False"


def _mutate(node: object, rng: random.Random, rate: float) -> object:
    odd = [None, 0, -1, "", "x", [], {}, [None], [{}], {"a": 1}, True, 1.5, "/subscriptions/x"]
    if isinstance(node, dict):
        return {
            k: rng.choice(odd) if rng.random() < rate else _mutate(v, rng, rate)
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [rng.choice(odd) if rng.random() < rate else _mutate(v, rng, rate) for v in node]
    return node


@pytest.mark.parametrize("rate", [0.01, 0.05, 0.2])
def test_malformed_plans_are_input_errors_or_imports_never_crashes(
    tmp_path: Path, rate: float
) -> None:
    """Plans with values of every wrong shape: each is read or refused, never a crash."""
    base = json.loads(MESSAGING.read_text())
    for seed in range(40):
        rng = random.Random(seed)
        target = tmp_path / f"plan-{seed}.json"
        target.write_text(json.dumps(_mutate(base, rng, rate)))
        try:
            load_terraform(target)
        except InputErrors as error:
            assert all("\n" not in str(e) for e in error.errors)
