"""A planner scenario becomes a budget version and back, with nothing lost on the way."""

import datetime as dt

from kampanye.elections.models import Contestant
from kampanye.money.models import BudgetLine
from kampanye.planner.actions import AllocationIn, ScenarioIn, save_scenario
from kampanye.planner.budget import budget_to_scenario, scenario_to_budget

START, END = dt.date(2012, 6, 24), dt.date(2012, 7, 7)


def test_a_scenario_round_trips_through_the_budget(wilayah, make_user):
    # given a scenario of three allocations
    manager = make_user("manager")
    pair = Contestant.objects.get(election__slug="jakarta-2012", ballot_no=3)
    rows = [
        AllocationIn(channel="door_to_door", budget_idr=600_000_000, area_code="31.75"),
        AllocationIn(channel="tv", budget_idr=300_000_000),
        AllocationIn(channel="facebook", budget_idr=100_000_000),
    ]
    scenario = save_scenario(
        manager, pair.election, ScenarioIn("Rencana A", pair.pk, 1_000_000_000, 0), rows
    )
    # when it becomes a budget version
    version = scenario_to_budget(scenario, starts_on=START, ends_on=END, by=manager)
    # then each allocation is a line of its front over the period
    lines = {(line.front, line.channel): line.amount_idr for line in version.lines.all()}
    assert lines == {
        ("ground", "door_to_door"): 600_000_000,
        ("air", "tv"): 300_000_000,
        ("online", "facebook"): 100_000_000,
    }
    # and a line without a channel is named as left out on the way back
    BudgetLine.objects.create(
        version=version, starts_on=START, ends_on=END, front="air", amount_idr=5
    )
    back, left_out = budget_to_scenario(version, name="Dari anggaran", by=manager)
    assert len(left_out) == 1
    assert sorted((a.channel, a.budget_idr) for a in back.allocations.all()) == sorted(
        (r.channel, r.budget_idr) for r in rows
    )
