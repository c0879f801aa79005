from django.urls import path

from kampanye.areas import views

urlpatterns = [
    path("", views.tree, name="tree"),
    path("segmen/", views.segments, name="segments"),
    path("peta/", views.map_page, name="map"),
    path("cari/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/anak/", views.children, name="children"),
    path("<str:code>/tambah/", views.add_local, name="add_local"),
]
