"""WAF managed rule set version in final support.

## What it does
Flags managed rule set versions that Microsoft has moved to *final support*
(`archlint.azure.facts.WAF_DEPRECATED_RULE_SETS`): still working on existing policies, but no
new policies, only critical fixes, and an end-of-support date (e.g. OWASP CRS 3.0/3.1 on
Application Gateway, DRS 1.0, 1.1 and 1.2 on Front Door).

## Why is this bad?
New attack signatures are no longer added, so protection decays while the WAF appears
configured; Application Gateway also refuses to attach an existing policy that uses these
versions, which blocks rebuilding or failing over the gateway from the same spec.

## Example
```yaml
waf_policies:
  - {id: waf-appgw, product: application_gateway, mode: Prevention,
     managed_rule_sets: [{type: OWASP, version: "3.1"}]}
```

## Use instead
```yaml
waf_policies:
  - {id: waf-appgw, product: application_gateway, mode: Prevention,
     managed_rule_sets: [{type: Microsoft_DefaultRuleSet, version: "2.1"}]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.azure.facts import WAF_RULE_SET_FACTS
from archlint.model import Architecture
from archlint.model.edge import WafPolicy
from archlint.rules.api import Violation, rule

_FINAL_SUPPORT = {
    (f.product, f.rule_set_type, f.version): f
    for f in WAF_RULE_SET_FACTS
    if f.status == "final_support"
}


@rule(
    "SEC012",
    name="waf-rule-set-deprecated",
    severity="low",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/web-application-firewall/ruleset-support-policy",
    ),
    mcsb=("NS-6",),
    pillars=("Security", "Operational Excellence"),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for policy in arch.index.of_kind("waf_policy"):
        assert isinstance(policy, WafPolicy)
        for position, rule_set in enumerate(policy.managed_rule_sets):
            fact = _FINAL_SUPPORT.get((policy.product, rule_set.type, rule_set.version))
            if fact:
                until = f" until {fact.end_of_support}" if fact.end_of_support else ""
                yield Violation.on(
                    arch,
                    policy,
                    "managed_rule_sets",
                    position,
                    message=f"{policy.label()} uses {rule_set.type} {rule_set.version}, which "
                    f"is in final support{until}: no new signatures; move to a supported "
                    "version",
                )
