"""The ledger page as people meet it: through the test client."""

from __future__ import annotations

import pytest
from django.urls import reverse

URL = "/titik-kontak/"


def test_the_ledger_has_its_url_and_is_in_the_navigation():
    assert reverse("ledger:index") == URL
    from kampanye.core.registry import registry

    assert ("ledger:index", "Titik kontak", "view_ledger") in [
        (item.url_name, str(item.label), item.permission) for item in registry.navigation
    ]


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/masuk/" in response["Location"]


@pytest.mark.parametrize("role", ["volunteer"])
def test_roles_without_view_ledger_are_forbidden(client, world, make_user, role):
    client.force_login(make_user(role, "31.75"))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["manager", "media_officer", "digital_analyst", "researcher"])
def test_staff_roles_see_the_ledger(client, world, make_user, role):
    client.force_login(make_user(role))
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["totals"].count == 333


def test_the_page_shows_totals_table_chart_and_marks_illustrative_rows(client, manager):
    # given a manager
    client.force_login(manager)
    # when the ledger is opened
    html = client.get(URL).content.decode()
    # then totals in Indonesian grouping and Rupiah, the chart, and illustrative rows marked
    assert "333" in html and "Rp151.000" in html
    assert 'id="ledger-fronts-data"' in html
    assert "Jokowi–Ahok" in html and "baliho / luar ruang" in html
    table = html.split("Per front, kanal dan pasangan calon")[1].split("Biaya per kontak")[0]
    assert table.count('class="badge illustrative"') == 2
    assert "Rp50.000" in html  # TV: Rp100.000 over 2 contacts


def test_an_htmx_request_gets_only_the_results(client, manager):
    client.force_login(manager)
    response = client.get(URL + "?front=air", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "<form" not in html
    assert response.context["totals"].count == 3


def test_a_bad_date_is_explained_not_a_server_error(client, manager):
    client.force_login(manager)
    response = client.get(URL + "?date_from=2012-02-30")
    assert response.status_code == 200
    assert "tanggal &#x27;2012-02-30&#x27; tidak valid" in response.content.decode()
    assert response.context["totals"].count == 333  # unfiltered, with the error shown


def test_a_coordinator_sees_only_their_area_on_the_page(client, world, make_user):
    client.force_login(make_user("coordinator", "31.75"))
    response = client.get(URL)
    assert response.context["totals"].count == 311
    html = response.content.decode()
    assert "Rp1.000" not in html  # t2's cost, in 31.73
