"""A volunteer's day on a phone, in a real browser at 360×740 and 390×844: log in, land on
their own page, send a report, see it in "my reports", share a link; nothing wider than the
screen, and today's count still there after a reload."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONES = [(360, 740), (390, 844)]
FITS = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture(params=PHONES, ids=lambda size: f"{size[0]}x{size[1]}")
def phone(request, browser):
    width, height = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="id-ID",
        timezone_id="Asia/Jakarta",
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def wider_than_the_screen(page) -> list[str]:
    """The elements that stick out to the right of the screen, to name them on failure."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
             .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
             .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + (e.id || ''))"""
    )


def assert_fits(page) -> None:
    assert page.evaluate(FITS), (page.url, wider_than_the_screen(page))


def test_a_volunteer_goes_from_log_in_to_a_sent_report_on_a_phone(
    phone, live_server, volunteer_user
):
    page = phone
    # given the volunteer's log-in on a phone
    page.goto(f"{live_server.url}/masuk/")
    assert_fits(page)
    page.fill("#id_username", "relawan-budi")
    page.fill("#id_password", "rahasia-kampanye-1")
    page.click("button[type=submit].primary")
    # then they land on their own page: send a report, my tasks, share, my reports
    page.wait_for_url(re.compile(r".*/darat/saya/$"))
    tiles = page.locator("nav.tiles a").all_inner_texts()
    assert [t.split("\n")[0] for t in tiles] == [
        "Kirim laporan",
        "Tugas saya",
        "Bagikan",
        "Laporan saya",
    ]
    assert_fits(page)
    # and their referral link is whole on screen, with a copy and a WhatsApp button
    assert page.is_visible("#referral .share-link")
    assert "/relawan/r/BUDI0001/" in page.inner_text("#referral .share-link")
    page.click("#referral [data-copy]")
    page.wait_for_function(
        "document.querySelector('#referral [data-copy]').textContent === 'Tersalin'"
    )
    assert page.get_attribute("#referral a.button", "href").startswith("https://wa.me/?text=")

    # when they send a report from the report page
    page.click("nav.tiles a.primary")
    page.wait_for_selector("#outbox-count")
    assert_fits(page)
    page.select_option("#id_area_code", "31.75.01.1001")
    page.check("input[name=response][value=supportive]")
    page.fill("#id_households", "2")
    page.click("#submit-report")
    page.wait_for_function("document.getElementById('sent-count').textContent === '1'")
    # then today's count is still 1 after a reload
    page.reload()
    page.wait_for_selector("#outbox-count")
    assert page.text_content("#sent-count") == "1"

    # and "my reports" shows it as sent, on a page that fits the phone
    page.goto(f"{live_server.url}/darat/laporan-saya/")
    first = page.locator("#on-server li").first
    assert "terkirim" in first.inner_text() and "Kayu Manis" in first.inner_text()
    assert_fits(page)

    # and the share page and the activities fit too
    for path in ("/darat/bagikan/", "/darat/kegiatan/"):
        page.goto(f"{live_server.url}{path}")
        assert_fits(page)


def test_the_public_sign_up_and_welcome_fit_a_phone(phone, live_server, world, volunteer_user):
    page = phone
    # given the sign-up page reached through a volunteer's referral link
    page.goto(f"{live_server.url}/relawan/r/BUDI0001/")
    page.wait_for_selector("#id_name")
    # then it is the styled, phone-wide form
    assert_fits(page)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.stack button.primary')).width")
        != "auto"
    )
    # when someone signs up with their consent
    page.fill("#id_name", "Rina Contoh")
    page.fill("#id_phone", "0813-2222-3333")
    page.check("#id_consent")
    page.click(".stack button.primary")
    # then the thank-you page (the same whoever signs up: their link goes to their own
    # e-mail, so the page tells nobody whether a number was known) fits the screen
    page.wait_for_url(re.compile(r".*/daftar/\d+/diterima/"))
    assert "Terima kasih" in page.inner_text("h1")
    assert_fits(page)
