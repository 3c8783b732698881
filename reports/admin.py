"""Admin: the online targets an office enters (seed 001's annex); the report archive, read-only."""

from django.contrib import admin

from dossiers.admin import ReadOnlyMixin
from mocua.admin import OfficeScopedAdmin
from reports.models import OnlineTarget, Report


@admin.register(OnlineTarget)
class OnlineTargetAdmin(OfficeScopedAdmin):
    list_display = ("field", "year", "monthly_count", "office")
    list_filter = ("year", "field")


@admin.register(Report)
class ReportAdmin(ReadOnlyMixin, OfficeScopedAdmin):
    list_display = ("office", "period_label", "version", "generated_at", "generated_by")
    list_filter = ("period",)
    exclude = ("figures",)
