"""Helpers for issue 18's tests: a marriage registration procedure, outreach sessions."""

from mocua.models import Office
from models_catalog.models import Field, Procedure, RequiredDocument, TimeUnit


def marriage_registration_procedure(office: Office | None = None) -> Procedure:
    """1.000894 Đăng ký kết hôn (a marriage registration: its result is handed over at a ceremony)."""
    field, _ = Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    proc, created = Procedure.objects.get_or_create(
        code="1.000894.000.00.00.H48",
        defaults={
            "name": "Đăng ký kết hôn",
            "field": field,
            "processing_time": 5,
            "time_unit": TimeUnit.WORKING_DAYS,
        },
    )
    if created:
        RequiredDocument.objects.create(procedure=proc, position=1, name="Tờ khai đăng ký kết hôn")
    if office is not None:
        proc.offices.add(office)
    return proc
