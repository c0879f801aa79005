import pytest
from django.urls import reverse

from kampanye.elections.models import Contestant
from kampanye.product.actions import load_jakarta_2012_product
from kampanye.product.models import Plank


@pytest.fixture
def product(wilayah):
    load_jakarta_2012_product()


@pytest.mark.django_db
def test_pages_forbidden_without_membership(product, outsider, client):
    client.force_login(outsider)
    jokowi = Contestant.objects.get(short="Jokowi–Ahok")
    assert client.get(reverse("product:index")).status_code == 403
    assert client.get(reverse("product:contestant", args=[jokowi.pk])).status_code == 403


@pytest.mark.django_db
def test_index_and_contestant_pages(product, make_user, client):
    client.force_login(make_user("volunteer"))
    html = client.get(reverse("product:index")).content.decode()
    assert "Jokowi–Ahok" in html and "Jakarta Baru" in html
    jokowi = Contestant.objects.get(short="Jokowi–Ahok")
    page = client.get(reverse("product:contestant", args=[jokowi.pk])).content.decode()
    assert "Kartu Jakarta Sehat" in page and "merakyat" in page and "FGD" in page
    assert "Ubah" not in page  # a volunteer may not edit


@pytest.mark.django_db
def test_researcher_edits_a_plank(product, make_user, client):
    # given a researcher on the edit form
    client.force_login(make_user("researcher"))
    plank = Plank.objects.get(slug="lapangan-kerja")
    url = reverse("product:plank_edit", args=[plank.pk])
    assert client.get(url).status_code == 200
    # when they change the status with a reason
    page = client.post(
        url,
        {
            "title": plank.title,
            "description": plank.description,
            "status": "delivered",
            "changed_on": "2012-06-05",
            "note": "Temuan survei",
        },
    )
    # then the plank changes and the pair's page shows the history
    assert page.status_code == 302
    plank.refresh_from_db()
    assert plank.status == "delivered"
    html = client.get(page.url).content.decode()
    assert "Temuan survei" in html and "terlaksana" in html


@pytest.mark.django_db
def test_bad_edit_is_explained(product, make_user, client):
    client.force_login(make_user("researcher"))
    plank = Plank.objects.get(slug="lapangan-kerja")
    page = client.post(
        reverse("product:plank_edit", args=[plank.pk]),
        {
            "title": plank.title,
            "status": "adopted",
            "description": "baru",
            "changed_on": "2011-01-01",
        },
    )
    assert page.status_code == 400
    assert "sebelum tanggal rancangan" in page.content.decode()


@pytest.mark.django_db
def test_coordinator_cannot_edit(product, make_user, client):
    client.force_login(make_user("coordinator"))
    plank = Plank.objects.get(slug="lapangan-kerja")
    assert client.get(reverse("product:plank_edit", args=[plank.pk])).status_code == 403
