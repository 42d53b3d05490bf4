"""Load-balancing rule without a health probe, or naming parts its load balancer lacks.

## What it does
For each load-balancing rule of a load balancer, flags:

- a rule with no `probe`;
- a rule whose `probe`, `frontend` or `backend_pools` name a probe, frontend or pool the
  load balancer does not have;

and an inbound NAT rule, NAT pool or outbound rule that names a frontend or backend pool
the load balancer does not have.

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
from typing import Any

from archlint.model import Architecture
from archlint.model.egress import LbRule, LoadBalancer
from archlint.rules.api import Violation, field_path, rule


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
        # "does not have" rests on the load balancer's own lists: unknown until apply
        # (a dynamic block), they are not judged.
        parts = tuple(
            field_path(arch, balancer, name) for name in ("frontends", "backend_pools", "probes")
        )
        for position, lb_rule in enumerate(balancer.rules):
            for key, problem in _problems(balancer, lb_rule):
                yield Violation.on(
                    arch,
                    balancer,
                    "rules",
                    position,
                    key,
                    message=f"{balancer.label()} rule '{lb_rule.name}' {problem}",
                    depends_on=parts,
                )
        for attribute, what in _NAT_PARTS:
            for position, part in enumerate(getattr(balancer, attribute)):
                for key, problem in _dangling(balancer, part):
                    yield Violation.on(
                        arch,
                        balancer,
                        attribute,
                        position,
                        key,
                        message=f"{balancer.label()} {what} '{part.name}' {problem}",
                        depends_on=parts,
                    )


_NAT_PARTS = (
    ("nat_rules", "inbound NAT rule"),
    ("nat_pools", "inbound NAT pool"),
    ("outbound_rules", "outbound rule"),
)


def _lacks(what: str, name: str) -> str:
    return f"names {what} '{name}', which the load balancer does not have"


def _problems(balancer: LoadBalancer, lb_rule: LbRule) -> Iterator[tuple[str, str]]:
    probes = {probe.name for probe in balancer.probes}
    if lb_rule.probe is None:
        yield "probe", "has no health probe: failed backends keep receiving new connections"
    elif lb_rule.probe not in probes:
        yield "probe", _lacks("probe", lb_rule.probe)
    yield from _dangling(balancer, lb_rule)


def _dangling(balancer: LoadBalancer, part: Any) -> Iterator[tuple[str, str]]:
    """The frontends and backend pools ``part`` names that the load balancer lacks."""
    frontends = {frontend.name for frontend in balancer.frontends}
    named = getattr(part, "frontends", None) or [part.frontend]
    for name in named:
        if name not in frontends:
            yield (
                ("frontends" if hasattr(part, "frontends") else "frontend"),
                _lacks("frontend", name),
            )
    pools = getattr(part, "backend_pools", None)
    if pools is None:
        pool = getattr(part, "backend_pool", None)
        pools = [pool] if pool else []
        key = "backend_pool"
    else:
        key = "backend_pools"
    missing = [pool for pool in pools if pool not in balancer.backend_pools]
    if missing:
        yield key, f"names backend pools the load balancer does not have: {', '.join(missing)}"
