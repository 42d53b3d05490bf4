"""A flow's availability objective is above what its services' published SLAs allow.

## What it does
For each flow with an `slo:`, composes the published SLAs of the services its steps pass
through (each service once, with the private endpoints, Key Vaults and runtime storage
it needs): series multiply, a deployed `active_active` or `automatic_failover` secondary
counts as a second instance, targets one Front Door origin group or Traffic Manager
profile routes between count in parallel. Reports the flow when that composite is below
the objective.

The SLA figures are data with their sources (`src/archlint/azure/slas.json`). A service
without a sourced figure can only lower the composite, so it is left out and the
composite is an upper bound: a finding is certain, never a guess.

## Why is this bad?
An objective the design cannot reach even when every service meets its SLA is a promise
the architecture cannot keep: every service in series takes its share of the error
budget, and a chain of 99.9% services is well below 99.9%. Finding it in review is
cheaper than finding it in the first month's availability report.

## Example
```yaml
flows:
  flows:
    - id: checkout
      name: Checkout
      flow_kind: synchronous
      slo: 99.99%
      steps:
        - {from: user, to: afd, kind: sync_call}
        - {from: afd, to: app, kind: sync_call}     # App Service: 99.95%
        - {from: app, to: cache, kind: read}        # Redis Standard: 99.9%
```

## Use instead
Set the objective the design can reach, or add redundancy where the budget goes: a
second region behind the router, a multi-region data store.
```yaml
      slo: 99.8%
```

## Notes
`archlint simulate` prints the whole calculation for every flow.
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.rules.api import Violation, rule


@rule(
    "RES090",
    name="unreachable-flow-slo",
    severity="medium",
    category="resilience",
    references=(
        "https://learn.microsoft.com/azure/well-architected/reliability/metrics",
        "https://learn.microsoft.com/azure/reliability/overview",
    ),
    pillars=("Reliability",),
    requires=("flows.flows",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    targets = [(i, f) for i, f in enumerate(arch.flows.flows) if f.slo is not None]
    if not targets:
        return
    from archlint.analysis.availability import budget  # only when a flow states an SLO

    for position, flow in targets:
        result = budget(arch, flow)
        if not result.below_slo:
            continue
        assert result.percent is not None and flow.slo is not None
        weakest = sorted(
            (t for t in result.terms if t.availability is not None),
            key=lambda t: (t.availability, t.components),
        )[:3]
        listed = ", ".join(f"{'+'.join(t.components)} {t.availability * 100:g}%" for t in weakest)
        bound = "at most " if result.unknown else ""
        yield Violation(
            ("flows", "flows", position, "slo"),
            f"flow '{flow.name}' aims at {flow.slo:g}% but its services' published SLAs "
            f"compose to {bound}{result.percent:.3f}% (lowest: {listed})",
        )
