"""403, 404 and 500 in the app's own frame: the menu, the language in use, the way back."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from kampanye.core.errors import server_error

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_styled_with_the_menu_and_the_way_home(wilayah, make_user):
    # given a logged-in manager
    client = Client()
    client.force_login(make_user("manager"))
    # when they open an address that does not exist
    response = client.get("/tidak-ada/")
    html = response.content.decode()
    # then the page says so in Indonesian, inside the app's frame with its menu
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html and "Not Found" not in html
    assert '<html lang="id">' in html and 'class="topbar"' in html
    assert 'aria-label="Menu utama"' in html and 'href="/"' in html


def test_a_forbidden_page_says_why_and_offers_log_in_to_a_visitor(wilayah, make_user):
    # given a volunteer, and a visitor who is not logged in
    volunteer = Client()
    volunteer.force_login(make_user("volunteer", "31.75"))
    # when the volunteer opens the audit log
    response = volunteer.get("/audit/")
    # then it is refused in words, not a bare "403 Forbidden"
    assert response.status_code == 403
    assert "tidak berhak" in response.content.decode()
    # and an unknown address offers the visitor the log-in page
    assert 'href="/masuk/"' in Client().get("/tidak-ada/").content.decode()


def test_the_pages_follow_the_chosen_language(wilayah):
    # given a visitor who chose English
    client = Client()
    client.cookies["django_language"] = "en"
    # when an address is missing
    html = client.get("/tidak-ada/").content.decode()
    # then the error page is an English page
    assert '<html lang="en">' in html and 'data-status="404"' in html


def test_a_server_error_page_renders_even_without_a_session(db):
    # given a request the app failed on, with no user attached
    request = RequestFactory().get("/laporan/")
    # when the 500 handler answers it
    with translation.override("id"):
        response = server_error(request)
    # then it is the styled page with the way home
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi galat di server" in html and 'href="/"' in html
