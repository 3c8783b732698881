from django.urls import path

from schedules.api import OfficeCalendarView

urlpatterns = [
    path("offices/<slug:slug>/calendar/", OfficeCalendarView.as_view(), name="office-calendar"),
]
