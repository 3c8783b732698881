from django.contrib import admin

from mocua.admin import OfficeScopedAdmin
from schedules.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(OfficeScopedAdmin):
    """Superusers edit the national calendar (rows without office); others their office's rows."""

    list_display = ("date", "kind", "name", "office")
    list_filter = ("kind", ("office", admin.RelatedOnlyFieldListFilter))
    date_hierarchy = "date"
    search_fields = ("name",)
