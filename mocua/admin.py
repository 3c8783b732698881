from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from mocua import access, tokens
from mocua.jobs.health import any_late
from mocua.jobs.models import JobRun, SweepClaim
from mocua.models import Office, OfficeHours, Organisation, Staff, StaffRole

admin.site.site_header = "Quản trị mocua"
admin.site.site_title = "Quản trị mocua"
admin.site.index_title = "Danh mục quản trị"


class OfficeScopedAdmin(admin.ModelAdmin):
    """Admin for office data: an office admin sees, edits and picks only their own office's rows
    (mocua.access.managed_offices); the system administrator everything.

    Subclasses name the path to the office with `office_field`.
    """

    office_field = "office"

    def get_queryset(self, request):
        return access.manage_scope(
            super().get_queryset(request), request.user, office_field=self.office_field
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = scoped_choices(db_field.related_model, request.user)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def scoped_choices(model, user):
    """The rows of `model` an office admin may pick in a form (None: any, as Django offers)."""
    if access.is_system_admin(user):
        return None
    if model is Office:
        return access.managed_offices(user)
    if model is get_user_model():
        return access.manageable_users(user)
    if model is Organisation:
        return access.manage_scope(Organisation.objects.all(), user)
    if model is Staff:
        return access.manage_scope(Staff.objects.all(), user)
    return None


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

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if access.is_system_admin(request.user):
            return fields
        return (*fields, *access.SYSTEM_ONLY_OFFICE_FIELDS)


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


# --- API tokens: an office admin revokes its own staff's tokens ------------------------------------


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class ApiTokenAdmin(OfficeScopedAdmin, TokenAdmin):
    """Tokens of the caller's office's staff (all for the system administrator): seen and revoked
    (deleted), never shown in full, never made here (the API's token endpoint issues them)."""

    office_field = "user__staff__office"
    list_display = ("user", "staff_name", "office", "created", "expires")
    list_filter = ()
    fields = ("user", "created", "expires")
    readonly_fields = ("user", "created", "expires")

    @admin.display(description="cán bộ")
    def staff_name(self, obj):
        staff = getattr(obj.user, "staff", None)
        return staff.full_name if staff else ""

    @admin.display(description="đơn vị")
    def office(self, obj):
        staff = getattr(obj.user, "staff", None)
        return staff.office if staff else ""

    @admin.display(description="hết hạn lúc")
    def expires(self, obj):
        return date_format(timezone.localtime(tokens.expires_at(obj)), "DATETIME_FORMAT")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user__staff__office")

    def _administers(self, request) -> bool:
        return access.managed_offices(request.user).exists()

    def has_module_permission(self, request):
        return self._administers(request)

    def has_view_permission(self, request, obj=None):
        return self._administers(request)

    def has_delete_permission(self, request, obj=None):
        return self._administers(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
