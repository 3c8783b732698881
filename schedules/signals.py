"""Clear the calendar memo of this process when a row it is built from changes.

Other apps whose rows feed the calendar (the catalog's reform models, see schedules.providers)
call `clear_memo_on_change` for their models from their `AppConfig.ready()`.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from mocua.models import Office, OfficeHours
from schedules.calendar import clear_memo
from schedules.models import CalendarDay


def _clear(sender, **kwargs):
    clear_memo()


def clear_memo_on_change(model) -> None:
    post_save.connect(_clear, sender=model, dispatch_uid=f"schedules-memo-save-{model.__name__}")
    post_delete.connect(_clear, sender=model, dispatch_uid=f"schedules-memo-delete-{model.__name__}")


def clear_memo_on_m2m_change(through) -> None:
    """The same for a many-to-many table (which procedures a reform model covers)."""
    m2m_changed.connect(_clear, sender=through, dispatch_uid=f"schedules-memo-m2m-{through.__name__}")


def connect() -> None:
    for model in (CalendarDay, Office, OfficeHours):
        clear_memo_on_change(model)
