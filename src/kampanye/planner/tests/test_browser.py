"""Create two scenarios, run both and compare them, in a real browser (Debian's chromium)."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from kampanye.planner.actions import execute_run
from kampanye.planner.models import Run, Scenario
from kampanye.planner.tests.conftest import IMMEDIATE

pytestmark = [pytest.mark.browser]
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def signed_in(page, live_server, manager):
    client = Client()
    client.force_login(manager)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def create(page, url: str, name: str, channel: str, area: str, money: str, hours: str) -> None:
    page.goto(f"{url}/perencana/")
    page.click("#new-scenario")
    page.fill("#id_name", name)
    page.select_option("#id_contestant", label="3. Jokowi–Ahok")
    page.fill("#id_budget_idr", "2000000000")
    page.fill("#id_volunteer_hours", "50000")
    page.select_option("#id_baris-0-channel", channel)
    page.fill("#id_baris-0-area_code", area)
    page.fill("#id_baris-0-budget_idr", money)
    page.fill("#id_baris-0-volunteer_hours", hours)
    page.click("#save-scenario")
    page.wait_for_selector("#run-button")


def test_two_scenarios_run_and_compared(
    transactional_db, wilayah, live_server, signed_in, settings
):
    page, url = signed_in, live_server.url
    # given the first scenario, run at once by the immediate task backend
    settings.TASKS = IMMEDIATE
    create(page, url, "Blusukan dulu", "door_to_door", "31.75", "", "40000")
    page.fill("#id_runs", "10")
    page.click("#run-button")
    page.wait_for_selector("#run-panel[data-status=done] #win-chance")
    # and the second, queued for a worker while its page polls the progress every second
    settings.TASKS = DATABASE
    create(page, url, "Udara dulu", "tv", "", "2000000000", "")
    page.fill("#id_runs", "10")
    page.click("#run-button")
    page.wait_for_selector("#run-progress")
    run = Run.objects.get(scenario__name="Udara dulu")
    assert run.status == Run.Status.QUEUED
    # when the worker's part runs, the polling page shows the result without a reload
    execute_run(run.pk)
    page.wait_for_selector("#run-panel[data-status=done] .chart[data-drawn]")
    # and both are ticked in the list and compared
    page.goto(f"{url}/perencana/")
    for scenario in Scenario.objects.all():
        page.check(f"input[name=ids][value='{scenario.pk}']")
    page.click("#compare-button")
    # then the comparison shows both, by round and wilayah, with charts drawn
    page.wait_for_selector("#compare-summary")
    headers = page.locator("#compare-summary thead th").all_text_contents()
    assert headers[1:] == ["Blusukan dulu", "Udara dulu"]
    first_round = page.locator(".compare-round[data-round='1'] tbody tr")
    assert first_round.count() == 7
    assert "Jakarta Selatan" in first_round.nth(4).text_content()
    page.wait_for_selector("#compare-round-1[data-drawn]")
    assert page.locator(".win").count() == 2
