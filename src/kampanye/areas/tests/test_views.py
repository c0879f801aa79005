import pytest
from django.urls import reverse

from kampanye.areas.models import Area


@pytest.mark.django_db
def test_tree_page_for_a_manager(wilayah, make_user, client):
    client.force_login(make_user("manager"))
    page = client.get(reverse("areas:tree"))
    assert page.status_code == 200
    assert "Daerah Khusus Ibukota Jakarta" in page.content.decode()
    assert "6.962.348" in page.content.decode()


@pytest.mark.django_db
def test_pages_forbidden_without_membership(wilayah, outsider, client):
    client.force_login(outsider)
    for url in [
        reverse("areas:tree"),
        reverse("areas:segments"),
        reverse("areas:detail", args=["31.75"]),
    ]:
        assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_children_fragment_for_htmx(wilayah, make_user, client):
    client.force_login(make_user("volunteer", "31.75"))
    page = client.get(reverse("areas:children", args=["31"]), HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert page.status_code == 200 and "<html" not in html
    assert "Jakarta Timur" in html and "Jakarta Barat" not in html


@pytest.mark.django_db
def test_detail_shows_dpt_and_hides_other_areas(wilayah, make_user, client):
    client.force_login(make_user("coordinator", "31.75"))
    page = client.get(reverse("areas:detail", args=["31.75"]))
    assert page.status_code == 200
    assert "1.996.745" in page.content.decode() and "DPT 2 Juni 2012" in page.content.decode()
    assert client.get(reverse("areas:detail", args=["31.73"])).status_code == 404


def test_the_api_shows_a_coordinator_the_areas_their_pages_show(wilayah, make_user, client):
    # given a coordinator of Jakarta Timur
    client.force_login(make_user("coordinator", "31.75"))
    # when they ask the API for Jakarta Barat, their own city, and the province's cities
    other = client.get("/api/areas/areas/31.73")
    own = client.get("/api/areas/areas/31.75")
    cities = client.get("/api/areas/areas", {"parent": "31"}).json()
    # then as on the pages: their way down (the province, their city), nothing beside it
    assert (other.status_code, own.status_code) == (404, 200)
    assert client.get("/api/areas/areas/31").status_code == 200
    assert [a["code"] for a in cities["items"]] == ["31.75"]


@pytest.mark.django_db
def test_coordinator_adds_an_rw_through_the_form(wilayah, make_user, client):
    # given a coordinator of Jakarta Selatan on a kelurahan page with the form
    client.force_login(make_user("coordinator", "31.74"))
    url = reverse("areas:detail", args=["31.74.04.1002"])
    assert "Tambah RW, RT atau TPS" in client.get(url).content.decode()
    # when they post RW 3
    page = client.post(
        reverse("areas:add_local", args=["31.74.04.1002"]), {"level": 5, "number": 3, "name": ""}
    )
    # then it is created and they are sent back to the kelurahan
    assert page.status_code == 302 and page.url == url
    assert Area.objects.filter(code="31.74.04.1002.RW003").exists()
    # and posting it again shows the error in Indonesian
    again = client.post(
        reverse("areas:add_local", args=["31.74.04.1002"]), {"level": 5, "number": 3}
    )
    assert again.status_code == 400 and "sudah ada" in again.content.decode()


@pytest.mark.django_db
def test_volunteer_cannot_add_a_local_area(wilayah, make_user, client):
    client.force_login(make_user("volunteer", "31.74"))
    page = client.post(
        reverse("areas:add_local", args=["31.74.04.1002"]), {"level": 5, "number": 3}
    )
    assert page.status_code == 403
    assert (
        "Tambah RW"
        not in client.get(reverse("areas:detail", args=["31.74.04.1002"])).content.decode()
    )


@pytest.mark.django_db
def test_segments_page(wilayah, make_user, client):
    client.force_login(make_user("researcher"))
    html = client.get(reverse("areas:segments")).content.decode()
    assert "Pedagang pasar tradisional" in html and "Redaktur senior dan produser TV" in html
