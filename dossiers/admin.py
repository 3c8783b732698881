"""Admin: read-only. A dossier's state changes only through dossiers.workflow."""

from django.contrib import admin

from dossiers.models import (
    ApologyLetter,
    AuditEvent,
    Dossier,
    DossierDocument,
    Paper,
    Rating,
    SupplementRequest,
)
from mocua.admin import OfficeScopedAdmin


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = DossierDocument
    extra = 0


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = AuditEvent
    extra = 0


@admin.register(Dossier)
class DossierAdmin(ReadOnlyMixin, OfficeScopedAdmin):
    list_display = ("code", "procedure", "full_name", "status", "track", "received_at", "due_at", "outcome")
    list_filter = ("status", "track", "channel", "outcome")
    search_fields = ("code", "full_name")
    date_hierarchy = "received_at"
    inlines = [DocumentInline, EventInline]


@admin.register(SupplementRequest)
class SupplementRequestAdmin(ReadOnlyMixin, OfficeScopedAdmin):
    office_field = "dossier__office"
    list_display = ("dossier", "stage", "issued_at", "resolved_at", "is_breach")


@admin.register(ApologyLetter)
class ApologyLetterAdmin(ReadOnlyMixin, OfficeScopedAdmin):
    office_field = "dossier__office"
    list_display = ("dossier", "missed_due_at", "new_due_at", "status", "number")


@admin.register(Paper)
class PaperAdmin(ReadOnlyMixin, OfficeScopedAdmin):
    list_display = ("kind", "number", "issued_on", "dossier", "state", "rendered_at")
    list_filter = ("kind", "state")


@admin.register(Rating)
class RatingAdmin(ReadOnlyMixin, OfficeScopedAdmin):
    office_field = "dossier__office"
    list_display = ("dossier", "score", "created_at")
