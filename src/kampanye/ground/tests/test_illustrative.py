import pytest

from kampanye.ground.illustrative import build_illustrative_ground
from kampanye.ground.models import Contact
from kampanye.ledger.models import Touchpoint
from kampanye.volunteers.models import Volunteer


@pytest.mark.slow
def test_illustrative_ground_is_flagged_and_idempotent(world):
    # given the small world (two kelurahan), when built twice
    first = build_illustrative_ground(world.election, seed=7, volunteers=40)
    second = build_illustrative_ground(world.election, seed=7, volunteers=40)
    # then everything is illustrative, with obviously invented names, and built once
    assert first.created and not second.created
    assert first.volunteers == second.volunteers == 40
    assert first.contacts == Contact.objects.count() > 0
    assert not Volunteer.objects.filter(illustrative=False).exists()
    assert all(" Contoh " in n for n in Volunteer.objects.values_list("name", flat=True))
    assert not Touchpoint.objects.filter(illustrative=False).exists()
    assert Volunteer.objects.filter(recruited_by__isnull=False).exists()


def test_no_jokowi_no_illustrative_ground(world):
    world.jokowi.delete()
    assert build_illustrative_ground(world.election) is None


def test_demo_volunteer_login_gets_an_illustrative_volunteer_and_its_home_page(world, client):
    import datetime as dt

    from kampanye.core.management.commands.demo import ensure_demo_users

    # given one illustrative volunteer in Jakarta Timur without a login
    v = Volunteer.objects.create(
        contestant=world.jokowi,
        name="Sari Contoh Satu",
        home_area=world.kayu_manis,
        joined_on=dt.date(2012, 5, 1),
        referral_code="SARI0001",
        illustrative=True,
    )
    # when the demo logins are made (twice: it is idempotent)
    ensure_demo_users("rahasia-demo")
    ensure_demo_users("rahasia-demo")
    # then the volunteer login is that volunteer, and its own page shows their referral link
    v.refresh_from_db()
    assert v.user.username == "relawan"
    client.force_login(v.user)
    assert "/relawan/r/SARI0001/" in client.get("/darat/saya/").content.decode()
