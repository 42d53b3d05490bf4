"""Load-balancing rule without a health probe, or naming parts its load balancer lacks.

## What it does
For each load-balancing rule of a load balancer, flags:

- a rule with no `probe`;
- a rule whose `probe`, `frontend` or `backend_pools` name a probe, frontend or pool the
  load balancer does not have.

## Why is this bad?
Azure Load Balancer rules need a health probe to know which backends can take new
connections: without one, an instance that has stopped serving keeps receiving its share of
the flows, and a zone or instance failure turns into errors for clients instead of a
failover. A rule that names a part the load balancer does not have fails to deploy.

## Example
```yaml
load_balancers:
  - id: lbi-apps
    region: westeurope
    frontends: [{name: internal, subnet: snet-apps, zones: [1, 2, 3]}]
    backend_pools: [apps]
    rules:
      - {name: https, frontend: internal, backend_pools: [apps], protocol: Tcp,
         frontend_port: 443, backend_port: 443}
```

## Use instead
```yaml
    probes:
      - {name: https, protocol: Https, port: 443, path: /health}
    rules:
      - {name: https, frontend: internal, backend_pools: [apps], probe: https, protocol: Tcp,
         frontend_port: 443, backend_port: 443}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.egress import LbRule, LoadBalancer
from archlint.rules.api import Violation, rule


@rule(
    "NET033",
    name="load-balancer-rule-without-probe",
    severity="medium",
    category="network",
    references=(
        "https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview",
        "https://learn.microsoft.com/azure/load-balancer/components",
    ),
    requires=("network.load_balancers",),
    pillars=("Reliability",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for balancer in arch.network.load_balancers:
        for position, lb_rule in enumerate(balancer.rules):
            for key, problem in _problems(balancer, lb_rule):
                yield Violation.on(
                    arch,
                    balancer,
                    "rules",
                    position,
                    key,
                    message=f"{balancer.label()} rule '{lb_rule.name}' {problem}",
                )


def _problems(balancer: LoadBalancer, lb_rule: LbRule) -> Iterator[tuple[str, str]]:
    probes = {probe.name for probe in balancer.probes}
    frontends = {frontend.name for frontend in balancer.frontends}
    if lb_rule.probe is None:
        yield "probe", "has no health probe: failed backends keep receiving new connections"
    elif lb_rule.probe not in probes:
        yield "probe", f"names probe '{lb_rule.probe}', which the load balancer does not have"
    if lb_rule.frontend not in frontends:
        yield (
            "frontend",
            f"names frontend '{lb_rule.frontend}', which the load balancer does not have",
        )
    missing = [pool for pool in lb_rule.backend_pools if pool not in balancer.backend_pools]
    if missing:
        yield (
            "backend_pools",
            f"names backend pools the load balancer does not have: {', '.join(missing)}",
        )
