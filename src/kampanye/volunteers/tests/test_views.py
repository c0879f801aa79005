import datetime as dt

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
    # with consent, the volunteer is recruited by Budi and told their link comes by e-mail
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
    assert "pendaftaran Anda kami terima" in ok.content.decode()


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


SIGN_UP = "/relawan/daftar/{}/"


def sign_up_answer(client, world, phone: str, area: str) -> tuple[int, str, list]:
    response = client.post(
        SIGN_UP.format(world.jokowi.pk),
        {"name": "Penebak", "phone": phone, "consent": "on", "home_area_code": area},
    )
    form = response.context.get("form") if response.context else None
    errors = sorted((k, list(v)) for k, v in form.errors.items()) if form else []
    return response.status_code, response.get("Location", ""), errors


def test_sign_up_answers_alike_whether_or_not_a_phone_is_registered(world, volunteer_user):
    # given Budi's phone is registered and another is not
    registered, unknown = "0812-3456-7890", "0812-9999-0000"
    c = Client()
    # when someone probes both with an invalid area, then with valid input
    probes = {p: sign_up_answer(c, world, p, "99.99") for p in (registered, unknown)}
    valid = {p: sign_up_answer(c, world, p, "31.75.01.1001") for p in (registered, unknown)}
    # then both get the same errors, and both the same page after a valid sign-up
    assert probes[registered] == probes[unknown]
    assert probes[registered][0] == 400
    assert valid[registered] == valid[unknown]
    assert valid[registered][:2] == (302, f"/relawan/daftar/{world.jokowi.pk}/diterima/")
    # and Budi is not registered twice, nor changed
    assert Volunteer.objects.filter(phone_e164="+6281234567890").count() == 1
    assert Volunteer.objects.get(phone_e164="+6281234567890").name == "Budi Contoh"


def test_the_volunteer_hears_of_the_sign_up_by_their_own_e_mail(world, volunteer_user, mailoutbox):
    from kampanye.volunteers.mail import send_volunteer_mail

    # given Budi has an e-mail address
    Volunteer.objects.filter(pk=volunteer_user.volunteer.pk).update(email="budi@contoh.id")
    # when the task queued after a sign-up with his number runs
    sent = send_volunteer_mail.call(volunteer_user.volunteer.pk, "known", "http://kampanye.test/")
    # then he is told, with his own link; a forgotten volunteer gets nothing
    assert sent == 1 and mailoutbox[0].to == ["budi@contoh.id"]
    assert "http://kampanye.test/relawan/r/BUDI0001/" in mailoutbox[0].body
    Volunteer.objects.filter(pk=volunteer_user.volunteer.pk).update(email="")
    assert send_volunteer_mail.call(volunteer_user.volunteer.pk, "welcome", "http://x/") == 0


def test_anonymous_forms_are_rate_limited(world, settings):
    # given a limit of 3 requests per address
    settings.KAMPANYE_ANONYMOUS_RATE = 3
    c = Client()
    # when a script sends the sign-up form, and the log-in form, a fourth time
    signups = [sign_up_answer(c, world, f"081299990{i:03d}", "99.99")[0] for i in range(4)]
    logins = [
        c.post("/masuk/", {"username": f"u{i}", "password": "x"}).status_code for i in range(4)
    ]
    # then the fourth is answered "try again later"
    assert signups == [400, 400, 400, 429]
    assert logins[:3] == [200, 200, 200] and logins[3] == 429
    page = c.post(SIGN_UP.format(world.jokowi.pk), {})
    assert page.status_code == 429 and "Coba lagi nanti" in page.content.decode()
    # while a logged-in coordinator is not limited, and a GET still shows the form
    assert c.get(SIGN_UP.format(world.jokowi.pk)).status_code == 200


def test_the_list_names_a_recruiter_only_from_the_coordinators_area(
    world, volunteer_user, make_user
):
    # given Rina of Kamal Muara (Jakarta Utara), recruited by Budi of Jakarta Timur
    Volunteer.objects.create(
        contestant=world.jokowi, name="Rina Utara", phone_e164="+6281300000009",
        home_area=world.kamal, joined_on=dt.date(2012, 5, 1), referral_code="RINA0001",
        recruited_by=volunteer_user.volunteer,
    )  # fmt: skip
    north, manager = Client(), Client()
    north.force_login(make_user("coordinator", "31.72"))
    manager.force_login(make_user("manager"))
    # when Jakarta Utara's coordinator and the manager open the list
    seen_north = north.get("/relawan/").content.decode()
    seen_manager = manager.get("/relawan/").content.decode()
    # then the coordinator sees Rina but not the name of her recruiter from another area
    assert "Rina Utara" in seen_north and "Budi Contoh" not in seen_north
    assert "Budi Contoh" in seen_manager


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
