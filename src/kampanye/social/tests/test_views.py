"""The dashboard, its CSV export and the query editor, through the test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from kampanye.core.models import AuditEntry
from kampanye.social import actions
from kampanye.social.models import ContestantQuery

FIXTURES = Path(__file__).parent / "fixtures"


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
    # then
    assert response.status_code == 200
    body = response.content.decode()
    assert "<mark>Jokowi</mark>" in body and "n = 1" in body
    assert response.context["charts"] is True and response.context["voice"].mentions == 2


def test_a_bad_filter_is_shown_not_crashed(client, analyst):
    client.force_login(analyst)
    response = client.get(
        reverse("social:dashboard"), {"dari": "2012-07-09", "sampai": "2012-07-01"}
    )
    assert response.status_code == 200
    assert "harus sebelum" in response.content.decode()


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
    assert body["mentions"] == 2 and body["model_macro_f1"] == 0.8503
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
    response = client.get(reverse("social:dashboard"), {"urut": "bogus"})
    # then
    assert response.status_code == 200 and response.context["influence"].by == "pagerank"
    assert response.context["reach"].posts == 2
