"""What the product pages read: each contestant's planks, themes and brand attributes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from kampanye.elections.models import Contestant, Election
from kampanye.product.models import BrandAttribute, Plank, PlankChange, Theme


@dataclass(frozen=True)
class ContestantProductSummary:
    contestant: Contestant
    planks: int
    planks_changed: int
    themes: int
    core_themes: list[str]
    brand_attributes: list[str]


def product_overview(election: Election) -> list[ContestantProductSummary]:
    """Per pair: how many planks (and how many changed since drafted), themes, brand traits."""
    pairs = election.contestants.annotate(
        n_planks=Count("planks", distinct=True),
        n_changed=Count("planks", filter=Q(planks__changes__isnull=False), distinct=True),
        n_themes=Count("themes", distinct=True),
    ).prefetch_related("themes", "brand_attributes")
    return [
        ContestantProductSummary(
            c,
            c.n_planks,
            c.n_changed,
            c.n_themes,
            [t.name for t in c.themes.all() if t.core],
            [b.name for b in c.brand_attributes.all()],
        )
        for c in pairs
    ]


@dataclass(frozen=True)
class PlankRow:
    plank: Plank
    segments: list[str]
    themes: list[str]
    changes: list[PlankChange]
    illustrative: bool


@dataclass(frozen=True)
class ContestantProduct:
    contestant: Contestant
    planks: list[PlankRow]
    themes: list[tuple[Theme, list[str]]]  # theme and the titles of its planks
    brand_attributes: list[BrandAttribute]


def contestant_product(contestant: Contestant) -> ContestantProduct:
    """One pair's product: planks with status, dates and change history; themes; brand."""
    planks = contestant.planks.prefetch_related("segments", "themes", "changes").order_by(
        "drafted_on", "title"
    )
    themes = contestant.themes.prefetch_related("planks")
    return ContestantProduct(
        contestant=contestant,
        planks=[
            PlankRow(
                p,
                [s.name for s in p.segments.all()],
                [t.name for t in p.themes.all()],
                list(p.changes.all()),
                p.source.lower().startswith("ilustratif"),
            )
            for p in planks
        ],
        themes=[(t, [p.title for p in t.planks.all()]) for t in themes],
        brand_attributes=list(contestant.brand_attributes.all()),
    )
