"""The workspace's own date: from the environment, else the data folder, else today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from kampanye.core import clock


@pytest.fixture
def no_date(monkeypatch):
    monkeypatch.delenv("KAMPANYE_AS_OF", raising=False)
    clock.set_as_of(None)
    yield
    clock.set_as_of(None)


def test_a_workspace_with_no_date_runs_on_today(no_date):
    # given neither the environment nor the data folder names a date
    # then the workspace's present is the real one
    assert clock.as_of() is None
    assert abs((clock.now() - timezone.now()).total_seconds()) < 5
    assert clock.today() == timezone.localdate()


def test_a_stored_date_moves_the_day_but_keeps_the_hour(no_date):
    # given the demo keeps 15 September 2012 in the data folder
    clock.set_as_of(dt.date(2012, 9, 15))
    # when the workspace asks what moment it is
    now = clock.now()
    real = timezone.localtime()
    # then it is that day, at the real WIB time of day
    assert clock.today() == dt.date(2012, 9, 15)
    assert now.date() == dt.date(2012, 9, 15) and abs(now.hour - real.hour) <= 1
    assert now.utcoffset() == dt.timedelta(hours=7)


def test_the_environment_wins_and_a_bad_date_is_named_by_the_checks(no_date, monkeypatch):
    # given a stored date and another in the environment
    clock.set_as_of(dt.date(2012, 9, 15))
    monkeypatch.setenv("KAMPANYE_AS_OF", "2012-07-01")
    # then the environment's date is the workspace's
    assert clock.today() == dt.date(2012, 7, 1)
    # when the environment names no date at all
    monkeypatch.setenv("KAMPANYE_AS_OF", "kemarin")
    # then the workspace runs on today and `kampanye check` says why
    assert clock.as_of() is None
    with pytest.raises(Exception, match=r"kampanye\.E004"):
        call_command("check")
