from django.urls import path

from models_catalog import views_manage, views_public

app_name = "models_catalog"
urlpatterns = [
    path("thu-tuc/", views_public.office_index, name="public_offices"),
    path("thu-tuc/<slug:slug>/", views_public.procedure_list, name="public_list"),
    path("thu-tuc/<slug:slug>/ap-phich.pdf", views_public.poster, name="public_poster"),
    path("thu-tuc/<slug:slug>/cam-nang.pdf", views_public.handbook, name="public_handbook"),
    path("thu-tuc/<slug:slug>/tai-quay/", views_public.counter_board, name="public_board"),
    path("thu-tuc/<slug:slug>/<str:code>/", views_public.procedure_detail, name="public_procedure"),
    path("thu-tuc/<slug:slug>/<str:code>/mau/<int:pk>/", views_public.blank_form, name="public_blank_form"),
    path("quan-ly/thu-tuc/", views_manage.procedure_list, name="manage_procedures"),
    path("quan-ly/thu-tuc/them/", views_manage.procedure_edit, name="procedure_create"),
    path("quan-ly/thu-tuc/nhap/", views_manage.catalog_import, name="catalog_import"),
    path("quan-ly/thu-tuc/xuat.<str:fmt>", views_manage.catalog_export, name="catalog_export"),
    path("quan-ly/thu-tuc/<str:code>/sua/", views_manage.procedure_edit, name="procedure_edit"),
    path("quan-ly/thu-tuc/<str:code>/cung-cap/", views_manage.procedure_offer, name="procedure_offer"),
    path("quan-ly/mo-hinh/", views_manage.model_list, name="manage_models"),
    path("quan-ly/mo-hinh/them/", views_manage.model_edit, name="model_create"),
    path("quan-ly/mo-hinh/<int:pk>/sua/", views_manage.model_edit, name="model_edit"),
]
