"""A media record and its touchpoints are stored together or not at all: the ledger writes,
then something fails, and neither is kept."""

from __future__ import annotations

import datetime as dt

import pytest

from kampanye.ground.tests.test_ledger_atomicity import (
    AfterTheLedger,
    fail_after,
    nothing_in_the_ledger,
)
from kampanye.media import actions
from kampanye.media.models import CoverageItem, Meeting, Mention
from kampanye.media.tests.test_actions import contact, item


def test_a_meeting_and_its_touchpoint_are_stored_together(media, monkeypatch):
    # given a contact, and a ledger that fails right after writing
    c = contact(media)
    written = fail_after(actions, "record_touchpoint", monkeypatch)
    # when a meeting is logged
    with pytest.raises(AfterTheLedger):
        actions.log_meeting(
            {"held_on": dt.date(2012, 6, 1), "contact_ids": [c.pk], "agenda": ["personal"]},
            contestant=media.world.jokowi,
        )
    # then the touchpoint had been written, and neither it nor the meeting is kept
    assert written and written[0][1] == "created"
    assert not Meeting.objects.exists()
    assert nothing_in_the_ledger()


def test_a_coverage_item_and_its_touchpoints_are_stored_together(media, monkeypatch):
    # given a ledger that fails right after writing
    written = fail_after(actions, "record_touchpoint", monkeypatch)
    # when an item is logged
    with pytest.raises(AfterTheLedger):
        item(media)
    # then the touchpoint had been written, and neither it nor the item is kept
    assert written and written[0][1] == "created"
    assert not CoverageItem.objects.exists() and not Mention.objects.exists()
    assert nothing_in_the_ledger()
