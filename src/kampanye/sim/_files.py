"""Read an election from the CSV files of ``elections/data/<slug>/`` (no database needed).

The layout is the one of the Jakarta 2012 facts: ``*_contestants.csv`` (ballot_no, short),
``*_results_wilayah.csv`` (one row per round and area, one column per contestant named
after its short name), ``*_results_province.csv``, ``*_turnout.csv`` and
``*_runoff_transfers.csv`` (from_round1, to_<finalist>_pct, undecided_pct).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np

from kampanye.sim._election import ElectionData, RoundResults
from kampanye.sim._runoff import POOLED, TransferRow


def column_of(short: str) -> str:
    """'Jokowi–Ahok' → 'jokowi_ahok'."""
    return re.sub(r"[^a-z]+", "_", short.lower()).strip("_")


def _rows(directory: Path, suffix: str) -> list[dict[str, str]]:
    path = next(iter(sorted(directory.glob(f"*_{suffix}.csv"))), None)
    if path is None:
        raise FileNotFoundError(f"no *_{suffix}.csv in {directory}")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str | None) -> float:
    return float(text) if text and text.strip() else float("nan")


def read_election(directory: Path | str, name: str = "") -> ElectionData:
    directory = Path(directory)
    people = sorted(_rows(directory, "contestants"), key=lambda r: int(r["ballot_no"]))
    shorts = tuple(r["short"] for r in people)
    index = {s: i for i, s in enumerate(shorts)}
    wilayah = _rows(directory, "results_wilayah")
    province = _rows(directory, "results_province")
    turnout = {int(r["round"]): r for r in _rows(directory, "turnout")}
    rounds: dict[int, RoundResults] = {}
    for number in sorted({int(r["round"]) for r in wilayah}):
        rows = sorted(
            (r for r in wilayah if int(r["round"]) == number), key=lambda r: r["kemendagri_code"]
        )
        totals = np.full(len(shorts), np.nan)
        for r in province:
            if int(r["round"]) == number:
                totals[index[r["short"]]] = float(r["votes"])
        valid = _number(turnout.get(number, {}).get("valid"))
        rounds[number] = RoundResults(
            area_codes=tuple(r["kemendagri_code"] for r in rows),
            votes=np.array([[_number(r.get(column_of(s))) for s in shorts] for r in rows]),
            ballots=np.array([_number(r["ballots"]) for r in rows]),
            registered=np.array([_number(r["dpt"]) for r in rows]),
            province_votes=None if np.isnan(totals).all() else np.nan_to_num(totals),
            province_valid=None if np.isnan(valid) else valid,
        )
    transfers = []
    for r in _rows(directory, "runoff_transfers"):
        source = index.get(r["from_round1"], POOLED)
        to = tuple(
            (index[s], float(r[f"to_{column_of(s).split('_')[0]}_pct"]))
            for s in shorts
            if r.get(f"to_{column_of(s).split('_')[0]}_pct", "").strip()
        )
        undecided = r["undecided_pct"].strip()
        transfers.append(
            TransferRow(r["survey"], source, to, float(undecided) if undecided else None)
        )
    incumbent = {r["short"]: r.get("incumbent", "false") == "true" for r in people}
    return ElectionData(
        name=name or directory.name,
        contestants=shorts,
        incumbent=tuple(incumbent[s] for s in shorts),
        round1=rounds[1],
        round2=rounds.get(2),
        transfers=tuple(transfers),
    )
