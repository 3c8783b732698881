"""Writes of the calendar (the roster writes live in roster.py). Every change goes through here."""

from django.core.exceptions import ValidationError
from django.db import transaction

from schedules.calendar_import import LOCAL, import_calendar
from schedules.models import CalendarDay


def save_local_day(office, date, kind: str, name: str, note: str = "") -> CalendarDay:
    """Add or replace the office's own entry for `date` (a local day off or extra working day)."""
    if kind not in LOCAL:
        raise ValidationError("Đơn vị chỉ được thêm ngày nghỉ riêng hoặc ngày làm việc thêm.")
    if not name.strip():
        raise ValidationError("Hãy ghi tên hoặc lý do của ngày.")
    with transaction.atomic():
        day, _ = CalendarDay.objects.update_or_create(
            office=office, date=date, defaults={"kind": kind, "name": name.strip(), "note": note.strip()}
        )
    return day


def delete_local_day(office, pk: int) -> bool:
    """Remove one of the office's own entries; False when it is not the office's."""
    deleted, _ = CalendarDay.objects.filter(office=office, pk=pk).delete()
    return bool(deleted)


def import_local_days(office, text: str) -> int:
    """All-or-nothing import of the office's own days (see calendar_import for the format)."""
    return import_calendar(text, office)
