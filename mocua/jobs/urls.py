from django.urls import path

from mocua.jobs import views

app_name = "jobs"
urlpatterns = [
    path("cong-viec-tu-dong/", views.health_view, name="health"),
    path("thong-bao/", views.notifications_view, name="notifications"),
    path("thong-bao/da-doc/", views.notifications_read_view, name="notifications_read"),
]
