"""The API's reference at /api/docs works with no internet, within the app's own CSP."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_every_operation_from_the_installed_package(page, live_server):
    # given a browser that may reach nothing but the app (offline) and reports CSP refusals
    refused = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(live_server.url)
            else refused.append(route.request.url) or route.abort()
        ),
    )
    # when it opens the API's reference
    page.goto(f"{live_server.url}/api/docs")
    # then Swagger UI draws the operations of the apps' routers
    page.wait_for_selector(".opblock", timeout=20_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/elections/" in p for p in paths)
    assert any("/api/ledger/" in p for p in paths)
    # and nothing was fetched from elsewhere or refused by the CSP
    assert refused == []
