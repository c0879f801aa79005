import datetime as dt
import io
import os
import uuid

import pytest
from django.core.management import CommandError, call_command

from kampanye.core.models import AuditEntry
from kampanye.ground.models import Contact
from kampanye.ground.reports import sync_contacts
from kampanye.ground.schemas import ReportIn
from kampanye.ledger.models import Touchpoint
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
    out = io.StringIO()
    call_command("forget", phone="0812 3456 7890", yes=True, stdout=out)
    # then
    assert "1 laporan dan titik kontaknya tetap, 0 foto dihapus" in out.getvalue()
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


def test_retention_erases_only_the_inactive_and_only_with_apply(volunteer_user, world, settings):
    # given Budi joined in 2012 and never came back, Sari joined in 2012 but reported last
    # week, and two reject files: one a year and a half old, one from today
    from kampanye.core.exchange import rejects_dir

    sari = Volunteer.objects.create(
        contestant=world.jokowi, name="Sari", phone_e164="+6281111111111",
        home_area=world.kayu_manis, joined_on=dt.date(2012, 4, 2),
    )  # fmt: skip
    Contact.objects.create(
        client_uuid=uuid.uuid4(), volunteer=sari, contestant=world.jokowi,
        area=world.kayu_manis, area_code="31.75.01.1001", response="supportive",
        occurred_at=dt.datetime.now(dt.UTC), received_at=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    old, new = rejects_dir() / "areas-old.csv", rejects_dir() / "areas-new.csv"
    old.write_text("line,field,reason\n")
    new.write_text("line,field,reason\n")
    a_while_ago = (dt.datetime.now() - dt.timedelta(days=540)).timestamp()
    os.utime(old, (a_while_ago, a_while_ago))
    # and the log-in records of someone else, one as old, one from today
    from axes.models import AccessLog

    for days in (540, 0):
        log = AccessLog.objects.create(username="sari", ip_address="10.0.0.1", user_agent="hp")
        AccessLog.objects.filter(pk=log.pk).update(
            attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        )

    # when retention runs without --apply, then nothing changes
    call_command("retention", days=365, stdout=io.StringIO())
    assert Volunteer.objects.get(pk=volunteer_user.volunteer.pk).forgotten_at is None
    assert old.exists()

    # when it runs with --apply
    out = io.StringIO()
    call_command("retention", days=365, apply=True, stdout=out)

    # then Budi is forgotten, Sari is kept, the old reject file is gone and the new one stays
    assert Volunteer.objects.get(pk=volunteer_user.volunteer.pk).forgotten_at is not None
    assert Volunteer.objects.get(pk=sari.pk).name == "Sari"
    assert (old.exists(), new.exists()) == (False, True)
    assert "1 relawan" in out.getvalue()
    assert AccessLog.objects.count() == 1
    # (one count per kind of person the apps register: the others forgot nobody here)
    after = AuditEntry.objects.get(action="retention").after
    expected = {"days": 365, "volunteers_forgotten": 1, "reject_files": 1, "access_logs": 1}
    assert {k: after[k] for k in expected} == expected
    assert sum(v for k, v in after.items() if k.endswith("_forgotten")) == 1
