"""The media centre's pages: who may open them, what they show, CSV for every chart."""

from __future__ import annotations

import pytest

from kampanye.media.models import CoverageItem, MediaContact, Meeting
from kampanye.media.tests.test_actions import contact, item


@pytest.fixture
def browser_client(client, officer):
    client.force_login(officer)
    return client


@pytest.mark.parametrize(
    "url", ["/media/", "/media/liputan/", "/media/outlet/", "/media/kontak/", "/media/pertemuan/",
            "/media/agenda/"],
)  # fmt: skip
def test_every_page_opens_for_the_media_officer(media, browser_client, url):
    item(media)
    assert browser_client.get(url).status_code == 200


def test_a_volunteer_sees_nothing_of_it(media, client, make_user):
    client.force_login(make_user("volunteer"))
    assert client.get("/media/").status_code == 403
    assert client.get("/media/kontak/").status_code == 403


def test_the_dashboard_shows_the_index_beside_its_baseline_and_exports_csv(media, browser_client):
    item(media, tones=((None, 1),))
    item(media, title="Jokowi dikritik", tones=((None, -1),))
    page = browser_client.get("/media/").content.decode()
    assert "Indeks media darling" in page and "share of voice" in page.lower()
    response = browser_client.get("/media/?csv=pasangan")
    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[1].startswith("Foke–Nara,0") and ",50.0,100.0," in lines[2]
    for name in ("tren", "pemilik"):
        assert browser_client.get(f"/media/?csv={name}").status_code == 200


def test_a_meeting_form_logs_a_meeting(media, browser_client):
    c = contact(media)
    response = browser_client.post(
        "/media/pertemuan/",
        {"held_on": "2012-06-01", "contacts": [c.pk], "agenda": ["personal", "ideas"],
         "follow_up": "Kirim data", "due_on": "2012-06-08"},
    )  # fmt: skip
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.agenda == ["personal", "ideas"] and meeting.follow_ups.count() == 1


def test_a_meeting_without_agenda_is_sent_back_naming_it(media, browser_client):
    c = contact(media)
    response = browser_client.post(
        "/media/pertemuan/", {"held_on": "2012-06-01", "contacts": [c.pk]}
    )
    assert response.status_code == 200 and "agenda" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_coverage_form_logs_an_item(media, browser_client):
    w = media.world
    response = browser_client.post(
        "/media/liputan/",
        {"outlet_id": media.metro.pk, "published_on": "2012-07-02", "title": "Jokowi di pasar",
         "kind": "hard_news", "contestants": [w.jokowi.pk], f"tone_{w.jokowi.pk}": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    assert CoverageItem.objects.get().mentions.get().tone == 1


def test_a_contact_page_of_another_campaign_is_not_found(media, browser_client):
    theirs = contact(media, contestant=media.world.foke)
    assert browser_client.get(f"/media/kontak/{theirs.pk}/").status_code == 404
    browser_client.post(
        "/media/kontak/",
        {"name": "Baru Contoh", "role": "reporter", "outlet_id": media.kompas.pk, "consent": "on"},
    )
    assert MediaContact.objects.filter(name="Baru Contoh", contestant=media.world.jokowi).exists()


def test_ave_is_off_by_default_and_shown_with_the_amec_warning(media, browser_client):
    media.kompas.ad_rate_idr = 50_000_000
    media.kompas.save()
    item(media, tones=((None, 1),))
    page = browser_client.get("/media/").content.decode()
    assert "50.000.000" not in page and "Barcelona" in page
    shown = browser_client.get("/media/?ave=1").content.decode()
    assert "50.000.000" in shown and "AVE bukan nilai komunikasi" in shown


def test_tone_corrections_export_as_training_data(media, browser_client, officer):
    from kampanye.media import actions

    # given two items, the tone of one corrected by a person
    item(media, title="Jokowi disambut warga", tones=((None, 0),))
    item(media, title="Tidak dikoreksi", tones=((None, 0),))
    mention = CoverageItem.objects.get(title="Jokowi disambut warga").mentions.get()
    actions.correct_tone(mention, 1, by=officer)
    # when the training file is downloaded, then it holds only the corrected one
    rows = browser_client.get("/media/liputan/latih.csv").content.decode().splitlines()
    assert rows == ["text,label", "Jokowi disambut warga,positive"]
