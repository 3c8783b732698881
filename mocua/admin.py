from django.contrib import admin, messages
from django.utils import timezone

from mocua import access
from mocua.jobs.health import any_late
from mocua.jobs.models import JobRun, SweepClaim
from mocua.models import Office, OfficeHours, Organisation, Staff, StaffRole

admin.site.site_header = "Quản trị mocua"
admin.site.site_title = "Quản trị mocua"
admin.site.index_title = "Danh mục quản trị"


class OfficeScopedAdmin(admin.ModelAdmin):
    """Admin for office data: a non-superuser sees and edits only their own office's rows.

    Subclasses name the path to the office with `office_field`.
    """

    office_field = "office"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        staff = access.staff_or_none(request.user)
        if staff is None:
            return qs.none()
        return qs.filter(**{self.office_field: staff.office_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser and db_field.related_model is Office:
            staff = access.staff_or_none(request.user)
            kwargs["queryset"] = Office.objects.filter(pk=getattr(staff, "office_id", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OfficeHoursInline(admin.TabularInline):
    model = OfficeHours
    extra = 0


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin):
    office_field = "pk"
    list_display = ("name", "kind", "province", "unit_code", "supervisor")
    list_filter = ("kind", "province")
    search_fields = ("name", "short_name", "unit_code")
    prepopulated_fields = {"slug": ("short_name",)}
    inlines = [OfficeHoursInline]


@admin.register(Organisation)
class OrganisationAdmin(OfficeScopedAdmin):
    list_display = ("name", "kind", "office")
    list_filter = ("kind",)


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 1


@admin.register(Staff)
class StaffAdmin(OfficeScopedAdmin):
    list_display = ("full_name", "office", "position", "roles_display", "is_active")
    list_filter = ("roles__role", "is_active")
    search_fields = ("full_name", "user__username")
    filter_horizontal = ("fields",)
    inlines = [StaffRoleInline]

    @admin.display(description="vai trò")
    def roles_display(self, obj):
        return ", ".join(r.get_role_display() for r in obj.roles.all())

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("office").prefetch_related("roles")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation" and not request.user.is_superuser:
            staff = access.staff_or_none(request.user)
            kwargs["queryset"] = Organisation.objects.filter(office_id=getattr(staff, "office_id", None))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- jobs: the dead-man's switch in the admin ------------------------------------------------------


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    """Read-only record of sweep runs; a warning on top names every late job."""

    list_display = ("name", "started_at", "finished_at", "ok", "counts", "error_short")
    list_filter = ("name", "ok")
    date_hierarchy = "started_at"

    @admin.display(description="lỗi")
    def error_short(self, obj):
        return obj.error[:120]

    def changelist_view(self, request, extra_context=None):
        for h in any_late():
            when = (
                f"{timezone.localtime(h.last_ok.finished_at):%H:%M %d/%m/%Y}"
                if h.last_ok
                else "chưa chạy lần nào"
            )
            messages.warning(request, f"Trễ: “{h.sweep.label}” — lần chạy thành công gần nhất: {when}.")
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SweepClaim)
class SweepClaimAdmin(OfficeScopedAdmin):
    list_display = ("kind", "key", "office", "created_at")
    list_filter = ("kind",)
    search_fields = ("key",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
