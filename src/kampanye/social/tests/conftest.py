"""A small election with the six 2012 pairs and their aliases (no wilayah needed)."""

from __future__ import annotations

import pytest

ALIASES = {
    1: ("Foke–Nara", ["Foke", "Fauzi Bowo", "Bang Foke", "Nara", "Foke-Nara"]),
    2: ("Hendardji–Riza", ["Hendardji", "Riza Patria"]),
    3: ("Jokowi–Ahok", ["Jokowi", "Joko Widodo", "Ahok", "Basuki", "JokowiAhok"]),
    4: ("Hidayat–Didik", ["Hidayat Nur Wahid", "HNW", "Hidayat-Didik"]),
    5: ("Faisal–Biem", ["Faisal Basri", "Faisal-Biem", "Biem Benyamin"]),
    6: ("Alex–Nono", ["Alex Noerdin", "Alex-Nono", "Nono Sampono"]),
}


@pytest.fixture
def election(db):
    from kampanye.areas.models import Area
    from kampanye.elections.models import Contestant, Election

    region = Area.objects.create(code="31", name="DKI Jakarta", level=1)
    e = Election.objects.create(
        slug="jakarta-2012", name="Pilkada DKI 2012", office="Gubernur", region=region
    )
    for no, (short, aliases) in ALIASES.items():
        Contestant.objects.create(
            election=e,
            ballot_no=no,
            name=short,
            short=short,
            head=aliases[0],
            deputy="",
            aliases=aliases,
        )
    return e


@pytest.fixture
def contestants(election):
    return {c.ballot_no: c for c in election.contestants.all()}
