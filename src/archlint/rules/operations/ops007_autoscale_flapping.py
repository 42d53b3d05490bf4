"""Autoscale rules that flap, or scale only one way.

## What it does
Per autoscale profile, reports:

- scale-out rules with no scale-in rule;
- a scale-in threshold that is not far enough below the scale-out threshold on the
  same metric: after removing instances, the same load spread over fewer instances
  must stay under the scale-out threshold, i.e. `in_threshold x n / (n - change)` must
  be below `out_threshold` for the smallest count scale-in reaches (`n = min + change`);
- a scale-in cooldown shorter than the scale-out cooldown.

## Why is this bad?
A scale-in that immediately satisfies the scale-out rule is *flapping*: instances are
removed and added in a loop. Azure autoscale predicts this and then refuses to scale
in at all, so the profile silently stays at its high count (cost). Rules that only
scale out climb to the maximum and stay there; scaling in faster than out removes
capacity before the previous scale-out has settled.

## Example
```yaml
rules:
  - {metric: CpuPercentage, operator: GreaterThan, threshold: 70, window: 10m,
     direction: increase, change: 1, cooldown: 10m}
  - {metric: CpuPercentage, operator: LessThan, threshold: 60, window: 10m,
     direction: decrease, change: 1, cooldown: 5m}   # 60% on 2 -> 120% on 1
```

## Use instead
```yaml
rules:
  - {metric: CpuPercentage, operator: GreaterThan, threshold: 70, window: 10m,
     direction: increase, change: 1, cooldown: 5m}
  - {metric: CpuPercentage, operator: LessThan, threshold: 30, window: 10m,
     direction: decrease, change: 1, cooldown: 10m}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from archlint.model import Architecture
from archlint.model.types import format_duration
from archlint.rules.api import Violation, rule


@rule(
    "OPS007",
    name="autoscale-flapping",
    severity="medium",
    category="operations",
    references=(
        "https://learn.microsoft.com/azure/azure-monitor/autoscale/autoscale-flapping",
        "https://learn.microsoft.com/azure/azure-monitor/autoscale/autoscale-best-practices",
    ),
    pillars=("Cost Optimization", "Performance Efficiency"),
    requires=("monitoring.autoscale",),
)
def check(arch: Architecture) -> Iterator[Violation]:
    for setting in arch.monitoring.autoscale:
        for position, profile in enumerate(setting.profiles):
            where = f"{setting.label()} profile '{profile.name}'"
            indexed = list(enumerate(profile.rules))
            outs = [(i, r) for i, r in indexed if r.direction == "increase"]
            ins = [(i, r) for i, r in indexed if r.direction == "decrease"]
            path = ("profiles", position, "rules")
            if outs and not ins:
                yield Violation.on(
                    arch,
                    setting,
                    *path,
                    message=f"{where} scales out but never in: it climbs to {profile.max} "
                    "instances and stays there",
                )
            for i, scale_in in ins:
                for _, scale_out in outs:
                    if scale_out.metric.casefold() != scale_in.metric.casefold():
                        continue
                    floor = max(profile.min, 1)
                    projected = scale_in.threshold * (floor + scale_in.change) / floor
                    if projected >= scale_out.threshold:
                        yield Violation.on(
                            arch,
                            setting,
                            *path,
                            i,
                            "threshold",
                            message=f"{where} scales in below {scale_in.threshold:g} "
                            f"{scale_in.metric} and out above {scale_out.threshold:g}: going "
                            f"from {floor + scale_in.change} to {floor} instances turns "
                            f"{scale_in.threshold:g} into {projected:g}, which scales out "
                            "again (flapping)",
                        )
                    if scale_in.cooldown < scale_out.cooldown:
                        yield Violation.on(
                            arch,
                            setting,
                            *path,
                            i,
                            "cooldown",
                            message=f"{where} scales in on {scale_in.metric} after a "
                            f"{format_duration(scale_in.cooldown)} cooldown, sooner than it "
                            f"scales out ({format_duration(scale_out.cooldown)})",
                        )
