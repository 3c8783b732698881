"""Clear the calendar memo of this process when a row it is built from changes."""

from django.db.models.signals import post_delete, post_save

from mocua.models import Office, OfficeHours
from models_catalog.models import ReformModel
from schedules.calendar import clear_memo
from schedules.models import CalendarDay


def _clear(sender, **kwargs):
    clear_memo()


def connect() -> None:
    for model in (CalendarDay, Office, OfficeHours, ReformModel):
        post_save.connect(_clear, sender=model, dispatch_uid=f"schedules-memo-save-{model.__name__}")
        post_delete.connect(_clear, sender=model, dispatch_uid=f"schedules-memo-delete-{model.__name__}")
