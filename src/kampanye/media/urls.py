from django.urls import path

from kampanye.media import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("liputan/", views.coverage, name="coverage"),
    path("liputan/<int:pk>/", views.item, name="item"),
    path("liputan/latih.csv", views.training, name="training"),
    path("nada/<int:pk>/", views.correct_tone, name="correct_tone"),
    path("outlet/", views.outlets, name="outlets"),
    path("outlet/<int:pk>/", views.outlet, name="outlet"),
    path("kontak/", views.contacts, name="contacts"),
    path("kontak/<int:pk>/", views.contact, name="contact"),
    path("pertemuan/", views.meetings, name="meetings"),
    path("tindak-lanjut/<int:pk>/selesai/", views.follow_up_done, name="follow_up_done"),
    path("agenda/", views.events, name="events"),
]
