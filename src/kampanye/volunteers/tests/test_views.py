from django.test import Client

from kampanye.volunteers.models import Consent, Volunteer


def test_public_sign_up_with_referral_and_consent(world, volunteer_user):
    c = Client()
    # the referral link leads to the sign-up page with the code filled in
    hop = c.get("/relawan/r/budi0001/")
    assert hop.status_code == 302 and hop["Location"].endswith("?ref=BUDI0001")
    page = c.get(hop["Location"])
    assert page.status_code == 200 and "BUDI0001" in page.content.decode()
    # without consent and with a bad phone, the form names both fields
    bad = c.post(
        hop["Location"], {"name": "Rina Contoh", "phone": "12", "referral_code": "BUDI0001"}
    )
    assert bad.status_code == 400
    assert {"consent", "phone"} <= set(bad.context["form"].errors)
    # with consent, the volunteer is recruited by Budi and sees their own link
    ok = c.post(
        hop["Location"],
        {
            "name": "Rina Contoh",
            "phone": "0813-2222-3333",
            "referral_code": "BUDI0001",
            "consent": "on",
            "nik": "3174044101900001",
            "home_area_code": "31.75.01.1001",
        },
        follow=True,
    )
    assert ok.status_code == 200
    rina = Volunteer.objects.get(name="Rina Contoh")
    assert rina.recruited_by == volunteer_user.volunteer
    assert rina.nik_masked == "3174********0001"
    assert Consent.objects.filter(volunteer=rina).count() == 1
    assert f"/relawan/r/{rina.referral_code}/" in ok.content.decode()


def test_volunteer_list_is_for_coordinators_in_scope(volunteer_user, make_user):
    volunteer_client = Client()
    volunteer_client.force_login(volunteer_user.user)
    assert volunteer_client.get("/relawan/")["Location"] == "/darat/saya/"
    assert volunteer_client.get("/relawan/ajakan/").status_code == 403
    north = Client()
    north.force_login(make_user("coordinator", "31.72"))
    assert "Budi Contoh" not in north.get("/relawan/").content.decode()
    east = Client()
    east.force_login(make_user("coordinator", "31.75"))
    assert "Budi Contoh" in east.get("/relawan/").content.decode()
    assert east.get("/relawan/ajakan/").status_code == 200
    assert east.get("/relawan/tim/").status_code == 200


def test_coordinator_forms_teams_and_posko_only_in_own_area(make_user, world):
    from kampanye.core.models import Membership
    from kampanye.volunteers.models import Posko, Team

    # given a coordinator of Jakarta Timur
    coord = make_user("coordinator", "31.75")
    Membership.objects.filter(user=coord).update(contestant=world.jokowi)
    c = Client()
    c.force_login(coord)
    # when they form a korwil in their area, then one in Jakarta Utara
    ok = c.post(
        "/relawan/tim/", {"what": "team", "name": "Jaktim", "level": "korwil", "area_code": "31.75"}
    )
    outside = c.post(
        "/relawan/tim/", {"what": "team", "name": "Jakut", "level": "korwil", "area_code": "31.72"}
    )
    # then the first is saved, the second refused naming the area field
    assert ok.status_code == 302
    assert outside.status_code == 400
    assert "area_code" in outside.context["team_form"].errors
    assert list(Team.objects.values_list("name", flat=True)) == ["Jaktim"]
    # a posko whose hours run backwards is refused on the closing time
    bad = c.post(
        "/relawan/tim/",
        {
            "what": "posko",
            "name": "Posko",
            "area_code": "31.75",
            "address": "Jl. Contoh",
            "days": "Sabtu",
            "opens_at": "21:00",
            "closes_at": "09:00",
        },
    )
    assert "closes_at" in bad.context["posko_form"].errors
    assert not Posko.objects.exists()


def test_long_lists_say_what_they_leave_out(volunteer_user, world, make_user, monkeypatch):
    # given two volunteers, one recruited by the other, and room for one row and no tree
    import datetime as dt

    from kampanye.volunteers import views

    monkeypatch.setattr(views, "LIST_LIMIT", 1)
    monkeypatch.setattr(views, "TREE_LIMIT", 0)
    Volunteer.objects.create(
        contestant=world.jokowi,
        name="Rina",
        home_area=world.kayu_manis,
        joined_on=dt.date(2012, 5, 1),
        referral_code="RINA0001",
        recruited_by=volunteer_user.volunteer,
    )
    from kampanye.core.models import Membership

    user = make_user("manager")
    Membership.objects.filter(user=user).update(contestant=world.jokowi)
    manager = Client()
    manager.force_login(user)
    # when
    listed = manager.get("/relawan/")
    trees = manager.get("/relawan/ajakan/")
    # then both pages say that more exist and how to find them
    assert len(listed.context["volunteers"]) == 1 and listed.context["total"] == 2
    assert 'id="list-pages"' in listed.content.decode()
    assert [v.name for v in manager.get("/relawan/?page=2").context["volunteers"]] == [
        "Budi Contoh"
    ]
    assert trees.context["roots_left_out"] == 1
    assert 'id="roots-left-out"' in trees.content.decode()


def test_the_teams_page_shows_each_form_once_under_a_plain_title(make_user, world):
    import re

    # given a coordinator who may form teams
    c = Client()
    c.force_login(make_user("coordinator", "31.75"))
    # when they open the teams page
    html = c.get("/relawan/tim/").content.decode()
    # then its title is words only and each form is there once, below the header
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and "Tim dan posko" in title
    assert html.count('name="what" value="team"') == 1
    assert html.count('name="what" value="posko"') == 1
    assert html.index("</header>") < html.index('value="team"')
