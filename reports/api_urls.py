from django.urls import path

from reports.api import ReportView

urlpatterns = [
    path("reports/", ReportView.as_view(), name="reports-figures"),
]
