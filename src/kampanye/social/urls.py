from django.urls import path

from kampanye.social import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("panel/<str:name>/", views.panel, name="panel"),
    path("ekspor.csv", views.export, name="export"),
    path("kueri/", views.contestant_queries, name="queries"),
    path("kueri/<int:contestant_id>/", views.edit_query, name="edit_query"),
]

urlpatterns += [
    path("koordinasi/", views.coordination, name="coordination"),
    path("label/", views.label, name="label"),
    path("label/kesepakatan/", views.label_agreement, name="label_agreement"),
    path("label/ekspor.csv", views.label_export, name="label_export"),
]
