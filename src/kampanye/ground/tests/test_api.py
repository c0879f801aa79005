import datetime as dt
import json
import uuid

import pytest
from django.test import Client

from kampanye.core.models import ApiToken
from kampanye.ground.models import Contact

URL = "/api/ground/contacts/sync"


@pytest.fixture
def client_of(volunteer_user):
    _token, raw = ApiToken.issue(volunteer_user.user, "hp")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def item(**kw):
    base = {
        "client_uuid": str(uuid.uuid4()),
        "occurred_at": (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)).isoformat(),
        "area_code": "31.75.01.1001",
        "response": "supportive",
        "themes": ["banjir"],
    }
    base.update(kw)
    return base


def post(client, reports):
    return client.post(URL, json.dumps({"reports": reports}), content_type="application/json")


def test_sync_answers_per_item_and_retry_is_duplicate(client_of):
    # given
    a = item(aspiration={"kind": "request", "category": "flood", "text": "Normalisasi kali"})
    # when
    first = post(client_of, [a, a, item(response="huh")])
    retry = post(client_of, [a])
    # then
    assert first.status_code == 200
    body = first.json()
    assert (body["accepted"], body["duplicate"], body["rejected"]) == (1, 1, 1)
    assert body["results"][2]["errors"]["response"]
    assert retry.json()["results"][0]["status"] == "duplicate"
    assert retry.json()["results"][0]["contact_id"] == body["results"][0]["contact_id"]
    assert Contact.objects.count() == 1


def test_a_report_the_schema_refuses_is_rejected_alone(client_of):
    # given a batch where one report breaks the schema's limits and types
    bad = item(households=0, latitude="north")
    # when
    response = post(client_of, [bad, item()])
    # then the batch goes through; the bad one is rejected naming its fields
    assert response.status_code == 200
    body = response.json()
    assert [r["status"] for r in body["results"]] == ["rejected", "accepted"]
    assert set(body["results"][0]["errors"]) == {"households", "latitude"}


def test_the_openapi_schema_describes_the_report_with_its_limits(client_of):
    spec = client_of.get("/api/openapi.json").json()
    report = spec["components"]["schemas"]["ReportIn"]
    assert report["properties"]["households"]["maximum"] == 50
    assert "client_uuid" in report["required"]


def test_wrong_types_answer_422_naming_the_field(client_of):
    response = post(client_of, [item(client_uuid="not-a-uuid")])
    assert response.status_code == 422
    locs = [e["loc"] for e in response.json()["detail"]]
    assert ["body", "payload", "reports", 0, "client_uuid"] in locs


def test_sync_needs_authentication(db):
    assert post(Client(), [item()]).status_code == 401


def test_sync_needs_the_field_report_permission(make_user, world):
    user = make_user("media_officer")
    _t, raw = ApiToken.issue(user, "x")
    assert post(Client(HTTP_AUTHORIZATION=f"Bearer {raw}"), [item()]).status_code == 403


def test_session_sync_needs_csrf(volunteer_user):
    c = Client(enforce_csrf_checks=True)
    c.force_login(volunteer_user.user)
    assert post(c, [item()]).status_code == 403


def test_volunteer_api_lists_only_own_area_and_signup_errors_are_422(
    volunteer_user, make_user, world
):
    from kampanye.core.models import Membership

    north = make_user("coordinator", "31.72")
    Membership.objects.filter(user=north).update(contestant=world.jokowi)
    c = Client()
    c.force_login(north)
    assert c.get("/api/volunteers/").json() == []
    bad = c.post(
        "/api/volunteers/signup",
        json.dumps(
            {
                "name": "X Contoh",
                "phone": "123",
                "consent": False,
                "home_area_code": "31.75.01.1001",
            }
        ),
        content_type="application/json",
    )
    assert bad.status_code == 422
    fields = {e["loc"][1] for e in bad.json()["detail"]}
    assert fields == {"phone", "consent", "home_area_code"}
    ok = c.post(
        "/api/volunteers/signup",
        json.dumps(
            {
                "name": "Yanti Contoh",
                "phone": "0813 1111 2222",
                "consent": True,
                "home_area_code": "31.72.01.1001",
            }
        ),
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    assert [v["name"] for v in c.get("/api/volunteers/").json()] == ["Yanti Contoh"]
    assert "phone" not in c.get("/api/volunteers/").json()[0]


def test_an_aspiration_is_answered_through_the_same_schema_as_the_page(client_of, make_user, world):
    # given an aspiration heard in Kayu Manis and a coordinator of Jakarta Timur
    from kampanye.core.models import Membership
    from kampanye.ground.models import Aspiration

    heard = item(aspiration={"kind": "request", "category": "flood", "text": "Normalisasi kali"})
    assert post(client_of, [heard]).json()["accepted"] == 1
    aspiration = Aspiration.objects.get()
    east = make_user("coordinator", "31.75")
    Membership.objects.filter(user=east).update(contestant=world.jokowi)
    c = Client()
    c.force_login(east)
    url = f"/api/ground/aspirations/{aspiration.pk}/answer"
    # when a blank answer, then a real one, are sent
    blank = c.post(url, json.dumps({"answer": "   "}), content_type="application/json")
    ok = c.post(url, json.dumps({"answer": " Sudah dicatat "}), content_type="application/json")
    # then the blank one is refused on its field; the real one is stored trimmed
    assert blank.status_code == 422
    assert [e["loc"][-1] for e in blank.json()["detail"]] == ["answer"]
    assert ok.status_code == 200 and ok.json()["status"] == "answered"
    aspiration.refresh_from_db()
    assert aspiration.answer == "Sudah dicatat"


def test_aspirations_come_a_page_at_a_time_with_the_whole_count(client_of, make_user, world):
    # given three aspirations heard in Kayu Manis and a coordinator of Jakarta Timur
    from kampanye.core.models import Membership

    said = ["Normalisasi kali", "Lampu jalan mati", "Sekolah gratis"]
    reports = [item(aspiration={"kind": "request", "category": "flood", "text": t}) for t in said]
    assert post(client_of, reports).json()["accepted"] == 3
    east = make_user("coordinator", "31.75")
    Membership.objects.filter(user=east).update(contestant=world.jokowi)
    c = Client()
    c.force_login(east)
    # when the list is read two at a time
    first = c.get("/api/ground/aspirations?limit=2").json()
    rest = c.get("/api/ground/aspirations?limit=2&offset=2").json()
    # then every page says how many there are, and together they hold each one once
    assert (first["count"], rest["count"]) == (3, 3)
    assert (len(first["items"]), len(rest["items"])) == (2, 1)
    texts = sorted(a["text"] for a in first["items"] + rest["items"])
    assert texts == sorted(said)
