"""The social dashboard in a real browser: the shell first, then its panels by HTMX."""

from __future__ import annotations

import pytest

from kampanye.social.tests.test_influencers import net  # noqa: F401 (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def analyst_page(page, live_server, make_user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(make_user("digital_analyst"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return page


def _rows(page) -> list[str]:
    return page.locator("#influencers tbody tr td:first-child").all_inner_texts()


@pytest.mark.usefixtures("net")
def test_panels_fill_in_and_the_ranking_swaps_only_its_panel(analyst_page, live_server) -> None:
    page = analyst_page
    # given the dashboard of the hand-built network (a: 100 followers, b: 30, c: 20; z is
    # only quoted)
    page.goto(f"{live_server.url}/sosial/")
    page.wait_for_selector(".chart .main-svg")
    # then every panel fills in: influencers by PageRank, reach, samples
    page.wait_for_selector("#influencers tbody tr")
    assert sorted(_rows(page)) == ["a", "b", "c", "z"]
    assert page.inner_text("#panel-pengaruh strong") == "PageRank"
    page.wait_for_selector("#panel-jangkauan .stat")
    assert "jangkauan unik" in page.inner_text("#panel-jangkauan")
    page.wait_for_selector("#panel-contoh tbody tr")
    assert "Jokowi hebat" in page.inner_text("#panel-contoh")
    assert page.locator("text=memuat …").count() == 0

    # when the analyst orders the influencers by followers
    page.evaluate("window.notReloaded = true")
    page.evaluate("document.getElementById('panel-jangkauan').dataset.kept = '1'")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url.removeprefix(live_server.url)))
    page.click("#panel-pengaruh a:text-is('pengikut')")
    page.wait_for_selector("#panel-pengaruh strong:text-is('pengikut')")
    # then only that panel was asked for and swapped: the page and the other panels stay
    assert _rows(page) == ["a", "b", "c"]
    assert [r for r in requests if r.startswith("/sosial/")] == [
        "/sosial/panel/pengaruh/?urut=followers"
    ]
    assert page.evaluate("window.notReloaded") is True
    assert page.get_attribute("#panel-jangkauan", "data-kept") == "1"
    assert page.url.endswith("/sosial/?urut=followers")
    assert page.locator(".chart .main-svg").count() >= 2
