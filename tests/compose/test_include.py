"""A spec may ``include:`` other spec files: one architecture from several files."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import SEED_SPEC, run_cli

# Top-level sections of the seed, by the file a team might keep them in.
SPLIT = {"network.yaml": ("network", "edge"), "app.yaml": ("messaging", "compute", "data")}


def _split_seed(folder: Path) -> Path:
    """The seed in three files: network.yaml, app.yaml and main.yaml including both."""
    text = SEED_SPEC.read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"^[a-z_]+:", text, re.MULTILINE)]
    sections = {
        text[a:b].split(":", 1)[0]: text[a:b]
        for a, b in zip(starts, [*starts[1:], len(text)], strict=True)
    }
    for name, keys in SPLIT.items():
        (folder / name).write_text("".join(sections.pop(key) for key in keys), "utf-8")
    main = folder / "main.yaml"
    main.write_text(f"include: [{', '.join(SPLIT)}]\n" + "".join(sections.values()), "utf-8")
    return main


def _lint(path: Path) -> tuple[int, list[dict]]:
    result = run_cli("lint", str(path), "--format", "json")
    findings = json.loads(result.stdout)["findings"]
    return result.code, findings


def test_the_seed_split_with_include_gives_the_same_findings(tmp_path: Path) -> None:
    code, whole = _lint(SEED_SPEC)
    split_code, split = _lint(_split_seed(tmp_path))
    assert split_code == code == 1

    def without_location(findings: list[dict]) -> list[dict]:
        return [{k: v for k, v in f.items() if k != "location"} for f in findings]

    assert sorted(map(json.dumps, without_location(split))) == sorted(
        map(json.dumps, without_location(whole))
    )
    files = {Path(f["location"]["file"]).name for f in split}
    assert files == {"main.yaml", "network.yaml", "app.yaml"}


def test_each_finding_points_at_the_line_of_its_own_file(tmp_path: Path) -> None:
    main = _split_seed(tmp_path)
    _, whole = _lint(SEED_SPEC)
    _, split = _lint(main)
    seed_lines = SEED_SPEC.read_text(encoding="utf-8").splitlines()
    for finding in split:
        location = finding["location"]
        text = Path(location["file"]).read_text(encoding="utf-8").splitlines()
        line = text[location["line"] - 1]
        # the same line as in the single file, found in the file it now lives in
        twin = next(f for f in whole if f["fingerprint"] == finding["fingerprint"])
        assert line == seed_lines[twin["location"]["line"] - 1]


def test_an_id_in_two_files_names_both_places(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "messaging:\n  service_bus:\n    - {id: sb, tier: premium}\n", "utf-8"
    )
    main = tmp_path / "main.yaml"
    main.write_text(
        "metadata: {name: x, primary_region: eastus2}\ninclude: [a.yaml]\n"
        "messaging:\n  service_bus:\n    - {id: sb, tier: standard}\n",
        "utf-8",
    )
    result = run_cli("validate", str(main))
    assert (result.code, result.stderr) == (
        2,
        f"{main}:5:7: duplicate id 'sb' (first used at {tmp_path / 'a.yaml'}:3:7) "
        "(messaging.service_bus[0])\n",
    )


def test_a_reference_error_points_into_the_included_file(tmp_path: Path) -> None:
    (tmp_path / "flows.yaml").write_text(
        "flows:\n  actors: [{id: user, actor_kind: user}]\n  flows:\n"
        "    - {id: f, name: F, flow_kind: asynchronous,\n"
        "       steps: [{from: user, to: sbq-order, kind: publish}]}\n",
        "utf-8",
    )
    main = tmp_path / "main.yaml"
    main.write_text(
        "metadata: {name: x, primary_region: eastus2}\ninclude: [flows.yaml]\n"
        "messaging:\n  service_bus:\n    - {id: sb, tier: premium, queues: [{id: sbq-orders}]}\n",
        "utf-8",
    )
    result = run_cli("validate", str(main))
    assert result.code == 2
    assert result.stderr.startswith(f"{tmp_path / 'flows.yaml'}:5:33: ")
    assert (
        "'flows.flows[0].steps[0]' to refers to 'sbq-order', which does not exist; "
        "did you mean 'sbq-orders'?" in result.stderr
    )


def test_a_missing_include_and_a_cycle_are_errors(tmp_path: Path) -> None:
    main = tmp_path / "main.yaml"
    main.write_text(
        "metadata: {name: x, primary_region: eastus2}\ninclude: [nowhere.yaml, b.yaml]\n",
        "utf-8",
    )
    (tmp_path / "b.yaml").write_text("include: [main.yaml]\n", "utf-8")
    result = run_cli("validate", str(main))
    assert result.code == 2
    assert result.stderr == (
        f"{tmp_path / 'b.yaml'}:1:11: include 'main.yaml' includes itself again (a cycle) "
        "(include[0])\n"
        f"{main}:2:11: include 'nowhere.yaml' does not exist (looked for "
        f"{tmp_path / 'nowhere.yaml'}) (include[0])\n"
    )


def test_drift_reads_the_included_files_too(tmp_path: Path) -> None:
    terraform = str(SEED_SPEC.parent.parent / "tests" / "fixtures" / "terraform" / "seed")
    whole = run_cli("drift", "--spec", str(SEED_SPEC), terraform, "--format", "json")
    split = run_cli("drift", "--spec", str(_split_seed(tmp_path)), terraform, "--format", "json")
    assert (split.code, split.stdout) == (whole.code, whole.stdout)
    assert json.loads(split.stdout)["summary"] == json.loads(whole.stdout)["summary"]


def test_the_report_digest_covers_the_included_files(tmp_path: Path) -> None:
    main = _split_seed(tmp_path)

    def digest() -> str:
        result = run_cli("report", str(main), "-o", str(tmp_path / "report"))
        assert result.code == 0, result.stderr
        document = json.loads((tmp_path / "report" / "compliance.json").read_text("utf-8"))
        return document["input"]["sha256"]

    before = digest()
    app = tmp_path / "app.yaml"
    app.write_text(app.read_text("utf-8") + "# reviewed\n", "utf-8")
    assert digest() != before
