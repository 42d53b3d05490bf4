"""Web application firewall not enforcing: missing, disabled, detection-only or unattached.

## What it does
Flags:

- a WAF policy that is disabled, in `Detection` mode, or has no managed rule set;
- a Front Door, or an internet-facing Application Gateway (one with a public IP), without a
  WAF policy, and a `WAF_v2` gateway without one;
- a WAF policy attached to the wrong product (a Front Door policy on an Application
  Gateway, or the reverse);
- a WAF policy attached to nothing while a Front Door or Application Gateway of its product
  has no WAF.

From Terraform, a gateway's legacy inline `waf_configuration` (without `firewall_policy_id`)
is read as the WAF policy it amounts to, and judged the same way.

## Why is this bad?
In Detection mode the WAF only logs: SQL injection and cross-site scripting reach the apps.
Without a managed rule set it blocks only what custom rules name. An unattached policy is a
policy that protects nothing, usually because it was meant for the gateway that lacks one.
The seed requires "OWASP protection at both Front Door and Application Gateway".

## Example
```yaml
waf_policies:
  - {id: waf-appgw, product: application_gateway, mode: Detection,
     managed_rule_sets: [{type: OWASP, version: "3.2"}]}
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

from archlint.model import Architecture, Component
from archlint.model.edge import ApplicationGateway, FrontDoor, WafPolicy
from archlint.rules.api import Violation, field_path, rule

_PRODUCT = {"front_door": "Front Door", "application_gateway": "Application Gateway"}


@rule(
    "SEC005",
    name="waf-not-enforcing",
    severity="high",
    category="security",
    references=(
        "https://learn.microsoft.com/azure/web-application-firewall/ag/ag-overview",
        "https://learn.microsoft.com/azure/web-application-firewall/afds/afds-overview",
        "https://learn.microsoft.com/azure/web-application-firewall/ag/policy-overview",
    ),
    mcsb=("NS-6",),
    pillars=("Security",),
    environments=("production",),
    aprl=(
        "1bd2b7e8-400f-e64a-99a2-c572f7b08a62",
        "8d9223c4-730d-ca47-af88-a9a024c37270",
    ),
)
def check(arch: Architecture) -> Iterator[Violation]:
    attached: set[str] = set()
    unprotected: dict[str, list[Component]] = {}
    edges: list[tuple[Component, str, bool]] = [
        (fd, "front_door", True) for fd in arch.edge.front_doors
    ]
    edges += [
        (gw, "application_gateway", gw.sku == "WAF_v2" or gw.public_ip is not None)
        for gw in arch.edge.application_gateways
    ]
    for edge, product, needs_waf in edges:
        assert isinstance(edge, FrontDoor | ApplicationGateway)
        policy = arch.get(edge.waf_policy) if edge.waf_policy else None
        if isinstance(policy, WafPolicy):
            attached.add(policy.id)
            if policy.product != product:
                yield Violation.on(
                    arch,
                    edge,
                    "waf_policy",
                    message=f"{edge.label()} uses {policy.label()}, which is written for "
                    f"{_PRODUCT[policy.product]}; {_PRODUCT[product]} cannot apply it",
                )
        elif needs_waf:
            unprotected.setdefault(product, []).append(edge)
            yield Violation.on(
                arch, edge, "waf_policy", message=f"{edge.label()} has no WAF policy"
            )
    for policy in arch.edge.waf_policies:
        yield from _policy_problems(arch, policy, policy.id in attached, unprotected)


def _policy_problems(
    arch: Architecture, policy: WafPolicy, attached: bool, unprotected: dict[str, list[Component]]
) -> Iterator[Violation]:
    if not policy.enabled:
        yield Violation.on(arch, policy, "enabled", message=f"{policy.label()} is disabled")
    elif policy.mode != "Prevention":
        yield Violation.on(
            arch,
            policy,
            "mode",
            message=f"{policy.label()} is in {policy.mode} mode: it logs attacks but does "
            "not block them",
        )
    if not policy.managed_rule_sets:
        yield Violation.on(
            arch,
            policy,
            "managed_rule_sets",
            message=f"{policy.label()} has no managed rule set: only its custom rules apply",
        )
    waiting = unprotected.get(policy.product, [])
    if not attached and waiting:
        yield Violation.on(
            arch,
            policy,
            message=f"{policy.label()} is attached to nothing while "
            f"{', '.join(e.label() for e in waiting)} has no WAF policy",
            depends_on=tuple(field_path(arch, e, "waf_policy") for e in waiting),
        )
