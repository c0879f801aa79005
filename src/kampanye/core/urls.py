from django.contrib.auth import views as auth_views
from django.urls import path

from kampanye.core import views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("vendor/plotly.min.js", views.plotly_js, name="plotly_js"),
]
