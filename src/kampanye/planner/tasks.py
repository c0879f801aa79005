"""Background tasks of the planner (run by ``kampanye worker``).

Tasks call actions; an action that queues work is handed the task's ``enqueue`` (see
``planner.actions``), so the import goes one way only.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_tasks import task

from kampanye.planner import actions
from kampanye.planner.models import Scenario
from kampanye.planner.sources import SourceError


@task()
def run_scenario(run_id: int) -> str:
    """Monte Carlo of one scenario run; progress and result are written on the ``Run``."""
    return actions.execute_run(run_id).status


@task()
def propose_allocation(scenario_id: int, user_id: int | None, objective: str) -> dict:
    """The optimiser's proposal for a scenario, saved as a new scenario with its run queued:
    ``{"scenario": id}``, or ``{"error": message}`` when the election cannot be calibrated
    (the scenario page shows it)."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    scenario = Scenario.objects.get(pk=scenario_id)
    try:
        proposal = actions.propose_allocation(
            user, scenario, objective=objective, queue=run_scenario.enqueue
        )
    except (SourceError, ValueError, ValidationError) as error:
        return {"error": str(error)}
    return {"scenario": proposal.pk}
