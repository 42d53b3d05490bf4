"""A rule named anywhere (options, configuration, suppressions, baselines) must exist.

Unknown names are input errors (exit 2, one line, a did-you-mean, file:line when the name
came from a file); suppressions that suppress nothing are META001 findings.
"""

from __future__ import annotations

import json

import pytest

from archlint.engine.config import Config
from archlint.engine.finding import Severity
from archlint.engine.runner import run
from archlint.loader import load_spec_text
from archlint.location import Location, YamlLocator
from archlint.rules import all_rules
from tests.engine.test_lint_command import BAD, SELECT


@pytest.fixture
def bad(write_spec):
    return str(write_spec(BAD))


def with_suppressions(*entries: str) -> str:
    """BAD with ``entries`` (flow mappings) in the queue's suppress list (line 15 on)."""
    lines = "".join(f"            - {entry}\n" for entry in entries)
    return BAD.replace(
        "        - id: sbq-orders\n", f"        - id: sbq-orders\n          suppress:\n{lines}"
    )


# --- command-line selectors -----------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--select", "NOPE", "--select: unknown rule selector 'NOPE'"),
        ("--select", "MSG09", "--select: unknown rule selector 'MSG09'; did you mean 'MSG009'?"),
        ("--select", "msg001", "--select: unknown rule selector 'msg001'; did you mean 'MSG001'?"),
        (
            "--ignore",
            "messagin",
            "--ignore: unknown rule selector 'messagin'; did you mean 'messaging'?",
        ),
        (
            "--ignore",
            "expired-messages-droped",
            "--ignore: unknown rule selector 'expired-messages-droped'; "
            "did you mean 'expired-messages-dropped'?",
        ),
        ("--select", "TF9", "--select: unknown rule selector 'TF9'; did you mean 'TF'?"),
    ],
)
def test_unknown_selector_is_refused(cli, bad, option, value, message) -> None:
    result = cli("lint", bad, option, value)
    assert result.code == 2
    assert result.stderr == message + "\n"
    assert result.stdout == ""


def test_each_unknown_selector_is_one_line(cli, bad) -> None:
    result = cli("lint", bad, "--select", "MSG001,NOPE,SECURITY")
    assert result.code == 2
    assert result.stderr.splitlines() == [
        "--select: unknown rule selector 'NOPE'",
        "--select: unknown rule selector 'SECURITY'; did you mean 'security'?",
    ]


@pytest.mark.parametrize(
    "selector", ["ALL", "MSG", "MSG0", "MSG00", "MSG001", "messaging", "expired-messages-dropped"]
)
def test_every_kind_of_selector_is_known(cli, bad, selector) -> None:
    result = cli("lint", bad, "--select", selector)
    assert result.code == 1, result.stderr
    assert "MSG001" in result.stdout


def test_a_prefix_of_several_ids_is_valid(cli, bad) -> None:
    # MSG01 matches MSG010-MSG012 (none of which fires on BAD): valid, so no error.
    result = cli("lint", bad, "--select", "MSG01")
    assert result.code == 0 and result.stderr == ""


def test_importer_rule_ids_are_known_and_honoured(bad) -> None:
    # TF ids name importer problems: they are valid selectors and select/ignore/severity
    # apply to them like to any rule.
    from archlint.engine.problems import problems_to_findings
    from archlint.importers.problems import ImportProblem

    loaded = load_spec_text(BAD, "bad.yaml")
    problem = ImportProblem("TF005", "info", "not evaluated", Location("main.tf", 3, 1))
    extra = problems_to_findings([problem])
    locator = YamlLocator(loaded.source_map)
    rules = [all_rules()["MSG001"]]

    def ids(config: Config) -> list[str]:
        result = run(loaded.architecture, locator, rules, config, extra)
        return [f.rule_id for f in result.findings]

    assert ids(Config()) == ["MSG001", "TF005"]
    assert ids(Config(ignore=("TF005",))) == ["MSG001"]
    assert ids(Config(select=("MSG",))) == ["MSG001"]
    graded = run(
        loaded.architecture, locator, rules, Config(severity={"TF005": Severity.high}), extra
    )
    assert graded.findings[0].severity is Severity.high


def test_rules_command_suggests_the_closest_rule(cli) -> None:
    result = cli("rules", "MSG0001")
    assert result.code == 2
    assert result.stderr == (
        "archlint: no rule 'MSG0001'; did you mean 'MSG001'? (see `archlint rules`)\n"
    )


# --- configuration --------------------------------------------------------------------


def test_unknown_names_in_pyproject_point_at_their_line(cli, bad, tmp_path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.ruff.lint]\nselect = ["OPS05"]\n\n'  # another tool's table: not archlint's
        "[tool.archlint]\n"
        'select = ["MSG", "SEC"]\n'
        'ignore = ["OPS05"]\n'
        "[tool.archlint.severity]\n"
        'NTE006 = "low"\n'
        'expired-messages-dropped = "low"\n'
    )
    result = cli("lint", bad, "--config", str(config))
    assert result.code == 2
    assert result.stderr.splitlines() == [
        f"{config}:6:11: ignore: unknown rule selector 'OPS05'; did you mean 'OPS005'?",
        f"{config}:8:1: severity: unknown rule id 'NTE006'; did you mean 'NET006'?",
        f"{config}:9:1: severity: 'expired-messages-dropped' is the name of rule MSG001: "
        "write its id",
    ]


def test_unknown_select_in_archlint_toml(cli, bad, tmp_path) -> None:
    config = tmp_path / "archlint.toml"
    config.write_text('fail-on = "low"\nselect = [\n  "MSG001",\n  "securty",\n]\n')
    result = cli("lint", bad, "--config", str(config))
    assert result.code == 2
    assert result.stderr == (
        f"{config}:4:3: select: unknown rule selector 'securty'; did you mean 'security'?\n"
    )


def test_config_names_are_checked_even_when_options_override_them(cli, bad, tmp_path) -> None:
    config = tmp_path / "archlint.toml"
    config.write_text('select = ["NOPE"]\n')
    result = cli("lint", bad, "--config", str(config), "--select", "MSG001")
    assert result.code == 2
    assert f"{config}:1:11: select: unknown rule selector 'NOPE'" in result.stderr


def test_report_refuses_unknown_names_in_config(cli, bad, tmp_path) -> None:
    config = tmp_path / "archlint.toml"
    config.write_text('ignore = ["OPS05"]\n')
    result = cli("report", bad, "--config", str(config), "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert "ignore: unknown rule selector 'OPS05'; did you mean 'OPS005'?" in result.stderr
    assert not (tmp_path / "out").exists()


def test_custom_rules_are_loaded_before_names_are_checked(cli, bad, tmp_path) -> None:
    from tests.engine.test_custom_rules import POLICY

    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "p.yaml").write_text(POLICY)
    config = tmp_path / "archlint.toml"
    config.write_text(
        'rules = ["policies"]\nselect = ["ORG001", "organisation", "namespace-without-owner-tag"]\n'
        '[severity]\nORG002 = "high"\n'
    )
    result = cli("lint", bad, "--config", str(config))
    assert result.code == 1, result.stderr
    assert "ORG001" in result.stdout
    # The same names without the rules that define them are unknown.
    config.write_text('select = ["ORG001"]\n')
    result = cli("lint", bad, "--config", str(config))
    assert result.code == 2
    assert "select: unknown rule selector 'ORG001'" in result.stderr


# --- suppressions ---------------------------------------------------------------------


def test_suppression_of_an_unknown_rule_is_refused_at_its_line(cli, write_spec) -> None:
    path = write_spec(
        with_suppressions(
            "{rule: MSG0001, reason: replayed from the event store}",
            "{rule: expired-messages-dropped, reason: replayed from the event store}",
        )
    )
    result = cli("lint", str(path))
    assert result.code == 2
    assert result.stderr.splitlines() == [
        f"{path}:16:16: suppress: unknown rule id 'MSG0001'; did you mean 'MSG001'? "
        "(messaging.service_bus[0].queues[0].suppress[0].rule)",
        f"{path}:17:16: suppress: 'expired-messages-dropped' is the name of rule MSG001: "
        "write its id (messaging.service_bus[0].queues[0].suppress[1].rule)",
    ]
    assert result.stdout == ""


def test_suppression_of_an_importer_problem_is_refused(cli, write_spec) -> None:
    path = write_spec(with_suppressions("{rule: TF005, reason: not evaluated anyway}"))
    result = cli("lint", str(path))
    assert result.code == 2
    assert result.stderr == (
        f"{path}:16:16: suppress: TF005 reports on Terraform input, not on a spec "
        "(messaging.service_bus[0].queues[0].suppress[0].rule)\n"
    )


def test_report_refuses_a_suppression_of_an_unknown_rule(cli, write_spec, tmp_path) -> None:
    path = write_spec(with_suppressions("{rule: NOPE001, reason: not a rule at all}"))
    result = cli("report", str(path), "-o", str(tmp_path / "out"))
    assert result.code == 2
    assert f"{path}:16:16: suppress: unknown rule id 'NOPE001'" in result.stderr


def unused(cli, path, *args: str) -> list[str]:
    document = json.loads(cli("lint", str(path), "--format", "json", *args).stdout)
    return [f["message"] for f in document["findings"] if f["rule_id"] == "META001"]


def test_suppression_that_suppresses_nothing_is_a_finding(cli, write_spec) -> None:
    path = write_spec(
        with_suppressions(
            "{rule: MSG001, reason: replayed from the event store}",
            "{rule: SEC001, reason: not about this queue}",
        )
    )
    result = cli("lint", str(path), "--select", "MSG001,SEC001,META001", "--fail-on", "medium")
    assert result.code == 1
    assert (
        "17:15  medium   META001  the suppression of SEC001 on queue 'sbq-orders' suppresses "
        "nothing: SEC001 reports nothing there; remove it"
    ) in result.stdout
    assert "1 suppressed" in result.stdout  # the MSG001 entry is in use: not reported


def test_expired_suppression_that_suppresses_nothing_is_reported(cli, write_spec) -> None:
    path = write_spec(
        with_suppressions("{rule: MSG007, reason: temporary exception, expires: 2020-01-31}")
    )
    # MSG007 is a policy rule: not run by default, so its suppressions are not judged.
    assert unused(cli, path) == []
    assert unused(cli, path, "--extend-select", "MSG007") == [
        "the suppression of MSG007 on queue 'sbq-orders' (expired 2020-01-31) suppresses "
        "nothing: MSG007 reports nothing there; remove it"
    ]


def test_suppressions_of_rules_that_did_not_run_are_not_judged(cli, write_spec) -> None:
    path = write_spec(with_suppressions("{rule: SEC001, reason: not about this queue}"))
    assert unused(cli, path)  # SEC001 ran: reported
    assert unused(cli, path, "--select", "MSG,META") == []
    assert unused(cli, path, "--ignore", "SEC001") == []
    assert unused(cli, path, "--ignore", "META001") == []


def test_a_suppression_of_meta001_is_itself_unused(cli, write_spec) -> None:
    path = write_spec(with_suppressions("{rule: META001, reason: keep it quiet}"))
    assert unused(cli, path) == [
        "the suppression of META001 on queue 'sbq-orders' suppresses nothing: META001 "
        "reports nothing there; remove it"
    ]


def test_suppression_of_a_finding_dropped_as_unknown_is_not_judged() -> None:
    loaded = load_spec_text(with_suppressions("{rule: MSG001, reason: replayed}"), "bad.yaml")
    queue = loaded.architecture.path_of("sbq-orders")
    loaded.architecture.unknowns.add((*queue, "dead_lettering_on_message_expiration"))
    rules = [all_rules()["MSG001"], all_rules()["META001"]]
    result = run(loaded.architecture, YamlLocator(loaded.source_map), rules)
    assert result.findings == [] and result.unknown_dropped == 1


# --- baselines ------------------------------------------------------------------------


def test_baseline_naming_an_unknown_rule_is_refused(cli, bad, tmp_path) -> None:
    baseline = tmp_path / "baseline.json"
    assert cli("lint", bad, *SELECT, "--write-baseline", str(baseline)).code == 0
    document = json.loads(baseline.read_text())
    document["findings"][1]["rule_id"] = "SEC0001"
    baseline.write_text(json.dumps(document, indent=2) + "\n")
    result = cli("lint", bad, "--baseline", str(baseline))
    assert result.code == 2
    assert result.stderr == (
        f"{baseline}:11:7: unknown rule id 'SEC0001'; did you mean 'SEC001'?\n"
    )
