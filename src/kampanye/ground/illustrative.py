"""Illustrative ground work for the demo: made-up volunteers, activities and reports for the
Jokowi–Basuki campaign in Jakarta 2012. Everything here is flagged ``illustrative=True``
and every name is obviously invented ("… Contoh"); none of it is a historical record.

``build_illustrative_ground(election, seed=2012)`` is idempotent: a second call finds the
illustrative volunteers already there and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from kampanye.areas.models import Area, Level
from kampanye.elections.models import Contestant, Election
from kampanye.ground import actions, ledger
from kampanye.ground.models import ActivityKind, Aspiration, Click, Response, ShareLink, SignUp
from kampanye.ground.reports import file_reports_for
from kampanye.ground.schemas import ActivityIn, AspirationIn, ReportIn
from kampanye.ledger.actions import record_touchpoints
from kampanye.ledger.models import Initiator
from kampanye.product.models import Plank, Theme
from kampanye.volunteers.actions import new_code
from kampanye.volunteers.models import (
    Availability,
    Community,
    Consent,
    Posko,
    Skill,
    Team,
    TeamLevel,
    Volunteer,
)

WIB = dt.timezone(dt.timedelta(hours=7))
START = dt.date(2012, 3, 20)  # pairs registered in March 2012
ROUND_1 = dt.date(2012, 7, 11)
ROUND_2 = dt.date(2012, 9, 20)

FIRST_NAMES = [
    "Andi",
    "Ayu",
    "Bagus",
    "Bima",
    "Citra",
    "Dewi",
    "Dimas",
    "Eka",
    "Fajar",
    "Fitri",
    "Gilang",
    "Hana",
    "Indra",
    "Intan",
    "Joko",
    "Kartika",
    "Lestari",
    "Mega",
    "Nanda",
    "Nur",
    "Oki",
    "Putri",
    "Raka",
    "Rina",
    "Sari",
    "Satria",
    "Tari",
    "Teguh",
    "Umar",
    "Wati",
    "Yoga",
    "Zahra",
]
COMMUNITIES = (
    ("Relawan Kotak-Kotak Kampus (contoh)", Community.Kind.CAMPUS),
    ("Profesional untuk Jakarta Baru (contoh)", Community.Kind.PROFESSIONALS),
    ("Warga Kampung Peduli (contoh)", Community.Kind.NEIGHBOURHOOD),
    ("Aktivis Jakarta Baru (contoh)", Community.Kind.ACTIVISTS),
    ("Diaspora Jakarta Baru (contoh)", Community.Kind.DIASPORA),
    ("Seniman Jakarta Baru (contoh)", Community.Kind.ARTS),
)
CATEGORY_WORDS: dict[str, tuple[str, ...]] = {  # keyed by str: read with Aspiration.category
    Aspiration.Category.FLOOD: ("banjir", "kali", "sungai", "waduk"),
    Aspiration.Category.HEALTH: ("sehat", "kesehatan", "kjs", "puskesmas"),
    Aspiration.Category.EDUCATION: ("pintar", "pendidikan", "kjp", "sekolah"),
    Aspiration.Category.HOUSING: ("kampung", "rusun", "perumahan", "deret"),
    Aspiration.Category.TRAFFIC: ("macet", "transport", "mrt", "busway", "monorel"),
    Aspiration.Category.ECONOMY: ("pasar", "ekonomi", "umkm", "pkl"),
    Aspiration.Category.ADMINISTRATION: ("birokrasi", "lelang", "pelayanan", "ktp"),
}
ASPIRATION_TEXTS = {
    Aspiration.Category.FLOOD: "Got dan kali di sini mampet, tiap hujan banjir (contoh).",
    Aspiration.Category.HEALTH: "Berobat ke puskesmas masih mahal bagi warga (contoh).",
    Aspiration.Category.EDUCATION: "Biaya seragam dan buku sekolah memberatkan (contoh).",
    Aspiration.Category.HOUSING: "Kampung padat, rumah rawan kebakaran (contoh).",
    Aspiration.Category.TRAFFIC: "Angkutan umum jarang dan macet setiap pagi (contoh).",
    Aspiration.Category.ECONOMY: "Pasar becek, pedagang kecil butuh tempat layak (contoh).",
    Aspiration.Category.ADMINISTRATION: "Urus KTP di kelurahan lama dan berbelit (contoh).",
    Aspiration.Category.SECURITY: "Penerangan jalan kurang, rawan di malam hari (contoh).",
    Aspiration.Category.ENVIRONMENT: "Sampah menumpuk di pinggir jalan (contoh).",
}
KIND_WEIGHTS = {
    "blusukan": 5,
    "door_to_door": 6,
    "market_visit": 3,
    "kampung_visit": 3,
    "community_meeting": 2,
    "rally": 1,
    "event": 1,
}


@dataclass(frozen=True)
class GroundSummary:
    created: bool
    volunteers: int
    activities: int
    assignments: int
    contacts: int
    aspirations: int


def _jokowi(election: Election) -> Contestant | None:
    return election.contestants.filter(
        Q(head__icontains="Joko Widodo") | Q(short__icontains="Jokowi")
    ).first()


def _moment(rng: random.Random, day: dt.date, hour_from: int = 8, hour_to: int = 20):
    return dt.datetime.combine(
        day, dt.time(rng.randint(hour_from, hour_to - 1), rng.choice((0, 15, 30, 45))), tzinfo=WIB
    )


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _summary(c: Contestant, created: bool) -> GroundSummary:
    return GroundSummary(
        created=created,
        volunteers=Volunteer.objects.filter(contestant=c, illustrative=True).count(),
        activities=c.activities.filter(illustrative=True).count(),
        assignments=c.assignments.filter(illustrative=True).count(),
        contacts=c.contacts.filter(illustrative=True).count(),
        aspirations=c.aspirations.filter(illustrative=True).count(),
    )


def build_illustrative_ground(
    election: Election, seed: int = 2012, volunteers: int = 300
) -> GroundSummary | None:
    """Made-up ground work for Jokowi–Basuki; None when the pair or the kelurahan are absent."""
    c = _jokowi(election)
    villages = list(
        Area.objects.filter(Area.subtree_q(election.region.code), level=Level.VILLAGE).order_by(
            "code"
        )
    )
    if c is None or not villages:
        return None
    if Volunteer.objects.filter(contestant=c, illustrative=True).exists():
        return _summary(c, created=False)
    rng = random.Random(seed)
    with transaction.atomic():
        people = _volunteers(rng, c, villages, volunteers)
        _teams_and_posko(rng, c, people)
        acts = _activities(rng, c, people, villages)
        _assignments(rng, people)
        _contacts(rng, c, people, acts)
        _aspiration_work(rng, c)
        _share(rng, c, people)
    return _summary(c, created=True)


def _volunteers(rng, c, villages, n) -> list[Volunteer]:
    communities = [
        Community.objects.get_or_create(contestant=c, name=name, defaults={"kind": kind})[0]
        for name, kind in COMMUNITIES
    ]
    # a few dozen hot-spot kelurahan, as volunteer networks cluster
    hot = rng.sample(villages, min(len(villages), 40))
    people: list[Volunteer] = []
    days = sorted(_day(rng, START, ROUND_2 - dt.timedelta(days=5)) for _ in range(n))
    for i, joined in enumerate(days):
        recruiter = None
        if people and rng.random() < 0.65:
            recruiter = people[min(int(rng.expovariate(1 / 12)), len(people) - 1)]
        home = recruiter.home_area if recruiter and rng.random() < 0.5 else rng.choice(hot)
        people.append(
            Volunteer(
                contestant=c,
                name=f"{rng.choice(FIRST_NAMES)} Contoh {i + 1:03d}",
                home_area=home,
                community=rng.choice(communities),
                recruited_by=recruiter,
                referral_code=new_code(),
                skills=sorted(rng.sample(Skill.values, rng.randint(1, 3))),
                availability=[rng.choice(Availability.values)],
                joined_on=joined,
                illustrative=True,
            )
        )
        people[-1].save()
    Consent.objects.bulk_create(
        Consent(
            volunteer=v,
            purpose="koordinasi relawan",
            text_version="relawan-2026-1",
            given_at=_moment(rng, v.joined_on),
        )
        for v in people
    )
    return people


def _home(v: Volunteer) -> Area:
    """An illustrative volunteer's home: ``_volunteers`` gives every one of them a village."""
    assert v.home_area is not None
    return v.home_area


def _teams_and_posko(rng, c, people) -> None:
    by_kota: dict[str, list[Volunteer]] = {}
    for v in people:
        by_kota.setdefault(_home(v).code[:5], []).append(v)
    for code, members in sorted(by_kota.items()):
        kota = Area.objects.filter(code=code).first()
        if kota is None:
            continue
        korwil = Team.objects.create(
            contestant=c, name=kota.name, level=TeamLevel.KORWIL, area=kota, coordinator=members[0]
        )
        korwil.members.add(*members)
        districts: dict[str, list[Volunteer]] = {}
        for v in members:
            districts.setdefault(_home(v).code[:8], []).append(v)
        for dcode, dmembers in sorted(districts.items(), key=lambda kv: -len(kv[1]))[:3]:
            district = Area.objects.filter(code=dcode).first()
            if district is None:
                continue
            korcam = Team.objects.create(
                contestant=c,
                name=district.name,
                parent=korwil,
                level=TeamLevel.KORCAM,
                area=district,
                coordinator=dmembers[0],
            )
            korcam.members.add(*dmembers)
            village = _home(dmembers[-1])
            kordes = Team.objects.create(
                contestant=c,
                name=village.name,
                parent=korcam,
                level=TeamLevel.KORDES,
                area=village,
                coordinator=dmembers[-1],
            )
            kordes.members.add(*[v for v in dmembers if v.home_area_id == village.pk])
        Posko.objects.create(
            contestant=c,
            name=f"Posko Jakarta Baru {kota.name} (contoh)",
            area=kota,
            address=f"Jl. Contoh No. {rng.randint(1, 99)}, {kota.name}",
            opens_at=dt.time(9),
            closes_at=dt.time(21),
            team=korwil,
            illustrative=True,
        )


def _activities(rng, c, people, villages) -> list:
    themes = list(Theme.objects.filter(contestant=c))
    kinds = list(KIND_WEIGHTS)
    weights = [KIND_WEIGHTS[k] for k in kinds]
    out = []
    for i in range(60):
        kind = rng.choices(kinds, weights)[0]
        day = _day(rng, START + dt.timedelta(days=20), ROUND_2 - dt.timedelta(days=3))
        starts = _moment(rng, day, 8, 17)
        by_volunteer = rng.random() < 0.5
        initiator = rng.choice([p for p in people if p.joined_on <= day] or people)
        area = initiator.home_area if by_volunteer else rng.choice(villages)
        level = rng.choice((3, 4)) if by_volunteer else rng.choice((1, 1, 2, 3))
        act = actions.plan_activity(
            ActivityIn(
                contestant_id=c.pk,
                kind=kind,
                title=f"{dict(ActivityKind.choices)[kind].capitalize()} {area.name} "
                f"(contoh {i + 1})",
                area_code=area.code,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                initiated_by=Initiator.VOLUNTEER if by_volunteer else Initiator.STAFF,
                initiator_id=initiator.pk if by_volunteer else None,
                participation_level=level,
                theme_ids=[t.pk for t in rng.sample(themes, min(len(themes), 2))],
                expected_reach=rng.choice((50, 100, 200, 500)) * (10 if kind == "rally" else 1),
                cost_idr=rng.choice((0, 250_000, 500_000, 1_000_000))
                * (20 if kind == "rally" else 1),
                illustrative=True,
            )
        )
        shift = actions.add_shift(act, starts, starts + dt.timedelta(hours=3), 12)
        local = [p for p in people if p.home_area.code[:8] == area.code[:8]] or people
        for v in rng.sample(local, min(len(local), rng.randint(2, 8))):
            SignUp.objects.get_or_create(
                shift=shift,
                volunteer=v,
                defaults={
                    "status": SignUp.Status.ATTENDED
                    if rng.random() < 0.8
                    else SignUp.Status.CANCELLED
                },
            )
        out.append(act)
    return out


def _assignments(rng, people) -> None:
    now = dt.datetime.combine(ROUND_2, dt.time(12), tzinfo=WIB)
    for v in rng.sample(people, min(len(people), 80)):
        try:
            actions.assign_area(
                volunteer=v,
                area_code=v.home_area.code,
                lease_days=rng.choice((7, 14, 30)),
                target_households=rng.choice((50, 100, 150)),
                illustrative=True,
                now=now - dt.timedelta(days=rng.randint(1, 40)),
            )
        except ValidationError:
            continue  # the kelurahan is already held by someone else


def _contacts(rng, c, people, acts) -> None:
    theme_slugs = list(Theme.objects.filter(contestant=c).values_list("slug", flat=True))
    categories = list(ASPIRATION_TEXTS)
    now = dt.datetime.combine(ROUND_2, dt.time(23), tzinfo=WIB)
    by_area: dict[str, list] = {}
    for a in acts:
        by_area.setdefault(a.area_code, []).append(a)
    for v in people:
        n = int(rng.paretovariate(1.6) * 3) if rng.random() < 0.75 else 0
        items = []
        for _i in range(min(n, 60)):
            day = _day(rng, max(v.joined_on, START), ROUND_2 - dt.timedelta(days=3))
            response = rng.choices(list(Response.values), (40, 30, 10, 20))[0]
            activity = (
                rng.choice(by_area[v.home_area.code])
                if v.home_area.code in by_area and rng.random() < 0.4
                else None
            )
            aspiration = None
            if response != Response.NOT_HOME and rng.random() < 0.15:
                cat = rng.choice(categories)
                aspiration = AspirationIn(
                    kind=rng.choice(("request", "complaint")),
                    category=cat,
                    text=ASPIRATION_TEXTS[cat],
                )
            items.append(
                ReportIn(
                    client_uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    occurred_at=_moment(rng, day),
                    area_code=v.home_area.code,
                    response=response,
                    households=rng.choice((1, 1, 1, 2)),
                    themes=rng.sample(theme_slugs, min(len(theme_slugs), rng.randint(0, 2))),
                    activity_id=activity.pk if activity else None,
                    aspiration=aspiration,
                )
            )
        for start in range(0, len(items), 200):
            file_reports_for(v, items[start : start + 200], now=now, illustrative=True)


def _aspiration_work(rng, c) -> None:
    planks = list(Plank.objects.filter(contestant=c))
    for asp in Aspiration.objects.filter(contestant=c, illustrative=True).order_by("pk"):
        if rng.random() < 0.7:
            actions.triage_aspiration(
                asp,
                category=asp.category,
                priority=rng.choice((1, 2, 3)),
                now=asp.heard_at + dt.timedelta(hours=rng.randint(2, 48)),
            )
        if rng.random() < 0.55:
            actions.answer_aspiration(
                asp,
                "Terima kasih, sudah kami catat untuk program Jakarta Baru (contoh).",
                now=asp.heard_at + dt.timedelta(hours=rng.randint(3, 24 * 14)),
            )
        words = CATEGORY_WORDS.get(asp.category, ())
        match = [p for p in planks if any(w in f"{p.slug} {p.title}".lower() for w in words)]
        if match and rng.random() < 0.5:
            actions.link_aspiration_to_plank(asp, rng.choice(match))


def _share(rng, c, people) -> None:
    theme = Theme.objects.filter(contestant=c).first()
    kits = [
        actions.create_share_kit(
            contestant_id=c.pk,
            title=title,
            message=message,
            theme=theme,
            illustrative=True,
            target_url="https://example.org/jakarta-baru",
            made_by_volunteer=rng.choice(people) if made_by_volunteer else None,
        )
        for title, message, made_by_volunteer in (
            (
                "Jakarta Baru (contoh)",
                "Ayo pilih pemimpin yang mau turun ke kampung! (contoh)",
                False,
            ),
            ("Kartu Jakarta Sehat (contoh)", "Berobat gratis untuk warga Jakarta (contoh).", False),
            ("Video relawan (contoh)", "Lihat video buatan relawan kampus kami (contoh).", True),
        )
    ]
    clicks = []
    for v in rng.sample(people, min(len(people), 120)):
        for kit in rng.sample(kits, rng.randint(1, len(kits))):
            link = ShareLink.objects.create(kit=kit, volunteer=v, code=new_code(10))
            for _i in range(int(rng.expovariate(1 / 6))):
                day = _day(rng, v.joined_on, ROUND_2)
                clicks.append((link, v, day, Click(link=link, at=_moment(rng, day, 6, 23))))
    Click.objects.bulk_create(c for *_rest, c in clicks)
    daily: dict[tuple[int, dt.date], list] = {}
    for link, v, day, _click in clicks:
        daily.setdefault((link.pk, day), [link, v, 0])[2] += 1
    record_touchpoints(
        ledger.clicks_touchpoint(
            link_id=link.pk,
            day=day,
            clicks=n,
            contestant_id=c.pk,
            area_id=v.home_area_id,
            area_code=v.home_area.code,
            theme_id=link.kit.theme_id,
            illustrative=True,
        )
        for (_pk, day), (link, v, n) in daily.items()
    )


def link_demo_volunteer(user, area_code: str = "31.75") -> Volunteer | None:
    """Give a demo login one illustrative volunteer (in ``area_code``) so its pages have data."""
    if Volunteer.objects.filter(user=user).exists():
        return Volunteer.objects.get(user=user)
    v = (
        Volunteer.objects.filter(illustrative=True, user__isnull=True)
        .filter(Area.subtree_q(area_code, "home_area__code"))
        .annotate(n=Count("assignments"))
        .order_by("-n", "pk")
        .first()
    )
    if v is not None:
        Volunteer.objects.filter(pk=v.pk).update(user=user)
    return v
