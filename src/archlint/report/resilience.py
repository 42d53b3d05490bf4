"""The report's resilience section: the standard failure matrix and the availability budget.

Built from :mod:`archlint.simulation` and :mod:`archlint.analysis.availability` (loaded only
when a report is written). Durations are seconds; ``None`` means unbounded.
"""

from __future__ import annotations

from typing import Any

from archlint.model import Architecture


def _rounded(value: float | None, digits: int = 6) -> float | None:
    return None if value is None else round(value, digits)


def resilience_section(architecture: Architecture) -> dict[str, Any]:
    from archlint.analysis.availability import budgets
    from archlint.simulation import simulate, standard_scopes

    scenarios = [simulate(architecture, scopes) for scopes in standard_scopes(architecture)]
    return {
        "scenarios": [
            {
                "scenario": [str(scope) for scope in scenario.scopes],
                "assumed_down": scenario.assumed,
                "flows": [
                    {
                        "id": flow.id,
                        "critical": flow.critical,
                        "status": flow.status,
                        "lost_at": flow.lost_at,
                        "rto": _rounded(flow.rto, 3),
                        "rpo": _rounded(flow.rpo, 3),
                    }
                    for flow in scenario.flows
                ],
            }
            for scenario in scenarios
        ],
        "budget": [
            {
                "flow": budget.flow,
                "availability": _rounded(budget.percent),
                "upper_bound": bool(budget.unknown),
                "slo": budget.slo,
                "below_slo": budget.below_slo,
                "unsourced": budget.unknown,
                "terms": [
                    {
                        "components": list(term.components),
                        "availability": _rounded(
                            None if term.availability is None else term.availability * 100
                        ),
                        "basis": term.basis,
                    }
                    for term in budget.terms
                ],
            }
            for budget in budgets(architecture)
        ],
    }


def duration_text(seconds: float | None) -> str:
    from datetime import timedelta

    from archlint.model.types import format_duration

    return "unbounded" if seconds is None else format_duration(timedelta(seconds=seconds))


def outcome_text(flow: dict[str, Any]) -> str:
    """One cell of the matrix: the status, with RTO and RPO when the flow is not intact."""
    if flow["status"] == "survives":
        return "survives"
    return f"{flow['status']} (RTO {duration_text(flow['rto'])}, RPO {duration_text(flow['rpo'])})"


def budget_text(entry: dict[str, Any]) -> str:
    if entry["availability"] is None:
        return "unknown"
    text = f"{'at most ' if entry['upper_bound'] else ''}{entry['availability']:.4f}%"
    if entry["below_slo"]:
        text += f", below the {entry['slo']:g}% SLO"
    return text


MATRIX_HELP = (
    "Each zone of each region in use, each region, and each component on a critical flow, "
    "failed alone (archlint simulate). A flow survives when every component on it is up, is "
    "degraded when it still reaches a sink through a failover or with branches lost, and is "
    "lost otherwise. A component whose zone is unknown is assumed in the lost zone."
)
BUDGET_HELP = (
    "Composite availability of each flow from published SLAs (series multiply; deployed "
    "secondaries and router alternatives in parallel). A service without a sourced SLA can "
    "only lower it: the figure is then an upper bound."
)
