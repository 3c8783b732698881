from django import forms
from django.contrib import admin

from mocua import access
from mocua.admin import OfficeScopedAdmin
from models_catalog.forms import ReformModelForm, weekdays_field
from models_catalog.models import FeeExemption, Field, Procedure, ReformModel, RequiredDocument


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 1


class FeeExemptionInline(admin.TabularInline):
    model = FeeExemption
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "field", "time_unit", "processing_time", "online_level")
    list_filter = ("field", "time_unit", "online_level", "writing_forbidden")
    search_fields = ("code", "search_text")
    filter_horizontal = ("offices",)
    inlines = [RequiredDocumentInline, FeeExemptionInline]

    # The same rule as the editor and the import (mocua.access): a shared procedure, and which
    # offices offer it, are the system administrator's.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.may_edit_procedure(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or access.may_edit_procedure(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if access.is_system_admin(request.user) else (*fields, "offices")


class ReformModelAdminForm(forms.ModelForm):
    weekdays = weekdays_field()

    class Meta:
        model = ReformModel
        fields = ["office", *ReformModelForm.Meta.fields]


@admin.register(ReformModel)
class ReformModelAdmin(OfficeScopedAdmin):
    form = ReformModelAdminForm
    list_display = ("name", "office", "kind", "valid_from", "valid_to", "is_active")
    list_filter = ("kind", "is_active", "office")
    search_fields = ("name", "office__name")
    filter_horizontal = ("procedures",)
