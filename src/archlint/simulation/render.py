"""Scenario results as JSON data, text and Markdown (deterministic: sorted, rounded)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from archlint.analysis.availability import Budget
from archlint.model.types import format_duration
from archlint.simulation.flows import FlowOutcome
from archlint.simulation.scenarios import Scenario

__all__ = ["budget_lines", "matrix_markdown", "scenario_data", "to_json", "to_markdown", "to_text"]

_MARK = {"survives": "ok", "degraded": "DEGRADED", "lost": "LOST"}


def _number(value: float | None, digits: int = 6) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, digits)
    return int(rounded) if rounded == int(rounded) else rounded


def _duration(seconds: float | None) -> str:
    return "unbounded" if seconds is None else format_duration(timedelta(seconds=seconds))


def scenario_data(scenario: Scenario, budgets: dict[str, Budget]) -> dict[str, Any]:
    """One scenario as the JSON object ``archlint simulate`` prints: its components are the
    ones it affects (down, assumed down or failed over); every other one is up."""
    return {
        "scenario": [str(scope) for scope in scenario.scopes],
        "flows": [_flow_data(flow, budgets.get(flow.id)) for flow in scenario.flows],
        "components": [
            {"id": component_id, "status": str(outage.status)}
            for component_id, outage in scenario.outages.items()
        ],
    }


def _flow_data(flow: FlowOutcome, budget: Budget | None) -> dict[str, Any]:
    return {
        "id": flow.id,
        "name": flow.name,
        "survives": flow.survives,
        "status": flow.status,
        "lost_at": flow.lost_at,
        "availability": _number(budget.percent if budget else None),
        "slo": _number(budget.slo if budget else None),
        "rto": _number(flow.rto, 3),
        "rpo": _number(flow.rpo, 3),
    }


def to_json(
    scenarios: Sequence[Scenario], budgets: dict[str, Budget], matrix: bool
) -> dict[str, Any]:
    """One scenario's object, or ``{"scenarios": [...]}`` for the standard matrix."""
    objects = [scenario_data(s, budgets) for s in scenarios]
    return {"scenarios": objects} if matrix else objects[0]


# --- text ------------------------------------------------------------------------------


def _flow_line(flow: FlowOutcome) -> str:
    name = f"{flow.id}{' (critical)' if flow.critical else ''}"
    line = f"  {_MARK[flow.status]:<9} {name}"
    if flow.status == "survives":
        return line
    where = f"lost at {', '.join(flow.lost_at)}; " if flow.lost_at else ""
    return f"{line}: {where}RTO {_duration(flow.rto)}, RPO {_duration(flow.rpo)}"


def scenario_lines(scenario: Scenario, details: bool = True) -> list[str]:
    """A scenario in text: its flows, what it assumes, and why components are down."""
    lines = [f"Scenario {' + '.join(str(s) for s in scenario.scopes)}"]
    if scenario.assumed:
        lines.append("  worst case: assumed in the lost zone, their zone being unknown:")
        lines.extend(f"    {c}: {scenario.outages[c].reason}" for c in scenario.assumed)
    for flow in scenario.flows:
        lines.append(_flow_line(flow))
        if details:
            lines.extend(f"              {note}" for note in flow.notes)
    if details and scenario.outages:
        lines.append("  components not up:")
        width = max(len(c) for c in scenario.outages)
        for component_id, outage in scenario.outages.items():
            lines.append(f"    {component_id:<{width}}  {outage.status:<12}  {outage.reason}")
    return lines


def budget_lines(budgets: Sequence[Budget]) -> list[str]:
    """The availability budget in text, with the calculation."""
    lines = ["Availability budget (composite of published SLAs; series multiply)"]
    for budget in budgets:
        slo = f", SLO {budget.slo:g}%" if budget.slo is not None else ""
        lines.append(f"  {budget.flow}{slo}")
        for term in budget.terms:
            figure = "unknown" if term.availability is None else f"{term.availability * 100:.6g}%"
            lines.append(f"    {', '.join(term.components):<40} {figure:>12}  {term.basis}")
        lines.append(f"    = {_budget_result(budget)}")
    return lines


def _budget_result(budget: Budget) -> str:
    if budget.percent is None:
        return "unknown: no service on the flow has a sourced SLA"
    bound = "at most " if budget.unknown else ""
    text = f"{bound}{budget.percent:.4f}%"
    if budget.unknown:
        text += f" ({len(budget.unknown)} service(s) without a sourced SLA can only lower it)"
    if budget.below_slo:
        text += f"; below the {budget.slo:g}% SLO"
    elif budget.slo is not None:
        text += f"; the {budget.slo:g}% SLO is not ruled out"
    return text


def to_text(scenarios: Sequence[Scenario], budgets: Sequence[Budget], matrix: bool) -> str:
    lines: list[str] = []
    for scenario in scenarios:
        lines.extend(scenario_lines(scenario, details=not matrix))
        lines.append("")
    if matrix:
        lines.append(
            "Standard matrix: each zone of each region in use, each region, each component "
            "on a critical flow. Name a scenario with --fail for its details."
        )
        lines.append("")
    lines.extend(budget_lines(budgets))
    return "\n".join(lines) + "\n"


# --- markdown --------------------------------------------------------------------------


def matrix_markdown(scenarios: Sequence[Scenario]) -> list[str]:
    """Flows by scenarios as a Markdown table."""
    if not scenarios:
        return []
    flows = scenarios[0].flows
    header = "| scenario | " + " | ".join(
        f"{f.id}{' (critical)' if f.critical else ''}" for f in flows
    )
    lines = [header + " |", "|---" * (len(flows) + 1) + "|"]
    for scenario in scenarios:
        cells = [_cell(f) for f in scenario.flows]
        name = " + ".join(f"`{s}`" for s in scenario.scopes)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _cell(flow: FlowOutcome) -> str:
    if flow.status == "survives":
        return "survives"
    return f"**{flow.status}** (RTO {_duration(flow.rto)}, RPO {_duration(flow.rpo)})"


def budget_markdown(budgets: Sequence[Budget]) -> list[str]:
    lines = ["| flow | availability | SLO | services without a sourced SLA |", "|---|---|---|---|"]
    for budget in budgets:
        slo = "" if budget.slo is None else f"{budget.slo:g}%"
        lines.append(
            f"| {budget.flow} | {_budget_result(budget)} | {slo} | "
            f"{', '.join(budget.unknown) or 'none'} |"
        )
    return lines


def to_markdown(scenarios: Sequence[Scenario], budgets: Sequence[Budget], matrix: bool) -> str:
    lines = ["# Failure simulation", ""]
    lines.extend(matrix_markdown(scenarios))
    lines.append("")
    if not matrix:
        lines.append("```text")
        lines.extend(scenario_lines(scenarios[0]))
        lines.append("```")
        lines.append("")
    lines.extend(["## Availability budget", ""])
    lines.extend(budget_markdown(budgets))
    lines.extend(["", "```text", *budget_lines(budgets), "```"])
    return "\n".join(lines) + "\n"
