from django.urls import path

from models_catalog import views_public

app_name = "models_catalog"
urlpatterns = [
    path("thu-tuc/", views_public.office_index, name="public_offices"),
    path("thu-tuc/<slug:slug>/", views_public.procedure_list, name="public_list"),
    path("thu-tuc/<slug:slug>/ap-phich.pdf", views_public.poster, name="public_poster"),
    path("thu-tuc/<slug:slug>/cam-nang.pdf", views_public.handbook, name="public_handbook"),
    path("thu-tuc/<slug:slug>/<str:code>/", views_public.procedure_detail, name="public_procedure"),
]
