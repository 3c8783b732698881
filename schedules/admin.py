from django.contrib import admin

from mocua.admin import OfficeScopedAdmin
from schedules.models import Absence, CalendarDay, Shift, Volunteer


@admin.register(CalendarDay)
class CalendarDayAdmin(OfficeScopedAdmin):
    """Superusers edit the national calendar (rows without office); others their office's rows."""

    list_display = ("date", "kind", "name", "office")
    list_filter = ("kind", ("office", admin.RelatedOnlyFieldListFilter))
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(Volunteer)
class VolunteerAdmin(OfficeScopedAdmin):
    list_display = ("full_name", "organisation", "office", "is_active")
    list_filter = ("is_active",)
    search_fields = ("full_name",)


@admin.register(Absence)
class AbsenceAdmin(OfficeScopedAdmin):
    list_display = ("__str__", "first_day", "last_day", "reason", "office")
    date_hierarchy = "first_day"


@admin.register(Shift)
class ShiftAdmin(OfficeScopedAdmin):
    """Read-mostly: shifts are written through the roster pages (overlap and office checks)."""

    list_display = (
        "date",
        "start",
        "end",
        "counter_staff",
        "volunteer",
        "leader",
        "office",
        "edited_by_hand",
    )
    date_hierarchy = "date"
    list_select_related = ("office", "counter_staff", "volunteer", "leader")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
