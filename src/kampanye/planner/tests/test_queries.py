"""Every figure the planner's pages show, pinned on hand-made results."""

from __future__ import annotations

import pytest

from kampanye.planner.actions import AllocationIn, ScenarioIn, save_scenario
from kampanye.planner.models import Run
from kampanye.planner.queries import (
    allocation_totals,
    chances,
    comparison,
    result_rows,
    scenarios,
)

RESULT = {
    "contestant": "Jokowi–Ahok",
    "area_codes": ["31.71", "31"],
    "area_names": ["Jakarta Pusat", "DKI Jakarta"],
    "level": 0.9,
    "runs": 40,
    "rounds": [
        {
            "number": 1,
            "lower": [0.40, 0.41],
            "median": [0.42, 0.43],
            "upper": [0.44, 0.45],
            "mean": [0.42, 0.43],
        },
        {
            "number": 2,
            "lower": [0.50, 0.52],
            "median": [0.53, 0.54],
            "upper": [0.56, 0.57],
            "mean": [0.53, 0.54],
        },
    ],
    "wins_round1": 0,
    "runoffs": 30,
    "wins_round2": 24,
}


@pytest.fixture
def scenario(jakarta, jokowi, manager):
    return save_scenario(
        manager,
        jakarta,
        ScenarioIn("Uji", jokowi.pk, 1_000_000, 100),
        [
            AllocationIn("tv", 600_000),
            AllocationIn("radio", 100_000),
            AllocationIn("door_to_door", 0, 70, "31.71"),
        ],
    )


def done_run(scenario, result=RESULT) -> Run:
    return Run.objects.create(
        scenario=scenario,
        status=Run.Status.DONE,
        runs=40,
        steps_done=41,
        steps_total=41,
        result=result,
    )


def test_allocation_totals_by_front_and_what_is_left(scenario):
    totals = allocation_totals(scenario)
    assert totals["by_front"]["air"]["budget"] == 700_000
    assert totals["by_front"]["ground"]["hours"] == 70
    assert (totals["budget_left"], totals["hours_left"]) == (300_000, 30)


def test_the_list_counts_rows_and_shows_the_latest_run(scenario):
    done_run(scenario)
    latest = Run.objects.create(scenario=scenario, runs=5)
    [item] = scenarios()
    assert (item.rows, item.allocated_idr, item.allocated_hours) == (3, 700_000, 70)
    assert item.latest_run == latest


def test_chances_are_runs_won_out_of_runs(scenario):
    c = chances(done_run(scenario))
    assert (c["overall"].wins, c["overall"].runs) == (24, 40)
    assert c["overall"].percent == pytest.approx(60.0)
    assert c["runoff"].percent == pytest.approx(75.0)


def test_result_rows_are_percent_by_round_with_the_region_last(scenario):
    rounds = result_rows(done_run(scenario))
    assert [r["number"] for r in rounds] == [1, 2]
    pusat, region = rounds[1]["rows"]
    assert (pusat["lower"], pusat["median"], pusat["upper"]) == pytest.approx((50, 53, 56))
    assert region["region"] and not pusat["region"] and region["name"] == "DKI Jakarta"


def test_comparison_uses_each_scenarios_latest_finished_run(scenario, jakarta, jokowi, manager):
    other = save_scenario(manager, jakarta, ScenarioIn("Lain", jokowi.pk, 0, 0), [])
    done_run(scenario)
    Run.objects.create(scenario=scenario, runs=5)  # newer but unfinished: not shown
    data = comparison([scenario.pk, other.pk, 999])
    assert [c["scenario"].name for c in data["columns"]] == ["Uji", "Lain"]
    assert data["missing"] == [other] and data["unknown"] == [999]
    cells = data["tables"][0]["rows"][1]["cells"]
    assert cells[0]["median"] == pytest.approx(43.0) and cells[1] is None
