"""/api/media/: the same schemas as the pages, 422 naming each field, and the scope rules."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from kampanye.core.models import ApiToken, Membership
from kampanye.media.tests.test_actions import contact


def client_for(user) -> Client:
    _token, raw = ApiToken.issue(user, "uji")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def api(officer):
    return client_for(officer)


def test_logging_coverage_twice_answers_created_then_unchanged(media, api):
    body = {
        "outlet_id": media.kompas.pk,
        "published_on": "2012-07-01",
        "title": "Jokowi blusukan ke Kampung Pulo",
        "mentions": [{"contestant_id": media.world.jokowi.pk, "tone": 1}],
    }
    first, second = post(api, "/api/media/coverage", body), post(api, "/api/media/coverage", body)
    assert first.status_code == 200 and first.json()["outcome"] == "created"
    assert second.json()["outcome"] == "unchanged"
    # and the darling index reads it back: 1 of 1 earned and not negative
    darling = {p["short"]: p for p in api.get("/api/media/darling").json()["pairs"]}
    assert darling["Jokowi–Basuki"]["darling_index"] == 1.0


def test_bad_coverage_answers_422_naming_the_field(media, api):
    body = {
        "outlet_id": 999,
        "published_on": "2012-07-01",
        "title": "Judul",
        "mentions": [{"contestant_id": media.world.jokowi.pk}],
    }
    response = post(api, "/api/media/coverage", body)
    assert response.status_code == 422 and "outlet_id" in response.json()["errors"]


def test_a_meeting_is_logged_through_the_api(media, api):
    c = contact(media)
    response = post(
        api,
        "/api/media/meetings",
        {"held_on": "2012-06-01", "contact_ids": [c.pk], "agenda": ["cooperation"]},
    )
    assert response.status_code == 200 and response.json()["agenda"] == ["cooperation"]
    # and a follow-up owned by nobody known is refused, naming the field
    response = post(
        api,
        "/api/media/meetings",
        {"held_on": "2012-06-01", "contact_ids": [c.pk], "agenda": ["ideas"],
         "follow_ups": [{"text": "Kirim data", "due_on": "2012-06-08", "owner_id": 999}]},
    )  # fmt: skip
    assert response.status_code == 422 and "follow_ups.owner_id" in response.json()["errors"]


def test_an_officer_never_sees_another_campaigns_contacts(media, api, make_user):
    # given a contact of each campaign, and a manager without a campaign
    mine = contact(media, phone="081234567890")
    contact(media, contestant=media.world.foke, name="Lain Contoh")
    manager = make_user("manager", username="manajer")
    # when each lists contacts
    seen = api.get("/api/media/contacts").json()
    everyone = client_for(manager).get("/api/media/contacts").json()
    # then the officer sees only their own, masked; the manager sees both
    assert [c["id"] for c in seen] == [mine.pk]
    assert seen[0]["phone_masked"] == "+62812*****890" and "phone_e164" not in seen[0]
    assert len(everyone) == 2


def test_an_area_limited_officer_sees_only_contacts_in_their_area(media, make_user):
    # given an officer of the same campaign limited to Jakarta Utara
    user = make_user("media_officer", "31.72", username="media-jakut")
    Membership.objects.filter(user=user).update(contestant=media.world.jokowi)
    contact(media, area_code="31.75")
    contact(media, name="Utara Contoh", area_code="31.72")
    # when they list contacts, then only the one in Jakarta Utara comes back
    seen = client_for(user).get("/api/media/contacts").json()
    assert [c["name"] for c in seen] == ["Utara Contoh"]


@pytest.mark.parametrize("role", ["volunteer", "coordinator", "digital_analyst"])
def test_other_roles_get_403(media, make_user, role):
    response = client_for(make_user(role)).get("/api/media/coverage")
    assert response.status_code == 403
