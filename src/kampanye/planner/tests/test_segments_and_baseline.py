"""Segments reach the simulator, and a plan says what ledger effort it replaces."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from kampanye.areas.models import Area, Segment, SegmentSize
from kampanye.ledger.actions import TouchpointIn, record_touchpoint
from kampanye.planner import plans
from kampanye.planner.actions import AllocationIn, ScenarioIn, save_scenario
from kampanye.planner.queries import plan_against_ledger
from kampanye.planner.sources import OTHERS, segment_layout

WILAYAH = ("31.01", "31.71", "31.72", "31.73", "31.74", "31.75")


@pytest.fixture
def traders(jakarta):
    """Traders are 10 of every 100 voters in each wilayah, the urban poor 30 (hand-made)."""
    made = {}
    for slug, per_100 in (("pedagang-pasar-tradisional", 10), ("warga-miskin-kampung-kota", 30)):
        segment, _ = Segment.objects.get_or_create(slug=slug, defaults={"name": slug})
        for code in WILAYAH:
            SegmentSize.objects.create(
                segment=segment,
                area=Area.objects.get(code=code),
                people=per_100 * 1000,
                of_people=100_000,
                as_of=dt.date(2012, 6, 2),
                source="uji",
            )
        made[slug] = segment
    return made


def scenario_with(jakarta, jokowi, manager, rows):
    data = ScenarioIn("Uji", jokowi.pk, 5_000_000_000, 10_000)
    return save_scenario(manager, jakarta, data, rows)


def test_segment_sizes_become_shares_of_each_wilayah(jakarta, traders):
    # given traders 10 % and the urban poor 30 % of every wilayah
    # when the planner reads the layout before round 1
    layout = segment_layout(WILAYAH, dt.date(2012, 7, 11))
    # then each wilayah splits 10 / 30 / 60 with the rest as "lainnya", and the swing
    # segments start less attached (the documented assumption)
    assert layout is not None
    assert layout.names == ("pedagang-pasar-tradisional", "warga-miskin-kampung-kota", OTHERS)
    np.testing.assert_allclose(layout.shares, np.tile([0.1, 0.3, 0.6], (6, 1)))
    np.testing.assert_allclose(layout.favourability, [-1.0, -1.0, 0.0])


def test_sizes_counted_after_voting_day_are_not_read(jakarta, traders):
    assert segment_layout(WILAYAH, dt.date(2012, 6, 1)) is None


def test_a_row_for_a_segment_reaches_only_that_segment(jakarta, jokowi, manager, traders):
    # given a plan with door-to-door hours for traders in Jakarta Timur and TV for everyone
    rows = [
        AllocationIn("door_to_door", 0, 1000, "31.75", "pedagang-pasar-tradisional"),
        AllocationIn("tv", 3_000_000),
    ]
    scenario = scenario_with(jakarta, jokowi, manager, rows)
    # when the scenario's electorate is calibrated and the plan turned into contacts
    electorate = plans.calibrate(scenario)
    contacts, targeted = plans.plan_contacts(scenario, electorate)
    # then the 6,000 door-to-door contacts (6 an hour) land on traders of 31.75 only, and
    # the 100,000 TV exposures (Rp30 each) on everyone, by registered voters
    segments = electorate.calibrator.spec_.segments
    east, trader = electorate.area_codes.index("31.75"), segments.index(traders_slug())
    assert targeted[east, trader, 0] == pytest.approx(6000)
    assert targeted.sum() == pytest.approx(6000)
    assert contacts[:, 1].sum() == pytest.approx(100_000)
    assert contacts[:, 0].sum() == 0


def traders_slug() -> str:
    return "pedagang-pasar-tradisional"


def test_a_plan_shows_the_ledger_effort_it_replaces(jakarta, jokowi, manager):
    # given 7 door-to-door contacts of Jokowi–Ahok in the round-1 campaign and one after it
    round1 = jakarta.rounds.get(number=1)
    for source, day in (
        ("t:1", round1.voting_day - dt.timedelta(days=3)),
        ("t:2", round1.voting_day),
    ):
        record_touchpoint(
            TouchpointIn(source=source, occurred_on=day, front="ground", channel="door_to_door",
                         imc_element="personal_selling", contestant_id=jokowi.pk,
                         media_type="owned", initiated_by="volunteer", count=7)
        )  # fmt: skip
    # and a plan of 1,000 volunteer-hours door to door (6,000 contacts) and Rp3 juta of TV
    rows = [AllocationIn("door_to_door", 0, 1000), AllocationIn("tv", 3_000_000)]
    scenario = scenario_with(jakarta, jokowi, manager, rows)
    # when the plan is set against the ledger
    baseline = plan_against_ledger(scenario)
    # then the ground front shows the 7 people of the window beside the plan's 6,000
    by_front = {row["front"]: row for row in baseline["rows"]}
    assert (by_front["ground"]["ledger"], by_front["ground"]["plan"]) == (7, 6000)
    assert (by_front["air"]["ledger"], by_front["air"]["plan"]) == (0, 100_000)
    assert baseline["ledger_has_effort"] is True


def test_without_ledger_effort_page_and_command_warn(client, jakarta, jokowi, manager):
    # given a plan for an election whose ledger is empty
    scenario = scenario_with(jakarta, jokowi, manager, [AllocationIn("door_to_door", 0, 1000)])
    # when its page is opened
    client.force_login(manager)
    page = client.get(reverse("planner:detail", args=[scenario.pk])).content.decode()
    # then it says what a plan means and warns that results overstate any plan
    assert 'id="plan-meaning"' in page and "menggantikan" in page
    assert 'id="no-ledger-warning"' in page
    # and so does the command line, before running
    out = StringIO()
    call_command("scenario", "run", str(scenario.pk), "--runs", "2", stdout=out)
    assert "PERINGATAN" in out.getvalue() and "menggantikan" in out.getvalue()
