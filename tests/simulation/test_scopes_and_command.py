"""Failure scopes, the command's outputs and exit codes, and the seed's expectations."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from archlint.inputs import load_input
from archlint.simulation import ScopeError, parse_scope, simulate, standard_scopes
from archlint.simulation.render import to_text
from tests.conftest import ROOT, SEED_SPEC
from tests.simulation.conftest import BASE, flow, run

SNAPSHOT = ROOT / "tests" / "snapshots" / "seed-simulation.json"


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    return load_input(str(SEED_SPEC)).architecture


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "region:eastus",
            "no component runs in region 'eastus' (regions in use: eastus2, "
            "centralus, westus2); did you mean 'eastus2'?",
        ),
        ("region:eastu2", "did you mean 'eastus2'?"),
        ("zone:eastus2/4", "zones are numbered 1, 2 and 3"),
        ("zone:eastus2", "needs a region and a zone"),
        (
            "component:sb-mian",
            "no component 'sb-mian' in the architecture; did you mean 'sb-main'?",
        ),
        ("regoin:eastus2", "did you mean 'region'?"),
        ("eastus2", "expected region:NAME, zone:REGION/N or component:ID"),
    ],
)
def test_a_bad_scope_says_what_it_could_mean(seed, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScopeError, match=None) as raised:
        parse_scope(seed, text)
    assert message in str(raised.value)


def test_a_region_not_in_use_is_named_with_the_regions_in_use(seed) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ScopeError) as raised:
        parse_scope(seed, "region:northeurope")
    assert str(raised.value) == (
        "no component runs in region 'northeurope' (regions in use: eastus2, centralus, westus2)"
    )


def test_a_zone_of_a_region_without_zones_is_refused(write_spec) -> None:  # type: ignore[no-untyped-def]
    data = dict(BASE, metadata={"name": "x", "primary_region": "northcentralus"})
    data["network"] = {
        **BASE["network"],
        "vnets": [dict(BASE["network"]["vnets"][0], region="northcentralus")],
    }
    arch = load_input(str(write_spec(yaml.safe_dump(data)))).architecture
    with pytest.raises(ScopeError, match="has no availability zones: use region:northcentralus"):
        parse_scope(arch, "zone:northcentralus/1")


# --- the seed ------------------------------------------------------------------------------


def test_losing_the_service_bus_namespace_loses_the_messaging_flows_only(seed) -> None:  # type: ignore[no-untyped-def]
    scenario = run(seed, "component:sb-main")
    status = {f.id: f.status for f in scenario.flows}
    assert status == {
        "sync-request": "survives",
        "async-processing": "lost",
        "dead-letter": "lost",
        "workflow-orchestration": "lost",
    }
    assert not scenario.lost_critical


def test_losing_east_us_2_loses_every_flow(seed) -> None:  # type: ignore[no-untyped-def]
    # The secondary is not deployed (DR003 says so): nothing takes over.
    scenario = run(seed, "region:eastus2")
    assert {f.status for f in scenario.flows} == {"lost"}
    assert flow(scenario, "sync-request").lost_at == ["agw-main"]


def test_the_seed_matrix_is_pinned(seed) -> None:  # type: ignore[no-untyped-def]
    from archlint.analysis.availability import budgets
    from archlint.simulation.render import to_json

    scenarios = [simulate(seed, scopes) for scopes in standard_scopes(seed)]
    data = to_json(scenarios, {b.flow: b for b in budgets(seed)}, matrix=True)
    text = json.dumps(data, indent=2) + "\n"
    if os.environ.get("ARCHLINT_UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert text == SNAPSHOT.read_text(encoding="utf-8")


def test_the_text_shows_the_calculation(seed) -> None:  # type: ignore[no-untyped-def]
    from archlint.analysis.availability import budgets

    text = to_text([run(seed, "zone:eastus2/1")], budgets(seed), matrix=False)
    assert "st-functions: zone placement unknown (LRS in one zone)" in text
    assert "99.99%  99.99% Azure Front Door" in text
    assert "99.95%  99.95% Application Gateway v2" in text
    assert "= at most 99.6595% (1 service(s) without a sourced SLA can only lower it)" in text


# --- the command ---------------------------------------------------------------------------


def test_exit_codes(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("simulate", str(SEED_SPEC), "--fail", "component:sb-main").code == 0
    assert cli("simulate", str(SEED_SPEC), "--fail", "region:eastus2").code == 1
    assert cli("simulate", str(SEED_SPEC)).code == 1  # the matrix holds region:eastus2


def test_a_bad_scope_is_one_line_and_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("simulate", str(SEED_SPEC), "--fail", "component:sb-mian")
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{SEED_SPEC}: --fail component:sb-mian: no component 'sb-mian' in the architecture; "
        "did you mean 'sb-main'?\n"
    )


def test_a_bad_input_is_exit_2(cli, write_spec) -> None:  # type: ignore[no-untyped-def]
    result = cli("simulate", str(write_spec("metadata: {name: x}\n")))
    assert result.code == 2
    assert "primary_region" in result.stderr


def test_the_json_of_one_scenario_has_exactly_the_documented_keys(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("simulate", str(SEED_SPEC), "--fail", "region:eastus2", "--format", "json")
    data = json.loads(result.stdout)
    assert list(data) == ["scenario", "flows", "components"]
    assert data["scenario"] == ["region:eastus2"]
    assert list(data["flows"][0]) == [
        "id",
        "name",
        "survives",
        "status",
        "lost_at",
        "availability",
        "slo",
        "rto",
        "rpo",
    ]
    assert {tuple(c) for c in data["components"]} == {("id", "status")}
    sync = data["flows"][0]
    assert (sync["id"], sync["survives"], sync["status"], sync["rto"]) == (
        "sync-request",
        False,
        "lost",
        None,
    )


def test_output_is_deterministic_and_written_with_o(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out" / "matrix.md"
    first = cli("simulate", str(SEED_SPEC), "--format", "markdown", "-o", str(target))
    assert first.code == 1
    text = target.read_text()
    assert "| `region:eastus2` | **lost**" in text
    cli("simulate", str(SEED_SPEC), "--format", "markdown", "-o", str(target))
    assert target.read_text() == text


def test_a_picture_needs_one_scenario(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("simulate", str(SEED_SPEC), "--format", "svg")
    assert result.code == 2
    assert "--format svg draws one scenario: name it with --fail" in result.stderr


def test_the_failure_picture_marks_failed_components_and_dashes_lost_steps(cli) -> None:  # type: ignore[no-untyped-def]
    from archlint.graph import render_failure

    seed_arch = load_input(str(SEED_SPEC)).architecture
    scenario = run(seed_arch, "component:sb-main")
    dot = render_failure(seed_arch, {c: str(o.status) for c, o in scenario.outages.items()}, "dot")
    assert '"sbq-file-processing" [shape=' in dot
    line = next(x for x in dot.splitlines() if x.strip().startswith('"sbq-file-processing" ['))
    assert 'fillcolor="#f8d0d0"' in line and 'xlabel="down"' in line
    lost = next(x for x in dot.splitlines() if '"sbq-file-processing" -> "func-main"' in x)
    assert "style=dashed" in lost and 'color="#c00000"' in lost
    kept = next(x for x in dot.splitlines() if '"afd-main" -> "agw-main"' in x)
    assert "style=dashed" not in kept


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_the_svg_and_html_pictures(cli) -> None:  # type: ignore[no-untyped-def]
    svg = cli("simulate", str(SEED_SPEC), "--fail", "component:sb-main", "--format", "svg")
    assert svg.code == 0 and "<svg" in svg.stdout
    html = cli("simulate", str(SEED_SPEC), "--fail", "component:sb-main", "--format", "html")
    assert html.code == 0 and html.stdout.startswith("<!DOCTYPE html>")


def test_lint_does_not_load_the_simulation() -> None:
    code = (
        "import sys\nfrom archlint.cli import main\n"
        "try:\n    main(['lint', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('archlint.simulation', "
        "'archlint.analysis.availability'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(SEED_SPEC)], capture_output=True, text=True, check=False
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_an_overlay_on_terraform_is_simulated_as_lint_reads_it(cli) -> None:  # type: ignore[no-untyped-def]
    overlay = ROOT / "tests" / "fixtures" / "overlay" / "overlay.yaml"
    result = cli("simulate", str(overlay), "--fail", "zone:eastus2/1", "--format", "json")
    data = json.loads(result.stdout)
    statuses = {c["id"]: c["status"] for c in data["components"]}
    # Terraform leaves the namespace's zone redundancy at the provider default: unknown zone.
    assert statuses["main-servicebus_namespace"] == "assumed_down"
    assert result.code == 1  # its critical flow is lost in the worst case


def test_a_region_terraform_left_unknown_is_not_a_region_in_use(cli) -> None:  # type: ignore[no-untyped-def]
    plan = ROOT / "tests" / "fixtures" / "terraform" / "builtin" / "plan.json"
    result = cli("simulate", str(plan), "--format", "json")
    assert result.code == 0
    assert "region:unknown" not in result.stdout
