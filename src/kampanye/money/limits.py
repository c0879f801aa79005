"""The legal limits on campaign gifts, read from one dated data file with their sources.

``data/donation_limits.csv`` holds one row per regime and rule: a donor type's limit
(cumulative over the whole campaign, in Rupiah) or ``excess_deadline_days`` (days after the
campaign ends to hand an excess to the state treasury). When the law changes, change that
file: a new row with its ``valid_from`` and ``source``; nothing in the code names a figure.
A rule the file lacks is "not sourced": gifts under it are flagged for a person to check.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FILE = Path(__file__).parent / "data" / "donation_limits.csv"
DEADLINE = "excess_deadline_days"


@dataclass(frozen=True)
class Rule:
    regime: str
    regime_label: str
    rule: str  # a DonorType value, or DEADLINE
    value: int
    valid_from: dt.date
    source: str
    checked: bool  # the source was read in the official text


@cache
def _rules() -> tuple[Rule, ...]:
    with FILE.open(encoding="utf-8") as fh:
        return tuple(
            Rule(
                regime=row["regime"],
                regime_label=row["regime_label"],
                rule=row["rule"],
                value=int(row["value"]),
                valid_from=dt.date.fromisoformat(row["valid_from"]),
                source=row["source"],
                checked=row["checked"].strip().lower() in ("ya", "yes"),
            )
            for row in csv.DictReader(fh)
        )


def regimes() -> dict[str, str]:
    """Every regime in the file: code → label, in file order."""
    return {r.regime: r.regime_label for r in _rules()}


def rules_of(regime: str, on: dt.date | None = None) -> dict[str, Rule]:
    """The rules of one regime in force on a day (the latest ``valid_from`` not after it)."""
    out: dict[str, Rule] = {}
    for r in _rules():
        if r.regime != regime or (on is not None and r.valid_from > on):
            continue
        if r.rule not in out or r.valid_from >= out[r.rule].valid_from:
            out[r.rule] = r
    return out


def limit_for(regime: str, donor_type: str, on: dt.date | None = None) -> Rule | None:
    return rules_of(regime, on).get(donor_type)


def deadline_days(regime: str) -> int | None:
    rule = rules_of(regime).get(DEADLINE)
    return rule.value if rule else None
