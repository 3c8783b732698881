from django.urls import path

from models_catalog import api

urlpatterns = [
    path("offices/", api.OfficeListView.as_view(), name="catalog-offices"),
    path("offices/<slug:slug>/procedures/", api.ProcedureListView.as_view(), name="catalog-procedures"),
    path(
        "offices/<slug:slug>/procedures/<str:code>/",
        api.ProcedureDetailView.as_view(),
        name="catalog-procedure",
    ),
    path("offices/<slug:slug>/today/", api.TodayView.as_view(), name="catalog-today"),
]
