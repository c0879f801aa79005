"""A small world for the volunteers and ground tests: part of Jakarta, one contestant."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest


@pytest.fixture
def world(db):
    from kampanye.areas.models import Area, DptCount, Level
    from kampanye.elections.models import Contestant, Election
    from kampanye.product.models import Plank, Theme

    def area(code, name, level, parent=None):
        return Area.objects.create(code=code, name=name, level=level, parent=parent)

    dki = area("31", "DKI Jakarta", Level.PROVINCE)
    jaktim = area("31.75", "Jakarta Timur", Level.REGENCY, dki)
    jakut = area("31.72", "Jakarta Utara", Level.REGENCY, dki)
    matraman = area("31.75.01", "Matraman", Level.DISTRICT, jaktim)
    kayu_manis = area("31.75.01.1001", "Kayu Manis", Level.VILLAGE, matraman)
    rw3 = area("31.75.01.1001.RW003", "RW 003", Level.RW, kayu_manis)
    penjaringan = area("31.72.01", "Penjaringan", Level.DISTRICT, jakut)
    kamal = area("31.72.01.1001", "Kamal Muara", Level.VILLAGE, penjaringan)
    DptCount.objects.create(
        area=kayu_manis, voters=20, as_of=dt.date(2012, 6, 1), version="DPT", source="test"
    )
    DptCount.objects.create(
        area=kamal, voters=10, as_of=dt.date(2012, 6, 1), version="DPT", source="test"
    )
    election = Election.objects.create(
        slug="dki-2012", name="Pilgub DKI 2012", office="Gubernur", region=dki
    )
    jokowi = Contestant.objects.create(
        election=election,
        ballot_no=3,
        name="Jokowi–Basuki",
        short="Jokowi–Basuki",
        head="Joko Widodo",
        deputy="Basuki Tjahaja Purnama",
    )
    foke = Contestant.objects.create(
        election=election,
        ballot_no=1,
        name="Foke–Nara",
        short="Foke–Nara",
        head="Fauzi Bowo",
        deputy="Nachrowi",
    )
    banjir = Theme.objects.create(contestant=jokowi, slug="banjir", name="Atasi banjir")
    kjs = Theme.objects.create(contestant=jokowi, slug="kjs", name="Kartu Jakarta Sehat")
    plank = Plank.objects.create(
        contestant=jokowi, slug="kjs", title="Kartu Jakarta Sehat", drafted_on=dt.date(2012, 3, 1)
    )
    other_plank = Plank.objects.create(
        contestant=foke, slug="x", title="Lanjutkan", drafted_on=dt.date(2012, 3, 1)
    )
    return SimpleNamespace(
        dki=dki,
        jaktim=jaktim,
        jakut=jakut,
        matraman=matraman,
        kayu_manis=kayu_manis,
        rw3=rw3,
        penjaringan=penjaringan,
        kamal=kamal,
        election=election,
        jokowi=jokowi,
        foke=foke,
        banjir=banjir,
        kjs=kjs,
        plank=plank,
        other_plank=other_plank,
    )


@pytest.fixture
def volunteer_user(world, make_user):
    """A volunteer with a login, living in Kayu Manis, scoped to Jakarta Timur."""
    from kampanye.core.models import Membership
    from kampanye.volunteers.models import Volunteer

    user = make_user("volunteer", "31.75", username="relawan-budi")
    Membership.objects.filter(user=user).update(contestant=world.jokowi)
    volunteer = Volunteer.objects.create(
        contestant=world.jokowi,
        user=user,
        name="Budi Contoh",
        phone_e164="+6281234567890",
        home_area=world.kayu_manis,
        joined_on=dt.date(2012, 4, 1),
        referral_code="BUDI0001",
    )
    return SimpleNamespace(user=user, volunteer=volunteer)
