from __future__ import annotations

from kampanye.planner.illustrative import BUDGET_IDR, HOURS, build_illustrative_scenarios
from kampanye.planner.models import Allocation, Scenario


def test_two_labelled_scenarios_within_their_budget_built_once(jakarta):
    # given Jakarta 2012 — when the illustrative scenarios are built twice
    first = build_illustrative_scenarios(jakarta)
    second = build_illustrative_scenarios(jakarta)
    # then there are two, labelled illustrative, each within its budget and hours
    assert [s.pk for s in first] == [s.pk for s in second]
    assert sorted(Scenario.objects.values_list("name", flat=True)) == [
        "Blusukan dulu",
        "Udara dulu",
    ]
    for s in first:
        rows = Allocation.objects.filter(scenario=s)
        assert s.illustrative and s.contestant.short == "Jokowi–Ahok"
        assert sum(r.budget_idr for r in rows) <= BUDGET_IDR
        assert sum(r.volunteer_hours for r in rows) <= HOURS
    ground = {
        s.name: sum(r.volunteer_hours for r in s.allocations.filter(front="ground")) for s in first
    }
    assert ground["Blusukan dulu"] > ground["Udara dulu"]
