"""``kampanye worker`` gives back expired assignments without anyone scheduling it."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from kampanye.ground.actions import assign_area
from kampanye.ground.models import Assignment

from .test_actions import NOW


@pytest.mark.django_db(transaction=True)
def test_worker_gives_back_expired_leases_when_it_starts(volunteer_user, make_user, world):
    # given an assignment whose lease ran out long ago and one that runs for another week
    coord = make_user("coordinator", "31.75")
    volunteer = volunteer_user.volunteer
    old = assign_area(
        volunteer=volunteer, area_code="31.75.01.1001", lease_days=3, by=coord, now=NOW
    )
    fresh = assign_area(
        volunteer=volunteer,
        area_code="31.72.01.1001",
        lease_days=7,
        by=make_user("manager"),
        now=timezone.now(),
    )

    # when the worker starts and works through its queue once
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    # then the expired one is given back and the current one stays open
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Assignment.Status.RETURNED
    assert fresh.status == Assignment.Status.OPEN


@pytest.mark.django_db(transaction=True)
def test_a_workspace_on_its_own_date_keeps_its_leases(
    volunteer_user, make_user, world, monkeypatch
):
    import datetime as dt

    from kampanye.core import clock

    # given a workspace that lives on 15 September 2012 and a lease given on the 10th for a week
    monkeypatch.setenv("KAMPANYE_AS_OF", "2012-09-15")
    given = dt.datetime(2012, 9, 10, 12, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    lease = assign_area(
        volunteer=volunteer_user.volunteer,
        area_code="31.75.01.1001",
        lease_days=7,
        by=make_user("coordinator", "31.75"),
        now=given,
    )
    # when the worker runs its housekeeping (today, years after 2012)
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    # then the lease still runs, because on the workspace's date it has two days left
    lease.refresh_from_db()
    assert lease.status == Assignment.Status.OPEN
    assert clock.today() == dt.date(2012, 9, 15)
