from django.urls import path

from kampanye.intel import views

urlpatterns = [
    path("", views.index, name="index"),
    path("survei-baru/", views.new_survey, name="new_survey"),
    path("survei/<slug:slug>/", views.survey, name="survey"),
    path("survei/<slug:slug>/unggah/", views.upload, name="upload"),
    path("survei/<slug:slug>/bobot/", views.weigh, name="weigh"),
    path("pelacak-survei/", views.polls, name="polls"),
]
