"""`--rules DIR`: an organisation's own declarative YAML rules."""

from __future__ import annotations

import pytest

from tests.engine.test_lint_command import BAD

POLICY = """\
rules:
  - id: ORG001
    name: queue-ttl-too-long
    title: Queue keeps messages longer than a week
    severity: medium
    category: organisation
    select: [service_bus_queue]
    assert:
      - {field: default_message_ttl, lte: 7d}
    message: "{label} keeps messages longer than 7 days"
    references: [https://wiki.example.com/messaging]
    controls: ["WAF Reliability"]
  - id: ORG002
    name: namespace-without-owner-tag
    title: Namespace has no owner tag
    severity: low
    select: [service_bus_namespace]
    where: {tier: premium}
    assert:
      - {field: tags.owner, exists: true}
    message: "{label} has no owner tag"
"""


@pytest.fixture
def policy_dir(tmp_path):
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "messaging.yaml").write_text(POLICY)
    return folder


def test_custom_rules_run_with_builtin_ones(cli, write_spec, policy_dir) -> None:
    result = cli(
        "lint",
        str(write_spec(BAD)),
        "--rules",
        str(policy_dir),
        "--select",
        "ORG",
        "--fail-on",
        "low",
    )
    assert result.code == 1
    assert "ORG001  queue 'sbq-orders' keeps messages longer than 7 days" in result.stdout
    assert "ORG002  Service Bus namespace 'sb' has no owner tag" in result.stdout


def test_custom_rule_passes_when_condition_holds(cli, write_spec, policy_dir) -> None:
    spec = BAD.replace("default_message_ttl: 14d", "default_message_ttl: 3d").replace(
        "      tier: premium\n", "      tier: premium\n      tags: {owner: team-a}\n"
    )
    result = cli(
        "lint",
        str(write_spec(spec)),
        "--rules",
        str(policy_dir),
        "--select",
        "ORG",
        "--fail-on",
        "low",
    )
    assert result.code == 0, result.stdout


def test_invalid_custom_rule_file_is_an_input_error(cli, write_spec, tmp_path) -> None:
    folder = tmp_path / "bad-policies"
    folder.mkdir()
    (folder / "p.yaml").write_text(
        "rules:\n  - id: org1\n    name: x-y\n    title: t\n    severity: high\n"
        "    select: [service_bus_queue]\n    assert: [{field: a, gt: 1, lt: 2}]\n"
        "    message: m\n"
    )
    result = cli("lint", str(write_spec(BAD)), "--rules", str(folder))
    assert result.code == 2
    assert "p.yaml:2:9: String should match pattern" in result.stderr
    assert "needs exactly one of" in result.stderr
