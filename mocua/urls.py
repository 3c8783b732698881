from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from mocua import guide, views
from mocua.forms import LoginForm

api_v1 = [
    path("", include("models_catalog.api_urls")),
    path("", include("schedules.api_urls")),
    path("", include("dossiers.api_urls")),
    path("", include("reports.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("don-vi/", views.office_list, name="office_list"),
    path("don-vi/<slug:slug>/", views.office_detail, name="office_detail"),
    path("healthz/", views.healthz, name="healthz"),
    path("huong-dan/", guide.index, name="guide"),
    path("huong-dan/anh/<str:name>", guide.image, name="guide_image"),
    path("huong-dan/<slug:slug>/", guide.chapter, name="guide_chapter"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(permission_classes=[]), name="schema"),
    path("", include("models_catalog.urls")),
    path("", include("schedules.urls")),
    path("", include("dossiers.urls")),
    path("", include("reports.urls")),
    path("", include("mocua.jobs.urls")),
]

handler400 = "mocua.views.bad_request"
handler403 = "mocua.views.forbidden"
handler404 = "mocua.views.not_found"
handler500 = "mocua.views.server_error"
