from django.urls import path

from kampanye.product import views

urlpatterns = [
    path("", views.index, name="index"),
    path("pasangan/<int:pk>/", views.contestant, name="contestant"),
    path("program/<int:pk>/ubah/", views.plank_edit, name="plank_edit"),
]
