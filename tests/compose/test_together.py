"""Several Terraform roots as one architecture: ``lint --together`` and several ``sources:``.

The fixture is a hub-and-spoke repository: the hub root creates the private DNS zones, the
firewall (its policy proxies DNS) and the peerings to the spokes' networks, which it looks up;
each spoke root looks the hub's zones and network up with ``data`` sources. One real defect
is planted: the data spoke's key vault endpoint registers in the blob zone.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from archlint.inputs import load_together_input
from tests.conftest import ROOT, run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "hubspoke"
ROOTS = [FIXTURE / "hub", FIXTURE / "spoke-app", FIXTURE / "spoke-data"]


def _findings(*args: str | Path) -> list[dict]:
    result = run_cli("lint", *map(str, args), "--format", "json")
    assert result.code in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def _by_rule(findings: list[dict], prefix: str) -> list[tuple[str, str, str]]:
    """(rule, Terraform address, root folder) of the findings whose rule id starts so."""
    return sorted(
        (f["rule_id"], f["location"]["address"], Path(f["location"]["file"]).parent.name)
        for f in findings
        if f["rule_id"].startswith(prefix)
    )


@pytest.fixture
def roots(tmp_path: Path):
    """A copy of the fixture's roots in tmp_path, with an edit applied to one file."""
    for root in ROOTS:
        shutil.copytree(root, tmp_path / root.name)

    def edit(root: str, old: str, new: str) -> list[Path]:
        main = tmp_path / root / "main.tf"
        text = main.read_text(encoding="utf-8")
        assert old in text
        main.write_text(text.replace(old, new), encoding="utf-8")
        return [tmp_path / root.name for root in ROOTS]

    return edit


def test_together_finds_the_planted_defect_and_no_other_dns_finding() -> None:
    findings = _findings("--together", *ROOTS)
    assert _by_rule(findings, "DNS") == [
        ("DNS001", "azurerm_private_endpoint.vault", "spoke-data"),
    ]
    (vault,) = [f for f in findings if f["rule_id"] == "DNS001"]
    assert "registers in 'blob' (privatelink.blob.core.windows.net)" in vault["message"]
    assert "needs a zone named privatelink.vaultcore.azure.net" in vault["message"]
    # Every lookup is a resource of another root: nothing is left unseen.
    assert _by_rule(findings, "TF008") == []


def test_lookups_resolve_to_the_other_roots_components() -> None:
    arch = load_together_input([str(r) for r in ROOTS]).architecture
    network = arch.network
    endpoints = {e.id: e.dns_zone_group for e in network.private_endpoints}
    # The hub's zones are for_each instances keyed blob/servicebus/vault; a spoke's
    # colliding ids are qualified by its folder name.
    assert endpoints == {
        "spoke-app.blob": ["blob"],
        "spoke-app.servicebus": ["servicebus"],
        "spoke-data.blob": ["blob"],
        "spoke-data.vault": ["blob"],
    }
    peerings = {p.id: (p.local, p.remote) for p in network.peerings}
    assert peerings == {
        "app": ("hub-virtual_network", "app-virtual_network"),
        "data": ("hub-virtual_network", "data-virtual_network"),
        "to_hub": ("app-virtual_network", "hub-virtual_network"),
        "spoke-data.to_hub": ("data-virtual_network", "hub-virtual_network"),
    }
    assert not [c for c in arch.index.by_id if c.startswith("ext-")]  # no stub is left


def test_one_root_alone_names_the_lookups_it_could_not_see_and_concludes_nothing() -> None:
    findings = _findings(FIXTURE / "spoke-data")
    assert _by_rule(findings, "DNS") == []  # the vault's zone is outside: not judged
    unseen = [f for f in findings if f["rule_id"] == "TF008"]
    assert [f["location"]["address"] for f in unseen] == [
        "data.azurerm_virtual_network.hub",
        "data.azurerm_private_dns_zone.blob",
    ]
    assert unseen[1]["message"] == (
        "data.azurerm_private_dns_zone.blob looks up azurerm_private_dns_zone "
        "'privatelink.blob.core.windows.net' (resource group 'rg-hub'), which this "
        "configuration does not create (lint it with the root that creates it: lint "
        "--together): what depends on it is unknown and not judged"
    )
    assert unseen[1]["severity"] == "info"


def test_the_hub_alone_names_the_spoke_networks_it_peers_with() -> None:
    findings = _findings(FIXTURE / "hub")
    assert _by_rule(findings, "TF008") == [
        ("TF008", 'data.azurerm_virtual_network.spoke["app"]', "hub"),
        ("TF008", 'data.azurerm_virtual_network.spoke["data"]', "hub"),
    ]
    assert _by_rule(findings, "DNS") == []


def test_spokes_on_azure_dns_need_the_hub_zones_linked(roots) -> None:
    """Read together, the hub's zones are known: spokes without custom DNS servers resolve
    through Azure DNS, so each zone must be linked to them (true findings only --together
    can make)."""
    servers = (
        "  dns_servers         = "
        "[data.azurerm_firewall.hub.ip_configuration[0].private_ip_address]\n"
    )
    roots("spoke-app", servers, "")
    paths = roots("spoke-data", servers, "")
    findings = _findings("--together", *paths)
    assert _by_rule(findings, "DNS002") == [
        ("DNS002", 'azurerm_private_dns_zone.zone["blob"]', "hub"),
        ("DNS002", 'azurerm_private_dns_zone.zone["servicebus"]', "hub"),
    ]
    blob = next(f for f in findings if f["rule_id"] == "DNS002" and "blob" in f["message"])
    assert (
        "not linked to VNet 'app-virtual_network' (for spoke-app.blob) and VNet "
        in (blob["message"])
    )
    assert "'data-virtual_network' (for spoke-data.blob, spoke-data.vault)" in blob["message"]


def test_a_spoke_whose_dns_servers_are_unknown_silences_no_other_spokes_gap(roots) -> None:
    """The app spoke's DNS server is the hub firewall's private IP, known only at apply:
    whether it needs the zones linked is not judged. The data spoke is on Azure DNS and
    lacks the blob zone's link: that gap is reported on its own."""
    servers = (
        "  dns_servers         = "
        "[data.azurerm_firewall.hub.ip_configuration[0].private_ip_address]\n"
    )
    paths = roots("spoke-data", servers, "")
    result = run_cli(
        "lint", "--together", *map(str, paths), "--select", "DNS002", "--format", "json"
    )
    document = json.loads(result.stdout)
    findings = document["findings"]
    assert _by_rule(findings, "DNS002") == [
        ("DNS002", 'azurerm_private_dns_zone.zone["blob"]', "hub"),
    ]
    (blob,) = [f for f in findings if f["rule_id"] == "DNS002"]
    assert blob["message"] == (
        "private DNS zone 'blob' (privatelink.blob.core.windows.net) is not linked to VNet "
        "'data-virtual_network' (for spoke-data.blob, spoke-data.vault): the names resolve to "
        "public addresses there"
    )
    # The servicebus zone serves the app spoke alone: not judged, and said so.
    reasons = [n["reason"] for n in document["not_evaluated"] if n["rule_id"] == "*"]
    assert "1 finding(s) leave out entries that rest on values unknown until apply" in reasons
    assert "1 finding(s) rest on values unknown until apply" in reasons


def test_a_lookup_no_root_matches_stays_unknown_with_one_note(roots) -> None:
    paths = roots(
        "spoke-data",
        '  name                = "privatelink.blob.core.windows.net"\n'
        "  resource_group_name = local.hub_group",
        '  name                = "privatelink.blob.core.windows.net"\n'
        '  resource_group_name = "rg-elsewhere"',
    )
    findings = _findings("--together", *paths)
    assert _by_rule(findings, "DNS") == []  # the vault's zone is unknown, not absent
    (unseen,) = [f for f in findings if f["rule_id"] == "TF008"]
    assert unseen["location"]["address"] == "data.azurerm_private_dns_zone.blob"
    assert (
        "(resource group 'rg-elsewhere'), which none of the roots read with it creates"
        in (unseen["message"])
    )


def test_a_lookup_by_a_name_unknown_before_apply_matches_nothing(roots) -> None:
    paths = roots(
        "spoke-data",
        'data "azurerm_private_dns_zone" "blob" {\n'
        '  name                = "privatelink.blob.core.windows.net"',
        'variable "blob_zone" {\n  type = string\n}\n\n'
        'data "azurerm_private_dns_zone" "blob" {\n'
        "  name                = var.blob_zone",
    )
    findings = _findings("--together", *paths)
    assert _by_rule(findings, "DNS") == []
    (unseen,) = [f for f in findings if f["rule_id"] == "TF008"]
    assert (
        "whose name is not known before apply, so it matches no root read with it"
        in (unseen["message"])
    )


def test_several_sources_in_an_overlay_are_read_together(tmp_path: Path) -> None:
    spec = tmp_path / "overlay.yaml"
    spec.write_text(
        "schema_version: 1\n"
        "metadata: {name: landing-zone, primary_region: eastus2}\n"
        "sources:\n" + "".join(f"  - terraform: {root}\n" for root in ROOTS),
        encoding="utf-8",
    )
    findings = _findings(spec)
    assert _by_rule(findings, "DNS") == [
        ("DNS001", "azurerm_private_endpoint.vault", "spoke-data"),
    ]
    assert _by_rule(findings, "TF008") == []


def test_together_refuses_a_spec() -> None:
    spec = ROOT / "spec" / "architecture.yaml"
    result = run_cli("lint", "--together", str(ROOTS[0]), str(spec))
    assert result.code == 2
    assert result.stderr.strip() == (
        f"{spec}: --together reads Terraform roots and plans, not specs; to add flows and "
        "objectives, name the roots in the spec's sources: instead"
    )


def test_a_zone_group_left_to_a_policy_is_unknown_not_missing(tmp_path: Path) -> None:
    """Landing zones let Azure Policy add the zone group (the endpoint ignores changes to
    it): the endpoint registers somewhere Terraform does not say."""
    text = (FIXTURE / "spoke-app" / "main.tf").read_text(encoding="utf-8")
    group = (
        "  private_dns_zone_group {\n"
        '    name                 = "default"\n'
        "    private_dns_zone_ids = [data.azurerm_private_dns_zone.blob.id]\n"
        "  }\n"
    )
    assert group in text
    without = text.replace(group, "")
    (tmp_path / "main.tf").write_text(without, encoding="utf-8")
    assert _by_rule(_findings(tmp_path, "--select", "DNS001"), "DNS") == [
        ("DNS001", "azurerm_private_endpoint.blob", tmp_path.name),
    ]
    # The blob endpoint comes first: it ignores changes to its zone group.
    connection_end = "    is_manual_connection           = false\n  }\n"
    ignored = "\n  lifecycle {\n    ignore_changes = [private_dns_zone_group]\n  }\n"
    (tmp_path / "main.tf").write_text(
        without.replace(connection_end, connection_end + ignored, 1), encoding="utf-8"
    )
    assert _by_rule(_findings(tmp_path, "--select", "DNS001"), "DNS") == []


def test_a_spoke_links_its_network_to_the_hub_zone_itself(roots) -> None:
    """A spoke on Azure DNS that links its network to the hub's zone (the link in the
    spoke's root, the zone looked up by name): the zone is linked, read together."""
    servers = (
        "  dns_servers         = "
        "[data.azurerm_firewall.hub.ip_configuration[0].private_ip_address]\n"
    )
    roots("spoke-app", servers, "")
    link = (
        'resource "azurerm_private_dns_zone_virtual_network_link" "blob" {\n'
        '  name                  = "link-spoke-data-blob"\n'
        "  resource_group_name   = local.hub_group\n"
        "  private_dns_zone_name = data.azurerm_private_dns_zone.blob.name\n"
        "  virtual_network_id    = azurerm_virtual_network.data.id\n"
        "}\n\n"
    )
    anchor = 'resource "azurerm_storage_account" "data" {\n'
    roots("spoke-data", servers, "")
    paths = roots("spoke-data", anchor, link + anchor)
    findings = _findings("--together", *paths)
    blob = [f for f in findings if f["rule_id"] == "DNS002" and "blob" in f["message"]]
    (finding,) = blob  # the app spoke still lacks its link; the data spoke has one
    assert "'app-virtual_network' (for spoke-app.blob): the names" in finding["message"]
    assert "data-virtual_network" not in finding["message"]
    arch = load_together_input([str(p) for p in paths]).architecture
    zone = arch.get("blob")
    assert [(link.vnet, link.registration_enabled) for link in zone.vnet_links] == [
        ("hub-virtual_network", False),
        ("data-virtual_network", False),
    ]
    # Alone, the spoke's link has no zone to go to: said, not dropped.
    alone = _findings(paths[2])
    assert any(
        f["rule_id"] == "TF005"
        and f["location"]["address"] == "azurerm_private_dns_zone_virtual_network_link.blob"
        for f in alone
    )


README_SECTION = re.compile(
    r"### Several root modules as one \(hub and spoke\)\n(.*?)\n### ", re.DOTALL
)
EXAMPLE = re.compile(r"```sh\n(archlint [^\n]*)\n```\n```\n(.*?)```", re.DOTALL)


def test_the_readme_hub_and_spoke_examples_print_what_they_show(monkeypatch) -> None:
    section = README_SECTION.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert section is not None
    examples = EXAMPLE.findall(section.group(1))
    assert len(examples) == 2
    monkeypatch.chdir(ROOT)
    for command, shown in examples:
        result = run_cli(*shlex.split(command)[1:])
        assert result.code in (0, 1), result.stderr
        printed = result.stdout.split("\n\n")[0]  # the findings, before the summary
        assert printed.strip() == shown.strip(), command


REMOTE_STATE = """
data "terraform_remote_state" "hub" {
  backend = "azurerm"
  config = {
    container_name = "tfstate"
    key            = "%KEY%"
  }
}
"""
HUB_BACKEND = """  backend "azurerm" {
    container_name = "tfstate"
    key            = "hub.tfstate"
  }

  required_providers {"""
ZONE_IDS_OUTPUT = """output "private_dns_zone_ids" {
  value = {
    blob  = azurerm_private_dns_zone.zone["blob"].id
    vault = azurerm_private_dns_zone.zone["vault"].id
  }
}
"""


def _vault_through_remote_state(roots, key: str) -> list[Path]:
    """The hub writes its state to an azurerm backend and outputs its zones' ids; the data
    spoke's vault endpoint takes its zone (the blob one: the planted slip) from there."""
    roots("hub", "  required_providers {", HUB_BACKEND)
    output = 'output "firewall_private_ip" {'
    roots("hub", output, ZONE_IDS_OUTPUT + "\n" + output)
    anchor = 'data "azurerm_client_config" "current" {}\n'
    paths = roots("spoke-data", anchor, anchor + REMOTE_STATE.replace("%KEY%", key))
    _vault_zone(paths, 'data.terraform_remote_state.hub.outputs.private_dns_zone_ids["blob"]')
    return paths


def _vault_zone(paths: list[Path], expression: str) -> None:
    """The data spoke's vault endpoint (its last zone group) registers in ``expression``."""
    main = paths[2] / "main.tf"
    head, tail = main.read_text(encoding="utf-8").rsplit("data.azurerm_private_dns_zone.blob.id", 1)
    main.write_text(head + expression + tail, encoding="utf-8")


def test_remote_state_outputs_resolve_to_the_root_that_writes_them(roots) -> None:
    paths = _vault_through_remote_state(roots, "hub.tfstate")
    findings = _findings("--together", *paths)
    assert _by_rule(findings, "DNS") == [
        ("DNS001", "azurerm_private_endpoint.vault", "spoke-data"),
    ]
    assert _by_rule(findings, "TF008") == []
    # Alone, the remote state is one more lookup it could not see.
    alone = [f for f in _findings(paths[2]) if f["rule_id"] == "TF008"]
    assert alone[0]["message"] == (
        "data.terraform_remote_state.hub looks up the outputs of the 'azurerm' backend's "
        "state (container_name 'tfstate', key 'hub.tfstate'), which this configuration does "
        "not create (lint it with the root that writes that state: lint --together): what "
        "depends on it is unknown and not judged"
    )


def test_a_remote_state_no_root_writes_stays_unknown(roots) -> None:
    paths = _vault_through_remote_state(roots, "shared.tfstate")
    findings = _findings("--together", *paths)
    assert _by_rule(findings, "DNS") == []
    (unseen,) = [f for f in findings if f["rule_id"] == "TF008"]
    assert (
        "whose state no root read with it writes (its backend settings match none)"
        in (unseen["message"])
    )


def test_a_local_remote_state_is_the_root_whose_folder_holds_it(roots) -> None:
    output = 'output "firewall_private_ip" {'
    roots("hub", output, ZONE_IDS_OUTPUT + "\n" + output)
    local = (
        'data "terraform_remote_state" "hub" {\n  backend = "local"\n'
        '  config = {\n    path = "../hub/terraform.tfstate"\n  }\n}\n'
    )
    anchor = 'data "azurerm_client_config" "current" {}\n'
    paths = roots("spoke-data", anchor, anchor + local)
    # The right zone this time.
    _vault_zone(paths, 'data.terraform_remote_state.hub.outputs.private_dns_zone_ids["vault"]')
    findings = _findings("--together", *paths)
    assert _by_rule(findings, "DNS") == []
    assert _by_rule(findings, "TF008") == []
    arch = load_together_input([str(p) for p in paths]).architecture
    assert arch.get("spoke-data.vault").dns_zone_group == ["vault"]
