"""Area scope on every write of the ground front: a coordinator of Jakarta Utara tries each
write endpoint (web, API and the phone's sync) against Jakarta Timur's objects, and none of
it is accepted, changes anything there or tells an id from there."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kampanye.core.models import ApiToken, Membership
from kampanye.ground import actions
from kampanye.ground.models import Activity, Aspiration, Assignment, Contact, Shift, SignUp
from kampanye.ground.reports import sync_contacts
from kampanye.ground.schemas import AspirationIn, read_report
from kampanye.ground.tests.test_actions import activity, north_volunteer
from kampanye.ledger.models import Touchpoint

SYNC = "/api/ground/contacts/sync"


@pytest.fixture
def two_areas(world, volunteer_user, make_user):
    """Jakarta Timur's objects (a report with an aspiration, an activity with a shift, an
    assignment whose lease ran out) and a coordinator of Jakarta Utara with a volunteer there."""
    now = timezone.now()
    east = SimpleNamespace(volunteer=volunteer_user.volunteer)
    east.activity = actions.plan_activity(
        activity(world, initiated_by="staff", starts_at=now, ends_at=now + dt.timedelta(hours=2))
    )
    east.shift = actions.add_shift(
        east.activity, now + dt.timedelta(days=1), now + dt.timedelta(days=1, hours=2), 5
    )
    actions.sign_up_for_shift(east.shift, east.volunteer)
    east.assignment = actions.assign_area(
        volunteer=east.volunteer,
        area_code="31.75.01.1001.RW003",
        lease_days=1,
        now=now - dt.timedelta(days=3),
    )
    east.report = read_report(
        {
            "client_uuid": uuid.uuid4(),
            "occurred_at": now - dt.timedelta(hours=1),
            "area_code": "31.75.01.1001.RW003",
            "response": "supportive",
            "aspiration": AspirationIn(kind="complaint", category="flood", text="Got mampet"),
        }
    )
    (result,) = sync_contacts(volunteer_user.user, [east.report], now=now)
    east.contact = Contact.objects.get(pk=result.contact_id)
    east.aspiration = Aspiration.objects.get(contact=east.contact)
    coordinator = make_user("coordinator", "31.72", username="koordinator-jakut")
    Membership.objects.filter(user=coordinator).update(contestant=world.jokowi)
    north = north_volunteer(world)
    web = Client()
    web.force_login(coordinator)
    _token, raw = ApiToken.issue(coordinator, "hp")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return SimpleNamespace(
        east=east, coordinator=coordinator, north_volunteer=north, web=web, api=api
    )


def east_state(east) -> tuple:
    """Everything a write against Jakarta Timur could change."""
    return (
        list(Contact.objects.filter(area_code__startswith="31.75").values()),
        list(Aspiration.objects.values()),
        list(Activity.objects.values()),
        list(Shift.objects.values()),
        list(SignUp.objects.values()),
        list(Assignment.objects.values()),
        list(Touchpoint.objects.filter(area_code__startswith="31.75").values("source", "count")),
    )


def north_report(**kw) -> dict:
    base = {
        "client_uuid": str(uuid.uuid4()),
        "occurred_at": (timezone.now() - dt.timedelta(minutes=5)).isoformat(),
        "area_code": "31.72.01.1001",
        "response": "supportive",
    }
    base.update(kw)
    return base


def sync(w, **kw):
    body = {"reports": [north_report(**kw)]}
    return w.api.post(SYNC, json.dumps(body), content_type="application/json")


# Each write endpoint of the ground front, aimed at Jakarta Timur's objects; the name is the
# URL's name (``ground:…``) or the API route, so a new write endpoint has to be added here.
ATTACKS = {
    "ground_sync:supersedes": lambda w: sync(
        w,
        supersedes=str(w.east.report.client_uuid),
        aspiration={"kind": "request", "category": "other", "text": "diambil alih"},
    ),
    "ground_sync:activity_id": lambda w: sync(w, activity_id=w.east.activity.pk),
    "ground_sync:assignment_id": lambda w: sync(w, assignment_id=w.east.assignment.pk),
    "ground_sync:client_uuid": lambda w: sync(w, client_uuid=str(w.east.report.client_uuid)),
    "ground_sync:area_code": lambda w: sync(w, area_code="31.75.01.1001"),
    "api:aspiration_answer": lambda w: w.api.post(
        f"/api/ground/aspirations/{w.east.aspiration.pk}/answer",
        json.dumps({"answer": "Sudah kami tangani"}),
        content_type="application/json",
    ),
    "ground:activity:shift": lambda w: w.web.post(
        f"/darat/kegiatan/{w.east.activity.pk}/",
        {"starts_at": "2030-01-01T08:00", "ends_at": "2030-01-01T10:00", "capacity": 3},
    ),
    "ground:activity:remind": lambda w: w.web.post(
        f"/darat/kegiatan/{w.east.activity.pk}/", {"remind": w.east.shift.pk}
    ),
    "ground:activities": lambda w: w.web.post(
        "/darat/kegiatan/",
        {
            "kind": "market_visit",
            "title": "Pasar Jatinegara",
            "area_code": "31.75.01.1001",
            "starts_at": "2030-01-01T08:00",
            "ends_at": "2030-01-01T10:00",
            "initiated_by": "staff",
            "participation_level": 1,
        },
    ),
    "ground:join_shift": lambda w: w.web.post(f"/darat/giliran/{w.east.shift.pk}/ikut/"),
    "ground:assignments:expire": lambda w: w.web.post("/darat/penugasan/", {"expire": "1"}),
    "ground:assignments:volunteer": lambda w: w.web.post(
        "/darat/penugasan/",
        {"volunteer": w.east.volunteer.pk, "area_code": "31.72.01.1001", "lease_days": 7},
    ),
    "ground:assignments:area": lambda w: w.web.post(
        "/darat/penugasan/",
        {"volunteer": w.north_volunteer.pk, "area_code": "31.75.01.1001", "lease_days": 7},
    ),
    "ground:aspiration_update:triage": lambda w: w.web.post(
        f"/darat/aspirasi/{w.east.aspiration.pk}/triage/", {"category": "health", "priority": 1}
    ),
    "ground:aspiration_update:answer": lambda w: w.web.post(
        f"/darat/aspirasi/{w.east.aspiration.pk}/answer/", {"answer": "Sudah"}
    ),
    "ground:aspiration_update:plank": lambda w: w.web.post(
        f"/darat/aspirasi/{w.east.aspiration.pk}/plank/", {"plank": ""}
    ),
}


def refused(response) -> bool:
    """Not accepted: an error status, a page that shows the form again, or a sync answer
    with nothing accepted and no id from the other area."""
    if response.status_code in (400, 403, 404):
        return True
    if response.headers.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        return body.get("accepted") == 0 and all(
            r["contact_id"] is None for r in body.get("results", [])
        )
    return False


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_no_write_from_one_area_reaches_the_other(two_areas, name):
    # given Jakarta Timur's objects as they are
    before = east_state(two_areas.east)
    # when Jakarta Utara's coordinator aims a write at them
    response = ATTACKS[name](two_areas)
    # then it is refused (or, for the expire button, touches only Jakarta Utara), and
    # nothing in Jakarta Timur changed
    if name != "ground:assignments:expire":
        assert refused(response), (response.status_code, response.content[:300])
    assert east_state(two_areas.east) == before


def test_every_ground_write_endpoint_is_tried():
    # given the ground front's URL names
    ground = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", "") == "ground")
    names = {p.name for p in ground.url_patterns}
    # then each one that writes is tried above; the rest only read, or write with no area
    read_only = {
        "dashboard", "home", "report", "funnel", "service_worker", "aspirations", "share",
        "my_reports",
    }  # fmt: skip
    no_area = {"make_share_link", "click"}  # a volunteer's own link; the public click
    tried = {n.split(":")[1] for n in ATTACKS if n.startswith("ground:")}
    assert names - read_only - no_area == tried


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    refs=st.fixed_dictionaries(
        {},
        optional={
            "supersedes": st.just("report"),
            "activity_id": st.just("activity"),
            "assignment_id": st.just("assignment"),
            "client_uuid": st.just("report"),
            "area_code": st.sampled_from(["31.75", "31.75.01.1001", "31.75.01.1001.RW003"]),
        },
    ).filter(bool),
    batch=st.integers(1, 3),
)
def test_sync_never_accepts_a_reference_into_another_area(two_areas, refs, batch):
    # given a batch of reports from Jakarta Utara, each naming some of Jakarta Timur's objects
    east = two_areas.east
    ids = {
        "report": str(east.report.client_uuid),
        "activity": east.activity.pk,
        "assignment": east.assignment.pk,
    }
    fields = {k: ids.get(v, v) for k, v in refs.items()}
    items = [north_report(**fields) for _ in range(batch)]
    before = east_state(east)
    # when the coordinator's phone syncs them
    response = two_areas.api.post(
        SYNC, json.dumps({"reports": items}), content_type="application/json"
    )
    # then none is accepted, no id is told, and Jakarta Timur is as it was
    assert response.status_code == 200
    assert refused(response), response.json()
    assert east_state(east) == before
