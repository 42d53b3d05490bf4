"""`--rules DIR`: an organisation's own declarative YAML rules."""

from __future__ import annotations

import json

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


# --- checked against the model at load --------------------------------------------------

RULE_HEAD = """\
rules:
  - id: ORG010
    name: checked-rule
    title: A rule checked against the model
    severity: medium
"""


def lint_with_rule(cli, write_spec, tmp_path, body: str, spec: str = BAD):
    """Lint ``spec`` with one custom rule (RULE_HEAD + ``body``, from line 6 on)."""
    folder = tmp_path / "org"
    folder.mkdir(exist_ok=True)
    rules_file = folder / "org.yaml"
    rules_file.write_text(RULE_HEAD + body)
    result = cli("lint", str(write_spec(spec)), "--rules", str(folder), "--select", "ORG")
    return result, rules_file


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "    select: [sb_queue]\n    assert: [{field: lock_duration, lte: 1m}]\n"
            "    message: m\n",
            "6:14: unknown component kind 'sb_queue'; did you mean 'service_bus_queue'? "
            "(see `archlint rules --kinds`) (rules.0.select.0)",
        ),
        (
            "    select: [service_bus_queue]\n    assert: [{field: lock_duraton, lte: 1m}]\n"
            "    message: m\n",
            "7:22: service_bus_queue has no field 'lock_duraton'; did you mean 'lock_duration'? "
            "(rules.0.assert.0.field)",
        ),
        (
            "    select: [service_bus_queue]\n    where: {requires_sesion: true}\n"
            "    assert: [{field: lock_duration, lte: 1m}]\n    message: m\n",
            "7:30: service_bus_queue has no field 'requires_sesion'; did you mean "
            "'requires_session'? (rules.0.where.requires_sesion)",
        ),
        (
            "    select: [redis_cache]\n"
            "    assert: [{field: persistence.aof.enabeld, equals: true}]\n"
            "    message: m\n",
            "7:22: 'persistence.aof' has no field 'enabeld'; did you mean 'enabled'? "
            "(rules.0.assert.0.field)",
        ),
        (
            "    select: [service_bus_queue]\n    assert: [{field: forward_to, lte: 5}]\n"
            "    message: m\n",
            "7:39: 'lte' compares numbers, durations, sizes or dates; 'forward_to' is text "
            "(rules.0.assert.0.lte)",
        ),
        (
            "    select: [service_bus_queue]\n"
            "    assert: [{field: max_delivery_count, matches: '1.*'}]\n"
            "    message: m\n",
            "7:51: 'matches' needs a text field; 'max_delivery_count' is a number "
            "(rules.0.assert.0.matches)",
        ),
        (
            "    select: [service_bus_queue]\n    assert: [{field: lock_duration, lte: 5x}]\n"
            "    message: m\n",
            "7:42: '5x' is not a value 'lock_duration' can hold (a duration) "
            "(rules.0.assert.0.lte)",
        ),
        (
            "    select: [service_bus_namespace]\n    where: {tier: premiun}\n"
            "    assert: [{field: zone_redundant, equals: true}]\n    message: m\n",
            "7:19: 'premiun' is not a value 'tier' can hold (one of 'basic', 'standard', "
            "'premium'); did you mean 'premium'? (rules.0.where.tier)",
        ),
        (
            "    select: [redis_cache]\n    assert: [{field: persistence, equals: true}]\n"
            "    message: m\n",
            "7:43: 'persistence' is a group of fields (aof, rdb): name one, or use 'exists' "
            "(rules.0.assert.0.equals)",
        ),
        (
            "    select: [action_group]\n    assert: [{field: channels.kind, exists: true}]\n"
            "    message: m\n",
            "7:22: 'channels' is a list: name a position ('channels.0'), not 'kind' "
            "(rules.0.assert.0.field)",
        ),
        (
            "    select: [service_bus_queue, service_bus_topic]\n"
            "    assert: [{field: lock_duration, lte: 1m}]\n    message: m\n",
            "7:22: service_bus_topic has no field 'lock_duration' (rules.0.assert.0.field)",
        ),
        (
            "    select: [service_bus_queue]\n    assert: [{field: lock_duration, lte: 1m}]\n"
            "    message: '{label} is {colour}'\n",
            "8:14: unknown placeholder {colour}; a message may use {id}, {label} and {title} "
            "(rules.0.message)",
        ),
    ],
)
def test_rule_that_does_not_fit_the_model_is_refused(
    cli, write_spec, tmp_path, body, message
) -> None:
    result, rules_file = lint_with_rule(cli, write_spec, tmp_path, body)
    assert result.code == 2
    assert result.stderr == f"{rules_file}:{message}\n"
    assert result.stdout == ""


def test_misspelt_field_no_longer_fires_on_every_component(cli, write_spec, tmp_path) -> None:
    # Before the check, the missing field failed the condition on every queue, in silence.
    body = (
        "    select: [service_bus_queue]\n    assert: [{field: lock_duraton, exists: true}]\n"
        "    message: '{label}'\n"
    )
    result, _ = lint_with_rule(cli, write_spec, tmp_path, body)
    assert result.code == 2
    assert "ORG010" not in result.stdout
    assert "has no field 'lock_duraton'" in result.stderr


@pytest.mark.parametrize(
    ("condition", "fires"),
    [
        ("{field: max_size, lte: 1GB}", False),  # sizes compare as sizes
        ("{field: max_size, gt: 2GiB}", True),
        ("{field: default_message_ttl, lte: 14d}", False),  # durations compare as durations
        ("{field: default_message_ttl, lt: P7D}", True),
        ("{field: suppress.0.rule, equals: MSG001}", False),  # list positions
        ("{field: suppress.1.rule, exists: true}", True),  # past the end: missing
        ("{field: tags.owner, in: [team-a, team-b]}", False),  # mapping keys
        ("{field: tags.owner, equals: team-b}", True),
    ],
)
def test_conditions_compare_in_the_fields_type(cli, write_spec, tmp_path, condition, fires) -> None:
    spec = BAD.replace(
        "          default_message_ttl: 14d\n",
        "          default_message_ttl: 14d\n          max_size: 1GB\n"
        "          tags: {owner: team-a}\n"
        "          suppress: [{rule: MSG001, reason: replayed from the event store}]\n",
    )
    body = f"    select: [service_bus_queue]\n    assert: [{condition}]\n    message: '{{label}}'\n"
    result, _ = lint_with_rule(cli, write_spec, tmp_path, body, spec)
    assert result.stderr == ""
    assert ("ORG010" in result.stdout) is fires, result.stdout


def test_rules_kinds_lists_every_kind_with_its_fields(cli) -> None:
    listing = cli("rules", "--kinds")
    assert listing.code == 0
    assert "service_bus_queue  (queue)\n" in listing.stdout
    assert "    lock_duration: a duration\n" in listing.stdout
    assert "    persistence.aof.enabled: true or false\n" in listing.stdout
    assert listing.stdout.startswith("every kind has: id, name, description, tags, suppress.")
    document = json.loads(cli("rules", "--kinds", "--format", "json").stdout)
    assert document["service_bus_queue"]["fields"]["max_size"] == "a size"
    assert document["service_bus_namespace"]["fields"]["tier"] == (
        "one of 'basic', 'standard', 'premium'"
    )
    refused = cli("rules", "MSG001", "--kinds")
    assert refused.code == 2
    assert refused.stderr == "archlint: --kinds lists kinds; it takes no RULE_ID\n"


def test_readme_lists_every_component_kind() -> None:
    from archlint.model.fieldpaths import component_classes
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    paragraph = readme[readme.index("### Accepted risks") : readme.index("### Limits")]
    missing = [kind for kind in component_classes() if f"`{kind}`" not in paragraph]
    assert missing == []
