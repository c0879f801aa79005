import datetime as dt
import uuid

from kampanye.ground import queries
from kampanye.ground.actions import answer_aspiration, assign_area, link_aspiration_to_plank
from kampanye.ground.models import Aspiration
from kampanye.ground.reports import sync_contacts
from kampanye.ground.schemas import AspirationIn, ReportIn
from kampanye.volunteers import queries as vq
from kampanye.volunteers.models import Team, Volunteer

NOW = dt.datetime(2012, 6, 10, 5, 0, tzinfo=dt.UTC)


def file(user, area, response="supportive", households=1, when=NOW, **kw):
    r = ReportIn(
        client_uuid=uuid.uuid4(),
        occurred_at=when - dt.timedelta(minutes=5),
        area_code=area,
        response=response,
        households=households,
        **kw,
    )
    [res] = sync_contacts(user, [r], now=NOW)
    assert res.status == "accepted", res.errors
    return r


def test_coverage_rolls_rw_up_to_kelurahan_and_skips_corrected_and_not_home(
    volunteer_user, make_user
):
    # given three reports in Kayu Manis (two in RW 003), one corrected, one nobody home
    u = volunteer_user.user
    old = file(u, "31.75.01.1001.RW003", households=4)
    file(u, "31.75.01.1001.RW003", households=2, supersedes=old.client_uuid)
    file(u, "31.75.01.1001", households=3)
    file(u, "31.75.01.1001", response="not_home")
    # when
    [row] = queries.coverage_by_area(make_user("manager"), volunteer_user.volunteer.contestant_id)
    # then 2 + 3 households reached against the 20 voters of the fixture's DPT
    assert (row.code, row.households, row.contacts, row.dpt) == ("31.75.01.1001", 5, 3, 20)


def test_coordinator_sees_only_own_area(volunteer_user, world, make_user):
    # given a report in Jakarta Timur
    file(volunteer_user.user, "31.75.01.1001")
    cid = world.jokowi.pk
    # then the Jakarta Utara coordinator sees none of it, the Jakarta Timur one does
    north, east = make_user("coordinator", "31.72"), make_user("coordinator", "31.75")
    assert queries.coverage_by_area(north, cid) == []
    assert queries.leaderboard(north, cid) == []
    assert len(queries.coverage_by_area(east, cid)) == 1
    assert [r.contacts for r in queries.leaderboard(east, cid)] == [1]
    assert vq.volunteers_in_scope(north, cid).count() == 0
    assert vq.volunteers_in_scope(east, cid).count() == 1


def test_reply_times_median_and_plank_links(volunteer_user, world, make_user):
    u = volunteer_user.user
    for text in ("Got mampet", "Sampah menumpuk", "Puskesmas jauh"):
        file(
            u,
            "31.75.01.1001",
            aspiration=AspirationIn(kind="complaint", category="flood", text=text),
        )
    a, b, _c = Aspiration.objects.order_by("pk")
    answer_aspiration(a, "Sudah dicatat", now=a.heard_at + dt.timedelta(days=1))
    answer_aspiration(b, "Sudah dicatat", now=b.heard_at + dt.timedelta(days=3))
    link_aspiration_to_plank(a, world.plank)
    rt = queries.reply_times(make_user("manager"), world.jokowi.pk)
    assert (rt.total, rt.answered, rt.median_days, rt.linked_to_plank) == (3, 2, 2.0, 1)
    assert queries.aspirations_by_category(make_user("coordinator", "31.75"), world.jokowi.pk) == [
        ("flood", "31.75.01", 3)
    ]


def test_funnel_and_retention(volunteer_user, world, make_user):
    u, v = volunteer_user.user, volunteer_user.volunteer
    Volunteer.objects.create(
        contestant=world.jokowi,
        name="Diam",
        home_area=world.kayu_manis,
        joined_on=dt.date(2012, 5, 1),
        referral_code="DIAM0001",
        recruited_by=v,
    )
    file(u, "31.75.01.1001", when=NOW - dt.timedelta(days=40))
    file(u, "31.75.01.1001", when=NOW - dt.timedelta(days=2))
    manager = make_user("manager")
    assert queries.funnel(manager, world.jokowi.pk, now=NOW) == queries.Funnel(2, 1, 0)
    Team.objects.create(
        contestant=world.jokowi, name="KM", level="kordes", area=world.kayu_manis, coordinator=v
    )
    assert queries.funnel(manager, world.jokowi.pk, now=NOW).leading == 1
    assert queries.retention(manager, world.jokowi.pk, now=NOW) == queries.Retention(1, 1)
    [root] = vq.referral_tree(manager, world.jokowi.pk)
    assert (root.name, root.size, [r.name for r in root.recruits]) == ("Budi Contoh", 2, ["Diam"])
    growth = vq.growth_by_week(manager, world.jokowi.pk)
    assert [(g.joined, g.referred, g.total) for g in growth] == [(1, 0, 1), (1, 1, 2)]


def test_assignment_progress_counts_households_since_assigned(volunteer_user, make_user):
    a = assign_area(
        volunteer=volunteer_user.volunteer,
        area_code="31.75.01.1001.RW003",
        target_households=10,
        now=NOW - dt.timedelta(days=1),
    )
    file(volunteer_user.user, "31.75.01.1001.RW003", households=3)
    file(volunteer_user.user, "31.75.01.1001", households=5)  # not in the RW
    [row] = queries.assignment_progress(make_user("manager"), a.contestant_id, now=NOW)
    assert (row.households, row.expired) == (3, False)


def _file_anywhere(volunteer, area, households=1, aspiration=None):
    from kampanye.ground.reports import file_reports_for

    item = ReportIn(
        client_uuid=uuid.uuid4(),
        occurred_at=NOW - dt.timedelta(minutes=5),
        area_code=area,
        response="supportive",
        households=households,
        aspiration=aspiration,
    )
    [res] = file_reports_for(volunteer, [item], now=NOW)
    assert res.status == "accepted", res.errors


def test_top_coverage_puts_most_households_first_and_keeps_the_limit(volunteer_user, make_user):
    # given more households reached in Kamal Muara than in Kayu Manis
    v = volunteer_user.volunteer
    _file_anywhere(v, "31.75.01.1001", households=2)
    _file_anywhere(v, "31.72.01.1001", households=5)
    manager = make_user("manager")
    # when
    rows = queries.top_coverage(manager, v.contestant_id)
    [top] = queries.top_coverage(manager, v.contestant_id, limit=1)
    # then
    assert [(r.code, r.households) for r in rows] == [("31.72.01.1001", 5), ("31.75.01.1001", 2)]
    assert top.code == "31.72.01.1001"


def test_aspirations_per_category_sums_over_kecamatan_largest_first(volunteer_user, make_user):
    # given two flood complaints in two kecamatan and one health request
    v = volunteer_user.volunteer

    def heard(category):
        return AspirationIn(kind="complaint", category=category, text="Perlu perhatian")

    _file_anywhere(v, "31.75.01.1001", aspiration=heard("health"))
    _file_anywhere(v, "31.75.01.1001", aspiration=heard("flood"))
    _file_anywhere(v, "31.72.01.1001", aspiration=heard("flood"))
    # when
    totals = queries.aspirations_per_category(make_user("manager"), v.contestant_id)
    # then
    assert list(totals.items()) == [("flood", 2), ("health", 1)]


def test_dashboard_holds_every_figure_of_the_page(volunteer_user, world, make_user):
    # given two reports in Kayu Manis (DPT known), one with an aspiration
    u, cid = volunteer_user.user, world.jokowi.pk
    file(u, "31.75.01.1001", households=3)
    file(
        u,
        "31.75.01.1001",
        aspiration=AspirationIn(kind="request", category="flood", text="Normalisasi kali"),
    )
    # when
    d = queries.dashboard(make_user("manager"), cid, now=NOW)
    # then
    assert [(c.code, c.households, c.dpt) for c in d.coverage] == [("31.75.01.1001", 4, 20)]
    assert d.dpt_missing is False
    assert sum(w.contacts for w in d.weeks) == 2
    assert d.aspirations == {"flood": 1}
    assert d.participation == {1: 0, 2: 0, 3: 0, 4: 0}
    assert [(r.contacts, r.households) for r in d.leaders] == [(2, 4)]
    assert d.funnel == queries.Funnel(1, 1, 0)
    assert (d.replies.total, d.replies.answered) == (1, 0)
    assert (d.clicks_by_volunteer, d.clicks_by_area) == ([], [])


def test_dashboard_flags_a_shown_kelurahan_without_dpt(volunteer_user, make_user):
    # given a report in an RT-less village with no DPT row
    from kampanye.areas.models import Area, Level

    kayu = Area.objects.get(code="31.75.01.1001")
    Area.objects.create(
        code="31.75.01.1002", name="Pal Meriam", level=Level.VILLAGE, parent=kayu.parent
    )
    _file_anywhere(volunteer_user.volunteer, "31.75.01.1002")
    # when
    d = queries.dashboard(make_user("manager"), volunteer_user.volunteer.contestant_id, now=NOW)
    # then
    assert d.dpt_missing is True
