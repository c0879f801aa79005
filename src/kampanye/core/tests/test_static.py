"""Static files as ``kampanye serve`` serves them: plotly.js and Leaflet from their packages,
hashed and compressed, so browsers fetch them once and cache them."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client


@pytest.mark.slow
def test_collected_files_are_hashed_and_compressed(tmp_path, settings):
    # given an empty static folder
    settings.STATIC_ROOT = tmp_path  # Django makes the storage anew for it
    # when the files are collected, as kampanye serve does at start
    call_command("collectstatic", interactive=False, verbosity=0)
    # then the packages' scripts are there under hashed names (so a browser may keep them for
    # good), with a gzip copy beside them a third of plotly.js's size
    url = staticfiles_storage.url("vendor/plotly/plotly.min.js")
    assert url != "/static/vendor/plotly/plotly.min.js" and url.endswith(".js")
    assert (tmp_path / (url.removeprefix("/static/") + ".gz")).stat().st_size < 2_000_000
    assert (
        staticfiles_storage.url("vendor/leaflet/leaflet.js") != "/static/vendor/leaflet/leaflet.js"
    )


def test_before_collecting_pages_name_the_plain_files_the_finders_serve(db):
    # given no collected files (a test run, runserver)
    # when a page names plotly.js and the browser asks for it
    url = staticfiles_storage.url("vendor/plotly/plotly.min.js")
    response = Client().get(url)
    # then it is plotly.js itself, from the installed package
    assert url == "/static/vendor/plotly/plotly.min.js"
    assert response.status_code == 200
    assert b"plotly.js" in b"".join(response.streaming_content)[:2000]
