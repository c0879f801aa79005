"""The import page: choose a kind, upload a file, read the report; only with import_data."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, path, reverse

from kampanye import urls as root_urls
from kampanye.core import exchange_views
from kampanye.core.models import AuditEntry
from kampanye.core.tests.test_import_rows import vocabulary  # noqa: F401  (fixture)
from kampanye.elections.models import Result

FILES = Path(__file__).parent / "files"

# The lines the lead adds to ``core_patterns`` in core/urls.py (namespace "core"); until
# they are there, this module serves the project's URLs with them added.
EXCHANGE_PATTERNS = [
    path("data/", exchange_views.exchange_home, name="exchange"),
    path("data/impor/", exchange_views.import_upload, name="import_data"),
    path("data/impor/ditolak/<str:name>", exchange_views.import_reject, name="import_reject"),
    path("data/ekspor/<str:kind>/", exchange_views.export_download, name="export_data"),
]


def with_exchange(patterns: list) -> list:
    result = []
    for p in patterns:
        if isinstance(p, URLResolver) and p.namespace == "core":
            known = {q.name for q in p.url_patterns if isinstance(q, URLPattern)}
            extra = [q for q in EXCHANGE_PATTERNS if q.name not in known]
            p = URLResolver(p.pattern, [*p.url_patterns, *extra], app_name="core", namespace="core")
        elif isinstance(p, URLResolver) and p.namespace is None and p.pattern.describe() == "''":
            p = URLResolver(p.pattern, with_exchange(p.url_patterns))
        result.append(p)
    return result


urlpatterns = with_exchange(root_urls.urlpatterns)
pytestmark = pytest.mark.urls(__name__)


def upload(client, name: str, **fields):
    content = (FILES / name).read_bytes()
    data = {"kind": "results", "file": SimpleUploadedFile(name, content), **fields}
    return client.post(reverse("core:import_data"), data)


def test_researcher_uploads_a_file_and_sees_the_report(client, vocabulary, make_user):  # noqa: F811
    # given
    client.force_login(make_user("researcher"))
    # when
    response = client.post(
        reverse("core:import_data"),
        {
            "kind": "results",
            "file": SimpleUploadedFile("r.csv", (FILES / "results_bad.csv").read_bytes()),
        },
    )
    # then
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.rows_in, report.created, report.rejected) == (6, 1, 5)
    page = response.content.decode()
    assert 'data-count="rejected">5<' in page
    assert "baris 2, kolom &quot;votes&quot;: &quot;12a&quot; bukan bilangan bulat" in page
    assert AuditEntry.objects.get(action="import").username == "researcher-all"
    # and the reject file downloads
    reject = client.get(reverse("core:import_reject", args=[report.reject_file.name]))
    assert reject.status_code == 200
    assert b"line,field,reason" in b"".join(reject.streaming_content)


def test_election_option_and_dry_run_from_the_form(client, vocabulary, make_user):  # noqa: F811
    # given
    client.force_login(make_user("manager"))
    # when
    response = upload(client, "results_semicolon.csv", election="jakarta-2012", dry_run="on")
    # then
    assert response.context["report"].created == 2
    assert "Uji coba: tidak ada yang disimpan." in response.content.decode()
    assert not Result.objects.exists()


def test_unusable_file_is_a_form_error_not_a_crash(client, vocabulary, make_user):  # noqa: F811
    # given
    client.force_login(make_user("manager"))
    # when
    response = upload(client, "results_missing_column.csv")
    # then
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["Kolom wajib tidak ada: votes (suara)."]


@pytest.mark.parametrize("role", ["coordinator", "media_officer"])
def test_roles_without_import_data_are_forbidden(client, vocabulary, make_user, role):  # noqa: F811
    # given
    client.force_login(make_user(role))
    # when
    get = client.get(reverse("core:import_data"))
    post = upload(client, "results_ok.csv")
    # then
    assert (get.status_code, post.status_code) == (403, 403)
    assert not Result.objects.exists()


def test_reject_download_only_serves_reject_files(client, make_user):
    client.force_login(make_user("manager"))
    assert client.get(reverse("core:import_reject", args=["..passwd"])).status_code == 404
    assert (
        client.get(reverse("core:import_reject", args=["results-20120101-000000.csv"])).status_code
        == 404
    )


def test_anonymous_user_is_sent_to_log_in(client, db):
    for name in ("core:exchange", "core:import_data"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_hub_shows_import_only_to_importers_and_export_to_staff(client, vocabulary, make_user):  # noqa: F811
    # given
    client.force_login(make_user("media_officer"))
    # when
    page = client.get(reverse("core:exchange")).content.decode()
    # then
    assert reverse("core:export_data", args=["results"]) + "?format=xlsx" in page
    assert reverse("core:import_data") not in page
    client.force_login(make_user("volunteer"))
    assert client.get(reverse("core:exchange")).status_code == 403
