from django.contrib import admin

from models_catalog.models import Field


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
