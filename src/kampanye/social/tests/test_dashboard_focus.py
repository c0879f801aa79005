"""The social dashboard read at a glance: its focus filters (tone, issue, keyword, place), the
spikes listed on demand, names instead of codes, the current election chosen, pair colours."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest
from django.urls import reverse

from kampanye.areas.models import Area
from kampanye.elections.models import Contestant
from kampanye.elections.queries import PALETTE, contestant_color
from kampanye.social import actions, focus, queries
from kampanye.social.filters import Filters
from kampanye.social.models import Mention

HTMX = {"headers": {"HX-Request": "true"}}


def _posts(tmp_path, rows: list[tuple[str, str]]):
    """A generic CSV of (WIB time, text) posts, one author each."""
    path = tmp_path / "posts.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["message_id", "username", "text", "timestamp", "followers", "likes"])
        for i, (when, text) in enumerate(rows):
            w.writerow([f"m{i}", f"akun{i}", text, when, 10, 1])
    return path


@pytest.fixture
def talk(tmp_path, election, contestants):
    """Three posts on one day: Jokowi on flooding in Matraman, Foke on traffic, Jokowi alone."""
    Area.objects.create(code="31.75.01", name="Matraman", level=3, parent=election.region)
    actions.ingest_file(
        _posts(
            tmp_path,
            [
                ("2012-07-05 09:00:00", "Jokowi blusukan ke Matraman, warga cerita banjir"),
                ("2012-07-05 10:00:00", "Foke bicara macet di Sudirman"),
                ("2012-07-05 11:00:00", "Jokowi hebat sekali"),
            ],
        ),
        election=election,
    )
    return Filters(election=election)


def _counts(voice: queries.Voice) -> dict[str, int]:
    return {r.contestant.short: r.mentions for r in voice.rows if r.mentions}


def test_a_focus_counts_only_the_mentions_that_match_it(talk):
    f = talk
    # when the dashboard is narrowed to a keyword, a place named in the post, an issue
    by_keyword = focus.share_of_voice(f, focus.Focus(keyword="BLUSUKAN"))
    by_place = focus.share_of_voice(f, focus.Focus(area="31.75.01"))
    by_issue = focus.share_of_voice(f, focus.Focus(issue="macet"))
    # then each counts only the posts that match
    assert _counts(by_keyword) == {"Jokowi–Ahok": 1}
    assert _counts(by_place) == {"Jokowi–Ahok": 1}
    assert _counts(by_issue) == {"Foke–Nara": 1}
    # and the tones split all the mentions between them, each counted once
    by_tone = [
        focus.share_of_voice(f, focus.Focus(sentiment=s))
        for s in ("positive", "neutral", "negative")
    ]
    assert sum(v.mentions for v in by_tone) == Mention.objects.count() == 3
    # and without a focus the figures are the aggregates' figures
    assert _counts(focus.share_of_voice(f, focus.Focus(keyword="a"))) == _counts(
        queries.share_of_voice(f)
    )
    assert [s.counts for s in focus.timeline(f, focus.Focus(keyword="a"))] == [
        s.counts for s in queries.timeline(f)
    ]


def test_every_pair_has_one_colour_its_own_or_a_distinct_one(contestants):
    # given one pair with the campaign's colour and the others without one
    jokowi = contestants[3]
    jokowi.color = "#D62728"
    jokowi.save()
    # then its own colour is used, and the others get distinct colours by ballot number
    assert contestant_color(jokowi) == "#D62728"
    others = [contestant_color(c) for c in Contestant.objects.exclude(pk=jokowi.pk)]
    assert len(set(others)) == len(others) and set(others) <= set(PALETTE)


@pytest.mark.django_db
def test_the_dashboard_names_things_and_lists_spikes_only_on_demand(
    client, make_user, election, tmp_path
):
    # given a week of one Jokowi post a day, then a day of twelve: a spike
    start = dt.date(2012, 7, 1)
    rows = [(f"{start + dt.timedelta(d)} 09:00:00", f"Jokowi hari {d}") for d in range(7)]
    rows += [(f"{start + dt.timedelta(7)} 09:{m:02d}:00", f"Jokowi ramai {m}") for m in range(12)]
    actions.ingest_file(_posts(tmp_path, rows), election=election)
    client.force_login(make_user("digital_analyst"))
    # when the analyst opens the dashboard with no filter
    body = client.get(reverse("social:dashboard")).content.decode()
    # then the current election is the one chosen, and no "---------" stands in for it
    assert re.search(r'<option value="jakarta-2012" selected>', body)
    assert "---------" not in body
    # and the spike is marked, its list folded away until asked for
    assert re.search(r"<details class=\"spikes\"><summary>1 lonjakan", body)
    assert "8 Jul 2012" in body.split("<details", 1)[1]
    # and platforms and definitions are named in words, not codes
    text = re.sub(r"<script.*?</script>|<[^>]+>", " ", body, flags=re.S).split()
    assert "Twitter" in text
    for code in ("online_news", "eng-v1", "x"):
        assert code not in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_filter_updates_the_dashboard_in_place(logged_in, live_server, make_user, talk):
    page = logged_in(make_user("digital_analyst"))
    # given the dashboard, both pairs mentioned
    page.goto(f"{live_server.url}/sosial/")
    page.wait_for_selector("#social-timeline .main-svg")
    assert "Foke–Nara" in page.inner_text("#social-body table")
    page.evaluate("window.notReloaded = true")
    # when the analyst types a keyword and presses Enter
    page.fill("#id_kata", "blusukan")
    page.press("#id_kata", "Enter")
    # then only the dashboard's body is replaced: the counts follow the keyword, the chart is
    # drawn again, the page was not reloaded and its URL can be shared
    page.wait_for_url("**kata=blusukan**")
    page.wait_for_function(
        "!document.querySelector('#social-body').classList.contains('htmx-request')"
    )
    page.wait_for_selector("#social-timeline .main-svg")
    assert page.evaluate("window.notReloaded") is True
    first_row = page.inner_text("#social-body table tbody tr:first-child")
    assert "Foke–Nara" in first_row and "0 / 1" in first_row
    # when they then pick a tone in the filters that came with the new body
    page.select_option("#id_sentimen", "negative")
    # then the body is replaced again, keeping the keyword, still without a reload
    page.wait_for_url("**sentimen=negative**")
    assert "kata=blusukan" in page.url
    assert page.evaluate("window.notReloaded") is True
