"""The NSG evaluator: priorities, default rules, tags, and port splitting against an oracle."""

from __future__ import annotations

import ipaddress

from hypothesis import given, settings
from hypothesis import strategies as st

from archlint.analysis.nsg import blocked_ports, decide, parse_ports, peer_matches
from archlint.model.network import NetworkSecurityGroup, NsgRule


def _nsg(*rules: dict) -> NetworkSecurityGroup:
    return NetworkSecurityGroup(id="nsg", rules=[NsgRule(**r) for r in rules])


def _rule(name: str, priority: int, access: str, source: str, ports: str, **extra) -> dict:
    return {
        "name": name,
        "priority": priority,
        "direction": extra.pop("direction", "Inbound"),
        "access": access,
        "source": source,
        "destination": extra.pop("destination", "*"),
        "destination_ports": ports,
        **extra,
    }


def test_parse_ports() -> None:
    assert parse_ports("*") == [(0, 65535)]
    assert parse_ports("22, 3389") == [(22, 22), (3389, 3389)]
    assert parse_ports("65200-65535") == [(65200, 65535)]


def test_lowest_priority_number_wins_then_default_rules() -> None:
    nsg = _nsg(
        _rule("allow-later", 200, "Allow", "Internet", "443"),
        _rule("deny-first", 100, "Deny", "*", "443"),
    )
    decision = decide(nsg, "Inbound", "Internet", 443)
    assert not decision.allowed and decision.rule_name == "deny-first"
    assert decision.custom_index == 1
    default = decide(nsg, "Inbound", "AzureLoadBalancer", 80)
    assert default.allowed and default.rule_name == "AllowAzureLoadBalancerInBound"
    assert not decide(nsg, "Inbound", "Internet", 80).allowed  # DenyAllInbound
    assert decide(nsg, "Outbound", "AzureCloud", 443).allowed  # AllowInternetOutBound


def test_protocol_and_local_subnet_matter() -> None:
    nsg = _nsg(
        _rule("udp-only", 100, "Allow", "GatewayManager", "443", protocol="Udp"),
        _rule("other-subnet", 110, "Allow", "GatewayManager", "443", destination="10.9.0.0/24"),
    )
    local = ipaddress.ip_network("10.0.4.0/26")
    assert not decide(nsg, "Inbound", "GatewayManager", 443, local=local).allowed
    assert decide(nsg, "Inbound", "GatewayManager", 443, local=None).allowed


def test_service_tags() -> None:
    assert peer_matches("Internet", "GatewayManager")
    assert peer_matches("0.0.0.0/0", "Internet")
    assert not peer_matches("Internet", "VirtualNetwork")
    assert not peer_matches("203.0.113.0/24", "Internet")
    assert peer_matches("10.0.0.0/8", "VirtualNetwork")
    assert not peer_matches("AzureCloud", "Internet")


def test_blocked_ports_split_at_rule_boundaries() -> None:
    nsg = _nsg(_rule("half", 100, "Allow", "GatewayManager", "65200-65300"))
    blocked = blocked_ports(nsg, "Inbound", "GatewayManager", "65200-65535")
    assert [(piece, d.rule_name) for piece, d in blocked] == [((65301, 65535), "DenyAllInbound")]


_PORTS = st.integers(min_value=1, max_value=40)
_RULES = st.lists(
    st.builds(
        lambda p, access, low, width, source: _rule(
            f"r{p}", 100 + p, access, source, f"{low}-{low + width}"
        ),
        st.integers(0, 50),
        st.sampled_from(["Allow", "Deny"]),
        _PORTS,
        st.integers(0, 10),
        st.sampled_from(["Internet", "*", "VirtualNetwork", "GatewayManager"]),
    ),
    max_size=6,
    unique_by=lambda r: r["priority"],
)


@settings(max_examples=200, deadline=None)
@given(_RULES, _PORTS, st.integers(0, 20))
def test_blocked_ports_agree_with_port_by_port_oracle(rules: list, low: int, width: int) -> None:
    nsg = _nsg(*rules)
    high = low + width
    blocked = blocked_ports(nsg, "Inbound", "Internet", f"{low}-{high}")
    found = {port for (start, end), _ in blocked for port in range(start, end + 1)}
    oracle = {p for p in range(low, high + 1) if not decide(nsg, "Inbound", "Internet", p).allowed}
    assert found == oracle
