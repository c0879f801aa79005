"""API tokens expire (``KAMPANYE_TOKEN_DAYS``) and are revoked by a command or by the
manager's page; a revoked or expired token no longer opens the API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kampanye.core.models import ApiToken, AuditEntry

API = "/api/areas/segments"


def opens_the_api(raw: str) -> bool:
    response = Client().get(API, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code in (200, 401)
    return response.status_code == 200


def test_a_token_works_until_it_expires(make_user, settings):
    # given tokens made with the default of 90 days, and with no end
    settings.KAMPANYE_TOKEN_DAYS = 90
    user = make_user("manager")
    token, raw = ApiToken.issue(user, "laptop")
    _forever, raw_forever = ApiToken.issue(user, "server", days=0)
    # then the first ends 90 days from now
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(
        minutes=1
    )
    assert opens_the_api(raw) and opens_the_api(raw_forever)
    # when its day has passed
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    # then it is refused; the one with no end still works
    assert not opens_the_api(raw)
    assert opens_the_api(raw_forever)


def test_the_command_lists_and_revokes_tokens(make_user):
    # given two users' tokens
    ana, budi = make_user("manager", username="ana"), make_user("researcher", username="budi")
    a, raw_a = ApiToken.issue(ana, "laptop")
    _b1, raw_b1 = ApiToken.issue(budi, "hp")
    _b2, raw_b2 = ApiToken.issue(budi, "skrip")
    # when one is revoked by id, and then all of budi's
    out = io.StringIO()
    call_command("tokens", "--revoke", str(a.pk), stdout=out)
    call_command("tokens", "--revoke-user", "budi", stdout=out)
    listing = io.StringIO()
    call_command("tokens", stdout=listing)
    # then none opens the API, each revocation is audited, and the list says so
    assert out.getvalue().splitlines() == ["1 token dicabut.", "2 token dicabut."]
    assert not any(opens_the_api(r) for r in (raw_a, raw_b1, raw_b2))
    assert AuditEntry.objects.filter(action="revoke_token").count() == 3
    assert [line.split("\t")[3] for line in listing.getvalue().splitlines()] == ["revoked"] * 3
    with pytest.raises(Exception, match="Token tidak ada: 999"):
        call_command("tokens", "--revoke", "999", stdout=io.StringIO())


def test_the_manager_revokes_a_token_on_the_page(make_user):
    # given a coordinator's token
    coordinator = make_user("coordinator")
    token, raw = ApiToken.issue(coordinator, "hp")
    manager = Client()
    manager.force_login(make_user("manager"))
    # when the coordinator tries the page, and the manager revokes the token there
    other = Client()
    other.force_login(coordinator)
    assert other.get("/token/").status_code == 403
    assert other.post("/token/", {"revoke": token.pk}).status_code == 403
    page = manager.get("/token/")
    assert page.status_code == 200 and 'data-state="live"' in page.content.decode()
    manager.post("/token/", {"revoke": token.pk})
    # then
    assert not opens_the_api(raw)
    assert 'data-state="revoked"' in manager.get("/token/").content.decode()
    entry = AuditEntry.objects.get(action="revoke_token")
    assert (entry.username, entry.object_id) == ("manager-all", str(token.pk))


def test_the_token_page_shows_every_token_page_by_page(make_user):
    # given 51 tokens
    holder = make_user("coordinator")
    for i in range(51):
        ApiToken.issue(holder, f"hp-{i}")
    manager = Client()
    manager.force_login(make_user("manager"))
    # when the manager opens the first and the second page
    first = manager.get("/token/").content.decode()
    second = manager.get("/token/?page=2").content.decode()
    # then 50 are on the first, the last one on the second, and the first links to it
    assert first.count('data-state="live"') == 50 and "?page=2" in first
    assert second.count('data-state="live"') == 1
