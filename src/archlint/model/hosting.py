"""Where an app is hosted: questions about the model that follow references between sections."""

from __future__ import annotations

from typing import TYPE_CHECKING

from archlint.model.compute import AppServiceEnvironment, AppServicePlan, HostedApp

if TYPE_CHECKING:
    from archlint.model.architecture import Architecture


def app_ase(arch: Architecture, app: HostedApp) -> AppServiceEnvironment | None:
    """The App Service Environment an app's plan runs in, if any."""
    plan = arch.get(app.plan)
    if not isinstance(plan, AppServicePlan) or not plan.ase:
        return None
    ase = arch.get(plan.ase)
    return ase if isinstance(ase, AppServiceEnvironment) else None
