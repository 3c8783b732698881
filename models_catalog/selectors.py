"""Reads of the catalog that other apps use. Pure reads; no calendar logic here."""

import datetime as dt

from models_catalog.models import ReformModel


def reform_models_on(office, day: dt.date) -> list[ReformModel]:
    """The office's active models whose dates and weekdays include `day`.

    Whether `day` is a working day is the calendar's business (schedules.calendar).
    """
    candidates = (
        ReformModel.objects.filter(office=office, is_active=True, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .prefetch_related("procedures")
    )
    return [m for m in candidates if day.weekday() in m.weekdays]


def extra_working_windows(office, day: dt.date) -> list[tuple[dt.time, dt.time]]:
    """Extra working hours added by models in force that day (e.g. "Giờ thứ 9" 16:30–17:30)."""
    return sorted(
        (m.window_start, m.window_end)
        for m in reform_models_on(office, day)
        if m.extra_hour and m.window_start and m.window_end
    )
