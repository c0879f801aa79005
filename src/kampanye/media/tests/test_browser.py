"""The media centre in a real browser (Debian's chromium): log a meeting with its agenda,
log an item of coverage, and watch the darling index move."""

import pytest

from kampanye.media.models import Meeting
from kampanye.media.tests.test_actions import contact, item

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(logged_in, officer):
    """The officer's session in the shared browser (one Playwright per test process)."""
    return logged_in(officer)


def darling_of(page, short: str) -> str:
    return page.locator("tr", has_text=short).locator("td.darling").inner_text().strip()


def test_a_meeting_and_an_item_of_coverage_move_the_darling_index(
    transactional_db, live_server, media, page
):
    w = media.world
    editor = contact(media)
    item(media, title="Jokowi dikritik soal banjir", tones=((None, -1),))
    # given the dashboard, where Jokowi–Basuki's one item is negative
    page.goto(f"{live_server.url}/media/")
    assert darling_of(page, "Jokowi–Basuki") == "0 %"
    # when the officer logs a meeting with the editor, serving two agenda items
    page.goto(f"{live_server.url}/media/pertemuan/")
    page.check(f"#meeting-form input[name=contacts][value='{editor.pk}']")
    page.check("#meeting-form input[name=agenda][value=personal]")
    page.check("#meeting-form input[name=agenda][value=expectations]")
    page.fill("#meeting-form textarea[name=expectations]", "Gubernur yang mudah ditemui")
    page.click("#meeting-form button[type=submit]")
    page.wait_for_selector("td.agenda")
    assert Meeting.objects.get().agenda == ["personal", "expectations"]
    # and logs the positive, earned item that followed
    page.goto(f"{live_server.url}/media/liputan/")
    page.select_option("#coverage-form select[name=outlet_id]", str(media.metro.pk))
    page.fill("#coverage-form input[name=title]", "Jokowi makan di warung bersama warga")
    page.check(f"#coverage-form input[name=contestants][value='{w.jokowi.pk}']")
    page.select_option(f"#coverage-form select[name=tone_{w.jokowi.pk}]", "1")
    page.click("#coverage-form button[type=submit]")
    page.wait_for_selector("text=Koreksi nada")
    # then the dashboard's index for Jokowi–Basuki has moved from 0 % to 50 %
    page.goto(f"{live_server.url}/media/")
    assert darling_of(page, "Jokowi–Basuki") == "50 %"
