from django import forms
from django.contrib import admin

from mocua.admin import OfficeScopedAdmin
from models_catalog.forms import ReformModelForm, weekdays_field
from models_catalog.models import Field, Procedure, ReformModel, RequiredDocument


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 1


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "field", "time_unit", "processing_time", "online_level")
    list_filter = ("field", "time_unit", "online_level", "writing_forbidden")
    search_fields = ("code", "search_text")
    filter_horizontal = ("offices",)
    inlines = [RequiredDocumentInline]


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
