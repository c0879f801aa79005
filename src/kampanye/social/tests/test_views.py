"""The dashboard, its CSV export and the query editor, through the test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from kampanye.core.models import AuditEntry
from kampanye.social import actions
from kampanye.social.models import ContestantQuery
from kampanye.social.tests.test_influencers import net  # noqa: F401 (a fixture)

FIXTURES = Path(__file__).parent / "fixtures"
HTMX = {"headers": {"HX-Request": "true"}}


@pytest.fixture
def analyst(make_user, election):
    return make_user("digital_analyst")


@pytest.mark.parametrize("name", ["social:dashboard", "social:export", "social:queries"])
def test_pages_are_forbidden_without_the_permission(client, make_user, election, name):
    client.force_login(make_user("volunteer"))
    assert client.get(reverse(name)).status_code == 403


def test_dashboard_shows_figures_with_matches_highlighted(client, analyst, election):
    # given
    actions.ingest_file(FIXTURES / "generic_latin1.csv", election=election)
    client.force_login(analyst)
    # when
    response = client.get(reverse("social:dashboard"), {"platform": ["x"]})
    samples = client.get(reverse("social:panel", args=["contoh"]), {"platform": ["x"]}, **HTMX)
    # then
    assert response.status_code == 200 and samples.status_code == 200
    assert "n = 1" in response.content.decode()
    assert "<mark>Jokowi</mark>" in samples.content.decode()
    assert response.context["charts"] is True and response.context["voice"].mentions == 2


def test_the_page_is_the_shell_with_a_loading_placeholder_per_panel(client, analyst, election):
    # given
    actions.ingest_file(FIXTURES / "generic_latin1.csv", election=election)
    client.force_login(analyst)
    # when
    response = client.get(reverse("social:dashboard"), {"platform": "x", "urut": "followers"})
    # then: the cheap figures are on the page, the costly ones load after it
    body = response.content.decode()
    assert response.status_code == 200 and "n = 1" in body
    assert "influence" not in response.context and "reach" not in response.context
    for name in ("jangkauan", "isu", "tagar", "contoh"):
        url = f"/sosial/panel/{name}/?platform=x"
        assert f'hx-get="{url}" hx-trigger="load"' in body
        assert f'<a href="{url}">' in body  # without JavaScript, a plain link
    # the influencers keep the ordering asked for, given once
    assert 'hx-get="/sosial/panel/pengaruh/?platform=x&amp;urut=followers"' in body
    assert body.count("memuat …") == 5


PANEL_CONTENT = {
    # 2 posts on X with mentions: @café (10 followers, 1 like) and b (no followers)
    "jangkauan": [
        "10<small>jangkauan potensial: jumlah pengikut penulis dari 2 unggahan",
        "10<small>jangkauan unik: jumlah pengikut terbesar dari 2 akun berbeda",
    ],
    # b replied to café: café has in-degree 1 and PageRank 0.5 / 1.425 of the pair
    "pengaruh": [
        '<td>café</td><td>X / Twitter</td><td class="num">1</td><td class="num">1</td>'
        '<td class="num">10</td><td class="num">1</td><td class="num">0,6491</td>',
        '<td>b</td><td>X / Twitter</td><td class="num">1</td><td class="num">0</td>'
        '<td class="num">0</td><td class="num">0</td><td class="num">0,3509</td>',
        "(2 akun, 1 sisi)",
        "<strong>PageRank</strong>",
    ],
    "isu": ["Belum ada isu."],
    "tagar": [
        '<td>#jakartabaru</td><td class="num">1</td>',
        '<td>#jokowi</td><td class="num">1</td>',
    ],
    "contoh": [
        "<td>5 Jul 2012 20:00</td><td>X / Twitter · café</td>"
        "<td>Café bareng <mark>Jokowi</mark>, mantap",
        "<td>5 Jul 2012 20:00</td><td>X / Twitter · b</td><td><mark>Foke</mark> ok</td>",
    ],
}


@pytest.mark.parametrize("name", sorted(PANEL_CONTENT))
def test_each_panel_is_a_fragment_with_its_figure(client, analyst, election, name):
    # given
    actions.ingest_file(FIXTURES / "generic_latin1.csv", election=election)
    client.force_login(analyst)
    # when HTMX asks for it
    response = client.get(reverse("social:panel", args=[name]), **HTMX)
    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith(f'<div id="panel-{name}" class="panel')
    assert "<html" not in body
    for expected in PANEL_CONTENT[name]:
        assert expected in body
    assert "HX-Request" in response["Vary"]


def test_a_panel_without_javascript_is_a_page_of_its_own(client, analyst, election):
    # given
    actions.ingest_file(FIXTURES / "generic_latin1.csv", election=election)
    client.force_login(analyst)
    # when the placeholder's link is followed
    response = client.get(reverse("social:panel", args=["tagar"]), {"platform": "x"})
    # then the panel sits in a whole page, with a way back to the dashboard's filters
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith("<!doctype html>")
    assert '<td>#jokowi</td><td class="num">1</td>' in body
    assert '<a href="/sosial/?platform=x">' in body


def test_panels_follow_the_filters(client, analyst, election):
    # given: the fixture's posts are all on X
    actions.ingest_file(FIXTURES / "generic_latin1.csv", election=election)
    client.force_login(analyst)
    # when
    response = client.get(reverse("social:panel", args=["pengaruh"]), {"platform": "facebook"})
    # then
    assert "Belum ada akun." in response.content.decode()
    assert response.context["influence"].rows == []


def test_an_unknown_panel_is_not_found(client, analyst, election):
    client.force_login(analyst)
    assert client.get(reverse("social:panel", args=["rahasia"])).status_code == 404


def test_a_panel_without_an_election_says_so(client, make_user):
    client.force_login(make_user("digital_analyst"))
    response = client.get(reverse("social:panel", args=["pengaruh"]), **HTMX)
    assert response.status_code == 200
    assert "Belum ada pemilihan" in response.content.decode()


@pytest.mark.parametrize("name", sorted(PANEL_CONTENT))
def test_panels_are_forbidden_without_the_permission(client, make_user, election, name):
    url = reverse("social:panel", args=[name])
    # a visitor is sent to the login page
    response = client.get(url, **HTMX)
    assert response.status_code == 302 and "/masuk/" in response["Location"]
    # a volunteer is refused
    client.force_login(make_user("volunteer"))
    assert client.get(url, **HTMX).status_code == 403


def test_a_bad_filter_is_shown_not_crashed(client, analyst):
    client.force_login(analyst)
    response = client.get(
        reverse("social:dashboard"), {"dari": "2012-07-09", "sampai": "2012-07-01"}
    )
    assert response.status_code == 200
    assert "tanggal akhir sebelum tanggal awal" in response.content.decode()


def test_export_is_a_csv_of_the_aggregates(client, analyst, election):
    actions.ingest_file(FIXTURES / "generic_latin1.csv", election=election)
    client.force_login(analyst)
    response = client.get(reverse("social:export"))
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("tanggal,pasangan,platform,penyebutan")
    assert len(lines) == 3  # Jokowi–Ahok and Foke–Nara on 5 July 2012, on X


def test_a_query_with_a_syntax_error_is_refused_with_its_position(client, analyst, contestants):
    client.force_login(analyst)
    jokowi = contestants[3]
    url = reverse("social:edit_query", args=[jokowi.pk])
    response = client.post(url, {f"{jokowi.pk}-text": "jokowi ahok"})
    assert response.status_code == 200
    assert "posisi" in response.content.decode()
    assert not ContestantQuery.objects.filter(contestant=jokowi, version=2).exists()


def test_a_valid_query_becomes_a_new_audited_version(client, analyst, contestants):
    client.force_login(analyst)
    jokowi = contestants[3]
    text = '(jokowi OR ahok) AND NOT "jokowi solo"'
    response = client.post(
        reverse("social:edit_query", args=[jokowi.pk]), {f"{jokowi.pk}-text": text}
    )
    assert response.status_code == 302
    assert ContestantQuery.objects.get(contestant=jokowi, version=2).text == text
    assert AuditEntry.objects.filter(action="save_contestant_query").count() == 1
    assert client.get(reverse("social:queries")).status_code == 200


def test_default_queries_come_from_the_aliases(contestants):
    query = actions.default_query(contestants[1])
    assert query == 'foke OR "fauzi bowo" OR "bang foke" OR nara OR "foke nara"'
    assert actions.query_problem(query) is None


def test_the_api_gives_share_of_voice_with_denominators(client, make_user, election):
    # given
    actions.ingest_file(FIXTURES / "generic_latin1.csv", election=election)
    url = "/api/social/elections/jakarta-2012/share-of-voice"
    # when / then: a volunteer may not, an analyst may
    client.force_login(make_user("volunteer"))
    assert client.get(url).status_code == 403
    client.force_login(make_user("digital_analyst"))
    body = client.get(url, {"platform": "x"}).json()
    assert body["mentions"] == 2 and body["model_macro_f1"] == 0.5995
    jokowi = next(c for c in body["contestants"] if c["short"] == "Jokowi–Ahok")
    assert jokowi["mentions"] == 1 and jokowi["reach"] == 10
    assert client.get(url, {"platform": "myspace"}).status_code == 422
    assert client.get(url.replace("jakarta-2012", "tidak-ada")).status_code == 404


def test_the_influencers_csv_is_forbidden_without_the_permission(client, make_user, election):
    client.force_login(make_user("volunteer"))
    response = client.get(reverse("social:export"), {"tabel": "pengaruh"})
    assert response.status_code == 403


def test_an_unknown_ordering_falls_back_to_pagerank(client, analyst, election):
    # given
    actions.ingest_file(FIXTURES / "generic_latin1.csv", election=election)
    client.force_login(analyst)
    # when
    page = client.get(reverse("social:dashboard"), {"urut": "bogus"})
    response = client.get(reverse("social:panel", args=["pengaruh"]), {"urut": "bogus"}, **HTMX)
    # then
    assert 'hx-get="/sosial/panel/pengaruh/?urut=pagerank"' in page.content.decode()
    assert response.status_code == 200 and response.context["influence"].by == "pagerank"


@pytest.mark.usefixtures("net")
def test_the_influencers_panel_orders_as_asked_and_links_the_others(client, analyst):
    # given the hand-built network of test_influencers (a: 100 followers, b: 30, c: 20)
    client.force_login(analyst)
    # when
    response = client.get(reverse("social:panel", args=["pengaruh"]), {"urut": "followers"}, **HTMX)
    # then
    body = response.content.decode()
    assert [r.author for r in response.context["influence"].rows] == ["a", "b", "c"]
    assert "<strong>pengikut</strong>" in body
    # each other ordering swaps this panel only, and keeps the page's address in step
    assert (
        '<a href="/sosial/?urut=in_degree" hx-get="/sosial/panel/pengaruh/?urut=in_degree"'
        ' hx-target="#panel-pengaruh" hx-swap="outerHTML"'
        ' hx-replace-url="/sosial/?urut=in_degree">'
    ) in body
    assert "/sosial/ekspor.csv?tabel=pengaruh&amp;urut=followers" in body


def test_every_page_means_the_same_current_election_when_ids_and_voting_days_disagree(
    client, make_user, election
):
    # given the fixture's election votes in 2012, and a 2007 one is loaded after it
    import datetime as dt

    from kampanye.elections.models import Election, Round

    Round.objects.create(election=election, number=1, voting_day=dt.date(2012, 7, 11))
    older = Election.objects.create(
        slug="jakarta-2007", name="Pilkada DKI 2007", office="Gubernur", region=election.region
    )
    Round.objects.create(election=older, number=1, voting_day=dt.date(2007, 8, 8))
    assert older.pk > election.pk
    client.force_login(make_user("manager"))
    # when the social pages, the election pages and an import pick "the current election"
    dashboard = client.get(reverse("social:dashboard"))
    coordination = client.get(reverse("social:coordination"))
    overview = client.get(reverse("elections:index"))
    # then they all mean the one voting last, not the one loaded last
    assert dashboard.context["filters"].election == election
    assert coordination.context["election"] == election
    assert overview.context["overview"].election == election
    assert actions._election(None) == election
