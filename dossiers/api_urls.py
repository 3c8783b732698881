from django.urls import path

from dossiers import api

urlpatterns = [
    path("auth/token/", api.TokenView.as_view(), name="api-token"),
    path("dossiers/", api.DossierCreateView.as_view(), name="api-dossier-create"),
    path("dossiers/<str:code>/", api.DossierDetailView.as_view(), name="api-dossier"),
    path(
        "dossiers/<str:code>/actions/<slug:action>/",
        api.DossierActionView.as_view(),
        name="api-dossier-action",
    ),
    path("dossiers/<str:code>/papers/<int:pk>/", api.PaperPdfView.as_view(), name="api-dossier-paper"),
    path("staff/", api.StaffListView.as_view(), name="api-staff"),
    path("track/", api.TrackView.as_view(), name="api-track"),
]
