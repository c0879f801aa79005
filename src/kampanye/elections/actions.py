"""Use cases of the elections app: loading the Jakarta 2012 governor election from its facts.

The facts live in ``elections/data/jakarta_2012/`` as CSV files that keep their ``source``
column (see the README there). Loading is idempotent: a second run changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

from django.db import models, transaction

from kampanye.areas.actions import record_dpt, sync_wilayah
from kampanye.areas.models import Area
from kampanye.core.audit import record_change
from kampanye.core.models import Membership
from kampanye.elections.models import (
    CampaignFund,
    Contestant,
    Election,
    Party,
    Poll,
    PollEstimate,
    Result,
    Round,
    RunoffTransfer,
    Turnout,
)

DATA = Path(__file__).parent / "data" / "jakarta_2012"
SLUG = "jakarta-2012"

PARTIES = {
    "Demokrat": "Partai Demokrat",
    "PDI-P": "Partai Demokrasi Indonesia Perjuangan",
    "Gerindra": "Partai Gerakan Indonesia Raya",
    "PKS": "Partai Keadilan Sejahtera",
    "PAN": "Partai Amanat Nasional",
    "Golkar": "Partai Golongan Karya",
    "PPP": "Partai Persatuan Pembangunan",
    "PDS": "Partai Damai Sejahtera",
}
COLORS = {
    "Foke–Nara": "#1d4ed8",
    "Hendardji–Riza": "#6b7280",
    "Jokowi–Ahok": "#b91c1c",
    "Hidayat–Didik": "#ea580c",
    "Faisal–Biem": "#15803d",
    "Alex–Nono": "#ca8a04",
}
ROUNDS = [
    # Round 1: the KPU DKI open campaign period, 24 June – 7 July 2012, then the quiet days.
    (1, dt.date(2012, 7, 11), dt.date(2012, 6, 24), dt.date(2012, 7, 7)),
    # Round 2: 14–16 September 2012 is the official (short) campaign period. Campaigning
    # went on informally from the round-1 result in July; sources differ on what counted,
    # so analyses of round-2 campaign effort should not rely on these dates alone.
    (2, dt.date(2012, 9, 20), dt.date(2012, 9, 14), dt.date(2012, 9, 16)),
]
DPT_JUNE = (dt.date(2012, 6, 2), "DPT 2 Juni 2012")
DPT_FINAL_R1 = (dt.date(2012, 7, 9), "DPT final putaran 1")


def column_of(short: str) -> str:
    """'Jokowi–Ahok' → 'jokowi_ahok', the column name the CSV files use."""
    return re.sub(r"[^a-z]+", "_", short.lower()).strip("_")


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _int(text: str) -> int | None:
    return int(text) if text.strip() else None


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text.strip() else None


def per_10000(pct: str) -> int:
    """A published percentage as hundredths of a percent: '49.1' → 4910 (no float error)."""
    return int((Decimal(pct) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


M = TypeVar("M", bound=models.Model)


class _Upsert:
    """Create-or-update keeping count, so a second load can prove it changed nothing.

    ``prefetch`` reads a model's existing rows once; ``defer=True`` collects new rows for
    one ``bulk_create`` in ``flush`` (for rows nothing else points to).
    """

    def __init__(self) -> None:
        self.counts: dict[str, int] = {"created": 0, "updated": 0, "unchanged": 0}
        self._cache: dict[type[models.Model], dict[tuple, models.Model]] = {}
        self._keys: dict[type[models.Model], tuple[str, ...]] = {}
        self._pending: dict[type[models.Model], list[models.Model]] = defaultdict(list)

    @staticmethod
    def _attname(model: type[models.Model], name: str) -> str:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)  # a concrete column, not a reverse relation
        return field.attname

    def prefetch(self, model: type[models.Model], qs, key: tuple[str, ...]) -> None:
        names = [self._attname(model, k) for k in key]
        self._keys[model] = key
        self._cache[model] = {tuple(getattr(o, n) for n in names): o for o in qs}

    def __call__(
        self,
        model: type[M],
        lookup: dict[str, Any],
        values: dict[str, Any],
        defer: bool = False,
    ) -> M:
        cache = self._cache.get(model)
        obj: M | None
        if cache is not None:
            key = tuple(_plain(lookup[k]) for k in self._keys[model])
            obj = cast("M | None", cache.get(key))  # the cache of ``model`` holds its rows
        else:
            obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            if defer:
                self._pending[model].append(obj)
            else:
                obj.save()
            if cache is not None:
                cache[key] = obj
            self.counts["created"] += 1
            return obj
        wanted = {self._attname(model, k): _plain(v) for k, v in values.items()}
        if any(getattr(obj, k) != v for k, v in wanted.items()):
            for k, v in wanted.items():
                setattr(obj, k, v)
            obj.save()
            self.counts["updated"] += 1
        else:
            self.counts["unchanged"] += 1
        return obj

    def flush(self) -> None:
        for model, objs in self._pending.items():
            model._default_manager.bulk_create([o for o in objs if o.pk is None])
        self._pending.clear()


def parties_in(backing: str) -> list[str]:
    """The known party abbreviations named in a backing text, in the order they appear."""
    found = [
        (m.start(), short)
        for short in PARTIES
        for m in [re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", backing)]
        if m
    ]
    return [short for _, short in sorted(found)]


def _contestants(up: _Upsert, election: Election) -> dict[str, Contestant]:
    by_short: dict[str, Contestant] = {}
    source = "jakarta_2012_contestants.csv (KPU DKI, media 2012)"
    for row in _rows("jakarta_2012_contestants.csv"):
        c = up(
            Contestant,
            {"election": election, "ballot_no": int(row["ballot_no"])},
            {
                "name": row["pair"],
                "short": row["short"],
                "head": row["governor"],
                "deputy": row["vice_governor"],
                "backing": row["backing"],
                "independent": row["independent"] == "true",
                "incumbent": row["incumbent"] == "true",
                "aliases": [a.strip() for a in row["aliases"].split("|") if a.strip()],
                "color": COLORS.get(row["short"], "#888888"),
                "source": source,
            },
        )
        wanted = [up(Party, {"short": p}, {"name": PARTIES[p]}) for p in parties_in(row["backing"])]
        if {p.pk for p in c.parties.all()} != {p.pk for p in wanted}:
            c.parties.set(wanted)
            up.counts["created"] += 1  # the links are new
        by_short[c.short] = c
    return by_short


def _results(
    up: _Upsert, rounds: dict[int, Round], pairs: dict[str, Contestant], areas: dict[str, Area]
) -> None:
    for row in _rows("jakarta_2012_results_province.csv"):
        up(
            Result,
            {
                "round": rounds[int(row["round"])],
                "contestant": pairs[row["short"]],
                "area": areas["31"],
            },
            {"votes": int(row["votes"]), "source": row["source"]},
            defer=True,
        )
    for row in _rows("jakarta_2012_results_wilayah.csv"):
        rnd, area = rounds[int(row["round"])], areas[row["kemendagri_code"]]
        for short, c in pairs.items():
            votes = _int(row.get(column_of(short)) or "")
            if votes is not None:
                up(
                    Result,
                    {"round": rnd, "contestant": c, "area": area},
                    {"votes": votes, "source": row["source"]},
                    defer=True,
                )
        up(
            Turnout,
            {"round": rnd, "area": area},
            {
                "dpt": _int(row["dpt"]),
                "dpt_as_of": DPT_JUNE[0] if rnd.number == 1 else None,
                "ballots": _int(row["ballots"]),
                "valid": _int(row["valid"]),
                "invalid": _int(row["invalid"]),
                "tps": None,
                "source": row["source"],
                "note": row["note"],
            },
            defer=True,
        )
    for row in _rows("jakarta_2012_turnout.csv"):
        number = int(row["round"])
        up(
            Turnout,
            {"round": rounds[number], "area": areas["31"]},
            {
                "dpt": _int(row["dpt"]),
                "dpt_as_of": DPT_FINAL_R1[0] if number == 1 else None,
                "ballots": _int(row["ballots"]),
                "valid": _int(row["valid"]),
                "invalid": _int(row["invalid"]),
                "tps": _int(row["tps"]),
                "source": row["source"],
                "note": row["note"],
            },
            defer=True,
        )


def _dpt() -> None:
    for row in _rows("jakarta_2012_results_wilayah.csv"):
        if row["round"] == "1" and row["dpt"]:
            record_dpt(
                None,
                row["kemendagri_code"],
                int(row["dpt"]),
                DPT_JUNE[0],
                DPT_JUNE[1],
                "Kompas 2 Jun 2012 (jakarta_2012_results_wilayah.csv)",
            )
    row = next(r for r in _rows("jakarta_2012_turnout.csv") if r["round"] == "1")
    record_dpt(
        None,
        "31",
        int(row["dpt"]),
        DPT_FINAL_R1[0],
        DPT_FINAL_R1[1],
        "KPU DKI SK 26/Kpts/KPU-Prov-010/2012, 9 Jul 2012 (Republika)",
    )


def _polls(up: _Upsert, election: Election, pairs: dict[str, Contestant]) -> None:
    for row in _rows("jakarta_2012_polls.csv"):
        poll = up(
            Poll,
            {
                "election": election,
                "round_number": int(row["round"]),
                "pollster": row["pollster"],
                "released": _date(row["released"]),
                "field_end": _date(row["field_end"]),
            },
            {
                "field_start": _date(row["field_start"]),
                "sample_size": _int(row["n"]),
                "moe_pct": Decimal(row["moe_pct"]) if row["moe_pct"] else None,
                "source": row["source"],
            },
        )
        columns = [(column_of(s), c) for s, c in pairs.items()] + [("undecided", None)]
        for column, contestant in columns:
            if row.get(column, "").strip():
                up(
                    PollEstimate,
                    {"poll": poll, "contestant": contestant},
                    {"per_10000": per_10000(row[column])},
                    defer=True,
                )


def _money_and_transfers(up: _Upsert, election: Election, pairs: dict[str, Contestant]) -> None:
    for row in _rows("jakarta_2012_campaign_funds.csv"):
        up(
            CampaignFund,
            {
                "contestant": pairs[row["short"]],
                "report": row["report"],
                "reported_on": _date(row["date"]),
            },
            {"amount_idr": int(row["amount_idr"]), "source": row["source"]},
            defer=True,
        )
    targets = [
        ("to_foke_pct", pairs["Foke–Nara"]),
        ("to_jokowi_pct", pairs["Jokowi–Ahok"]),
        ("undecided_pct", None),
    ]
    for row in _rows("jakarta_2012_runoff_transfers.csv"):
        for column, to in targets:
            if row[column].strip():
                up(
                    RunoffTransfer,
                    {
                        "election": election,
                        "survey": row["survey"],
                        "from_label": row["from_round1"],
                        "to_contestant": to,
                    },
                    {
                        "field_dates": row["field_dates"],
                        "from_contestant": pairs.get(row["from_round1"]),
                        "per_100": int(row[column]),
                        "source": row["source"],
                        "note": row["note"],
                    },
                    defer=True,
                )


def load_jakarta_2012(user=None) -> dict[str, int]:
    """Load the 2012 Jakarta governor election: pairs, rounds, results, turnout, DPT, polls."""
    with transaction.atomic():
        if not Area.objects.filter(code="31").exists():
            sync_wilayah("31", user=user)
        codes = ["31", "31.01", "31.71", "31.72", "31.73", "31.74", "31.75"]
        areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
        up = _Upsert()
        election = up(
            Election,
            {"slug": SLUG},
            {
                "name": "Pemilihan Gubernur DKI Jakarta 2012",
                "office": "Gubernur dan Wakil Gubernur",
                "region": areas["31"],
                "source": "KPU DKI Jakarta; lihat elections/data/jakarta_2012/README.md",
            },
        )
        rounds = {
            n: up(
                Round,
                {"election": election, "number": n},
                {"voting_day": day, "campaign_start": start, "campaign_end": end},
            )
            for n, day, start, end in ROUNDS
        }
        pairs = _contestants(up, election)
        up.prefetch(
            Result, Result.objects.filter(round__election=election), ("round", "contestant", "area")
        )
        up.prefetch(Turnout, Turnout.objects.filter(round__election=election), ("round", "area"))
        up.prefetch(
            PollEstimate,
            PollEstimate.objects.filter(poll__election=election),
            ("poll", "contestant"),
        )
        up.prefetch(
            CampaignFund,
            CampaignFund.objects.filter(contestant__election=election),
            ("contestant", "report", "reported_on"),
        )
        up.prefetch(
            RunoffTransfer, election.transfers.all(), ("survey", "from_label", "to_contestant")
        )
        _results(up, rounds, pairs, areas)
        _dpt()
        _polls(up, election, pairs)
        _money_and_transfers(up, election, pairs)
        up.flush()
        if up.counts["created"] or up.counts["updated"]:
            record_change(user, "load_jakarta_2012", election, after={**up.counts})
    return {
        **up.counts,
        "contestants": election.contestants.count(),
        "results": Result.objects.filter(round__election=election).count(),
        "turnouts": Turnout.objects.filter(round__election=election).count(),
        "polls": election.polls.count(),
        "poll_estimates": PollEstimate.objects.filter(poll__election=election).count(),
        "funds": CampaignFund.objects.filter(contestant__election=election).count(),
        "transfers": election.transfers.count(),
    }


def demo_election() -> Election:
    """The Jakarta 2012 election that ``kampanye demo`` builds."""
    return Election.objects.get(slug=SLUG)


def assign_demo_campaign(users: dict) -> None:
    """``kampanye demo``: every demo login works for the Jokowi–Basuki campaign (ballot 3)."""
    campaign = Contestant.objects.filter(election__slug=SLUG, ballot_no=3).first()
    Membership.objects.filter(user__in=users.values()).update(contestant=campaign)
