"""A finding that lists several gaps judges each on its own premises.

DNS002 lists, per private DNS zone, the VNets that must resolve it and lack a link; DNS004
the same for an ASE's zone; DNS005 the zones a VNet already registers in. When one entry
rests on a value unknown until apply (a VNet's DNS servers read from a lookup) or on a
resource that may not exist, that entry is left out and the others are still reported: one
unknown must not silence a true gap. Where nothing is unknown, the finding is the one it
always was (same message, same fingerprint: users' baselines keep matching it).
"""

from __future__ import annotations

from archlint.engine.config import Config
from archlint.engine.runner import LintResult, run
from archlint.loader import load_spec_text
from archlint.location import YamlLocator
from archlint.model import Path
from archlint.rules import all_rules
from tests.rules.test_rule_fixtures import FIXTURES

EVERY_RULE = Config(select=("ALL",))
LEFT_OUT_UNKNOWN = "1 finding(s) leave out entries that rest on values unknown until apply"


def _run(
    text: str,
    rule_id: str,
    unknown: tuple[tuple[str | int, ...], ...] = (),
    maybe: frozenset[str] = frozenset(),
) -> LintResult:
    """Lint ``text`` with one rule, the (component id, *field path) in ``unknown`` unknown
    until apply and the components in ``maybe`` possibly absent."""
    loaded = load_spec_text(text, "fixture.yaml")
    arch = loaded.architecture
    paths: list[Path] = [(*arch.path_of(str(cid)), *inside) for cid, *inside in unknown]
    arch.unknowns.update(paths)
    arch.maybe_present.update(maybe)
    return run(arch, YamlLocator(loaded.source_map), [all_rules()[rule_id]], EVERY_RULE)


def _messages(result: LintResult) -> list[str]:
    return [f.message for f in result.findings]


def _notes(result: LintResult) -> list[str]:
    return [n.reason for n in result.not_evaluated if n.rule_id == "*"]


DNS002 = (FIXTURES / "DNS002" / "fail.yaml").read_text(encoding="utf-8")
BLOB = "private DNS zone 'pdz-blob' (privatelink.blob.core.windows.net) is not linked to "
PUBLIC = ": the names resolve to public addresses there"


def test_dns002_keeps_the_finding_and_its_fingerprint_when_nothing_is_unknown() -> None:
    result = _run(DNS002, "DNS002")
    blob = next(f for f in result.findings if f.component == "pdz-blob")
    assert blob.message == (
        BLOB + "VNet 'vnet-hub' (for pe-blob) and VNet 'vnet-spoke' (for pe-blob)" + PUBLIC
    )
    # The fingerprint archlint gave this finding before entries were judged one by one.
    assert blob.fingerprint == "8e9b2de20b1c342969693ce6fd0bcda8"
    assert _notes(result) == []


def test_dns002_a_vnet_with_unknown_dns_servers_silences_no_other_gap() -> None:
    result = _run(DNS002, "DNS002", unknown=(("vnet-spoke", "dns_servers"),))
    # The spoke may use custom DNS servers: not judged; the hub's gap stands on its own.
    # The servicebus zone lacks only the spoke: nothing of it is judged.
    assert _messages(result) == [BLOB + "VNet 'vnet-hub' (for pe-blob)" + PUBLIC]
    assert _notes(result) == [
        "1 finding(s) rest on values unknown until apply",
        LEFT_OUT_UNKNOWN,
    ]
    result = _run(DNS002, "DNS002", unknown=(("vnet-hub", "dns_servers"),))
    assert BLOB + "VNet 'vnet-spoke' (for pe-blob)" + PUBLIC in _messages(result)


def test_dns002_a_vnet_reached_through_a_maybe_present_workload_is_left_out() -> None:
    # The spoke must resolve the zone only because its VM runs there.
    result = _run(DNS002, "DNS002", maybe=frozenset({"vm-worker"}))
    assert _messages(result) == [BLOB + "VNet 'vnet-hub' (for pe-blob)" + PUBLIC]
    assert _notes(result) == [
        "1 finding(s) rest on resources that may not exist (count or for_each unknown until "
        "apply) or on modules archlint could not read",
        "1 finding(s) leave out entries that rest on resources that may not exist (count or "
        "for_each unknown until apply) or on modules archlint could not read",
    ]


def test_dns002_every_vnet_unknown_drops_the_finding() -> None:
    unknown = (("vnet-hub", "dns_servers"), ("vnet-spoke", "dns_servers"))
    result = _run(DNS002, "DNS002", unknown=unknown)
    assert result.findings == []
    assert result.unknown_dropped == 2
    assert _notes(result) == ["2 finding(s) rest on values unknown until apply"]


def test_dns002_a_link_to_a_vnet_unknown_until_apply_may_be_the_missing_one() -> None:
    # pdz-servicebus's second link names a VNet known only at apply (a variable): it may
    # be the spoke's, so the spoke is not known to lack one.
    result = _run(DNS002, "DNS002", unknown=(("pdz-servicebus", "vnet_links", 1, "vnet"),))
    assert [f.component for f in result.findings] == ["pdz-blob"]
    assert result.unknown_dropped == 1


DNS004 = """
metadata: {name: dns004-two-spokes, primary_region: eastus2}
network:
  vnets:
    - id: vnet-main
      region: eastus2
      address_space: [10.0.0.0/16]
      subnets:
        - {id: snet-ase, cidr: 10.0.1.0/24, purpose: app_service_environment,
           delegation: Microsoft.Web/hostingEnvironments}
    - id: vnet-a
      region: eastus2
      address_space: [10.1.0.0/16]
      subnets: [{id: snet-a, cidr: 10.1.1.0/24, purpose: workload}]
    - id: vnet-b
      region: eastus2
      address_space: [10.2.0.0/16]
      subnets: [{id: snet-b, cidr: 10.2.1.0/24, purpose: workload}]
  peerings:
    - {id: main-to-a, local: vnet-main, remote: vnet-a}
    - {id: main-to-b, local: vnet-main, remote: vnet-b}
  private_dns_zones:
    - {id: pdz-ase, zone: ase-main.appserviceenvironment.net, vnet_links: [{vnet: vnet-main}]}
compute:
  app_service_environments:
    - {id: ase-main, subnet: snet-ase, internal_load_balancing: true}
  virtual_machines:
    - {id: vm-a, size: Standard_D2s_v5, subnet: snet-a, admin_username: azureadmin}
    - {id: vm-b, size: Standard_D2s_v5, subnet: snet-b, admin_username: azureadmin}
"""
ASE = (
    "private DNS zone 'pdz-ase' (ase-main.appserviceenvironment.net) of App Service "
    "Environment 'ase-main' is not linked to "
)
UNRESOLVED = ": the ASE's apps cannot be resolved there"


def test_dns004_a_spoke_with_unknown_dns_servers_silences_no_other_gap() -> None:
    assert _messages(_run(DNS004, "DNS004")) == [ASE + "VNet 'vnet-a', VNet 'vnet-b'" + UNRESOLVED]
    result = _run(DNS004, "DNS004", unknown=(("vnet-a", "dns_servers"),))
    assert _messages(result) == [ASE + "VNet 'vnet-b'" + UNRESOLVED]
    assert _notes(result) == [LEFT_OUT_UNKNOWN]
    # Whether the ASE is internal is the whole finding's premise.
    result = _run(DNS004, "DNS004", unknown=(("ase-main", "internal_load_balancing"),))
    assert result.findings == [] and result.unknown_dropped == 1
    # So is every link of the zone: one whose VNet is unknown may be a spoke's.
    result = _run(DNS004, "DNS004", unknown=(("pdz-ase", "vnet_links", 0, "vnet"),))
    assert result.findings == [] and result.unknown_dropped == 1


DNS005 = """
metadata: {name: dns005-three-zones, primary_region: eastus2}
network:
  vnets:
    - {id: vnet-main, region: eastus2, address_space: [10.0.0.0/16]}
  private_dns_zones:
    - {id: pdz-corp, zone: corp.internal,
       vnet_links: [{vnet: vnet-main, registration_enabled: true}]}
    - {id: pdz-lab, zone: lab.internal,
       vnet_links: [{vnet: vnet-main, registration_enabled: true}]}
    - {id: pdz-test, zone: test.internal,
       vnet_links: [{vnet: vnet-main, registration_enabled: true}]}
"""
TEST_ZONE = (
    "private DNS zone 'pdz-test' (test.internal) enables auto-registration for VNet "
    "'vnet-main', which already registers in "
)
LIMIT = "; Azure allows 1 registration zone per VNet"


def test_dns005_one_earlier_zone_unknown_leaves_the_other_as_the_reason() -> None:
    result = _run(DNS005, "DNS005")
    assert _messages(result)[1] == TEST_ZONE + "'pdz-corp' (corp.internal), 'pdz-lab' " + (
        "(lab.internal)" + LIMIT
    )
    # pdz-corp's links are unknown: pdz-lab's finding rests on it alone and is dropped;
    # pdz-test is one too many whichever pdz-corp's links are, since pdz-lab registers.
    result = _run(DNS005, "DNS005", unknown=(("pdz-corp", "vnet_links"),))
    assert _messages(result) == [TEST_ZONE + "'pdz-lab' (lab.internal)" + LIMIT]
    assert _notes(result) == ["1 finding(s) rest on values unknown until apply", LEFT_OUT_UNKNOWN]


def test_dns005_links_whose_vnets_are_unknown_are_not_known_to_share_one() -> None:
    # Terraform: two links with virtual_network_id from variables both read as one
    # placeholder VNet; which VNets they name is known only at apply.
    unknown = tuple((zone, "vnet_links", 0, "vnet") for zone in ("pdz-corp", "pdz-lab"))
    result = _run(DNS005, "DNS005", unknown=unknown)
    assert _messages(result) == []
    assert result.unknown_dropped == 2
    # pdz-test's own link to an unknown VNet: nothing about it is judged.
    result = _run(DNS005, "DNS005", unknown=(("pdz-test", "vnet_links", 0, "vnet"),))
    assert [f.component for f in result.findings] == ["pdz-lab"]
