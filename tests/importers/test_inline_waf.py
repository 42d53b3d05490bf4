"""An Application Gateway's legacy inline ``waf_configuration`` is the WAF it enforces.

Azure still applies it (until it retires inline configurations, 15 March 2027, migrating
them to WAF policies), so the importer turns it into the WAF policy it amounts to; before,
the gateway was taken for one without a WAF (SEC005, found by the Checkov oracle,
CKV_AZURE_120).
"""

from __future__ import annotations

import pytest

from archlint.engine.config import Config
from archlint.engine.runner import run
from archlint.model.edge import WafPolicy
from archlint.rules import all_rules
from tests.importers.conftest import ImportHcl

# ruff: noqa: E501  (a full Azure resource id)
GATEWAY = """
resource "azurerm_application_gateway" "agw" {
  name                = "agw"
  location            = "eastus2"
  resource_group_name = "rg"
  %POLICY%
  sku {
    name     = "WAF_v2"
    tier     = "WAF_v2"
    capacity = 2
  }
  gateway_ip_configuration {
    name      = "ip"
    subnet_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/agw"
  }
  waf_configuration {
    enabled          = %ENABLED%
    firewall_mode    = "%MODE%"
    rule_set_version = "3.2"
  }
}

resource "azurerm_web_application_firewall_policy" "waf" {
  name                = "waf"
  location            = "eastus2"
  resource_group_name = "rg"
  managed_rules {
    managed_rule_set {
      type    = "Microsoft_DefaultRuleSet"
      version = "2.1"
    }
  }
}
"""


def _gateway(enabled: str = "true", mode: str = "Prevention", policy: str = "") -> str:
    return GATEWAY.replace("%ENABLED%", enabled).replace("%MODE%", mode).replace("%POLICY%", policy)


def test_inline_configuration_is_the_gateways_waf(import_hcl: ImportHcl) -> None:
    arch = import_hcl(_gateway()).architecture
    (gateway,) = arch.edge.application_gateways
    policy = arch.get(gateway.waf_policy)
    assert isinstance(policy, WafPolicy) and policy.product == "application_gateway"
    assert (policy.enabled, policy.mode) == (True, "Prevention")
    assert [(s.type, s.version) for s in policy.managed_rule_sets] == [("OWASP", "3.2")]


@pytest.mark.parametrize(
    ("enabled", "mode", "message"),
    [
        ("true", "Prevention", None),
        ("false", "Prevention", "is disabled"),
        ("true", "Detection", "is in Detection mode"),
    ],
)
def test_sec005_judges_the_inline_configuration(
    import_hcl: ImportHcl, enabled: str, mode: str, message: str | None
) -> None:
    result = import_hcl(_gateway(enabled, mode))
    production = Config(environment="production")  # SEC005 judges production posture
    rules = [all_rules()["SEC005"]]
    findings = run(result.architecture, result.locator, rules, production).findings
    assert [f.message for f in findings if "has no WAF policy" in f.message] == []
    assert any(message in f.message for f in findings) if message else not findings
    for finding in findings:
        assert finding.location.address == "azurerm_application_gateway.agw"


def test_a_policy_takes_precedence(import_hcl: ImportHcl) -> None:
    """With firewall_policy_id set, Azure applies the policy, not the inline configuration."""
    text = _gateway(
        "false", "Detection", "firewall_policy_id = azurerm_web_application_firewall_policy.waf.id"
    )
    arch = import_hcl(text).architecture
    (gateway,) = arch.edge.application_gateways
    assert [p.id for p in arch.edge.waf_policies] == [gateway.waf_policy]
