from django.urls import path

from kampanye.elections import views

urlpatterns = [
    path("", views.index, name="index"),
    path("hasil/", views.results, name="results"),
    path("survei/", views.polls, name="polls"),
    path("dana/", views.funds, name="funds"),
]
