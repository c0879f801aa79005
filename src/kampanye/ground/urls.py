from django.urls import path

from kampanye.ground import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("saya/", views.home, name="home"),
    path("lapor/", views.report, name="report"),
    path("laporan-saya/", views.my_reports, name="my_reports"),
    path("corong/", views.funnel, name="funnel"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("kegiatan/", views.activities, name="activities"),
    path("kegiatan/<int:pk>/", views.activity, name="activity"),
    path("giliran/<int:pk>/ikut/", views.join_shift, name="join_shift"),
    path("penugasan/", views.assignments, name="assignments"),
    path("aspirasi/", views.aspirations, name="aspirations"),
    path("aspirasi/<int:pk>/<str:op>/", views.aspiration_update, name="aspiration_update"),
    path("bagikan/", views.share, name="share"),
    path("bagikan/<int:pk>/tautan/", views.make_share_link, name="make_share_link"),
    path("s/<str:code>/", views.share_click, name="click"),
]
