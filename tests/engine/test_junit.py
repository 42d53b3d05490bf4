"""JUnit XML: the suite's counts agree with its test cases, findings and suppressions."""

from __future__ import annotations

from xml.etree import ElementTree as ET

# Two MSG001 findings (queues whose messages expire without dead-lettering), one of them
# an accepted risk; DNS001 runs and finds nothing.
SPEC = """\
metadata: {name: junit, primary_region: eastus2}
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - id: sbq-orders
          default_message_ttl: 14d
        - id: sbq-billing
          default_message_ttl: 14d
        - id: sbq-audit
          default_message_ttl: 14d
          suppress:
            - {rule: MSG001, reason: replayed from the event store}
"""


def _suite(cli, write_spec, *args: str) -> ET.Element:
    result = cli("lint", str(write_spec(SPEC)), "--format", "junit", *args)
    assert result.code in (0, 1), result.stderr
    return ET.fromstring(result.stdout)


def _with(suite: ET.Element, child: str) -> list[ET.Element]:
    return [case for case in suite.iter("testcase") if case.find(child) is not None]


def test_counts_are_counts_of_test_cases(cli, write_spec) -> None:
    suite = _suite(cli, write_spec)
    cases = list(suite.iter("testcase"))
    assert list(suite) == cases  # only test cases in the suite
    assert int(suite.get("tests")) == len(cases)
    assert int(suite.get("failures")) == len(_with(suite, "failure"))
    assert int(suite.get("skipped")) == len(_with(suite, "skipped"))
    assert suite.get("errors") == "0"
    assert all(len(case.findall("failure")) <= 1 for case in cases)


def test_each_finding_is_a_case_and_a_suppressed_one_is_skipped(cli, write_spec) -> None:
    suite = _suite(cli, write_spec, "--select", "MSG001,DNS001")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    msg001 = [name for name, case in cases.items() if case.get("classname") == "archlint.MSG001"]
    assert len(msg001) == 3
    failed = sorted(c.get("name") for c in _with(suite, "failure"))
    assert len(failed) == 2 and "[sbq-orders]" in failed[1] and "[sbq-billing]" in failed[0]
    (skipped,) = _with(suite, "skipped")
    assert skipped.get("name").endswith("[sbq-audit]")
    assert skipped.find("skipped").get("message") == "suppressed: replayed from the event store"
    passed = [c for c in suite.iter("testcase") if not len(c)]
    assert [c.get("classname") for c in passed] == ["archlint.DNS001"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("4", "2", "1")
