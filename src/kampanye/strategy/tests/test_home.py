from django.urls import reverse


def test_home_shows_the_election_and_the_fronts_to_staff(client, wilayah, make_user):
    # given the 2012 facts and one touchpoint on the ground for Jokowi–Ahok
    from kampanye.elections.models import Contestant
    from kampanye.ledger.actions import TouchpointIn, record_touchpoint

    jokowi = Contestant.objects.get(ballot_no=3)
    record_touchpoint(
        TouchpointIn(source="t:1", occurred_on=jokowi.election.rounds.first().voting_day,
                     front="ground", channel="door_to_door", imc_element="personal_selling",
                     contestant_id=jokowi.pk, media_type="owned", initiated_by="volunteer",
                     count=7)
    )  # fmt: skip
    # when a manager opens the home page
    client.force_login(make_user("manager"))
    page = client.get(reverse("home")).content.decode()
    # then the election, its six pairs and the contact count are there with the chart
    assert "Pemilihan Gubernur DKI Jakarta 2012" in page
    assert "Joko Widodo – Basuki Tjahaja Purnama" in page
    assert 'id="fronts-data"' in page and ">7<" in page.replace("\n", "")


def test_a_volunteer_lands_on_their_own_page(client, wilayah, make_user):
    # given a volunteer
    client.force_login(make_user("volunteer", "31.75"))
    # when they open the home page (where log-in leads)
    response = client.get(reverse("home"))
    # then they are sent to their tasks, report form and share links
    assert response.status_code == 302 and response["Location"] == reverse("ground:home")


def test_the_manager_sees_the_week_on_every_front_as_of_the_workspace_date(
    client, wilayah, make_user, monkeypatch
):
    import datetime as dt

    from kampanye.elections.models import Contestant
    from kampanye.ledger.actions import TouchpointIn, record_touchpoint

    # given a workspace on 15 September 2012, 5 door-to-door contacts that week and 2 the
    # week before
    monkeypatch.setenv("KAMPANYE_AS_OF", "2012-09-15")
    jokowi = Contestant.objects.get(ballot_no=3)
    for n, day, count in ((1, dt.date(2012, 9, 14), 5), (2, dt.date(2012, 9, 5), 2)):
        record_touchpoint(
            TouchpointIn(source=f"t:{n}", occurred_on=day, front="ground",
                         channel="door_to_door", imc_element="personal_selling",
                         contestant_id=jokowi.pk, media_type="owned", initiated_by="volunteer",
                         count=count)
        )  # fmt: skip
    # when the manager opens the home page
    client.force_login(make_user("manager"))
    response = client.get(reverse("home"))
    # then the ground front shows this week's 5 against last week's 2, and the next steps
    [ground] = [f for f in response.context["fronts"] if f.front == "ground"]
    assert (ground.this_week, ground.week_before, ground.change) == (5, 2, 3)
    page = response.content.decode()
    assert 'id="manager-home"' in page and "15 September 2012" in page
    assert reverse("ledger:index") in page


def test_a_coordinator_sees_their_area_and_a_desk_role_its_desk(client, wilayah, make_user):
    from kampanye.core.models import Membership
    from kampanye.elections.models import Contestant

    # given a coordinator of Jakarta Timur for Jokowi–Ahok and a digital analyst
    coordinator = make_user("coordinator", "31.75")
    Membership.objects.filter(user=coordinator).update(
        contestant=Contestant.objects.get(ballot_no=3)
    )
    analyst = make_user("digital_analyst")
    # when each opens the home page
    client.force_login(coordinator)
    area_page = client.get(reverse("home"))
    client.force_login(analyst)
    desk_page = client.get(reverse("home")).content.decode()
    # then the coordinator's figures are of their area, with the next steps there
    assert area_page.context["area_work"].volunteers == 0
    assert "Jakarta Timur" in area_page.content.decode()
    assert reverse("ground:assignments") in area_page.content.decode()
    # and the analyst lands on their desk, social listening first among their pages
    assert 'id="desk-home"' in desk_page and reverse("social:dashboard") in desk_page
