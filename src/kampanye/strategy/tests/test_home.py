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


def test_a_volunteer_sees_the_election_but_not_the_ledger(client, wilayah, make_user):
    client.force_login(make_user("volunteer", "31.75"))
    page = client.get(reverse("home")).content.decode()
    assert "Pemilihan Gubernur DKI Jakarta 2012" in page
    assert 'id="fronts-data"' not in page
