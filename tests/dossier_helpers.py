"""Catalog rows the dossier tests need (the catalog demo may not be loaded)."""

import datetime as dt

from django.utils import timezone

from dossiers.models import Dossier
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


def ninth_hour(office: Office, valid_from: dt.date, valid_to: dt.date, **extra) -> ReformModel:
    """A "Giờ thứ 9" model: intake 16:30–17:30 on weekdays, an extra hour, between the two dates."""
    return ReformModel.objects.create(
        office=office,
        kind=ReformKind.NINTH_HOUR,
        name="Giờ thứ 9",
        weekdays=[0, 1, 2, 3, 4],
        window_start=dt.time(16, 30),
        window_end=dt.time(17, 30),
        valid_from=valid_from,
        valid_to=valid_to,
        extra_hour=True,
        **extra,
    )


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


APPLICANT = {
    "full_name": "Nguyễn Thị Hồng Nhung",
    "id_number": "051190001234",
    "phone": "0912345678",
    "address": "Thôn 1, xã Đức Thạnh",
}


def received_dossier(office: Office, procedure: Procedure, *, received_at=None, by=None, **data) -> Dossier:
    """A dossier received through the real door (`dossiers.intake.receive`) at `received_at` (default:
    now) by `by` (default: the office's clerk), with every required document handed in: its code,
    track and due date come from the clock, the calendar and the catalog, as at the counter.
    `data` adds to or replaces the IntakeData fields (applicant, needs_verification, channel, …)."""
    from dossiers import intake

    by = by or office_clerk(office)
    return intake.receive(by, intake_data(procedure, **data), now=received_at or timezone.now())


def intake_data(procedure: Procedure, /, **data):
    """What the intake screen would pass for the applicant of APPLICANT handing in every required
    document of `procedure` (the optional ones left out); `data` adds to or replaces fields."""
    from dossiers.intake import DocumentIn, IntakeData

    documents = [
        DocumentIn(doc.pk) for doc in procedure.documents.order_by("position") if not doc.is_optional
    ]
    return IntakeData(**{"procedure": procedure, **APPLICANT, "documents": documents, **data})


def moved(dossier: Dossier, *actions: str, at=None, note: str = "Nguyễn Thị Hồng Nhung") -> Dossier:
    """`dossier` taken through the workflow doors, one action after another, at `at` (default: now),
    by the office's demo people: moved(d, "assign", "start") leaves it being processed."""
    from dossiers import workflow

    people = {r: staff(f"{dossier.office.slug}.{r}") for r in ("clerk", "specialist", "leader")}
    now = at or timezone.now()
    doors = {
        "assign": lambda d: workflow.assign(people["clerk"], d, people["specialist"], now=now),
        "start": lambda d: workflow.start(people["specialist"], d, now=now),
        "submit": lambda d: workflow.submit(people["specialist"], d, now=now),
        "approve": lambda d: workflow.approve(people["leader"], d, now=now),
        "ready": lambda d: workflow.ready(people["specialist"], d, now=now),
        "return": lambda d: workflow.return_result(people["clerk"], d, note, now=now),
        "refuse": lambda d: workflow.refuse(people["clerk"], d, "Không thuộc thẩm quyền giải quyết", now=now),
    }
    for action in actions:
        dossier = doors[action](dossier)
    return dossier


PATH_TO = {  # the doors from "received" to each working state, in order
    "assigned": ("assign",),
    "processing": ("assign", "start"),
    "submitted": ("assign", "start", "submit"),
    "approved": ("assign", "start", "submit", "approve"),
    "result_ready": ("assign", "start", "submit", "approve", "ready"),
    "returned": ("assign", "start", "submit", "approve", "ready", "return"),
    "refused": ("refuse",),
}


def moved_to(dossier: Dossier, status: str, *, at=None) -> Dossier:
    """`dossier` taken from "received" to `status` through the workflow doors, at `at`."""
    return moved(dossier, *PATH_TO[status], at=at)


def office_clerk(office: Office):
    from mocua.models import Role, Staff

    return Staff.objects.filter(office=office, is_active=True, roles__role=Role.CLERK).order_by("pk").first()


def planted_dossier(office: Office, procedure: Procedure, *, received_at, due_at, **fields) -> Dossier:
    """A dossier written straight into the table, with the given due date, for a state no door can
    produce: an office with no opening hours (intake cannot compute a due date there), or hundreds of
    overdue dossiers for a concurrency test where going through the intake would only cost time.
    Everything else goes through received_dossier()."""
    from django.db import transaction

    from dossiers import codes

    with transaction.atomic():
        return Dossier.objects.create(
            office=office,
            procedure=procedure,
            code=codes.next_dossier_code(office, received_at),
            received_at=received_at,
            due_at=due_at,
            secret=codes.new_secret(),
            **{**APPLICANT, **fields},
        )


def staff(username: str):
    from mocua.models import Staff

    return Staff.objects.select_related("office").get(user__username=username)


def api(username: str | None = None):
    """An API client, signed in with `username`'s token (anonymous without one)."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    if username:
        token, _ = Token.objects.get_or_create(user=get_user_model().objects.get(username=username))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def api_body(proc: Procedure, *, form: str | None = "original", **over) -> dict:
    """A complete intake for POST /api/v1/dossiers/: the procedure's first document, as `form`
    (None: the form the catalog asks for)."""
    first = proc.documents.order_by("position").first()
    return {
        "procedure": proc.code,
        "full_name": "Nguyễn Thị Hồng Nhung",
        "id_number": "051190001234",
        "phone": "0912 345 678",
        "address": "Thôn 1, xã Đức Thạnh",
        "documents": [{"document": first.pk, "form": form or first.form, "count": 1}],
        **over,
    }
