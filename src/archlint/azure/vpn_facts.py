"""Facts about VPN gateways, their connections and Virtual WAN, each with the page that
states it.

Standard library only, like :mod:`archlint.azure.facts` (whose record types it uses).
"""

from archlint.azure.facts import Fact

__all__ = ["BASIC_VIRTUAL_HUB_OFFERS", "VPN_SKUS_WITHOUT_BGP", "VPN_SKUS_WITHOUT_IKEV1"]

_SRC_VPN_FAQ = (
    "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vpn-faq"
    "#how-do-i-create-connections-with-the-ikev1-or-ikev2-protocol-type"
)
_SRC_LEGACY_SKUS = "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-skus-legacy"
_SRC_VWAN_TYPES = "https://learn.microsoft.com/azure/virtual-wan/virtual-wan-about#basicstandard"

#: VPN gateway SKUs on which no IKEv1 connection can be created.
VPN_SKUS_WITHOUT_IKEV1: Fact[frozenset[str]] = Fact(
    frozenset({"Basic", "Standard", "HighPerformance"}),
    _SRC_VPN_FAQ,
    note="'You can create IKEv1 connections on all route-based VPN-type SKUs, except the Basic "
    "SKU, Standard SKU, and other earlier SKUs' (the legacy SKUs: Basic, Standard, High "
    f"Performance, {_SRC_LEGACY_SKUS}). Without a protocol, IKEv2 is used.",
)

#: VPN gateway SKUs that do not support BGP.
VPN_SKUS_WITHOUT_BGP: Fact[frozenset[str]] = Fact(
    frozenset({"Basic"}),
    _SRC_LEGACY_SKUS,
    note="'BGP isn't supported on the Basic SKU' (also "
    "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-bgp-overview).",
)

#: What a Basic virtual hub (every hub of a Basic virtual WAN) offers.
BASIC_VIRTUAL_HUB_OFFERS: Fact[str] = Fact(
    "site-to-site VPN only",
    _SRC_VWAN_TYPES,
    note="'A Basic WAN type creates all hubs inside of it as Basic SKU hubs. In a Basic hub, you "
    "are limited to site-to-site VPN functionality only' "
    "(https://learn.microsoft.com/azure/virtual-wan/upgrade-virtual-wan).",
)
