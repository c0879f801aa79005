"""The planner's pages through Django's test client, and its JSON API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kampanye.planner.actions import AllocationIn, ScenarioIn, request_run, save_scenario
from kampanye.planner.models import Run, Scenario
from kampanye.planner.queries import chances, comparison, result_rows
from kampanye.planner.tasks import run_scenario


def form_data(jokowi, name="Blusukan dulu", budget="1000000000", rows=()):
    data = {
        "name": name,
        "contestant": str(jokowi.pk),
        "budget_idr": budget,
        "volunteer_hours": "5000",
        "description": "",
        "baris-TOTAL_FORMS": "3",
        "baris-INITIAL_FORMS": "0",
        "baris-MIN_NUM_FORMS": "0",
        "baris-MAX_NUM_FORMS": "1000",
    }
    for i, (channel, area, money, hours) in enumerate(rows):
        data.update(
            {
                f"baris-{i}-channel": channel,
                f"baris-{i}-area_code": area,
                f"baris-{i}-budget_idr": money,
                f"baris-{i}-volunteer_hours": hours,
            }
        )
    return data


@pytest.fixture
def logged_in(client, manager):
    client.force_login(manager)
    return client


def test_the_editor_saves_a_scenario_with_rows(logged_in, jokowi):
    # given the editor — when a plan with two rows is posted
    response = logged_in.post(
        reverse("planner:new"),
        form_data(
            jokowi, rows=[("door_to_door", "31.75", "", "4000"), ("tv", "", "500000000", "")]
        ),
    )
    # then it is stored and the user lands on its page, which lists the rows in Rupiah
    scenario = Scenario.objects.get(name="Blusukan dulu")
    assert response.status_code == 302
    page = logged_in.get(reverse("planner:detail", args=[scenario.pk])).content.decode()
    assert "Rp500.000.000" in page and "4.000" in page


def test_the_editor_explains_an_over_budget_plan_in_indonesian(logged_in, jokowi):
    # given a plan spending more than its budget
    data = form_data(jokowi, budget="1000", rows=[("tv", "", "5000", "")])
    # when it is posted
    response = logged_in.post(reverse("planner:new"), data)
    # then the form comes back with the budget field's error, nothing stored
    assert response.status_code == 400
    assert "lebih dari anggaran Rp1.000" in response.content.decode()
    assert not Scenario.objects.exists()


def test_the_planner_needs_its_permission(client, make_user, jokowi):
    # given a coordinator (no use_planner)
    client.force_login(make_user("coordinator"))
    # when the planner is opened, then it is refused
    assert client.get(reverse("planner:index")).status_code == 403
    assert client.get("/api/planner/scenarios").status_code == 403


def test_a_run_shows_progress_then_results_with_intervals(
    logged_in, jakarta, jokowi, manager, immediate_tasks
):
    # given a scenario run to the end (immediate task backend)
    scenario = save_scenario(
        manager, jakarta, ScenarioIn("Udara dulu", jokowi.pk, 10**9, 0), [AllocationIn("tv", 10**9)]
    )
    response = logged_in.post(
        reverse("planner:run", args=[scenario.pk]), {"runs": "8", "seed": "1"}
    )
    run = Run.objects.get()
    # when the run panel is polled
    panel = logged_in.get(reverse("planner:run_status", args=[run.pk])).content.decode()
    # then it no longer polls, and shows the wilayah table with intervals and the chance
    assert response.status_code == 302 and run.status == Run.Status.DONE
    assert "hx-trigger" not in panel
    assert "Jakarta Selatan" in panel and "Peluang menang" in panel
    rows = result_rows(run)[0]["rows"]
    assert rows[-1]["code"] == "31" and rows[-1]["lower"] <= rows[-1]["median"]
    assert chances(run)["overall"].runs == 8


def test_a_queued_run_polls_every_second(logged_in, jakarta, jokowi, manager):
    # given a run still waiting for the worker (the database backend, no worker)
    scenario = save_scenario(manager, jakarta, ScenarioIn("Antre", jokowi.pk, 0, 0), [])
    run = request_run(manager, scenario, runs=5, queue=run_scenario.enqueue)
    # when its panel is fetched
    panel = logged_in.get(reverse("planner:run_status", args=[run.pk])).content.decode()
    # then it asks again every second and shows steps done out of steps
    assert run.status == Run.Status.QUEUED
    assert 'hx-trigger="every 1s"' in panel and "0/6" in panel
    # and says what it waits for
    assert 'class="queue-wait"' in panel and "kampanye worker" in panel


def test_comparison_puts_two_scenarios_side_by_side(
    logged_in, jakarta, jokowi, manager, immediate_tasks
):
    # given two scenarios, both run
    ids = []
    for name, row in (
        ("A", AllocationIn("tv", 10**9)),
        ("B", AllocationIn("door_to_door", 0, 10**4)),
    ):
        s = save_scenario(manager, jakarta, ScenarioIn(name, jokowi.pk, 10**9, 10**4), [row])
        request_run(manager, s, runs=6, seed=2, queue=run_scenario.enqueue)
        ids.append(s.pk)
    # when the comparison is opened
    page = logged_in.get(reverse("planner:compare") + f"?ids={ids[0]},{ids[1]}")
    data = comparison(ids)
    # then both columns are there, by round and wilayah, with one bar series each
    assert page.status_code == 200
    assert [c["scenario"].name for c in data["columns"]] == ["A", "B"]
    assert len(data["tables"][0]["rows"]) == 7
    assert all(len(cell) for cell in data["tables"][0]["rows"][0]["cells"])
    assert page.content.decode().count('class="chart"') == len(data["figures"])


def test_comparison_explains_bad_ids(logged_in):
    page = logged_in.get(reverse("planner:compare") + "?ids=x,1").content.decode()
    assert "harus berupa nomor skenario" in page


def test_the_api_lists_scenarios_and_queues_runs(logged_in, jakarta, jokowi, manager):
    scenario = save_scenario(
        manager, jakarta, ScenarioIn("API", jokowi.pk, 10, 0), [AllocationIn("tv", 10)]
    )
    listed = logged_in.get("/api/planner/scenarios").json()
    assert listed[0]["allocations"][0]["channel"] == "tv"
    made = logged_in.post(
        f"/api/planner/scenarios/{scenario.pk}/runs",
        {"runs": 4, "seed": 0},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["status"] == "queued"
    bad = logged_in.post(
        f"/api/planner/scenarios/{scenario.pk}/runs", {"runs": 0}, content_type="application/json"
    )
    assert bad.status_code == 422


def test_the_optimiser_refuses_an_unknown_objective(client, jakarta, jokowi, manager):
    # given a scenario
    scenario = save_scenario(manager, jakarta, ScenarioIn("Uji", jokowi.pk, 10**9, 100), [])
    client.force_login(manager)
    # when the optimiser is asked for an objective it does not have
    response = client.post(
        reverse("planner:optimise", args=[scenario.pk]), {"objective": "suara"}, follow=True
    )
    # then it says so and proposes nothing
    assert "tidak dikenal" in response.content.decode()
    assert Scenario.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_optimiser_runs_in_the_worker_and_the_page_links_its_proposal(
    client, jakarta, jokowi, manager, monkeypatch
):
    # given a scenario (and a small search, for speed)
    from django.core.management import call_command

    from kampanye.planner import plans

    monkeypatch.setattr(plans, "SEARCH", {"rounds": 1, "runs": 1, "sample": 300})
    scenario = save_scenario(manager, jakarta, ScenarioIn("Uji", jokowi.pk, 10**9, 100), [])
    client.force_login(manager)
    # when the manager asks for a proposal, the page answers at once and says it is queued
    page = client.post(reverse("planner:optimise", args=[scenario.pk]), follow=True)
    assert "berjalan di latar" in page.content.decode()
    assert Scenario.objects.count() == 1
    assert "sedang menyusun usulan" in page.content.decode()
    # and when the worker has worked through its queue
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    # then the proposal exists and the scenario's page links to it
    proposal = Scenario.objects.get(proposed_by_optimiser=True)
    page = client.get(reverse("planner:detail", args=[scenario.pk]))
    assert reverse("planner:detail", args=[proposal.pk]) in page.content.decode()
