"""The planner's use cases: scenarios, runs, the optimiser's proposal."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kampanye.core.models import AuditEntry
from kampanye.planner.actions import (
    AllocationIn,
    ScenarioIn,
    delete_scenario,
    propose_allocation,
    request_run,
    save_scenario,
)
from kampanye.planner.models import Allocation, Run
from kampanye.planner.tasks import run_scenario

GROUND_HEAVY = [
    AllocationIn("door_to_door", 0, 40_000, "31.75"),
    AllocationIn("tv", 1_000_000_000, 0, ""),
]


def scenario_in(jokowi, name="Blusukan", budget=2_000_000_000, hours=50_000):
    return ScenarioIn(name=name, contestant_id=jokowi.pk, budget_idr=budget, volunteer_hours=hours)


def test_saving_a_scenario_stores_its_rows_and_audits(jakarta, jokowi, manager):
    # given a plan with two rows
    # when it is saved
    scenario = save_scenario(manager, jakarta, scenario_in(jokowi), GROUND_HEAVY)
    # then the rows carry their fronts, and the audit log has the whole plan
    assert sorted(scenario.allocations.values_list("front", "channel")) == [
        ("air", "tv"),
        ("ground", "door_to_door"),
    ]
    entry = AuditEntry.objects.get(model="planner.scenario", action="create")
    assert len(entry.after["allocations"]) == 2


def test_over_budget_and_unknown_area_are_refused_naming_the_field(jakarta, jokowi, manager):
    # given rows that spend more than the budget, in an area outside Jakarta
    rows = [AllocationIn("tv", 3_000_000_000), AllocationIn("door_to_door", 0, 10, "32.01")]
    # when the plan is saved
    with pytest.raises(ValidationError) as caught:
        save_scenario(manager, jakarta, scenario_in(jokowi), rows)
    # then both faults are explained in Indonesian, by field and row
    errors = caught.value.message_dict
    assert "lebih dari anggaran Rp2.000.000.000" in errors["budget_idr"][0]
    assert "baris alokasi 2" in errors["allocations"][0]
    assert Allocation.objects.count() == 0


def test_updating_and_deleting_are_audited(jakarta, jokowi, manager):
    # given a saved scenario
    scenario = save_scenario(manager, jakarta, scenario_in(jokowi), GROUND_HEAVY)
    # when it is renamed with one row, then deleted
    save_scenario(manager, jakarta, scenario_in(jokowi, name="Udara"), GROUND_HEAVY[1:], scenario)
    delete_scenario(manager, scenario)
    # then each change left an entry with before and after
    update = AuditEntry.objects.get(model="planner.scenario", action="update")
    assert update.before["name"] == "Blusukan" and update.after["name"] == "Udara"
    assert AuditEntry.objects.filter(model="planner.scenario", action="delete").count() == 1


def test_a_run_calibrates_simulates_and_stores_intervals(jakarta, jokowi, manager, immediate_tasks):
    # given a scenario
    scenario = save_scenario(manager, jakarta, scenario_in(jokowi), GROUND_HEAVY)
    # when a run of 12 draws is requested (the immediate backend runs it at once)
    run = request_run(manager, scenario, runs=12, seed=5, queue=run_scenario.enqueue)
    # then it finished with every step done and shares by round for six wilayah + province
    run.refresh_from_db()
    assert run.status == Run.Status.DONE, run.error
    assert (run.steps_done, run.steps_total) == (13, 13)
    result = run.result
    assert len(result["area_codes"]) == 7 and result["area_codes"][-1] == "31"
    r1 = result["rounds"][0]
    bounds = zip(r1["lower"], r1["median"], r1["upper"], strict=True)
    assert all(lo <= md <= hi for lo, md, hi in bounds)
    assert 0 <= result["wins_round1"] + result["wins_round2"] <= result["runs"] == 12
    assert result["wins_round2"] <= result["runoffs"]


def test_a_run_that_cannot_calibrate_fails_with_a_message(
    jakarta, jokowi, manager, immediate_tasks
):
    # given an election whose round-1 results were removed
    from kampanye.elections.models import Result

    scenario = save_scenario(manager, jakarta, scenario_in(jokowi), [])
    Result.objects.filter(round__election=jakarta, round__number=1).delete()
    # when a run is requested
    run = request_run(manager, scenario, runs=3, queue=run_scenario.enqueue)
    # then it failed, saying why in Indonesian
    assert run.status == Run.Status.FAILED
    assert run.error.startswith("Simulasi gagal")


def test_bad_run_settings_are_refused(jakarta, jokowi, manager):
    scenario = save_scenario(manager, jakarta, scenario_in(jokowi), [])
    with pytest.raises(ValidationError, match=r"5\.000"):
        request_run(manager, scenario, runs=0, queue=run_scenario.enqueue)
    with pytest.raises(ValidationError, match="Mesin"):
        request_run(manager, scenario, engine="spark", queue=run_scenario.enqueue)


def test_a_run_goes_to_the_queue_it_is_handed_and_without_one_waits(
    jakarta, jokowi, manager
) -> None:
    # given a scenario and a queue that only notes what it is given
    scenario = save_scenario(manager, jakarta, scenario_in(jokowi), [])
    queued: list[int] = []
    # when one run is requested with that queue and one without any
    handed = request_run(manager, scenario, runs=3, queue=queued.append)
    kept = request_run(manager, scenario, runs=3, queue=None)
    # then the queue got the first run's id only, and both wait, recorded and audited
    assert queued == [handed.pk]
    assert {handed.status, kept.status} == {Run.Status.QUEUED}
    assert AuditEntry.objects.filter(model="planner.run", action="create").count() == 2


def test_the_optimiser_proposes_a_plan_within_the_budget(jakarta, jokowi, manager, monkeypatch):
    # given a scenario with money and hours (and a small search, for speed)
    from kampanye.planner import plans

    monkeypatch.setattr(plans, "SEARCH", {"rounds": 1, "runs": 1, "sample": 300})
    scenario = save_scenario(manager, jakarta, scenario_in(jokowi), GROUND_HEAVY)
    # when the optimiser proposes a split
    proposal = propose_allocation(manager, scenario, queue=run_scenario.enqueue)
    # then a new scenario spends no more than the budget and hours, by wilayah
    rows = list(proposal.allocations.all())
    assert proposal.proposed_by_optimiser and rows
    assert sum(r.budget_idr for r in rows) <= scenario.budget_idr
    assert sum(r.volunteer_hours for r in rows) <= scenario.volunteer_hours
    assert {r.area.code for r in rows} <= {"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"}
    # and says what share it expects, with a run queued to price it with an interval
    assert "yang diharapkan" in proposal.description
    assert proposal.runs.get().status == Run.Status.QUEUED
    # and proposing again replaces it rather than adding another
    assert propose_allocation(manager, scenario, queue=run_scenario.enqueue).pk == proposal.pk


def test_the_scenario_command_runs_on_a_local_dask_cluster(jakarta, jokowi, manager):
    # given a scenario
    from io import StringIO

    from django.core.management import call_command

    scenario = save_scenario(manager, jakarta, scenario_in(jokowi), GROUND_HEAVY)
    out = StringIO()
    # when it is run from the command line on the Dask engine
    call_command("scenario", "run", str(scenario.pk), "--runs", "4", "--engine", "dask", stdout=out)
    # then the run is stored, done on Dask, and the table names every wilayah
    run = Run.objects.get()
    assert (run.status, run.engine) == (Run.Status.DONE, "dask")
    assert "Jakarta Selatan" in out.getvalue() and "Peluang menang" in out.getvalue()


def test_the_optimiser_can_aim_at_the_chance_of_winning(jakarta, jokowi, manager, monkeypatch):
    # given a scenario, and a small search and few runs per candidate, for speed
    from kampanye.planner import plans

    monkeypatch.setattr(plans, "SEARCH", {"rounds": 1, "runs": 1, "sample": 300})
    monkeypatch.setattr(plans, "PROPOSAL_RUNS", 2)
    scenario = save_scenario(manager, jakarta, scenario_in(jokowi), GROUND_HEAVY)
    # when the optimiser is asked for the best chance of winning
    proposal = propose_allocation(manager, scenario, objective="win", queue=run_scenario.enqueue)
    # then the proposal says which objective chose it and stays within the means
    assert "peluang menang" in proposal.description
    assert sum(r.budget_idr for r in proposal.allocations.all()) <= scenario.budget_idr
