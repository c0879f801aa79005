from django.urls import path

from kampanye.planner import views

urlpatterns = [
    path("", views.index, name="index"),
    path("skenario/baru/", views.edit, name="new"),
    path("skenario/<int:pk>/", views.detail, name="detail"),
    path("skenario/<int:pk>/ubah/", views.edit, name="edit"),
    path("skenario/<int:pk>/hapus/", views.delete, name="delete"),
    path("skenario/<int:pk>/jalankan/", views.run, name="run"),
    path("skenario/<int:pk>/optimalkan/", views.optimise, name="optimise"),
    path("jalan/<int:pk>/", views.run_status, name="run_status"),
    path("banding/", views.compare, name="compare"),
]
