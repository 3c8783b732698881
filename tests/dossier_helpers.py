"""Catalog rows the dossier tests need (the catalog demo may not be loaded)."""

import datetime as dt

from mocua.models import Office
from models_catalog.models import Field, Procedure, ReformKind, ReformModel, RequiredDocument, TimeUnit


def marriage_status_procedure(office: Office | None = None) -> Procedure:
    """1.004873 Cấp Giấy xác nhận tình trạng hôn nhân, as in the starter catalog: same day,
    3 working days when it must be verified; two documents (the second only if any)."""
    field, _ = Field.objects.get_or_create(code="ho-tich", defaults={"name": "Hộ tịch"})
    proc, created = Procedure.objects.get_or_create(
        code="1.004873.000.00.00.H48",
        defaults={
            "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
            "field": field,
            "processing_time": 0,
            "time_unit": TimeUnit.SAME_DAY,
            "verification_time": 3,
            "may_need_verification": True,
        },
    )
    if created:
        RequiredDocument.objects.create(
            procedure=proc, position=1, name="Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"
        )
        RequiredDocument.objects.create(
            procedure=proc,
            position=2,
            name="Giấy tờ chứng minh chấm dứt hôn nhân trước đây",
            is_optional=True,
        )
    if office is not None:
        proc.offices.add(office)
    return proc


def other_procedure(office: Office | None = None) -> Procedure:
    """2.000815 Chứng thực bản sao từ bản chính (a second procedure, one document)."""
    field, _ = Field.objects.get_or_create(code="chung-thuc", defaults={"name": "Chứng thực"})
    proc, created = Procedure.objects.get_or_create(
        code="2.000815.000.00.00.H48",
        defaults={
            "name": "Chứng thực bản sao từ bản chính",
            "field": field,
            "processing_time": 0,
            "time_unit": TimeUnit.SAME_DAY,
        },
    )
    if created:
        RequiredDocument.objects.create(procedure=proc, position=1, name="Bản chính giấy tờ cần chứng thực")
    if office is not None:
        proc.offices.add(office)
    return proc


def no_appointment_day(office: Office, procedure: Procedure) -> ReformModel:
    """Đức Thạnh's "Ngày không hẹn": Wednesdays from 15/8/2024, intake until 15:00."""
    model, created = ReformModel.objects.get_or_create(
        office=office,
        kind=ReformKind.NO_APPOINTMENT,
        defaults={
            "name": "Ngày không hẹn",
            "weekdays": [2],
            "cutoff": dt.time(15, 0),
            "valid_from": dt.date(2024, 8, 15),
            "same_day_result": True,
            "no_appointment_slip": True,
            "volunteer_at_counter": True,
        },
    )
    model.procedures.add(procedure)
    return model


def duty_office(slug: str = "duc-thanh", **promises) -> Office:
    """A seed office with the people its rosters need and a Wednesday "Ngày không hẹn" that wants a
    volunteer at the counter (`promises` add to the model's)."""
    from schedules.demo import _people

    office = Office.objects.get(slug=slug)
    _people(office, slug)
    ReformModel.objects.create(
        office=office,
        kind=ReformKind.NO_APPOINTMENT,
        name="Ngày không hẹn",
        weekdays=[2],
        valid_from=dt.date(2024, 8, 15),
        same_day_result=True,
        volunteer_at_counter=True,
        **promises,
    )
    return office


def received_dossier(office: Office, procedure: Procedure, *, received_at=None, due_at=None, **fields):
    """A dossier already received (bypassing intake), for workflow tests."""
    from django.db import transaction
    from django.utils import timezone

    from dossiers import codes
    from dossiers.models import Dossier

    received_at = received_at or timezone.now()
    applicant = {
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "051190001234",
        "phone": "0912345678",
        "address": "Thôn 1, xã Đức Thạnh",
    }
    with transaction.atomic():
        return Dossier.objects.create(
            office=office,
            procedure=procedure,
            code=codes.next_dossier_code(office, received_at),
            received_at=received_at,
            due_at=due_at if due_at is not None else received_at + dt.timedelta(days=3),
            secret=codes.new_secret(),
            **{**applicant, **fields},
        )


def staff(username: str):
    from mocua.models import Staff

    return Staff.objects.select_related("office").get(user__username=username)
