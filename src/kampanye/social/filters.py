"""The social dashboard's filters (election, contestants, WIB period, platforms), and the
rows of an aggregate table they choose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import polars as pl
from django.db.models import QuerySet

from kampanye.elections.models import Contestant, Election
from kampanye.social import columns
from kampanye.social.models import PostDay, contestant_bit


@dataclass(frozen=True)
class Filters:
    election: Election
    contestants: tuple[int, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    platforms: tuple[str, ...] = ()


def in_period(qs: QuerySet, f: Filters) -> QuerySet:
    """Rows of ``qs`` (mentions or posts) on the filters' WIB days and platforms."""
    if f.start:
        qs = qs.filter(day__gte=f.start)
    if f.end:
        qs = qs.filter(day__lte=f.end)
    if f.platforms:
        qs = qs.filter(platform__in=f.platforms)
    return qs


def contestants(f: Filters) -> list[Contestant]:
    qs = f.election.contestants.all()
    return list(qs.filter(pk__in=f.contestants) if f.contestants else qs)


def chosen_mask(f: Filters) -> int:
    """The chosen contestants' bits; 0 when the filter takes all of them (or none)."""
    if not f.contestants:
        return 0
    ballots = dict(f.election.contestants.values_list("pk", "ballot_no"))
    chosen = [ballot for pk, ballot in ballots.items() if pk in f.contestants]
    return 0 if len(chosen) == len(ballots) else sum(contestant_bit(b) for b in chosen)


def post_days(model, f: Filters, platform: bool = True, days: bool = True) -> QuerySet:
    """Rows of a per-post aggregate (``cmask``) for posts naming any chosen contestant: the
    ``cmask = 0`` rows (all posts with mentions) unless the filter picks contestants;
    ``platform`` / ``days`` False: the filters' platforms / days left out."""
    period = replace(
        f,
        start=f.start if days else None,
        end=f.end if days else None,
        platforms=f.platforms if platform else (),
    )
    qs = in_period(model.objects.filter(election=f.election), period)
    return qs.filter(cmask__in=chosen_sets(f))


def chosen_sets(f: Filters) -> list[int]:
    """The sets of contestants (``cmask``) whose rows the filters read: those the posts
    name that hold a chosen contestant (``masks_naming``), or ``[0]`` (the rows summed over
    all posts with mentions) when the filter takes every contestant."""
    mask = chosen_mask(f)
    return masks_naming(f.election, mask) if mask else [0]


def column_parts(f: Filters, kind: str) -> list[pl.DataFrame]:
    """The rows of a kind of ``columns`` on the filters' days and platforms, for posts naming
    any chosen contestant, as slices of the chunks: as ``post_days`` (the news rows have no
    platform, and no ``cmask = 0`` rows: every set of contestants is read when the filter
    takes all)."""
    masks: list[int] | None = chosen_sets(f)
    if masks == [0] and kind not in columns.WITH_ALL:
        masks = None  # every set of contestants
    found = [
        rows
        for part in columns.parts(f.election, kind)
        for rows in columns.sliced(part, masks, f.start, f.end)
    ]
    if f.platforms and "platform" in columns.SCHEMAS[kind]:
        found = [rows.filter(pl.col("platform").is_in(list(f.platforms))) for rows in found]
    return found


def column_rows(f: Filters, kind: str) -> pl.LazyFrame:
    """``column_parts`` as one frame."""
    found = column_parts(f, kind)
    if not found:
        return pl.LazyFrame(schema=columns.SCHEMAS[kind])
    return pl.concat(found, rechunk=False).lazy()


def masks_naming(election: Election, mask: int) -> list[int]:
    """The sets of contestants (``cmask``) the election's posts name that hold one of
    ``mask``'s: the tables' indexes seek each of them, where ``cmask & mask ≠ 0`` reads all
    the rows. Every table's sets are among ``PostDay``'s; none found: ``[mask]``, which then
    matches no row either."""
    named = PostDay.objects.filter(election=election).values_list("cmask", flat=True)
    return sorted({m for m in named.distinct() if m & mask}) or [mask]
