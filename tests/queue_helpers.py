"""Rows the ticket queue tests need: an office whose kiosk offers two fields, and a "không chờ" model."""

import datetime as dt

from mocua.models import Office
from models_catalog.models import ReformKind, ReformModel
from tests.dossier_helpers import marriage_status_procedure, other_procedure

TUESDAY = dt.date(2026, 11, 24)  # a working Tuesday: Sa Đéc Phường 1's "không chờ" day
WEDNESDAY = dt.date(2026, 11, 25)  # no promise of waiting that day
SUNDAY = dt.date(2026, 11, 29)


def queue_office(slug: str = "sa-dec-p1") -> Office:
    """The office with Hộ tịch (1.004873) and Chứng thực (2.000815) offered: two kiosk buttons."""
    office = Office.objects.get(slug=slug)
    marriage_status_procedure(office)
    other_procedure(office)
    return office


def no_wait_days(office: Office, minutes: int = 15, weekdays=(1, 4)) -> ReformModel:
    """The office's "Ngày thứ Ba và thứ Sáu không chờ", promising a call within `minutes`."""
    model, _ = ReformModel.objects.update_or_create(
        office=office,
        kind=ReformKind.NO_WAIT,
        defaults={
            "name": "Ngày thứ Ba và thứ Sáu không chờ",
            "weekdays": list(weekdays),
            "valid_from": dt.date(2024, 1, 1),
            "no_waiting": True,
            "all_procedures": True,
            "max_wait_minutes": minutes,
        },
    )
    return model
