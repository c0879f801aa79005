import base64
import datetime as dt
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kampanye.ground.models import Aspiration, Contact
from kampanye.ground.reports import sync_contacts
from kampanye.ground.schemas import AspirationIn, Rejected, read_report
from kampanye.ledger.models import Touchpoint

NOW = dt.datetime(2012, 6, 10, 5, 0, tzinfo=dt.UTC)


def report(**kw):
    base = dict(
        client_uuid=uuid.uuid4(),
        occurred_at=NOW - dt.timedelta(hours=1),
        area_code="31.75.01.1001.RW003",
        response="supportive",
        themes=["banjir"],
    )
    base.update(kw)
    return read_report(base)


def test_batch_with_duplicates_and_retry_stores_each_report_once(volunteer_user):
    # given a batch where one report appears twice
    a, b = report(), report(response="undecided")
    # when it is sent, then sent again (a retry after a lost answer)
    first = sync_contacts(volunteer_user.user, [a, b, a], now=NOW)
    again = sync_contacts(volunteer_user.user, [a, b], now=NOW)
    # then
    assert [r.status for r in first] == ["accepted", "accepted", "duplicate"]
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert first[0].contact_id == first[2].contact_id == again[0].contact_id
    assert Contact.objects.count() == 2
    assert Touchpoint.objects.filter(source__startswith="ground:contact:").count() == 2


def test_contact_writes_touchpoint_in_same_transaction(volunteer_user, world):
    # when
    r = report(
        households=3, aspiration=AspirationIn(kind="complaint", category="flood", text="Got mampet")
    )
    sync_contacts(volunteer_user.user, [r], now=NOW)
    # then
    tp = Touchpoint.objects.get(source=f"ground:contact:{r.client_uuid}")
    assert (tp.front, tp.channel, tp.initiated_by) == ("ground", "door_to_door", "volunteer")
    assert (tp.count, tp.reach, tp.participation_level) == (1, 3, 2)
    assert tp.theme_id == world.banjir.pk
    assert tp.area_code == "31.75.01.1001.RW003"
    asp = Aspiration.objects.get()
    assert asp.category == "flood" and asp.heard_at == r.occurred_at


def test_not_home_reaches_nobody(volunteer_user):
    r = report(response="not_home")
    sync_contacts(volunteer_user.user, [r], now=NOW)
    tp = Touchpoint.objects.get(source=f"ground:contact:{r.client_uuid}")
    assert (tp.count, tp.reach) == (1, 0)


def test_bad_items_are_rejected_with_field_errors_and_good_ones_kept(volunteer_user):
    # given
    bad = report(
        area_code="31.72.01.1001",
        response="maybe",
        households=0,
        themes=["unknown"],
        latitude=51.5,
        longitude=0.1,
        occurred_at=NOW + dt.timedelta(days=2),
    )
    good = report()
    # when
    results = sync_contacts(volunteer_user.user, [bad, good], now=NOW)
    # then the bad one names each field the schema refused (the rest is not looked at)
    assert isinstance(bad, Rejected)
    assert results[0].status == "rejected"
    assert set(results[0].errors) == {"response", "households", "latitude", "longitude"}
    assert results[1].status == "accepted"
    assert Contact.objects.count() == 1


def test_references_and_scope_are_checked_when_stored(volunteer_user):
    # given a report the schema accepts, naming an area outside the volunteer's scope, an
    # unknown theme and a time two days ahead of the server's clock
    bad = report(
        area_code="31.72.01.1001", themes=["unknown"], occurred_at=NOW + dt.timedelta(days=2)
    )
    good = report()
    # when
    results = sync_contacts(volunteer_user.user, [bad, good], now=NOW)
    # then
    assert results[0].status == "rejected"
    assert set(results[0].errors) == {"area_code", "themes", "occurred_at"}
    assert "cakupan" in results[0].errors["area_code"][0]
    assert results[1].status == "accepted"
    assert Contact.objects.count() == 1


def test_a_rejected_item_sent_twice_is_rejected_twice(volunteer_user):
    bad = report(response="maybe")
    results = sync_contacts(volunteer_user.user, [bad, bad], now=NOW)
    assert [r.status for r in results] == ["rejected", "rejected"]


def test_correction_supersedes_and_old_touchpoint_counts_zero(volunteer_user):
    # given a stored report
    old = report(response="supportive", households=2)
    sync_contacts(volunteer_user.user, [old], now=NOW)
    # when the volunteer corrects it
    fix = report(response="undecided", households=1, supersedes=old.client_uuid)
    [result] = sync_contacts(volunteer_user.user, [fix], now=NOW)
    # then both rows remain, the new one supersedes; the ledger counts the new one only
    assert result.status == "accepted"
    new = Contact.objects.get(client_uuid=fix.client_uuid)
    assert new.supersedes.client_uuid == old.client_uuid
    assert Contact.objects.filter(superseded_by__isnull=True).get() == new
    tps = Touchpoint.objects.filter(source__startswith="ground:contact:")
    assert sorted(tps.values_list("count", "reach")) == [(0, 0), (1, 1)]


def test_correction_repeating_its_aspiration_keeps_one_aspiration(volunteer_user):
    # given a report with a complaint that the coordinator has already triaged
    old = report(aspiration=AspirationIn(kind="complaint", category="flood", text="Got mampet"))
    sync_contacts(volunteer_user.user, [old], now=NOW)
    Aspiration.objects.update(status=Aspiration.Status.TRIAGED)
    # when the volunteer corrects the report, repeating the complaint with a better text
    fix = report(
        response="undecided",
        supersedes=old.client_uuid,
        aspiration=AspirationIn(kind="complaint", category="flood", text="Got mampet di RT 05"),
    )
    [result] = sync_contacts(volunteer_user.user, [fix], now=NOW)
    # then there is still one aspiration, on the corrected report, with its triage kept
    assert result.status == "accepted"
    asp = Aspiration.objects.get()
    assert asp.contact.client_uuid == fix.client_uuid
    assert (asp.text, asp.status) == ("Got mampet di RT 05", Aspiration.Status.TRIAGED)


def test_correcting_twice_the_same_report_is_refused(volunteer_user):
    old = report()
    fix1 = report(supersedes=old.client_uuid)
    fix2 = report(supersedes=old.client_uuid)
    results = sync_contacts(volunteer_user.user, [old, fix1, fix2], now=NOW)
    assert [r.status for r in results] == ["accepted", "accepted", "rejected"]
    assert "supersedes" in results[2].errors


def test_correction_of_unknown_report_is_refused(volunteer_user):
    [r] = sync_contacts(volunteer_user.user, [report(supersedes=uuid.uuid4())], now=NOW)
    assert r.status == "rejected" and "supersedes" in r.errors


def test_only_the_reporter_corrects_a_report(volunteer_user, world, make_user):
    from kampanye.volunteers.models import Volunteer

    old = report()
    sync_contacts(volunteer_user.user, [old], now=NOW)
    other = make_user("volunteer", "31.75", username="relawan-lain")
    Volunteer.objects.create(
        contestant=world.jokowi,
        user=other,
        name="Lain",
        joined_on=dt.date(2012, 4, 1),
        referral_code="LAIN0001",
    )
    [r] = sync_contacts(other, [report(supersedes=old.client_uuid)], now=NOW)
    assert r.status == "rejected"


def test_photo_must_be_an_image(volunteer_user):
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 20).decode()
    ok, bad = report(photo_base64=png), report(photo_base64="bm90IGFuIGltYWdl")
    results = sync_contacts(volunteer_user.user, [ok, bad], now=NOW)
    assert [r.status for r in results] == ["accepted", "rejected"]
    assert Contact.objects.get().photo.name.endswith(".png")


def test_a_failed_sync_leaves_no_photo_behind(volunteer_user, monkeypatch):
    # given a report with a photo, and a database that fails while storing it
    from django.core.files.storage import default_storage

    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 20).decode()
    item = report(photo_base64=png)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kampanye.ground.reports.record_touchpoints", broken)
    # when the sync fails
    with pytest.raises(RuntimeError):
        sync_contacts(volunteer_user.user, [item], now=NOW)
    # then neither the report nor its photo file is kept
    assert not Contact.objects.exists()
    assert not default_storage.exists(f"ground/photos/{item.client_uuid}.png")


def test_user_without_campaign_is_refused(make_user, world):
    user = make_user("volunteer")
    [r] = sync_contacts(user, [report()], now=NOW)
    assert r.status == "rejected" and "__all__" in r.errors


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.integers(0, 5), max_size=6), min_size=1, max_size=4))
def test_any_sequence_of_batches_stores_each_report_once(volunteer_user, batches):
    # given six possible reports, sent in any batches with any repeats
    Contact.objects.all().delete()
    pool = [report() for _ in range(6)]
    seen: set = set()
    for batch in batches:
        # when a batch is synced
        results = sync_contacts(volunteer_user.user, [pool[i] for i in batch], now=NOW)
        # then a report is accepted only the first time it is ever seen
        for i, r in zip(batch, results, strict=True):
            assert r.status == ("duplicate" if i in seen else "accepted")
            seen.add(i)
    assert Contact.objects.count() == len(seen)
