"""How a network security group decides a flow: first matching rule by priority wins.

Custom rules are tried in priority order (lowest number first), then Azure's default rules
(:data:`archlint.azure.facts.NSG_DEFAULT_RULES`). A flow is described by its direction, the
*peer* at the other end (a service tag such as ``Internet`` or ``GatewayManager``, or
``VirtualNetwork``), the destination port and the protocol; the *local* end is the subnet
the NSG is attached to.

Address matching is deliberately simple and documented: ``*``/``Any``/``0.0.0.0/0`` match
everything; ``Internet`` matches the internet and every public service tag (Azure's public
addresses are part of the Internet tag); a tag matches itself; a CIDR matches
``VirtualNetwork`` when it is private and the local subnet when it overlaps it. Port ranges
are split at every rule boundary, so a required range such as ``65200-65535`` is judged on
each piece a rule treats differently.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache

from archlint.azure.facts import NSG_DEFAULT_RULES, NsgRuleFact
from archlint.model.network import NetworkSecurityGroup, NsgRule
from archlint.model.types import IPNetwork
from archlint.records import record

ANY = frozenset({"*", "any", "0.0.0.0/0", "::/0"})
# Tags whose addresses are inside the VNet or Azure's host (not on the public internet).
PRIVATE_TAGS = frozenset({"virtualnetwork", "azureloadbalancer"})
MAX_PORT = 65535

PortRange = tuple[int, int]


@record
class Decision:
    """What the NSG does with a flow and which rule decided it."""

    allowed: bool
    rule_name: str
    custom_index: int | None  # position in ``nsg.rules`` when a custom rule decided

    @property
    def by_default_rule(self) -> bool:
        return self.custom_index is None


def parse_ports(text: str) -> list[PortRange]:
    """``"*"``, ``"443"``, ``"22,3389"``, ``"65200-65535"`` -> inclusive ranges."""
    ranges: list[PortRange] = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if part == "*":
            ranges.append((0, MAX_PORT))
        elif "-" in part:
            low, high = part.split("-", 1)
            ranges.append((int(low), int(high)))
        else:
            ranges.append((int(part), int(part)))
    return ranges


# Every flow is decided against every rule of its NSG, and a large estate repeats the same
# few port lists and prefixes: each spelling is parsed once (a prefix that is a service tag
# costs a refused parse, an exception, each time).
def _ports_cover(text: str, port: int) -> bool:
    return any(low <= port <= high for low, high in _port_ranges(text))


@lru_cache(maxsize=4096)
def _port_ranges(text: str) -> tuple[PortRange, ...]:
    return tuple(parse_ports(text))


@lru_cache(maxsize=4096)
def _network(text: str) -> IPNetwork | None:
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def prefixes(rule_prefix: str) -> list[str]:
    """A rule's address prefixes: one, or several joined by commas (Azure's
    ``sourceAddressPrefixes``; no single prefix or service tag contains a comma)."""
    return [part.strip().lower() for part in rule_prefix.split(",") if part.strip()]


def peer_matches(rule_prefix: str, peer: str) -> bool:
    """Does a rule's address prefix (source of inbound, destination of outbound) cover the
    flow's peer (a service tag, ``VirtualNetwork`` or ``Internet``)? With several prefixes,
    any one that covers it does."""
    wanted = peer.strip().lower()
    return any(_prefix_covers_peer(rule, wanted) for rule in prefixes(rule_prefix))


def _prefix_covers_peer(rule: str, wanted: str) -> bool:
    if rule in ANY or rule == wanted:
        return True
    if rule == "internet":
        return wanted not in PRIVATE_TAGS and _network(wanted) is None
    network = _network(rule)
    if network is not None and wanted == "virtualnetwork":
        return network.is_private
    return False


def local_matches(rule_prefix: str, local: IPNetwork | None) -> bool:
    """Does a rule's local address prefix (any of several) cover the subnet the NSG protects?"""
    return any(_prefix_covers_local(rule, local) for rule in prefixes(rule_prefix))


def _prefix_covers_local(rule: str, local: IPNetwork | None) -> bool:
    if rule in ANY or rule == "virtualnetwork":
        return True
    network = _network(rule)
    if network is None:
        return False
    if local is None:  # an NSG judged on its own: a CIDR may be the protected subnet
        return True
    return network.version == local.version and network.overlaps(local)  # type: ignore[arg-type]


def _custom_matches(
    rule: NsgRule, direction: str, peer: str, port: int, protocol: str, local: IPNetwork | None
) -> bool:
    if rule.direction != direction or rule.protocol not in ("*", protocol):
        return False
    if not _ports_cover(rule.destination_ports, port):
        return False
    if direction == "Inbound":
        return peer_matches(rule.source, peer) and local_matches(rule.destination, local)
    return peer_matches(rule.destination, peer) and local_matches(rule.source, local)


def _default_matches(rule: NsgRuleFact, direction: str, peer: str, port: int) -> bool:
    return (
        rule.direction == direction
        and _ports_cover(rule.ports, port)
        and peer_matches(rule.peer, peer)
    )


def decide(
    nsg: NetworkSecurityGroup,
    direction: str,
    peer: str,
    port: int,
    *,
    protocol: str = "Tcp",
    local: IPNetwork | None = None,
) -> Decision:
    """The first rule (custom by priority, then default) that matches the flow decides it."""
    return _decide(_ordered(nsg), direction, peer, port, protocol, local)


def _ordered(nsg: NetworkSecurityGroup) -> list[tuple[int, NsgRule]]:
    """Custom rules in evaluation order, with their position in ``nsg.rules``."""
    return sorted(enumerate(nsg.rules), key=lambda pair: (pair[1].priority, pair[0]))


def _decide(
    ordered: list[tuple[int, NsgRule]],
    direction: str,
    peer: str,
    port: int,
    protocol: str,
    local: IPNetwork | None,
) -> Decision:
    for index, rule in ordered:
        if _custom_matches(rule, direction, peer, port, protocol, local):
            return Decision(rule.access == "Allow", rule.name, index)
    for default in NSG_DEFAULT_RULES:
        if _default_matches(default, direction, peer, port):
            return Decision(default.access == "Allow", default.name, None)
    return Decision(False, "none", None)  # unreachable: the default rules end in deny-all


def blocked_ports(
    nsg: NetworkSecurityGroup,
    direction: str,
    peer: str,
    ports: str,
    *,
    protocol: str = "Tcp",
    local: IPNetwork | None = None,
) -> list[tuple[PortRange, Decision]]:
    """The pieces of ``ports`` the NSG denies for this flow, with the rule that denies each.

    The required ranges are split at every boundary of the NSG's rules, so each piece is
    decided by one rule; one representative port per piece is enough.
    """
    bounds = _boundaries(nsg.rules)
    ordered = _ordered(nsg)
    blocked: list[tuple[PortRange, Decision]] = []
    for low, high in parse_ports(ports):
        cuts = sorted({low, *(b for b in bounds if low < b <= high)})
        for start, end in zip(cuts, [*cuts[1:], high + 1], strict=True):
            decision = _decide(ordered, direction, peer, start, protocol, local)
            if not decision.allowed:
                blocked.append(((start, end - 1), decision))
    return blocked


def _boundaries(rules: Iterable[NsgRule]) -> set[int]:
    bounds: set[int] = set()
    for rule in rules:
        for low, high in _port_ranges(rule.destination_ports):
            bounds.update((low, high + 1))
    return bounds


def format_ports(port_range: PortRange) -> str:
    low, high = port_range
    return str(low) if low == high else f"{low}-{high}"
