"""The demo's air war: real outlets, everything else marked illustrative, built once."""

from __future__ import annotations

import datetime as dt

import pytest

from kampanye.elections.models import Round
from kampanye.ledger.models import Touchpoint
from kampanye.media import queries
from kampanye.media.illustrative import build_illustrative_media
from kampanye.media.models import CoverageItem, MediaContact, Meeting, Outlet


@pytest.mark.slow
def test_the_demo_is_illustrative_idempotent_and_shows_the_papers_pattern(media):
    # given an election with one short campaign round (Foke–Nara and Jokowi–Basuki)
    w = media.world
    Round.objects.create(
        election=w.election,
        number=1,
        voting_day=dt.date(2012, 7, 11),
        campaign_start=dt.date(2012, 6, 24),
        campaign_end=dt.date(2012, 7, 7),
    )
    # when the demo step runs twice
    first = build_illustrative_media(w.election)
    second = build_illustrative_media(w.election)
    # then the second run adds nothing
    assert first["items"] > 0 and second["items"] == 0
    assert MediaContact.objects.count() == 6 and Meeting.objects.count() == 10
    # and every made-up record says so, in the registry and in the ledger
    assert not CoverageItem.objects.filter(illustrative=False).exists()
    assert not Touchpoint.objects.filter(illustrative=False).exists()
    assert all(c.name.endswith("Contoh") for c in MediaContact.objects.all())
    assert (
        Outlet.objects.filter(illustrative=True, audience_basis__startswith="ilustratif").count()
        == 24
    )
    # and the darling index shows the pattern the paper describes
    pairs = {p.contestant_id: p for p in queries.pair_figures(queries.Filters(w.election))}
    assert pairs[w.jokowi.pk].darling_index > pairs[w.foke.pk].darling_index + 0.2
