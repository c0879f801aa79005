# ruff: noqa: E501  (the OUTLETS table: one outlet per line)
"""The demo's air war: real outlets, illustrative everything else.

**Facts:** the outlets' names, types, reach and owner groups, and the owners' political
ties as they stood in 2012, each note with its source (check it before relying on it).
**Made up** (``illustrative=True``, "ilustratif" on every page): the audience figures, the
contacts (every name ends in "Contoh"), the meetings, the press agenda and every coverage
item. The coverage is shaped as the paper describes Jakarta 2012 — Jokowi–Ahok's coverage
mostly earned and rarely negative, Foke–Nara's more often paid and more often critical, the
other four pairs small — so the darling index shows that pattern; it is not a measurement.

Deterministic and idempotent: the same election gives the same items, and building twice
adds nothing (items are keyed by outlet, date and title).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from kampanye.elections.models import Contestant, Election, Round
from kampanye.media import actions
from kampanye.media.models import MediaContact, Meeting, OwnerGroup, PressEvent

SOURCE = (
    "Nugroho, Putri & Laksmi (2012), Mapping the Landscape of the Media Industry in "
    "Contemporary Indonesia, CIPG & HIVOS"
)
TIES = {
    "MNC Group": "Pemilik, Hary Tanoesoedibjo, bergabung dengan Partai NasDem pada 2011.",
    "Visi Media Asia": "Dikendalikan keluarga Bakrie; Aburizal Bakrie Ketua Umum Partai Golkar sejak 2009.",
    "Media Group": "Pemilik, Surya Paloh, pendiri Nasional Demokrat (ormas 2010, partai 2011).",
    "Jawa Pos Group": "Dahlan Iskan, pemimpin grup, Menteri BUMN sejak Oktober 2011.",
}
TIES_AS_OF = dt.date(2012, 6, 1)

# name, type, reach, owner group, illustrative audience (people per item)
OUTLETS = [
    ("RCTI", "tv", "national", "MNC Group", 900_000),
    ("Global TV", "tv", "national", "MNC Group", 300_000),
    ("Okezone", "online", "national", "MNC Group", 150_000),
    ("SCTV", "tv", "national", "Emtek", 850_000),
    ("Indosiar", "tv", "national", "Emtek", 500_000),
    ("Trans TV", "tv", "national", "Trans Corp", 700_000),
    ("Trans 7", "tv", "national", "Trans Corp", 600_000),
    ("detikcom", "online", "national", "Trans Corp", 400_000),
    ("tvOne", "tv", "national", "Visi Media Asia", 650_000),
    ("ANTV", "tv", "national", "Visi Media Asia", 450_000),
    ("VIVAnews", "online", "national", "Visi Media Asia", 200_000),
    ("Metro TV", "tv", "national", "Media Group", 550_000),
    ("Media Indonesia", "print", "national", "Media Group", 120_000),
    ("Kompas", "print", "national", "Kompas Gramedia", 500_000),
    ("Kompas.com", "online", "national", "Kompas Gramedia", 450_000),
    ("Kompas TV", "tv", "national", "Kompas Gramedia", 200_000),
    ("Warta Kota", "print", "local", "Kompas Gramedia", 150_000),
    ("Jawa Pos", "print", "national", "Jawa Pos Group", 300_000),
    ("JPNN.com", "online", "national", "Jawa Pos Group", 100_000),
    ("Tempo", "print", "national", "Tempo Media Group", 150_000),
    ("Tempo.co", "online", "national", "Tempo Media Group", 200_000),
    ("Suara Pembaruan", "print", "national", "Lippo Group", 80_000),
    ("BeritaSatu", "online", "national", "Lippo Group", 60_000),
    ("Pos Kota", "print", "local", "", 250_000),
]
AUDIENCE_BASIS = "ilustratif: angka rekaan untuk demo, bukan hasil pengukuran"

# ballot no → (items per round day, share earned, tone weights (neg, neu, pos))
PROFILE = {
    3: (5, 0.95, (0.08, 0.37, 0.55)),  # Jokowi–Ahok: the media darling
    1: (5, 0.55, (0.35, 0.40, 0.25)),  # Foke–Nara: incumbent, paid airtime, criticised
    4: (2, 0.85, (0.15, 0.55, 0.30)),
    6: (2, 0.70, (0.25, 0.50, 0.25)),
    5: (1, 0.90, (0.10, 0.60, 0.30)),
    2: (1, 0.90, (0.15, 0.65, 0.20)),
}
TOPICS = ["banjir", "macet", "kampung", "pasar", "kesehatan", "pendidikan", "debat", "program"]
EVENTS = [
    ("candidate_event", "Blusukan ke kampung padat (ilustratif)", ["visual", "human"]),
    ("candidate_event", "Naik bajaj ke kantor KPU (ilustratif)", ["visual", "novelty"]),
    ("candidate_event", "Makan di warung bersama warga (ilustratif)", ["human", "visual"]),
    ("conference", "Konferensi pers program Kartu Jakarta Sehat (ilustratif)", ["policy"]),
]
CONTACTS = [
    ("Andi Contoh", "chief_editor", "Kompas", "Politik"),
    ("Sari Contoh", "editor", "Metro TV", "Berita malam"),
    ("Budi Contoh", "producer", "tvOne", "Talk show politik"),
    ("Dewi Contoh", "reporter", "detikcom", "Balai Kota"),
    ("Eko Contoh", "editor", "Tempo", "Nasional"),
    ("Fitri Contoh", "producer", "Trans TV", "Feature"),
]
AGENDAS = [
    ["personal", "ideas"],
    ["expectations"],
    ["ideas", "expectations"],
    ["cooperation"],
    ["personal", "cooperation"],
]


def build_illustrative_media(election: Election, seed: int = 2012) -> dict[str, int]:
    rng = random.Random(seed)
    pairs = {c.ballot_no: c for c in Contestant.objects.filter(election=election)}
    rounds = list(Round.objects.filter(election=election).order_by("number"))
    jokowi = pairs.get(3)
    with transaction.atomic():
        outlets = _outlets()
        events = _events(jokowi, rounds) if jokowi else []
        if jokowi is not None and not MediaContact.objects.filter(illustrative=True).exists():
            _meetings(jokowi, outlets, rounds, rng)
        made = 0
        for rnd in rounds:
            if rnd.campaign_start is None or rnd.campaign_end is None:
                continue
            contestants = [c for n, c in pairs.items() if rnd.number == 1 or n in (1, 3)]
            # a generator of its own per round: the items come out the same whether or
            # not the meetings above were built in this run
            made += _coverage(rnd, contestants, outlets, events, random.Random(seed + rnd.number))
    return {"outlets": len(outlets), "items": made}


def _outlets() -> dict[str, int]:
    out: dict[str, int] = {}
    for name, kind, reach, owner, audience in OUTLETS:
        if owner and owner in TIES:
            OwnerGroup.objects.update_or_create(
                name=owner,
                defaults={
                    "ties_note": TIES[owner],
                    "ties_source": SOURCE,
                    "ties_as_of": TIES_AS_OF,
                },
            )
        outlet = actions.save_outlet(
            {
                "name": name,
                "kind": kind,
                "reach": reach,
                "area_code": "31" if reach == "local" else "",
                "owner": owner,
                "audience": audience,
                "audience_basis": AUDIENCE_BASIS,
            },
            illustrative=True,
            audited=False,
        )
        out[name] = outlet.pk
    return out


def _events(jokowi: Contestant, rounds: list[Round]) -> list[PressEvent]:
    start = rounds[0].campaign_start if rounds and rounds[0].campaign_start else None
    if start is None:
        return []
    events = []
    for i, (kind, title, hooks) in enumerate(EVENTS):
        event = PressEvent.objects.filter(title=title, contestant=jokowi).first()
        if event is None:
            event = actions.add_press_event(
                {
                    "kind": kind,
                    "title": title,
                    "held_on": start + dt.timedelta(days=2 + 3 * i),
                    "hooks": hooks,
                },
                contestant=jokowi,
                illustrative=True,
            )
        events.append(event)
    return events


def _meetings(
    jokowi: Contestant, outlets: dict[str, int], rounds: list[Round], rng: random.Random
) -> None:
    start = (rounds[0].campaign_start if rounds else None) or dt.date(2012, 6, 24)
    contacts = [
        actions.add_contact(
            {
                "name": name,
                "role": role,
                "outlet_id": outlets[outlet],
                "desk": desk,
                "consent": True,
            },
            contestant=jokowi,
            illustrative=True,
        )
        for name, role, outlet, desk in CONTACTS
    ]
    for i in range(10):
        met = rng.sample(contacts, k=rng.randint(1, 3))
        held = start - dt.timedelta(days=40) + dt.timedelta(days=6 * i)
        actions.log_meeting(
            {
                "held_on": held,
                "contact_ids": [c.pk for c in met],
                "agenda": AGENDAS[i % len(AGENDAS)],
                "notes": "Catatan ilustratif: diskusi tentang masa depan Jakarta.",
                "expectations": "Harapan ilustratif: gubernur yang mudah ditemui dan terbuka pada wartawan."
                if i % 2
                else "",
                "follow_ups": [
                    {
                        "text": "Kirim bahan program (ilustratif)",
                        "due_on": held + dt.timedelta(days=7),
                    }
                ],
            },
            contestant=jokowi,
            illustrative=True,
        )
    # half the follow-ups kept on time, so relationship health has something to show
    for meeting in Meeting.objects.filter(contestant=jokowi, illustrative=True)[::2]:
        for fu in meeting.follow_ups.all():
            actions.complete_follow_up(fu, on=fu.due_on)


def _coverage(
    rnd: Round,
    contestants: list[Contestant],
    outlets: dict[str, int],
    events: list[PressEvent],
    rng: random.Random,
) -> int:
    assert rnd.campaign_start is not None and rnd.campaign_end is not None
    names = list(outlets)
    days = (rnd.campaign_end - rnd.campaign_start).days + 1
    made = 0
    for c in sorted(contestants, key=lambda c: c.ballot_no):
        per_day, earned_share, tones = PROFILE.get(c.ballot_no, (1, 0.8, (0.2, 0.6, 0.2)))
        for d in range(days):
            day = rnd.campaign_start + dt.timedelta(days=d)
            for j in range(per_day):
                topic = rng.choice(TOPICS)
                paid = rng.random() > earned_share
                tone = rng.choices((-1, 0, 1), weights=tones)[0]
                title = f"{c.short} soal {topic}, putaran {rnd.number} hari {d + 1}-{j + 1} (ilustratif)"
                event = (
                    rng.choice(events)
                    if c.ballot_no == 3 and events and rng.random() < 0.3
                    else None
                )
                # syndication: a story re-published by one to three outlets
                for outlet in rng.sample(names, k=rng.choice((1, 1, 2, 3))):
                    _, outcome = actions.record_coverage(
                        {
                            "outlet_id": outlets[outlet],
                            "published_on": day,
                            "title": title,
                            "kind": "advertorial"
                            if paid
                            else rng.choice(("hard_news", "soft_news", "feature", "talk_show")),
                            "paid": paid,
                            "cost_idr": rng.randint(20, 150) * 1_000_000 if paid else 0,
                            "event_id": event.pk if event else None,
                            "mentions": [{"contestant_id": c.pk, "tone": tone}],
                        },
                        illustrative=True,
                        audited=False,
                    )
                    made += outcome == "created"
    return made
