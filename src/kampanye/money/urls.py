from django.urls import path

from kampanye.money import views

urlpatterns = [
    path("", views.index, name="index"),
    path("anggaran/<int:number>/", views.budget, name="budget"),
    path("pengeluaran/", views.expenses, name="expenses"),
    path("pengeluaran/<int:pk>/<str:op>/", views.decide, name="decide"),
    path("sumbangan/", views.donations, name="donations"),
    path("rekening/", views.fund_account, name="fund_account"),
    path("sumbangan/<int:pk>/serahkan/", views.hand_over, name="hand_over"),
    path("laporan/<str:kind>/", views.report, name="report"),
    path("biaya-per-suara/", views.cost_per_vote, name="cost_per_vote"),
]
