"""Housekeeping tasks of the ground front (``kampanye worker`` queues them hourly).

Tasks call actions, never the other way: the e-mail an action queues is in ``ground.mail``.
"""

from __future__ import annotations

from django_tasks import task

from kampanye.ground.actions import return_expired_assignments


@task()
def return_expired_leases() -> int:
    """Give back assignments whose lease ran out."""
    return return_expired_assignments()
