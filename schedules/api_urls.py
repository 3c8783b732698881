from django.urls import path

from schedules.api import OfficeCalendarView
from schedules.api_roster import OfficeRosterView

urlpatterns = [
    path("offices/<slug:slug>/calendar/", OfficeCalendarView.as_view(), name="office-calendar"),
    path("offices/<slug:slug>/roster/", OfficeRosterView.as_view(), name="office-roster"),
]
