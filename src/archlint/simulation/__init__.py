"""Failure simulation: what losing a zone, a region or a component does to each flow.

Model-only: it reads the typed architecture (never YAML, Terraform or the rules) and
answers, before any chaos experiment, which flows survive a scenario, which are degraded
or lost, where they break, and the RTO and RPO that follow; and each flow's composite
availability from the published SLAs (:mod:`archlint.simulation.availability`).
"""

from __future__ import annotations

from archlint.simulation.flows import FlowOutcome
from archlint.simulation.outages import Outage, Status
from archlint.simulation.scenarios import Scenario, simulate, standard_scopes
from archlint.simulation.scopes import Scope, ScopeError, parse_scope, regions_in_use

__all__ = [
    "FlowOutcome",
    "Outage",
    "Scenario",
    "Scope",
    "ScopeError",
    "Status",
    "parse_scope",
    "regions_in_use",
    "simulate",
    "standard_scopes",
]
