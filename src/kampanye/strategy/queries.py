"""The figures of each role's home: the week's movement on every front for the manager, the
area's people and open work for a coordinator. Weeks end on the workspace's date
(``core.clock``), so the demo shows its own campaign week, not today's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kampanye.core import clock
from kampanye.elections.models import Election
from kampanye.ground import queries as ground
from kampanye.ground.models import Aspiration
from kampanye.ledger.models import Front
from kampanye.ledger.queries import LedgerFilters, ledger_summary

WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class FrontMove:
    """Contacts on one front in the seven days up to the workspace's date, and the seven
    days before."""

    front: str
    label: str
    this_week: int
    week_before: int

    @property
    def change(self) -> int:
        return self.this_week - self.week_before

    @property
    def size_of_change(self) -> int:
        return abs(self.change)


def fronts_this_week(user, election: Election, contestant_id: int | None) -> list[FrontMove]:
    """Each front's contacts this week against last week (the user's campaign when they
    work for one, else every pair's), in front order."""
    end = clock.today()
    counts: dict[tuple[str, int], int] = {}
    for weeks_back in (0, 1):
        last = end - weeks_back * WEEK
        filters = LedgerFilters(
            election=str(election.pk),
            contestants=(contestant_id,) if contestant_id else (),
            date_from=last - WEEK + dt.timedelta(days=1),
            date_to=last,
        )
        for row in ledger_summary(user, filters, ("front",)):
            counts[(row.keys["front"], weeks_back)] = row.count
    return [
        FrontMove(front, str(label), counts.get((front, 0), 0), counts.get((front, 1), 0))
        for front, label in Front.choices
    ]


@dataclass(frozen=True)
class AreaWork:
    """A coordinator's area: its volunteers, who was active, and the work left open."""

    volunteers: int
    active: int  # a report or attended shift in the last 30 days
    open_assignments: int
    expired_assignments: int
    new_aspirations: int
    shifts_to_come: int


def area_work(user, contestant_id: int) -> AreaWork:
    funnel = ground.funnel(user, contestant_id)
    assignments = ground.assignment_progress(user, contestant_id)
    return AreaWork(
        volunteers=funnel.signed_up,
        active=funnel.active,
        open_assignments=len(assignments),
        expired_assignments=sum(1 for a in assignments if a.expired),
        new_aspirations=ground.aspirations_in_scope(user, contestant_id)
        .filter(status=Aspiration.Status.NEW)
        .count(),
        shifts_to_come=ground.open_shifts(user, contestant_id).count(),
    )
