import datetime as dt

import pydantic
import pytest
from django.core.exceptions import ValidationError

from kampanye.core.models import AuditEntry
from kampanye.ground.actions import (
    add_shift,
    answer_aspiration,
    assign_area,
    close_assignment,
    create_share_kit,
    link_aspiration_to_plank,
    plan_activity,
    record_click,
    remind_shift,
    return_expired_assignments,
    share_link_for,
    sign_up_for_shift,
    triage_aspiration,
)
from kampanye.ground.models import Aspiration, Assignment, SignUp
from kampanye.ground.schemas import ActivityIn, errors_of
from kampanye.ledger.models import Touchpoint

NOW = dt.datetime(2012, 6, 10, 5, 0, tzinfo=dt.UTC)


def test_lease_expires_and_the_area_returns(volunteer_user, make_user, world):
    # given a coordinator of Jakarta Timur assigns RW 003 for 3 days
    coord = make_user("coordinator", "31.75")
    a = assign_area(
        volunteer=volunteer_user.volunteer,
        area_code="31.75.01.1001.RW003",
        lease_days=3,
        by=coord,
        now=NOW,
    )
    assert a.lease_until == NOW + dt.timedelta(days=3)
    # when someone else asks for it while the lease runs, it is refused
    with pytest.raises(ValidationError) as err:
        assign_area(
            volunteer=volunteer_user.volunteer,
            area_code="31.75.01.1001.RW003",
            by=coord,
            now=NOW + dt.timedelta(days=1),
        )
    assert "area_code" in err.value.message_dict
    # then after the lease, the expiry returns it and it can be assigned again
    assert return_expired_assignments(now=NOW + dt.timedelta(days=3, seconds=1)) == 1
    a.refresh_from_db()
    assert a.status == Assignment.Status.RETURNED
    b = assign_area(
        volunteer=volunteer_user.volunteer,
        area_code="31.75.01.1001.RW003",
        by=coord,
        now=NOW + dt.timedelta(days=4),
    )
    assert b.status == Assignment.Status.OPEN
    assert AuditEntry.objects.filter(action="return_expired_assignments").count() == 1


def test_coordinator_cannot_assign_outside_scope(volunteer_user, make_user):
    coord = make_user("coordinator", "31.75")
    with pytest.raises(ValidationError) as err:
        assign_area(volunteer=volunteer_user.volunteer, area_code="31.72.01.1001", by=coord)
    assert "cakupan" in err.value.message_dict["area_code"][0]


def test_kecamatan_is_too_big_to_assign(volunteer_user):
    with pytest.raises(ValidationError):
        assign_area(volunteer=volunteer_user.volunteer, area_code="31.75.01")


def test_closing_twice_is_refused(volunteer_user):
    a = assign_area(volunteer=volunteer_user.volunteer, area_code="31.75.01.1001", now=NOW)
    close_assignment(a, Assignment.Status.DONE, now=NOW)
    with pytest.raises(ValidationError):
        close_assignment(a, Assignment.Status.RETURNED, now=NOW)


def activity(world, **kw):
    base = dict(
        contestant_id=world.jokowi.pk,
        kind="market_visit",
        title="Pasar Jatinegara",
        area_code="31.75.01.1001",
        starts_at=NOW,
        ends_at=NOW + dt.timedelta(hours=3),
        initiated_by="volunteer",
        participation_level=4,
        theme_ids=[world.kjs.pk],
        expected_reach=300,
        cost_idr=1_500_000,
    )
    base.update(kw)
    return ActivityIn(**base)


def test_activity_writes_its_touchpoint(world, volunteer_user):
    act = plan_activity(activity(world, initiator_id=volunteer_user.volunteer.pk))
    tp = Touchpoint.objects.get(source=f"ground:activity:{act.pk}")
    assert (tp.channel, tp.imc_element, tp.initiated_by) == (
        "market_visit",
        "personal_selling",
        "volunteer",
    )
    assert (tp.participation_level, tp.reach, tp.cost_idr) == (4, 300, 1_500_000)
    assert tp.theme_id == world.kjs.pk


def test_volunteer_led_activity_needs_its_initiator(world):
    with pytest.raises(pydantic.ValidationError) as err:
        activity(world)
    assert list(errors_of(err.value)) == ["initiator_id"]


def test_an_activity_is_checked_by_its_schema_and_its_references_by_the_action(world):
    # given an activity whose own fields break the schema
    with pytest.raises(pydantic.ValidationError) as bad:
        activity(
            world,
            initiated_by="staff",
            title="  ",
            ends_at=NOW - dt.timedelta(hours=1),
            cost_idr=-1,
            participation_level=7,
        )
    # then each field is named
    assert set(errors_of(bad.value)) == {"title", "ends_at", "cost_idr", "participation_level"}
    # and given one the schema accepts but naming an unknown area and a theme of another pair
    with pytest.raises(ValidationError) as refs:
        plan_activity(
            activity(
                world, initiated_by="staff", area_code="99.99", theme_ids=[world.plank.pk + 999]
            )
        )
    assert set(refs.value.message_dict) == {"area_code", "theme_ids"}


def test_shift_fills_up_and_reminders_give_whatsapp_links(world, volunteer_user):
    from kampanye.volunteers.models import Volunteer

    act = plan_activity(activity(world, initiated_by="staff"))
    shift = add_shift(act, NOW, NOW + dt.timedelta(hours=2), capacity=1)
    sign_up_for_shift(shift, volunteer_user.volunteer)
    other = Volunteer.objects.create(
        contestant=world.jokowi,
        name="Lain",
        joined_on=dt.date(2012, 4, 1),
        referral_code="LAIN0002",
    )
    with pytest.raises(ValidationError) as err:
        sign_up_for_shift(shift, other)
    assert "penuh" in err.value.message_dict["shift"][0]
    links = remind_shift(shift, now=NOW)
    assert links[0]["whatsapp"].startswith("https://wa.me/6281234567890?text=Pengingat")
    assert SignUp.objects.count() == 1


def make_aspiration(world):
    return Aspiration.objects.create(
        contestant=world.jokowi,
        area=world.kayu_manis,
        area_code=world.kayu_manis.code,
        kind="request",
        category="health",
        text="Berobat gratis",
        heard_at=NOW,
    )


def test_answer_tracks_reply_time(world):
    asp = make_aspiration(world)
    triage_aspiration(asp, category="health", priority=1, now=NOW + dt.timedelta(hours=2))
    answer_aspiration(asp, "Lewat Kartu Jakarta Sehat", now=NOW + dt.timedelta(days=2, hours=12))
    asp.refresh_from_db()
    assert asp.status == "answered"
    assert asp.reply_days == 2.5


def test_aspiration_links_only_to_own_plank(world):
    asp = make_aspiration(world)
    link_aspiration_to_plank(asp, world.plank)
    assert world.plank.aspirations.get() == asp
    with pytest.raises(ValidationError):
        link_aspiration_to_plank(asp, world.other_plank)


def test_share_clicks_are_counted_per_link_and_day_in_the_ledger(world, volunteer_user):
    kit = create_share_kit(
        contestant_id=world.jokowi.pk,
        title="KJS",
        message="Ayo",
        target_url="https://contoh.id/kjs",
    )
    link = share_link_for(kit, volunteer_user.volunteer)
    assert share_link_for(kit, volunteer_user.volunteer) == link
    assert record_click(link.code, now=NOW) == "https://contoh.id/kjs"
    record_click(link.code, now=NOW + dt.timedelta(minutes=5))
    assert record_click("nothing") is None
    tp = Touchpoint.objects.get(source__startswith=f"ground:clicks:{link.pk}:")
    assert (tp.front, tp.channel, tp.count, tp.area_code) == (
        "online",
        "whatsapp",
        2,
        "31.75.01.1001",
    )


def test_forget_field_data_clears_photos_places_and_notes_but_keeps_the_contacts(
    volunteer_user, django_capture_on_commit_callbacks
):
    import uuid

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from kampanye.ground.actions import forget_field_data
    from kampanye.ground.models import Contact
    from kampanye.ground.reports import sync_contacts
    from kampanye.ground.schemas import ReportIn

    # given two reports by the volunteer, one located with a note and a photo on disk
    for note, lat in (("dekat masjid", -6.2), ("", None)):
        r = ReportIn(
            client_uuid=uuid.uuid4(),
            occurred_at=dt.datetime.now(dt.UTC),
            area_code="31.75.01.1001",
            response="supportive",
            households=2,
            latitude=lat,
            longitude=106.86 if lat else None,
            note=note,
        )
        [res] = sync_contacts(volunteer_user.user, [r])
        assert res.status == "accepted", res.errors
    photo = default_storage.save("ground/forget-me.jpg", ContentFile(b"jpeg"))
    Contact.objects.filter(note="dekat masjid").update(photo=photo)
    audited = AuditEntry.objects.count()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        counts = forget_field_data(volunteer_user.volunteer)
    # then both contacts stay without place, note or photo; the photo file is gone
    assert counts == {"contacts_kept": 2, "photos_deleted": 1}
    assert list(Contact.objects.values_list("photo", "latitude", "note", "households")) == [
        ("", None, "", 2),
        ("", None, "", 2),
    ]
    assert not default_storage.exists(photo)
    # and the audit entry is left to the caller (``kampanye forget`` writes one)
    assert AuditEntry.objects.count() == audited


def north_volunteer(world):
    """Siti, a volunteer of Kamal Muara (Jakarta Utara), with a phone."""
    from kampanye.volunteers.models import Volunteer

    return Volunteer.objects.create(
        contestant=world.jokowi,
        name="Siti Utara",
        phone_e164="+6281200000001",
        home_area=world.kamal,
        joined_on=dt.date(2012, 4, 1),
        referral_code="SITI0001",
    )


def test_a_reminder_shows_phones_only_of_volunteers_in_the_coordinators_area(
    world, volunteer_user, make_user
):
    # given a Jakarta Timur shift with a volunteer from Jakarta Timur and one from Jakarta Utara
    act = plan_activity(activity(world, initiated_by="staff"))
    shift = add_shift(act, NOW, NOW + dt.timedelta(hours=2), capacity=5)
    sign_up_for_shift(shift, volunteer_user.volunteer)
    sign_up_for_shift(shift, north_volunteer(world))
    # when Jakarta Timur's coordinator sends the reminders
    links = remind_shift(shift, by=make_user("coordinator", "31.75"), now=NOW)
    # then only the volunteer of their own area comes with a WhatsApp link
    by_name = {row["name"]: row["whatsapp"] for row in links}
    assert by_name["Budi Contoh"].startswith("https://wa.me/6281234567890")
    assert by_name["Siti Utara"] == ""


def test_the_audit_log_keeps_no_words_of_an_aspiration(world, make_user):
    from kampanye.core.models import AuditEntry
    from kampanye.ground.actions import answer_aspiration, link_aspiration_to_plank
    from kampanye.ground.actions import triage_aspiration as triage

    # given an aspiration heard in the field
    asp = make_aspiration(world)
    manager = make_user("manager")
    # when it is triaged, answered and traced to a plank
    triage(asp, category="health", priority=1, by=manager, now=NOW)
    answer_aspiration(asp, "Kami kirim petugas Puskesmas", by=manager, now=NOW)
    link_aspiration_to_plank(asp, world.plank, by=manager)
    # then three entries name it by id, with neither its words nor the answer
    entries = AuditEntry.objects.filter(model="ground.aspiration", object_id=str(asp.pk))
    assert entries.count() == 3
    kept = " ".join(f"{e.before} {e.after}" for e in entries)
    assert "Berobat gratis" not in kept and "Puskesmas" not in kept
    assert entries.get(action="answer_aspiration").after["answered"] is True
