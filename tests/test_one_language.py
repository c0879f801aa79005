"""One language at a time: the pages of the volunteer's journey, the role homes, the teams
and volunteer lists, the audit log and the error pages, read in Bahasa Indonesia, hold no
English copy, and in either language no raw codes (snake_case values, True/False) and no
repository paths. Read on the demo workspace, as each role sees it.

English copy of these pages comes from the catalogue the lead regenerates after merging,
so the English pass checks codes and paths only."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# (login, pages); ``{signup}`` is the public sign-up page of the campaign
PAGES = {
    "manajer": ["/", "/relawan/", "/relawan/tim/", "/relawan/ajakan/", "/audit/", "/tidak-ada/"],
    "koordinator-jaktim": ["/", "/relawan/", "/relawan/tim/", "/audit/"],
    "relawan": ["/darat/saya/", "/darat/lapor/", "/darat/laporan-saya/", "/darat/bagikan/"],
    "media": ["/"],
    "digital": ["/"],
    "peneliti": ["/"],
    None: ["{signup}", "/tidak-ada/"],
}
# words of English copy, as whole words; names and data (party names) are not copy
ENGLISH = re.compile(
    r"\b(the|and|of|with|your|page|not found|forbidden|door to door|log out|home|contacts?|"
    r"round|incumbent|independent|volunteers?|coordinator|manager|researcher|"
    r"supportive|undecided|positive|negative|neutral|made by|created at|share via)\b",
    re.IGNORECASE,
)
RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|\bTrue\b|\bFalse\b|\b[a-z]+/data/|src/kampanye")


def visible_text(page: str) -> str:
    """The words a reader sees in <main> (scripts, styles, tags and attributes left out)."""
    main = page[page.index("<main") : page.index("</main>")]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    # the election's overview of pairs on the home page is data, with its sources' wording
    main = re.sub(r"<table>\s*<thead><tr><th>No\..*?</table>", " ", main, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


@pytest.fixture
def demo(db):
    from kampanye.core.management.commands.demo import DEMO_PASSWORD, ensure_demo_users
    from kampanye.core.registry import registry

    for step in registry.demo("build"):
        step.run()
    ensure_demo_users(DEMO_PASSWORD)


def read_pages(language: str):
    from django.contrib.auth import get_user_model

    from kampanye.volunteers.models import Volunteer

    signup = f"/relawan/daftar/{Volunteer.objects.first().contestant_id}/"
    for login, paths in PAGES.items():
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.cookies["django_language"] = language
        if login:
            client.force_login(get_user_model().objects.get(username=login))
        for path in paths:
            path = path.format(signup=signup)
            response = client.get(path, follow=True)
            assert response.status_code in (200, 403, 404), (login, path, response.status_code)
            yield login, path, visible_text(response.content.decode())


def test_every_page_speaks_one_language_without_codes(demo):
    found = []
    # when each role reads its pages in Bahasa Indonesia
    for login, path, text in read_pages("id"):
        # then there is no English copy and no raw code
        found += [(login, path, "en", m) for m in sorted(set(ENGLISH.findall(text)))]
        found += [(login, path, "code", m) for m in sorted(set(RAW.findall(text)))]
    # and when they read them in English, no raw code either
    for login, path, text in read_pages("en"):
        found += [(login, path, "code", m) for m in sorted(set(RAW.findall(text)))]
    assert found == [], "\n".join(map(str, found))
