"""A small, hand-countable world for the ledger tests (imported as a fixture by them).

Areas: 31 ⊃ 31.73 ⊃ 31.73.01 ⊃ 31.73.01.1001 and 31 ⊃ 31.75 ⊃ 31.75.02 ⊃ 31.75.02.1001.
Election ``jkt`` with two rounds and two pairs (1 Foke, 2 Jokowi), one segment. Ledger:

| src | day   | pair   | front  | channel      | area          | count | reach |    cost | ill. |
|-----|-------|--------|--------|--------------|---------------|------:|------:|--------:|------|
| t1  | 06-25 | Jokowi | ground | door_to_door | 31.75.02.1001 |    10 |    30 |       0 | no   |
| t2  | 06-26 | Jokowi | ground | door_to_door | 31.73.01.1001 |    20 |    50 |   1.000 | no   |
| t3  | 07-02 | Foke   | air    | tv           | (none)        |     2 | 1.000 | 100.000 | no   |
| t4  | 07-03 | Foke   | air    | outdoor      | 31.75.02      |     1 |   200 |  50.000 | yes  |
| t5  | 09-14 | Jokowi | online | x            | 31.75         |   300 |   900 |       0 | yes  |

All days are in 2012. t1 is in segment "pemilih-muda".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kampanye.ledger.actions import TouchpointIn

if TYPE_CHECKING:
    from kampanye.areas.models import Area, Segment
    from kampanye.elections.models import Contestant, Election


def touchpoint(**overrides) -> TouchpointIn:
    """A valid TouchpointIn, changed by ``overrides``."""
    values: dict[str, Any] = {
        "source": "test:1",
        "occurred_on": dt.date(2012, 6, 25),
        "front": "ground",
        "channel": "door_to_door",
        "imc_element": "personal_selling",
        "contestant_id": 0,
        "media_type": "owned",
        "initiated_by": "volunteer",
    }
    values.update(overrides)
    return TouchpointIn(**values)


@dataclass
class World:
    areas: dict[str, Area]
    election: Election
    foke: Contestant
    jokowi: Contestant
    segment: Segment


def build_world(record: bool = True) -> World:
    from kampanye.areas.models import Area, Segment
    from kampanye.elections.models import Contestant, Election, Round
    from kampanye.ledger.actions import record_touchpoint

    areas: dict[str, Area] = {}
    for code, name, level in [
        ("31", "DKI Jakarta", 1),
        ("31.73", "Jakarta Barat", 2),
        ("31.73.01", "Cengkareng", 3),
        ("31.73.01.1001", "Cengkareng Barat", 4),
        ("31.75", "Jakarta Timur", 2),
        ("31.75.02", "Jatinegara", 3),
        ("31.75.02.1001", "Bali Mester", 4),
    ]:
        parent = areas.get(code.rsplit(".", 1)[0]) if "." in code else None
        areas[code] = Area.objects.create(code=code, name=name, level=level, parent=parent)
    election = Election.objects.create(
        slug="jkt", name="Pilkada DKI 2012", office="Gubernur", region=areas["31"]
    )
    Round.objects.create(election=election, number=1, voting_day=dt.date(2012, 7, 11))
    Round.objects.create(election=election, number=2, voting_day=dt.date(2012, 9, 20))
    foke = Contestant.objects.create(
        election=election, ballot_no=1, name="Fauzi Bowo – Nachrowi Ramli", short="Foke–Nara",
        head="Fauzi Bowo", deputy="Nachrowi Ramli", incumbent=True, aliases=["Foke"],
    )  # fmt: skip
    jokowi = Contestant.objects.create(
        election=election, ballot_no=3, name="Joko Widodo – Basuki Tjahaja Purnama",
        short="Jokowi–Ahok", head="Joko Widodo", deputy="Basuki Tjahaja Purnama",
        aliases=["Jokowi"],
    )  # fmt: skip
    segment = Segment.objects.create(slug="pemilih-muda", name="Pemilih muda")
    world = World(areas, election, foke, jokowi, segment)
    if record:
        for tp in world_touchpoints(world):
            record_touchpoint(tp)
    return world


def world_touchpoints(w: World) -> list[TouchpointIn]:
    a = w.areas
    return [
        touchpoint(source="t1", contestant_id=w.jokowi.pk, area_id=a["31.75.02.1001"].pk,
                   count=10, reach=30, segment_id=w.segment.pk),
        touchpoint(source="t2", occurred_on=dt.date(2012, 6, 26), contestant_id=w.jokowi.pk,
                   area_id=a["31.73.01.1001"].pk, count=20, reach=50, cost_idr=1_000),
        touchpoint(source="t3", occurred_on=dt.date(2012, 7, 2), contestant_id=w.foke.pk,
                   front="air", channel="tv", imc_element="advertising", media_type="paid",
                   initiated_by="staff", count=2, reach=1_000, cost_idr=100_000),
        touchpoint(source="t4", occurred_on=dt.date(2012, 7, 3), contestant_id=w.foke.pk,
                   front="air", channel="outdoor", imc_element="packaging", media_type="paid",
                   initiated_by="staff", area_id=a["31.75.02"].pk, count=1, reach=200,
                   cost_idr=50_000, illustrative=True),
        touchpoint(source="t5", occurred_on=dt.date(2012, 9, 14), contestant_id=w.jokowi.pk,
                   front="online", channel="x", imc_element="direct_marketing",
                   media_type="shared", area_id=a["31.75"].pk, count=300, reach=900,
                   illustrative=True),
    ]  # fmt: skip
