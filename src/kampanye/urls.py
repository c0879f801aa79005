"""URL wiring: each app's ``urls.py`` under its prefix, each app's ``api.router`` under /api/."""

from importlib import import_module
from importlib.util import find_spec

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import include, path
from django.utils.translation import gettext
from ninja import NinjaAPI

from kampanye.core.api_auth import SessionAuthCSRF, TokenAuth
from kampanye.strategy.views import home

# (URL prefix, app). Prefixes are Indonesian, as users read them.
APPS = [
    ("wilayah/", "areas"),
    ("pemilihan/", "elections"),
    ("produk/", "product"),
    ("relawan/", "volunteers"),
    ("titik-kontak/", "ledger"),
    ("darat/", "ground"),
    ("media/", "media"),
    ("sosial/", "social"),
    ("riset/", "intel"),
    ("dana/", "money"),
    ("strategi/", "strategy"),
    ("perencana/", "planner"),
]

api = NinjaAPI(
    title="kampanye API",
    version="1",
    description="Vocabulary (elections, areas, segments, product) and the touchpoint ledger. "
    "Authenticate with `Authorization: Bearer <token>` (create one with "
    "`kampanye createtoken USER`).",
    auth=[TokenAuth(), SessionAuthCSRF()],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": gettext("Anda tidak berhak melakukan ini.")}, status=403
    )


for _, _app in APPS:
    if find_spec(f"kampanye.{_app}.api"):
        api.add_router(f"/{_app}/", import_module(f"kampanye.{_app}.api").router)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", home, name="home"),
    path("", include("kampanye.core.urls")),
]
urlpatterns += [
    path(prefix, include((f"kampanye.{app}.urls", app)))
    for prefix, app in APPS
    if find_spec(f"kampanye.{app}.urls")
]

handler403 = "kampanye.core.errors.permission_denied"
handler404 = "kampanye.core.errors.page_not_found"
handler500 = "kampanye.core.errors.server_error"
