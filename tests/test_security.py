"""The careful-deployment basics: throttled log-ins, CSP, cookies, CSRF, secrets on disk."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_is_locked_after_repeated_failures(settings, make_user):
    # given a real user and the configured limit of failed attempts
    make_user("manager", username="rina")
    client = Client()
    url = reverse("login")
    # when someone guesses wrong as many times as allowed
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "rina", "password": "tebakan-salah"})
    # then even the right password is refused with the lock-out page
    response = client.post(url, {"username": "rina", "password": "rahasia-kampanye-1"})
    assert response.status_code == 429
    assert "dikunci" in response.content.decode()


def test_a_wrong_password_before_the_limit_shows_the_form_again(make_user):
    make_user("manager", username="budi")
    response = Client().post(reverse("login"), {"username": "budi", "password": "salah"})
    assert response.status_code == 200
    assert "salah" in response.content.decode().lower()


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, make_user):
    client.force_login(make_user("manager"))
    response = client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_http_only_and_forms_need_csrf(make_user):
    make_user("manager", username="sari")
    client = Client(enforce_csrf_checks=True)
    # a post without the CSRF token is refused
    refused = client.post(reverse("login"), {"username": "sari", "password": "rahasia-kampanye-1"})
    assert refused.status_code == 403
    # with the token from the form it goes through, and the session cookie is HttpOnly
    client.get(reverse("login"))
    token = client.cookies["csrftoken"].value
    ok = client.post(
        reverse("login"),
        {"username": "sari", "password": "rahasia-kampanye-1", "csrfmiddlewaretoken": token},
    )
    assert ok.status_code == 302
    assert client.cookies["sessionid"]["httponly"]


def test_the_generated_secret_key_is_readable_only_by_its_owner(settings):
    path = settings.DATA_DIR / "secret_key"
    assert path.exists()
    assert path.stat().st_mode & 0o077 == 0
