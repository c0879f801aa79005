"""Media contacts under UU PDP: ``kampanye forget`` and retention reach them."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from kampanye.core.actions import idle_people
from kampanye.media import actions
from kampanye.media.models import MediaContact
from kampanye.media.tests.test_actions import contact


def test_forget_erases_a_contact_and_keeps_the_meeting(media):
    # given a contact with a phone, met once
    c = contact(media, phone="081234567890", email="rina@example.com", desk="Politik")
    actions.log_meeting(
        {"held_on": dt.date(2012, 6, 1), "contact_ids": [c.pk], "agenda": ["ideas"]},
        contestant=media.world.jokowi,
    )
    # when the command forgets them by phone number
    out = StringIO()
    call_command("forget", phone="0812 3456 7890", yes=True, stdout=out)
    # then name, phone, e-mail and desk are gone, the meeting stays
    c.refresh_from_db()
    assert (c.phone_e164, c.email, c.desk) == ("", "", "")
    assert c.name == f"(dihapus #{c.pk})" and c.forgotten_at is not None
    assert c.meetings.count() == 1
    assert "1 catatan pertemuan tetap" in out.getvalue()


def test_retention_finds_contacts_not_met_for_a_year(media):
    # given a contact added two years ago and never met, and one met last month
    old = contact(media, now=timezone.now() - dt.timedelta(days=730))
    met = contact(media, name="Tono Contoh", now=timezone.now() - dt.timedelta(days=730))
    actions.log_meeting(
        {
            "held_on": timezone.localdate() - dt.timedelta(days=30),
            "contact_ids": [met.pk],
            "agenda": ["personal"],
        },
        contestant=media.world.jokowi,
    )
    # when retention looks for people idle for a year
    idle = idle_people(timezone.now() - dt.timedelta(days=365))
    # then only the contact never met is found
    found = [p for kind, p in idle if isinstance(p, MediaContact)]
    assert found == [old]
