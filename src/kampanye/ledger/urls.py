from django.urls import path

from kampanye.ledger import views

urlpatterns = [
    path("", views.ledger, name="index"),
]
