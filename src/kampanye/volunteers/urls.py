from django.urls import path

from kampanye.volunteers import views

urlpatterns = [
    path("", views.index, name="index"),
    path("daftar/<int:contestant_id>/", views.signup, name="signup"),
    path("daftar/<int:contestant_id>/diterima/", views.received, name="received"),
    path("r/<str:code>/", views.referral, name="referral"),
    path("ajakan/", views.referrals, name="referrals"),
    path("tim/", views.teams, name="teams"),
]
