"""Background tasks of the planner (run by ``kampanye worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_scenario(run_id: int) -> str:
    """Monte Carlo of one scenario run; progress and result are written on the ``Run``."""
    from kampanye.planner.actions import execute_run

    return execute_run(run_id).status
