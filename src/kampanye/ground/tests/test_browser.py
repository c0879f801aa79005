"""The field-report page's offline path in a real browser (Debian's chromium)."""

import os

import pytest

from kampanye.ground.models import Contact
from kampanye.ledger.models import Touchpoint

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium"),
]


@pytest.fixture
def browser_page(live_server, volunteer_user):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.conf import settings
    from django.test import Client
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(volunteer_user.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        yield context, page
        browser.close()


def file_report(page, response: str, households: str) -> None:
    page.select_option("#id_area_code", "31.75.01.1001")
    page.check(f"input[name=response][value={response}]")
    page.fill("#id_households", households)
    page.click("#submit-report")


def test_three_reports_filed_offline_each_arrive_once(transactional_db, live_server, browser_page):
    context, page = browser_page
    # given the report page, loaded while online
    page.goto(f"{live_server.url}/darat/lapor/")
    page.wait_for_selector("#outbox-count")
    # when the phone loses its signal and three reports are filed
    context.set_offline(True)
    for response, households in (("supportive", "1"), ("undecided", "2"), ("not_home", "1")):
        file_report(page, response, households)
    page.wait_for_function("document.getElementById('outbox-count').textContent === '3'")
    # then they wait on the phone, none has reached the server
    assert Contact.objects.count() == 0
    # when the signal comes back
    context.set_offline(False)
    page.wait_for_function(
        "document.getElementById('outbox-count').textContent === '0'", timeout=20_000
    )
    # then each arrived exactly once, with its touchpoint
    assert sorted(Contact.objects.values_list("response", flat=True)) == [
        "not_home",
        "supportive",
        "undecided",
    ]
    assert Touchpoint.objects.filter(source__startswith="ground:contact:").count() == 3
    assert page.text_content("#sent-count") == "3"


def test_page_shell_opens_offline_from_the_service_worker(
    transactional_db, live_server, browser_page
):
    context, page = browser_page
    # given the page was opened once online and its service worker took control
    page.goto(f"{live_server.url}/darat/lapor/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    # when the phone is offline and the page is opened again
    context.set_offline(True)
    page.reload()
    # then the form is there, ready to queue reports
    assert page.is_visible("#report-form")
    file_report(page, "supportive", "1")
    page.wait_for_function("document.getElementById('outbox-count').textContent === '1'")
