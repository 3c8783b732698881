from django.urls import path

from reports import views, views_narrative, views_targets

app_name = "reports"
urlpatterns = [
    path("bao-cao/", views.dashboard, name="dashboard"),
    path("bao-cao/luu-tru/<int:pk>.<str:kind>", views.archived_view, name="archived"),
    path("bao-cao/<slug:slug>/", views.office_view, name="office"),
    path("bao-cao/<slug:slug>/ho-so/", views.dossiers_view, name="dossiers"),
    path("bao-cao/<slug:slug>/lap/", views.generate_view, name="generate"),
    path("bao-cao/<slug:slug>/tai-ve.<str:kind>", views.export_view, name="export"),
    # issue 17: the written evaluation and the corrective actions
    path("bao-cao/<slug:slug>/danh-gia/", views_narrative.narrative_view, name="narrative"),
    path("bao-cao/<slug:slug>/danh-gia/phe-duyet/", views_narrative.approve_view, name="approve"),
    path("bao-cao/<slug:slug>/bien-phap/", views_narrative.actions_view, name="actions"),
    path("bao-cao/bien-phap/<int:pk>/xong/", views_narrative.action_done_view, name="action_done"),
    path("quan-ly/chi-tieu-truc-tuyen/", views_targets.online_targets, name="online_targets"),
]
