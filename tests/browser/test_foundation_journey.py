"""A campaign manager's first visit, in a real browser: log in, results, language, ledger."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workspace(transactional_db):
    from kampanye.core.management.commands.demo import DEMO_PASSWORD, ensure_demo_users
    from kampanye.core.registry import registry

    for step in registry.demo("build"):
        step.run()
    ensure_demo_users(DEMO_PASSWORD)
    return DEMO_PASSWORD


def log_in(page, live_server, username, password):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r".*/$"))


def test_manager_logs_in_reads_results_switches_language_and_opens_the_ledger(
    page, live_server, workspace
):
    # given the demo workspace and its manager login
    log_in(page, live_server, "manajer", workspace)

    # when the manager opens the round-2 results
    page.goto(f"{live_server.url}/pemilihan/hasil/?putaran=2")
    # then the real figures and a drawn chart are on the page, in Indonesian
    assert page.locator("html").get_attribute("lang") == "id"
    body = page.inner_text("main")
    assert "2.472.130" in body and "Jokowi" in body
    page.wait_for_selector(".chart .main-svg")

    # when they switch to English
    page.click("form.lang button[value=en]")
    page.wait_for_load_state()
    # then the same page speaks English
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Election results" in page.inner_text("h1")

    # when they open the ledger
    page.goto(f"{live_server.url}/titik-kontak/")
    # then contacts on all three fronts are shown with a chart
    page.wait_for_selector(".chart .main-svg")
    text = page.inner_text("main").lower()
    assert "ground" in text and "air" in text and "online" in text


def test_a_wrong_password_is_refused_with_a_clear_message(page, live_server, workspace):
    page.goto(f"{live_server.url}/masuk/")
    page.fill("#id_username", "manajer")
    page.fill("#id_password", "salah")
    page.click("button[type=submit].primary")
    assert "salah" in page.inner_text(".errorlist").lower()
