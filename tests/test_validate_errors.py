"""Every kind of bad input gets one clear line per problem, its position and exit 2."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL_SPEC

VNET = """\
metadata: {name: x, primary_region: eastus2}
network:
  vnets:
    - id: vnet-a
      region: eastus2
      address_space: [10.0.0.0/16]
      subnets:
        - id: snet-a
          cidr: {cidr}
          purpose: workload
"""

CASES = {
    "yaml syntax error": (
        "metadata:\n  name: [unclosed\n",
        "spec.yaml:3:1: YAML syntax error",
    ),
    "duplicate key": (
        "metadata:\n  name: a\n  name: b\n  primary_region: eastus2\n",
        "spec.yaml:3:3: duplicate key 'name' (first defined at line 2)",
    ),
    "unknown key with suggestion": (
        "metadata:\n  name: a\n  primary_regoin: eastus2\n",
        "spec.yaml:3:3: unknown key 'primary_regoin'; did you mean 'primary_region'?",
    ),
    "missing key": (
        "metadata:\n  name: a\n",
        "spec.yaml:2:3: missing required key 'primary_region' (metadata)",
    ),
    "wrong type": (
        MINIMAL_SPEC
        + "messaging:\n  service_bus:\n    - {id: sb, tier: premium, capacity: lots}\n",
        "spec.yaml:6:41: Input should be a valid integer",
    ),
    "invalid CIDR": (
        VNET.replace("{cidr}", "10.0.1.5/24"),
        "spec.yaml:9:17: invalid CIDR '10.0.1.5/24': host bits set; did you mean '10.0.1.0/24'?",
    ),
    "invalid duration": (
        MINIMAL_SPEC + "disaster_recovery:\n  objectives: {rto: soon, rpo: 15m}\n",
        "spec.yaml:5:21: invalid duration 'soon'",
    ),
    "duration without unit": (
        MINIMAL_SPEC + "disaster_recovery:\n  objectives: {rto: 60, rpo: 15m}\n",
        "duration 60 has no unit",
    ),
    "dangling reference": (
        VNET.replace("{cidr}", "10.0.1.0/24").replace(
            "purpose: workload", "purpose: workload\n          nsg: nsg-missing"
        ),
        "spec.yaml:11:16: 'snet-a' nsg refers to 'nsg-missing', which does not exist",
    ),
    "reference to wrong kind": (
        VNET.replace("{cidr}", "10.0.1.0/24").replace(
            "purpose: workload", "purpose: workload\n          nsg: vnet-a"
        ),
        "'snet-a' nsg refers to 'vnet-a', a virtual_network; expected network_security_group",
    ),
    "empty file": ("", "spec.yaml:1:1: empty file"),
    "comments only": ("# nothing here\n", "empty file"),
    "top level not a mapping": ("- a\n- b\n", "spec.yaml:1:1: top level is a list"),
    "top level scalar": ("hello\n", "top level is a str"),
    "python object tag": (
        "metadata: !!python/object/apply:os.system ['echo hi']\n",
        "spec.yaml:1:11: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    "custom tag": ("metadata: !Ref foo\n", "tag '!Ref' is not allowed"),
    "non-string key": ("metadata: {name: a, primary_region: b}\n1: x\n", "key '1' must be"),
    "two documents": (
        MINIMAL_SPEC + "---\n" + MINIMAL_SPEC,
        "spec.yaml:4:1: YAML syntax error: expected a single document",
    ),
    "tab indentation": ("metadata:\n\tname: a\n", "tab character used for indentation"),
    # Azure names: regions (programmatic names only) and SKUs, with a did-you-mean.
    "primary region": (
        "metadata:\n  name: x\n  primary_region: westeurop\n",
        "spec.yaml:3:19: unknown region 'westeurop'; did you mean 'westeurope'? "
        "(metadata.primary_region)",
    ),
    "display name": (
        "metadata:\n  name: x\n  primary_region: West Europe\n",
        "spec.yaml:3:19: unknown region 'West Europe'; did you mean 'westeurope'? "
        "(metadata.primary_region)",
    ),
    "secondary region": (
        "metadata:\n  name: x\n  primary_region: eastus2\n"
        "  secondary_regions: [westus2, wetsus2]\n",
        "spec.yaml:4:32: unknown region 'wetsus2'; did you mean 'westus2'? "
        "(metadata.secondary_regions[1])",
    ),
    "vnet region": (
        MINIMAL_SPEC
        + "network:\n  vnets:\n"
        + "    - {id: vnet, region: eastus3, address_space: [10.0.0.0/16]}\n",
        "spec.yaml:6:26: unknown region 'eastus3'; did you mean 'eastus'? "
        "(network.vnets[0].region)",
    ),
    "cosmos region": (
        MINIMAL_SPEC
        + "data:\n  cosmos_accounts:\n    - id: c\n"
        + "      regions: [{region: centralsu, failover_priority: 0}]\n"
        + "      consistency: {level: Session}\n      backup: {mode: continuous}\n",
        "spec.yaml:7:26: unknown region 'centralsu'; did you mean 'centralus'? "
        "(data.cosmos_accounts[0].regions[0].region)",
    ),
    "event grid topic region": (
        MINIMAL_SPEC + "messaging:\n  event_grid:\n    topics: [{id: egt, region: Global}]\n",
        "spec.yaml:6:32: unknown region 'Global' (messaging.event_grid.topics[0].region)",
    ),
    "failover secondary region": (
        MINIMAL_SPEC
        + "disaster_recovery:\n  failover:\n"
        + "    - {component: x, strategy: redeploy, secondary_region: westus-2}\n",
        "spec.yaml:6:60: unknown region 'westus-2'; did you mean 'westus2'? "
        "(disaster_recovery.failover[0].secondary_region)",
    ),
    "plan sku": (
        MINIMAL_SPEC
        + "compute:\n  plans:\n    - {id: plan, sku: p1v3, instances: {min: 1, max: 2}}\n",
        "spec.yaml:6:23: unknown sku 'p1v3'; did you mean 'P1v3'? (compute.plans[0].sku)",
    ),
    "plan sku not close to any": (
        MINIMAL_SPEC
        + "compute:\n  plans:\n    - {id: plan, sku: P9v9, instances: {min: 1, max: 2}}\n",
        "spec.yaml:6:23: unknown sku 'P9v9'; expected one of: F1, D1, SHARED,",
    ),
    "literal sku with did-you-mean": (
        MINIMAL_SPEC + "network:\n  public_ips:\n    - {id: pip, sku: standard}\n",
        "spec.yaml:6:22: Input should be 'Basic', 'Standard' or 'StandardV2'; "
        "did you mean 'Standard'? "
        "(network.public_ips[0].sku)",
    ),
    "tier with did-you-mean": (
        MINIMAL_SPEC + "messaging:\n  service_bus:\n    - {id: sb, tier: premum}\n",
        "spec.yaml:6:22: Input should be 'basic', 'standard' or 'premium'; "
        "did you mean 'premium'? (messaging.service_bus[0].tier)",
    ),
    "server parameter with a field of its own": (
        MINIMAL_SPEC
        + "data:\n  mysql_servers:\n    - id: my\n      tier: GeneralPurpose\n"
        + "      server_parameters: {tls_version: TLSv1.3}\n",
        "spec.yaml:8:40: server parameter 'tls_version' has a field of its own: "
        "set min_tls_version (data.mysql_servers[0].server_parameters.tls_version)",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_message(case: str, cli, write_spec) -> None:
    text, expected = CASES[case]
    path = write_spec(text)
    result = cli("validate", str(path))
    assert result.code == 2, result
    assert "Traceback" not in result.stderr
    assert expected in result.stderr.replace(str(path.parent) + "/", ""), result.stderr


def test_every_error_is_reported_not_only_the_first(cli, write_spec) -> None:
    path = write_spec(
        MINIMAL_SPEC
        + "messaging:\n  service_bus:\n"
        + "    - {id: sb, tier: gold}\n"
        + "    - {id: sb2, tier: premium, colour: red}\n"
    )
    result = cli("validate", str(path))
    lines = result.stderr.strip().splitlines()
    assert result.code == 2
    assert len(lines) == 2
    assert lines[0].endswith("(messaging.service_bus[0].tier)")
    assert "unknown key 'colour'" in lines[1]


def test_errors_from_several_files_are_all_reported(cli, write_spec) -> None:
    first = write_spec("", "a.yaml")
    second = write_spec("- x\n", "b.yaml")
    result = cli("validate", str(first), str(second))
    assert result.code == 2
    assert "a.yaml:1:1: empty file" in result.stderr
    assert "b.yaml:1:1: top level is a list" in result.stderr


def test_file_not_found(cli, tmp_path) -> None:
    result = cli("validate", str(tmp_path / "nope.yaml"))
    assert result.code == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.yaml'}: file not found"


def test_directory_given(cli, tmp_path) -> None:
    result = cli("validate", str(tmp_path))
    assert result.code == 2
    assert "is a directory; expected a YAML spec file" in result.stderr


def test_non_utf8_bytes(cli, tmp_path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"metadata:\n  name: caf\xe9\n  primary_region: eastus2\n")
    result = cli("validate", str(path))
    assert result.code == 2
    assert "latin1.yaml:2:1: not valid UTF-8 (byte 0xe9)" in result.stderr


def test_nul_byte(cli, tmp_path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"metadata:\n  name: a\x00\n")
    result = cli("validate", str(path))
    assert result.code == 2
    assert "nul.yaml:2:1: contains a NUL byte" in result.stderr


def test_bom_and_crlf_are_accepted(cli, tmp_path) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL_SPEC.replace("\n", "\r\n").encode())
    result = cli("validate", str(path))
    assert result.code == 0, result.stderr


def test_merge_keys_are_supported(cli, write_spec) -> None:
    path = write_spec(
        MINIMAL_SPEC
        + "messaging:\n  service_bus:\n    - id: sb\n      tier: premium\n      queues:\n"
        + "        - &q {id: q1, max_delivery_count: 5, lock_duration: 1m}\n"
        + "        - {<<: *q, id: q2}\n"
    )
    result = cli("validate", str(path))
    assert result.code == 0, result.stderr


def test_valid_spec_exits_zero(cli, write_spec) -> None:
    result = cli("validate", str(write_spec(MINIMAL_SPEC)))
    assert result.code == 0
    assert "valid (0 components)" in result.stdout
