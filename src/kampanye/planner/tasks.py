"""Background tasks of the planner (run by ``kampanye worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_scenario(run_id: int) -> str:
    """Monte Carlo of one scenario run; progress and result are written on the ``Run``."""
    from kampanye.planner.actions import execute_run

    return execute_run(run_id).status


@task()
def propose_allocation(scenario_id: int, user_id: int | None, objective: str) -> dict:
    """The optimiser's proposal for a scenario, saved as a new scenario with its run queued:
    ``{"scenario": id}``, or ``{"error": message}`` when the election cannot be calibrated
    (the scenario page shows it)."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from kampanye.planner import actions
    from kampanye.planner.models import Scenario
    from kampanye.planner.sources import SourceError

    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    scenario = Scenario.objects.get(pk=scenario_id)
    try:
        proposal = actions.propose_allocation(user, scenario, objective=objective)
    except (SourceError, ValueError, ValidationError) as error:
        return {"error": str(error)}
    return {"scenario": proposal.pk}
