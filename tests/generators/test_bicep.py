"""``generate_bicep``: main.bicep with one module per layer, parseable by a real Bicep parser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archlint.generators.bicep import API_VERSIONS, LAYERS, generate_bicep
from archlint.generators.bicep.core import camel
from archlint.generators.bicep.writer import BExpr, interpolate, quote, render_value
from archlint.generators.terraform import resource_type_of
from archlint.loader import load_spec_text
from archlint.model import Architecture
from tests.conftest import SEED_SPEC
from tests.generators.conftest import VARIANTS_SPEC, load


@pytest.fixture(scope="module")
def seed_bicep(seed: Architecture) -> dict[str, str]:
    return generate_bicep(seed)


@pytest.fixture(scope="module")
def variant_bicep(variants: Architecture) -> dict[str, str]:
    return generate_bicep(variants)


def test_main_and_one_module_per_layer(seed_bicep: dict[str, str]) -> None:
    assert set(seed_bicep) == {"main.bicep", *(f"{layer}.bicep" for layer in LAYERS)}
    main = seed_bicep["main.bicep"]
    for module in re.findall(r"^module (\w+) '(\w+)\.bicep'", main, flags=re.M):
        assert module[0] == module[1] and f"{module[1]}.bicep" in seed_bicep


def test_output_is_deterministic(seed_bicep: dict[str, str]) -> None:
    assert generate_bicep(load(SEED_SPEC)) == seed_bicep


@pytest.mark.parametrize("spec", [SEED_SPEC, VARIANTS_SPEC], ids=["seed", "variants"])
def test_every_file_parses_with_pycep(spec: Path) -> None:
    """pycep-parser (the Bicep parser Checkov uses) reads every generated file."""
    pycep = pytest.importorskip("pycep", reason="pycep-parser is not installed")
    files = generate_bicep(load(spec))
    parser = pycep.BicepParser()
    declared = 0
    for text in files.values():
        document = parser.parse(text=text)
        declared += len(document.get("resources", {}))
    assert declared > 20


_DECLARATION = re.compile(r"^resource (\w+) '([^'@]+)@([^']+)'( existing)? = ", re.M)


@pytest.mark.parametrize("which", ["seed_bicep", "variant_bicep"])
def test_api_versions_come_from_the_one_table(which: str, request) -> None:
    files: dict[str, str] = request.getfixturevalue(which)
    for text in files.values():
        for _, resource_type, version, _ in _DECLARATION.findall(text):
            assert API_VERSIONS[resource_type] == version


_USE = re.compile(r"\b([a-z][A-Za-z0-9]*)\.(?:id|name|properties|identity|listKeys)\b")
_LINK = re.compile(r"^\s*(?:parent|scope): ([a-z]\w*)$", re.M)


@pytest.mark.parametrize("which", ["seed_bicep", "variant_bicep"])
def test_every_symbol_a_module_uses_is_declared_in_it(which: str, request) -> None:
    """Cross-module references go through ``existing`` declarations, parameters are declared."""
    files: dict[str, str] = request.getfixturevalue(which)
    for name, text in files.items():
        if name == "main.bicep":
            continue
        declared = {symbol for symbol, *_ in _DECLARATION.findall(text)}
        code = re.sub(r"^\s*(//|@description).*$", "", text, flags=re.M)
        used = set(_USE.findall(code)) | set(_LINK.findall(code))
        assert used - declared == set(), name


def test_main_passes_exactly_the_parameters_each_module_declares(
    seed_bicep: dict[str, str],
) -> None:
    main = seed_bicep["main.bicep"]
    for block in main.split("\nmodule ")[1:]:
        layer = block.split()[0]
        params_block = block.split("params: {")[1].split("}")[0]
        passed = set(re.findall(r"^    (\w+): \1$", params_block, flags=re.M))
        declared = set(re.findall(r"^param (\w+) ", seed_bicep[f"{layer}.bicep"], flags=re.M))
        assert passed == declared, layer


def test_every_generated_component_is_declared(
    seed: Architecture, seed_bicep: dict[str, str]
) -> None:
    """The Bicep covers the same components as the Terraform (created, or existing when the
    spec says the resource exists already, like the Front Door profile)."""
    text = "\n".join(seed_bicep.values())
    created = {s for s, _, _, existing in _DECLARATION.findall(text) if not existing}
    missing = [
        component_id
        for component_id, entry in seed.index.by_id.items()
        if resource_type_of(entry.component, seed) is not None
        and camel(component_id) not in created
        and not getattr(entry.component, "existing", False)
    ]
    assert missing == []


def test_modules_only_depend_on_earlier_modules(seed_bicep: dict[str, str]) -> None:
    main = seed_bicep["main.bicep"]
    for block in main.split("\nmodule ")[1:]:
        layer = block.split()[0]
        depends = re.findall(r"^    (\w+)$", block.split("dependsOn:")[-1], flags=re.M)
        if "dependsOn:" in block:
            assert all(LAYERS.index(d) < LAYERS.index(layer) for d in depends), layer


def test_secrets_are_secure_parameters(seed_bicep: dict[str, str]) -> None:
    main = seed_bicep["main.bicep"]
    assert "@secure()\n@description('admin password of VM \\'vm-management\\'.')\n" in main
    assert "param managementVmAdminPassword string\n" in main
    assert "adminPassword: managementVmAdminPassword" in seed_bicep["compute.bicep"]


def test_a_literal_secret_never_reaches_bicep() -> None:
    secret = "Hunter2-Literal-Secret!"
    text = SEED_SPEC.read_text(encoding="utf-8").replace(
        "admin_password: {variable: management_vm_admin_password}", f'admin_password: "{secret}"'
    )
    files = generate_bicep(load_spec_text(text, "spec.yaml").architecture)
    assert all(secret not in content for content in files.values())
    assert "@secure()" in files["main.bicep"]
    assert "param vmManagementAdminPassword string" in files["main.bicep"]


def test_choices_reach_the_properties(seed_bicep: dict[str, str]) -> None:
    messaging = seed_bicep["messaging.bicep"]
    queue = messaging.split("resource sbqFileProcessing ")[1].split("\n}\n")[0]
    assert "lockDuration: 'PT5M'" in queue
    assert "maxDeliveryCount: 5" in queue
    assert "defaultMessageTimeToLive: 'P14D'" in queue
    assert "forwardDeadLetteredMessagesTo: sbqDlqMonitor.name" in queue
    assert "eventTimeToLiveInMinutes: 1440" in messaging
    assert "privateDnsZoneId: pdzServicebus.id" in messaging
    data = seed_bicep["data.bicep"]
    assert "daysAfterModificationGreaterThan: 2555" in data
    assert "defaultTtl: -1" in data


def test_bicep_strings_are_escaped() -> None:
    assert quote("it's ${x}\n") == "'it\\'s \\${x}\\n'"
    assert quote("\x01") == "'\\u{1}'"
    expression = interpolate("a'", BExpr.symbol("vault", "name"), "${b}")
    assert expression.text == "'a\\'${vault.name}\\${b}'"
    assert expression.symbols == {"vault"}
    assert render_value({"x": None, "y": [None, 1.5]}, 0) == "{\n  y: [\n    json('1.5')\n  ]\n}"


def test_every_role_archlint_knows_has_its_built_in_id() -> None:
    """Bicep assigns roles by id: a role the facts name but the id table lacks was skipped."""
    from archlint.azure.facts import BROAD_RBAC_ROLES, DATA_ROLES
    from archlint.generators.common import BUILTIN_ROLES, COSMOS_DATA_ROLES

    named = {fact.role for fact in [*BROAD_RBAC_ROLES.values(), *DATA_ROLES.values()]}
    assert named - set(BUILTIN_ROLES) - set(COSMOS_DATA_ROLES) == set()
    assert all(
        re.fullmatch(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", i)
        for i in BUILTIN_ROLES.values()
    )


def test_the_seed_event_grid_sender_role_is_assigned(seed_bicep: dict[str, str]) -> None:
    text = "\n".join(seed_bicep.values())
    assert "unknown id" not in text
    assignment = text.split("// EventGrid Data Sender for func-main\n")[1].split("\n}\n")[0]
    assert "scope: egtDomainEvents" in assignment
    assert "'d5a91429-5739-47e2-a06b-3470a27159e7')" in assignment
