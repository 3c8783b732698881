from django.urls import path

from schedules import views_calendar

app_name = "schedules"
urlpatterns = [
    path("lich-lam-viec/", views_calendar.calendar_month, name="calendar"),
    path("lich-lam-viec/ngay-rieng/", views_calendar.local_day_save, name="local_day_save"),
    path("lich-lam-viec/ngay-rieng/<int:pk>/xoa/", views_calendar.local_day_delete, name="local_day_delete"),
    path("lich-lam-viec/nhap/", views_calendar.calendar_import, name="calendar_import"),
]
