"""The ledger's promise on the ground front: a record and its touchpoint are stored together
or not at all. Each test lets the ledger write the touchpoint, then fails, and finds
neither the front's record nor the touchpoint."""

from __future__ import annotations

import datetime as dt

import pytest

from kampanye.ground import actions, reports
from kampanye.ground.models import Activity, Click, Contact
from kampanye.ground.tests.test_actions import activity
from kampanye.ground.tests.test_reports import report
from kampanye.ledger.models import Touchpoint, TouchpointRollup

NOW = dt.datetime(2012, 6, 10, 5, 0, tzinfo=dt.UTC)


class AfterTheLedger(Exception):
    """Raised right after the ledger wrote its touchpoints."""


def fail_after(module, name: str, monkeypatch) -> list:
    """Make ``module.name`` (a ledger action) write as usual, then fail; returns what it
    wrote, so the test can check that the write did happen before the failure."""
    real = getattr(module, name)
    written: list = []

    def write_then_fail(*args, **kwargs):
        written.append(real(*args, **kwargs))
        raise AfterTheLedger

    monkeypatch.setattr(module, name, write_then_fail)
    return written


def nothing_in_the_ledger() -> bool:
    return not Touchpoint.objects.exists() and not TouchpointRollup.objects.exists()


def test_an_activity_and_its_touchpoint_are_stored_together(world, monkeypatch):
    # given the ledger fails right after it wrote the activity's touchpoint
    written = fail_after(actions, "record_touchpoint", monkeypatch)
    # when an activity is planned
    with pytest.raises(AfterTheLedger):
        actions.plan_activity(activity(world, initiated_by="staff"))
    # then the touchpoint had been written, and neither it nor the activity is kept
    assert written and written[0][1] == "created"
    assert not Activity.objects.exists()
    assert nothing_in_the_ledger()


def test_a_field_report_and_its_touchpoint_are_stored_together(volunteer_user, monkeypatch):
    # given the ledger fails right after it wrote the reports' touchpoints
    written = fail_after(reports, "record_touchpoints", monkeypatch)
    # when a volunteer's phone syncs two reports
    with pytest.raises(AfterTheLedger):
        reports.sync_contacts(volunteer_user.user, [report(), report()], now=NOW)
    # then the touchpoints had been written, and neither they nor the reports are kept
    assert written and written[0]["created"] == 2
    assert not Contact.objects.exists()
    assert nothing_in_the_ledger()


def test_a_share_click_and_its_touchpoint_are_stored_together(world, volunteer_user, monkeypatch):
    # given a share link, and the ledger failing right after it counted the click
    kit = actions.create_share_kit(
        contestant_id=world.jokowi.pk, title="KJS", message="Ayo", target_url="https://contoh.id"
    )
    link = actions.share_link_for(kit, volunteer_user.volunteer)
    written = fail_after(actions, "record_touchpoint", monkeypatch)
    # when someone follows the link
    with pytest.raises(AfterTheLedger):
        actions.record_click(link.code, now=NOW)
    # then the touchpoint had been written, and neither it nor the click is kept
    assert written
    assert not Click.objects.exists()
    assert nothing_in_the_ledger()
