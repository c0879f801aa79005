from django.contrib.auth import views as auth_views
from django.urls import include, path

from kampanye.core import exchange_views, views
from kampanye.core.throttle import rate_limited

# Pages under the "core" namespace ("core:audit"); the names base.html uses (login, logout)
# stay without a namespace, because the project includes this module without one.
core_patterns = [
    path("audit/", views.audit, name="audit"),
    path("token/", views.tokens, name="tokens"),
    path("data/", exchange_views.exchange_home, name="exchange"),
    path("data/impor/", exchange_views.import_upload, name="import_data"),
    path("data/impor/ditolak/<str:name>", exchange_views.import_reject, name="import_reject"),
    path("data/ekspor/<str:kind>/", exchange_views.export_download, name="export_data"),
]

urlpatterns = [
    path("masuk/", rate_limited("login")(auth_views.LoginView.as_view()), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include((core_patterns, "core"))),
]
