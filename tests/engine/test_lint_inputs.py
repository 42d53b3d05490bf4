"""Which files `archlint lint PATH` reads, and which configuration applies to them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MINIMAL_TERRAFORM

# MSG001 (high): a queue whose messages expire without dead-lettering.
QUEUE_SPEC = """\
metadata: {{name: {name}, primary_region: eastus2}}
messaging:
  service_bus:
    - id: sb
      tier: premium
      queues:
        - id: sbq-{name}
          default_message_ttl: 14d
"""


def _spec(folder: Path, file: str, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file
    path.write_text(QUEUE_SPEC.format(name=name), encoding="utf-8")
    return path


def test_a_directory_of_specs_lints_each_spec(cli, tmp_path) -> None:
    _spec(tmp_path, "orders.yaml", "orders")
    _spec(tmp_path, "billing.yml", "billing")
    result = cli("lint", str(tmp_path), "--select", "MSG001")
    assert result.code == 1, result.stderr
    assert str(tmp_path / "orders.yaml") in result.stdout
    assert str(tmp_path / "billing.yml") in result.stdout
    assert result.stdout.count("MSG001") == 2


def test_dotfiles_and_subdirectories_are_not_read(cli, tmp_path) -> None:
    _spec(tmp_path, "orders.yaml", "orders")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "broken.yaml").write_text("not: [a spec\n", encoding="utf-8")
    result = cli("lint", str(tmp_path), "--select", "MSG001")
    assert result.code == 1, result.stderr
    assert result.stdout.count("MSG001") == 1


def test_yaml_beside_terraform_is_not_read_as_a_spec_and_archlint_says_so(cli, tmp_path) -> None:
    (tmp_path / "main.tf").write_text(MINIMAL_TERRAFORM, encoding="utf-8")
    spec = _spec(tmp_path, "architecture.yaml", "orders")
    result = cli("lint", str(tmp_path), "--select", "MSG001")
    assert result.code == 0, result.stderr
    assert "MSG001" not in result.stdout
    assert f"{spec}: not linted: a directory with Terraform is read as Terraform" in result.stderr

    both = cli("lint", str(tmp_path), str(spec), "--select", "MSG001")
    assert both.code == 1 and both.stdout.count("MSG001") == 1
    assert "not linted" not in both.stderr


def test_a_directory_with_neither_is_an_input_error(cli, tmp_path) -> None:
    result = cli("lint", str(tmp_path))
    assert result.code == 2
    assert result.stderr == f"{tmp_path}: no Terraform files (*.tf, *.tf.json) here\n"


def test_validate_reads_a_directory_of_specs_too(cli, tmp_path) -> None:
    orders = _spec(tmp_path, "orders.yaml", "orders")
    billing = _spec(tmp_path, "billing.yaml", "billing")
    result = cli("validate", str(tmp_path))
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{billing}: valid (2 components)",
        f"{orders}: valid (2 components)",
    ]


def test_report_reads_the_one_spec_of_a_directory_and_refuses_two(cli, tmp_path) -> None:
    folder = tmp_path / "specs"
    _spec(folder, "orders.yaml", "orders")
    written = cli("report", str(folder), "-o", str(tmp_path / "one"))
    assert written.code == 0, written.stderr
    assert "sbq-orders" in (tmp_path / "one" / "compliance.json").read_text(encoding="utf-8")
    _spec(folder, "billing.yaml", "billing")
    refused = cli("report", str(folder), "-o", str(tmp_path / "two"))
    assert refused.code == 2
    assert (
        refused.stderr == f"{folder}: holds 2 specs; a report covers one input: name one of them\n"
    )
    assert not (tmp_path / "two").exists()


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """The working directory: outside the project, with a configuration of its own."""
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    (cwd / "archlint.toml").write_text('ignore = ["MSG001"]\n', encoding="utf-8")
    monkeypatch.chdir(cwd)
    return cwd


def test_configuration_is_found_upward_from_the_input(cli, tmp_path, elsewhere) -> None:
    project = tmp_path / "project"
    spec = _spec(project / "spec", "architecture.yaml", "orders")
    (project / "pyproject.toml").write_text(
        '[tool.archlint]\nselect = ["MSG001"]\n[tool.archlint.severity]\nMSG001 = "low"\n',
        encoding="utf-8",
    )
    result = cli("lint", str(spec))
    assert result.code == 0, result.stderr  # low is below the default --fail-on high
    assert "low      MSG001" in result.stdout


def test_without_one_above_the_input_the_working_directorys_applies(
    cli, tmp_path, elsewhere
) -> None:
    spec = _spec(tmp_path / "loose", "architecture.yaml", "orders")
    result = cli("lint", str(spec), "--select", "MSG001")
    assert result.code == 0, result.stderr
    assert "MSG001" not in result.stdout  # ignored by the working directory's archlint.toml


def test_inputs_under_different_configurations_are_an_error(cli, tmp_path, elsewhere) -> None:
    first = _spec(tmp_path / "one", "architecture.yaml", "orders")
    second = _spec(tmp_path / "two", "architecture.yaml", "billing")
    (tmp_path / "two" / "archlint.toml").write_text('fail-on = "low"\n', encoding="utf-8")
    result = cli("lint", str(first), str(second))
    assert result.code == 2
    assert result.stderr == (
        f"{second}: its configuration is {tmp_path / 'two' / 'archlint.toml'}, not "
        f"{elsewhere / 'archlint.toml'} as for {first}: lint them in separate runs, or choose "
        "one with --config\n"
    )
