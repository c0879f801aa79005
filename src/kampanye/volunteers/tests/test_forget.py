import datetime as dt
import uuid

import pytest
from django.core.management import CommandError, call_command

from kampanye.core.models import AuditEntry, Touchpoint
from kampanye.ground.models import Contact
from kampanye.ground.reports import ReportIn, sync_contacts
from kampanye.volunteers.models import Volunteer


def test_forget_by_phone_erases_personal_data_and_keeps_counts(volunteer_user, world):
    # given a volunteer with a located report
    r = ReportIn(
        client_uuid=uuid.uuid4(),
        occurred_at=dt.datetime.now(dt.UTC),
        area_code="31.75.01.1001",
        response="supportive",
        latitude=-6.2,
        longitude=106.86,
        note="dekat masjid",
    )
    sync_contacts(volunteer_user.user, [r])
    # when
    call_command("forget", phone="0812 3456 7890", yes=True)
    # then
    v = Volunteer.objects.get(pk=volunteer_user.volunteer.pk)
    assert (v.name, v.phone_e164, v.referral_code) == (f"(dihapus #{v.pk})", "", None)
    assert v.forgotten_at is not None
    assert not v.user.is_active and "relawan-budi" not in v.user.username
    c = Contact.objects.get()
    assert (c.latitude, c.note, c.households, c.response) == (None, "", 1, "supportive")
    assert Touchpoint.objects.filter(source=f"ground:contact:{r.client_uuid}").exists()
    entry = AuditEntry.objects.get(action="forget_person")
    assert "Budi" not in str(entry.after) and "+62" not in str(entry.after)
    assert entry.after["contacts_kept"] == 1


def test_forget_needs_a_match_and_confirmation(volunteer_user, monkeypatch):
    with pytest.raises(CommandError):
        call_command("forget", volunteer=999999, yes=True)
    monkeypatch.setattr("builtins.input", lambda prompt: "tidak")
    with pytest.raises(CommandError):
        call_command("forget", volunteer=volunteer_user.volunteer.pk)
    assert Volunteer.objects.get(pk=volunteer_user.volunteer.pk).name == "Budi Contoh"
