from django.urls import path

from kampanye.areas import views

urlpatterns = [
    path("", views.tree, name="tree"),
    path("segmen/", views.segments, name="segments"),
    path("peta/", views.map_page, name="map"),
    path("peta/pilih/", views.pick_on_map, name="pick_on_map"),
    path("cari/", views.search, name="search"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/anak/", views.children, name="children"),
    path("<str:code>/tambah/", views.add_local, name="add_local"),
]
