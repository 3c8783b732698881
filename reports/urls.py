from django.urls import path

from reports import views, views_targets

app_name = "reports"
urlpatterns = [
    path("bao-cao/", views.dashboard, name="dashboard"),
    path("bao-cao/luu-tru/<int:pk>.<str:kind>", views.archived_view, name="archived"),
    path("bao-cao/<slug:slug>/", views.office_view, name="office"),
    path("bao-cao/<slug:slug>/ho-so/", views.dossiers_view, name="dossiers"),
    path("bao-cao/<slug:slug>/lap/", views.generate_view, name="generate"),
    path("bao-cao/<slug:slug>/tai-ve.<str:kind>", views.export_view, name="export"),
    path("quan-ly/chi-tieu-truc-tuyen/", views_targets.online_targets, name="online_targets"),
]
