import datetime as dt
import uuid

import pytest
from django.test import Client

from kampanye.ground import queries
from kampanye.ground.actions import ActivityIn, plan_activity
from kampanye.ground.models import Click, Contact, ShareLink
from kampanye.ground.reports import sync_contacts
from kampanye.ground.schemas import ReportIn


def logged_in(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def filed(volunteer_user):
    r = ReportIn(
        client_uuid=uuid.uuid4(),
        occurred_at=dt.datetime.now(dt.UTC),
        area_code="31.75.01.1001",
        response="supportive",
        themes=["banjir"],
    )
    sync_contacts(volunteer_user.user, [r])
    return r


def test_report_page_renders_pwa_shell_with_own_script(volunteer_user):
    page = logged_in(volunteer_user.user).get("/darat/lapor/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "ground/manifest.webmanifest" in html and "ground/outbox.js" in html
    assert 'data-sync-url="/api/ground/contacts/sync"' in html
    assert "<script>" not in html  # CSP: no inline script


def test_report_form_without_script_stores_once_and_names_bad_fields(volunteer_user):
    c = logged_in(volunteer_user.user)
    bad = c.post("/darat/lapor/", {"area_code": "31.75.01.1001", "households": "0"})
    assert bad.status_code == 400
    assert "response" in bad.context["form"].errors
    assert "households" in bad.context["form"].errors
    ok = c.post(
        "/darat/lapor/",
        {
            "area_code": "31.75.01.1001",
            "response": "undecided",
            "households": "2",
            "themes": ["banjir"],
        },
    )
    assert ok.status_code == 302
    assert Contact.objects.get().households == 2


def test_service_worker_is_allowed_the_darat_scope(client, db):
    response = client.get("/darat/sw.js")
    assert response.status_code == 200
    assert response["Service-Worker-Allowed"] == "/darat/"


def test_dashboard_only_for_coordinators_and_scoped(filed, make_user, volunteer_user):
    # a volunteer is sent to their own page instead
    assert logged_in(volunteer_user.user).get("/darat/")["Location"] == "/darat/saya/"
    east = logged_in(make_user("coordinator", "31.75")).get("/darat/")
    north = logged_in(make_user("coordinator", "31.72")).get("/darat/")
    assert east.status_code == north.status_code == 200
    assert [c.code for c in east.context["coverage"]] == ["31.75.01.1001"]
    assert north.context["coverage"] == []
    assert "Budi Contoh" in east.content.decode()
    assert "Budi Contoh" not in north.content.decode()


def test_aspirations_page_and_triage_need_permissions(filed, make_user, volunteer_user, world):
    from kampanye.ground.models import Aspiration

    asp = Aspiration.objects.create(
        contestant=world.jokowi,
        area=world.kayu_manis,
        area_code="31.75.01.1001",
        kind="request",
        category="flood",
        text="Normalisasi kali",
        heard_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
    )
    url = f"/darat/aspirasi/{asp.pk}/answer/"
    assert logged_in(volunteer_user.user).post(url, {"answer": "x"}).status_code == 403
    north = logged_in(make_user("coordinator", "31.72"))
    assert north.post(url, {"answer": "x"}).status_code == 404  # outside their area
    east = logged_in(make_user("coordinator", "31.75"))
    assert east.post(url, {"answer": "Sudah diajukan"}).status_code == 302
    asp.refresh_from_db()
    assert asp.status == "answered"
    assert "Normalisasi kali" in east.get("/darat/aspirasi/").content.decode()


def test_aspiration_links_to_an_own_plank_and_names_a_foreign_one(make_user, world):
    from django.contrib.messages import get_messages

    from kampanye.core.models import Membership
    from kampanye.ground.models import Aspiration

    # given an aspiration heard in Jakarta Timur and its coordinator
    asp = Aspiration.objects.create(
        contestant=world.jokowi,
        area=world.kayu_manis,
        area_code="31.75.01.1001",
        kind="request",
        category="health",
        text="Berobat mahal",
        heard_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1),
    )
    coordinator = make_user("coordinator", "31.75")
    Membership.objects.filter(user=coordinator).update(contestant=world.jokowi)
    east = logged_in(coordinator)
    url = f"/darat/aspirasi/{asp.pk}/plank/"
    # when they pick another contestant's plank, which is not among the choices
    refused = east.post(url, {"plank": world.other_plank.pk})
    # then nothing is linked and the message names the field and why
    asp.refresh_from_db()
    assert refused.status_code == 302 and asp.plank_id is None
    [message] = [str(m) for m in get_messages(refused.wsgi_request)]
    assert message.startswith("plank: ") and str(world.other_plank.pk) in message
    # when they pick their own contestant's plank
    linked = east.post(url, {"plank": world.plank.pk})
    # then the aspiration is traced to it
    asp.refresh_from_db()
    assert linked.status_code == 302 and asp.plank_id == world.plank.pk


def test_activity_form_errors_are_shown_per_field(make_user, world):
    from kampanye.core.models import Membership

    manager = make_user("manager")
    Membership.objects.filter(user=manager).update(contestant=world.jokowi)
    c = logged_in(manager)
    response = c.post(
        "/darat/kegiatan/",
        {
            "kind": "rally",
            "title": "Rapat akbar",
            "area_code": "99.99",
            "starts_at": "2012-06-10T10:00",
            "ends_at": "2012-06-10T09:00",
            "initiated_by": "staff",
            "participation_level": "1",
            "expected_reach": "100",
            "cost_idr": "0",
        },
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"ends_at"}
    # an activity the schema accepts is then checked for its references: the area
    unknown_area = c.post(
        "/darat/kegiatan/",
        {
            "kind": "rally",
            "title": "Rapat akbar",
            "area_code": "99.99",
            "starts_at": "2012-06-10T10:00",
            "ends_at": "2012-06-10T12:00",
            "initiated_by": "staff",
            "participation_level": "1",
            "expected_reach": "100",
            "cost_idr": "0",
        },
    )
    assert unknown_area.status_code == 400
    assert set(unknown_area.context["form"].errors) == {"area_code"}


def test_assign_and_volunteer_home(volunteer_user, make_user, world):
    from kampanye.core.models import Membership

    coord = make_user("coordinator", "31.75")
    Membership.objects.filter(user=coord).update(contestant=world.jokowi)
    c = logged_in(coord)
    response = c.post(
        "/darat/penugasan/",
        {
            "volunteer": volunteer_user.volunteer.pk,
            "area_code": "31.75.01.1001.RW003",
            "lease_days": "7",
            "target_households": "40",
        },
    )
    assert response.status_code == 302
    home = logged_in(volunteer_user.user).get("/darat/saya/").content.decode()
    assert "RW 003" in home and "0 dari 40" in home


def test_a_long_volunteer_list_says_what_it_left_out_and_a_search_finds_them(
    volunteer_user, make_user, world, monkeypatch
):
    # given a coordinator with two volunteers in scope and room for one in the list
    from kampanye.core.models import Membership
    from kampanye.ground import views
    from kampanye.volunteers.models import Volunteer

    monkeypatch.setattr(views, "VOLUNTEER_CHOICES", 1)
    zaki = Volunteer.objects.create(
        contestant=world.jokowi,
        name="Zaki",
        home_area=world.kayu_manis,
        joined_on=dt.date(2012, 5, 1),
        referral_code="ZAKI0001",
    )
    coord = make_user("coordinator", "31.75")
    Membership.objects.filter(user=coord).update(contestant=world.jokowi)
    c = logged_in(coord)
    # when the page is opened, then searched for the one left out
    page = c.get("/darat/penugasan/")
    found = c.get("/darat/penugasan/?relawan=zak")
    # then the first says one was left out and how to narrow; the search offers Zaki
    assert page.context["left_out"] == 1
    assert "1 lainnya tidak ditampilkan" in page.content.decode()
    assert found.context["form"].fields["volunteer"].choices == [(zaki.pk, "Zaki")]
    assert found.context["left_out"] == 0
    # and a volunteer found by the search can be assigned from that page
    assigned = c.post(
        "/darat/penugasan/?relawan=zak",
        {
            "volunteer": zaki.pk,
            "area_code": "31.75.01.1001",
            "lease_days": "7",
            "target_households": "0",
        },
    )
    assert assigned.status_code == 302


def test_the_report_page_says_how_many_areas_it_left_out(volunteer_user, monkeypatch):
    # given room for one village, RW or RT in the list beyond the volunteer's own
    from kampanye.ground import views

    monkeypatch.setattr(views, "AREA_CHOICES", 1)
    # when
    page = logged_in(volunteer_user.user).get("/darat/lapor/")
    narrowed = logged_in(volunteer_user.user).get("/darat/lapor/?wilayah=31.75.01.1001.RW")
    # then
    assert page.context["left_out"] >= 1
    assert 'name="wilayah"' in page.content.decode()
    codes = [code for code, _label in narrowed.context["form"].fields["area_code"].widget.choices]
    assert "31.75.01.1001.RW003" in codes and narrowed.context["left_out"] == 0


def test_share_link_counts_clicks(volunteer_user, world):
    from kampanye.ground.actions import create_share_kit

    create_share_kit(
        contestant_id=world.jokowi.pk,
        title="KJS",
        message="Ayo dukung",
        target_url="https://contoh.id/kjs",
    )
    client = logged_in(volunteer_user.user)
    # when the volunteer opens the page, nothing is made yet; a POST makes their link
    first = client.get("/darat/bagikan/")
    assert first.context["kits"][0]["link"] == "" and not ShareLink.objects.exists()
    kit_id = first.context["kits"][0]["kit"].pk
    made = client.post(f"/darat/bagikan/{kit_id}/tautan/")
    assert made.status_code == 302 and ShareLink.objects.count() == 1
    page = client.get("/darat/bagikan/")
    [row] = page.context["kits"]
    assert row["whatsapp"].startswith("https://wa.me/?text=Ayo%20dukung")
    code = row["link"].rstrip("/").rsplit("/", 1)[-1]
    phone = "Mozilla/5.0 (Linux; Android 12) Chrome/120 Mobile Safari/537.36"
    hit = Client().get(f"/darat/s/{code}/", headers={"user-agent": phone})
    assert hit.status_code == 302 and hit["Location"] == "https://contoh.id/kjs"
    assert Client().get("/darat/s/NOPE/", headers={"user-agent": phone}).status_code == 404
    # link previews drawn by WhatsApp and Facebook are sent on but not counted
    for agent in ("WhatsApp/2.23.20.0 A", "facebookexternalhit/1.1"):
        preview = Client().get(f"/darat/s/{code}/", headers={"user-agent": agent})
        assert preview["Location"] == "https://contoh.id/kjs"
    assert Click.objects.count() == 1


def test_a_share_link_is_made_only_by_a_post_with_csrf(volunteer_user, world):
    # given a kit and a volunteer whose client checks CSRF
    from kampanye.ground.actions import create_share_kit

    kit = create_share_kit(
        contestant_id=world.jokowi.pk, title="KJS", message="Ayo", target_url="https://contoh.id"
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(volunteer_user.user)
    url = f"/darat/bagikan/{kit.pk}/tautan/"
    # when it is asked by GET, or by POST without the token
    by_get = client.get(url)
    no_token = client.post(url)
    # then no link is made
    assert (by_get.status_code, no_token.status_code) == (405, 403)
    assert not ShareLink.objects.exists()


def test_activity_page_lists_shifts(make_user, world, volunteer_user):
    act = plan_activity(
        ActivityIn(
            contestant_id=world.jokowi.pk,
            kind="blusukan",
            title="Blusukan Kayu Manis",
            area_code="31.75.01.1001",
            starts_at=dt.datetime(2030, 1, 1, 2, tzinfo=dt.UTC),
            ends_at=dt.datetime(2030, 1, 1, 5, tzinfo=dt.UTC),
        )
    )
    page = logged_in(volunteer_user.user).get(f"/darat/kegiatan/{act.pk}/")
    assert page.status_code == 200 and "Blusukan Kayu Manis" in page.content.decode()


def test_volunteer_list_loads_the_funnel_cards_from_the_ground_front(filed, make_user):
    # given a Jakarta Timur coordinator and one active volunteer (Budi filed a report today)
    east = logged_in(make_user("coordinator", "31.75"))
    # when the volunteers list is opened, then it asks the ground front for the funnel
    assert 'hx-get="/darat/corong/"' in east.get("/relawan/").content.decode()
    # and the cards say 1 signed up, 1 active of 1, 0 leading of 1 active
    cards = east.get("/darat/corong/", headers={"HX-Request": "true"})
    assert cards.status_code == 200
    assert cards.context["funnel"] == queries.Funnel(signed_up=1, active=1, leading=0)
    assert "aktif 30 hari terakhir, dari 1" in cards.content.decode()


def test_funnel_cards_are_for_coordinators(volunteer_user):
    assert logged_in(volunteer_user.user).get("/darat/corong/").status_code == 403


def test_coverage_table_shows_a_dash_and_a_footnote_for_a_kelurahan_without_dpt(
    filed, make_user, volunteer_user, world
):
    from kampanye.areas.models import Area, Level

    # given a report in a kelurahan that has no DPT (beside Kayu Manis, which has 20 voters)
    Area.objects.create(
        code="31.75.01.1002", name="Pal Meriam", level=Level.VILLAGE, parent=world.matraman
    )
    sync_contacts(
        volunteer_user.user,
        [
            ReportIn(
                client_uuid=uuid.uuid4(),
                occurred_at=dt.datetime.now(dt.UTC),
                area_code="31.75.01.1002",
                response="supportive",
            )
        ],
    )
    # when the coordinator opens the dashboard
    html = logged_in(make_user("coordinator", "31.75")).get("/darat/").content.decode()
    # then the empty DPT is a dash with its explanation, never the word None
    assert '<td class="num">–</td>' in html and '<td class="num">20</td>' in html
    assert "DPT per kelurahan tidak ada dalam data 2012" in html
    assert ">None<" not in html


def test_no_dpt_footnote_when_every_kelurahan_has_its_dpt(filed, make_user):
    html = logged_in(make_user("coordinator", "31.75")).get("/darat/").content.decode()
    assert "DPT per kelurahan tidak ada dalam data 2012" not in html


def test_navigation_shows_each_role_only_the_fronts_it_can_open(volunteer_user, make_user):
    # a volunteer gets "Lapangan" (the dashboard sends them on to their own page), no list
    page = logged_in(volunteer_user.user).get("/darat/saya/").content.decode()
    assert '<a href="/darat/" >Lapangan</a>' in page
    assert '<a href="/relawan/"' not in page
    # a coordinator gets both fronts
    page = logged_in(make_user("coordinator", "31.75")).get("/darat/").content.decode()
    assert '<a href="/relawan/" >Relawan</a>' in page
    assert '<a href="/darat/" aria-current="page">Lapangan</a>' in page
