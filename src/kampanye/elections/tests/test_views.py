import pytest
from django.urls import reverse

PAGES = ["elections:index", "elections:results", "elections:polls", "elections:funds"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_pages_forbidden_without_membership(wilayah, outsider, client, name):
    client.force_login(outsider)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.django_db
def test_pages_need_login(wilayah, client):
    assert client.get(reverse("elections:index")).status_code == 302


@pytest.mark.django_db
def test_index_lists_the_pairs(wilayah, make_user, client):
    client.force_login(make_user("volunteer"))
    html = client.get(reverse("elections:index")).content.decode()
    assert "Pemilihan Gubernur DKI Jakarta 2012" in html
    assert "Jokowi–Ahok" in html and "Gerindra, PDI-P" in html
    assert "perseorangan" in html and "petahana" in html and "Bang Foke" in html


@pytest.mark.django_db
def test_results_round_two_for_a_manager(wilayah, make_user, client):
    client.force_login(make_user("manager"))
    page = client.get(reverse("elections:results"), {"putaran": "2"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "2.472.130" in html and "4.592.945" in html and "53,82" in html
    assert "province-chart" in html and "wilayah-chart" in html and "plotly" in html
    assert "66,71" in html  # ballots / DPT
    assert "+13,90" in html  # Jakarta Timur swing


@pytest.mark.django_db
def test_results_for_a_coordinator_show_only_their_wilayah(wilayah, make_user, client):
    client.force_login(make_user("coordinator", "31.75"))
    html = client.get(reverse("elections:results"), {"putaran": "1"}).content.decode()
    assert "Jakarta Timur" in html and "502.616" in html
    assert "Jakarta Barat" not in html and "1.847.157" not in html


@pytest.mark.django_db
def test_polls_page_shows_the_round_one_miss(wilayah, make_user, client):
    client.force_login(make_user("researcher"))
    html = client.get(reverse("elections:polls")).content.decode()
    assert "Lingkaran Survei Indonesia" in html and "-28,2" in html and "+15,0" in html
    html2 = client.get(reverse("elections:polls"), {"putaran": "2"}).content.decode()
    assert "eliminated four pairs pooled" in html2


@pytest.mark.django_db
def test_funds_page_in_rupiah(wilayah, make_user, client):
    client.force_login(make_user("manager"))
    html = client.get(reverse("elections:funds")).content.decode()
    assert "Rp7.100.000.000" in html and "Rp62.600.000.000" in html


@pytest.mark.django_db
def test_empty_database_says_how_to_load(make_user, client):
    client.force_login(make_user("manager"))
    html = client.get(reverse("elections:results")).content.decode()
    assert "kampanye demo" in html
