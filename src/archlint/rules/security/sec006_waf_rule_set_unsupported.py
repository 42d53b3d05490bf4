"""WAF managed rule set not offered by that WAF product.

## What it does
Checks every managed rule set of every WAF policy against the rule sets its product accepts
(`archlint.azure.facts.waf_rule_set_supported`): Front Door (Standard/Premium) offers only
Microsoft's Default Rule Set (DRS) and Bot Manager, never OWASP CRS; Application Gateway
offers DRS 2.x, OWASP CRS 3.x and Bot Manager. Retired versions (OWASP 2.2.9) are flagged too.
Managed rule sets on a policy attached to a Front Door **Standard** profile are flagged as
well: only Premium runs managed rules.

## Why is this bad?
Azure rejects the policy, or (Standard tier) keeps it without its managed rules: either way
the OWASP-class protection the design counts on is not there, and the gap goes unnoticed
because a WAF is "configured".

## Example
```yaml
waf_policies:
  - {id: waf-frontdoor, product: front_door, mode: Prevention,
     managed_rule_sets: [{type: OWASP, version: "3.2"}]}
```

## Use instead
```yaml
waf_policies:
  - id: waf-frontdoor
    product: front_door
    mode: Prevention
    managed_rule_sets:
      - {type: Microsoft_DefaultRuleSet, version: "2.1", action: Block}
      - {type: Microsoft_BotManagerRuleSet, version: "1.1"}
```

## In the seed
The seed asks for "WAF Policy: OWASP 3.2" on Front Door Premium (`waf-frontdoor`). Front Door
has no OWASP CRS rule sets: its WAF offers Microsoft_DefaultRuleSet (2.0-2.2, which is built
on OWASP CRS and adds Microsoft threat-intelligence rules). As written the policy cannot be
created; the intent is met with DRS 2.1 or 2.2. The Application Gateway policy's OWASP 3.2 is
fine.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import (
    FRONT_DOOR_MANAGED_WAF_RULES_REQUIRE_PREMIUM,
    WAF_RULE_SET_FACTS,
    waf_rule_set_supported,
)
from archlint.model import Architecture
from archlint.model.edge import WafPolicy
from archlint.rules.api import Violation, rule

_PRODUCT = {"front_door": "Front Door", "application_gateway": "Application Gateway"}


def supported_rule_sets(product: str) -> str:
    """'Microsoft_DefaultRuleSet 2.2, 2.1...': what a product offers, newest first."""
    offered: dict[str, list[str]] = {}
    for fact in WAF_RULE_SET_FACTS:
        if fact.product == product and fact.status == "supported":
            offered.setdefault(fact.rule_set_type, []).append(fact.version)
    return "; ".join(f"{kind} {', '.join(versions)}" for kind, versions in offered.items())


@rule(
    "SEC006",
    name="waf-rule-set-unsupported",
    severity="high",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/web-application-firewall/ruleset-support-policy",
        "https://learn.microsoft.com/azure/web-application-firewall/afds/waf-front-door-drs",
        "https://learn.microsoft.com/azure/frontdoor/standard-premium/tier-comparison",
    ),
    mcsb=("NS-6",),
    pillars=("Security",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    standard_front_doors: dict[str, list[str]] = {}
    for front_door in arch.edge.front_doors:
        if front_door.waf_policy and front_door.sku == "Standard_AzureFrontDoor":
            standard_front_doors.setdefault(front_door.waf_policy, []).append(front_door.id)
    for policy in arch.index.of_kind("waf_policy"):
        assert isinstance(policy, WafPolicy)
        for position, rule_set in enumerate(policy.managed_rule_sets):
            if not waf_rule_set_supported(policy.product, rule_set.type, rule_set.version):
                yield Violation.on(
                    arch,
                    policy,
                    "managed_rule_sets",
                    position,
                    message=f"{policy.label()} uses managed rule set {rule_set.type} "
                    f"{rule_set.version}, which {_PRODUCT[policy.product]} does not offer "
                    f"(it offers {supported_rule_sets(policy.product)})",
                )
        standard = standard_front_doors.get(policy.id)
        if (
            standard
            and policy.managed_rule_sets
            and FRONT_DOOR_MANAGED_WAF_RULES_REQUIRE_PREMIUM.value
        ):
            yield Violation.on(
                arch,
                policy,
                "managed_rule_sets",
                message=f"{policy.label()} has managed rule sets but is attached to Front Door "
                f"Standard ({', '.join(standard)}), which runs only custom WAF rules; managed "
                "rule sets need Premium",
            )
