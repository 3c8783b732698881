"""Reads of the catalog that other apps use. Pure reads; calendar questions go to schedules.calendar."""

import datetime as dt
import time

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse

from mocua.models import SUPERVISOR_KINDS, Office, Weekday
from models_catalog.models import Field, Procedure, ReformModel
from models_catalog.text import fold, rank_procedures, vi_key
from models_catalog.wording import hhmm
from schedules import calendar
from schedules.providers import ExtraWindow

# (office id, day) -> (calendar memo generation, when built, models): like the calendar's memo, kept
# MEMO_SECONDS and dropped with it, which every change of a reform model (or its procedures) causes.
_models_memo: dict[tuple[int, dt.date], tuple[int, float, list[ReformModel]]] = {}
MODELS_MEMO_SIZE = 2000


def reform_models_on(office, day: dt.date) -> list[ReformModel]:
    """The office's active models whose dates and weekdays include `day` (memoised per office and day).

    Whether `day` is a working day is the calendar's business (schedules.calendar).
    """
    generation, key = calendar.memo_generation(), (office.pk, day)
    entry = _models_memo.get(key)
    if entry and entry[0] == generation and time.monotonic() - entry[1] < calendar.MEMO_SECONDS:
        return list(entry[2])
    if len(_models_memo) >= MODELS_MEMO_SIZE:
        _models_memo.clear()
    models = _reform_models_on(office, day)
    _models_memo[key] = (generation, time.monotonic(), models)
    return list(models)


def _reform_models_on(office, day: dt.date) -> list[ReformModel]:
    candidates = (
        ReformModel.objects.filter(office=office, is_active=True, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .select_related("office")
        .prefetch_related("procedures")
    )
    return [m for m in candidates if day.weekday() in m.weekdays]


# ---- what schedules needs (registered in apps.py; see schedules.providers) ------


def calendar_windows(office_id: int) -> list[ExtraWindow]:
    """The extra working windows of the office's active models ("Giờ thứ 9" 16:30–17:30); the
    calendar adds each on the working days its model applies on."""
    return [
        ExtraWindow(m.window_start, m.window_end, m.applies_on)
        for m in ReformModel.objects.filter(office_id=office_id, is_active=True, extra_hour=True)
        if m.window_start and m.window_end
    ]


def counter_models(office_id: int) -> list[ReformModel]:
    """The office's active models, for the duty rosters (volunteer at the counter, leader on duty)."""
    return list(ReformModel.objects.filter(office_id=office_id, is_active=True))


# ---- public catalog -------------------------------------------------------------


def public_offices():
    """Offices with a one-stop counter (not the supervisor offices), for the public pages."""
    return Office.objects.exclude(kind__in=SUPERVISOR_KINDS).order_by("name")


def public_office(slug: str):
    """A public office by slug; Http404 otherwise."""
    return get_object_or_404(public_offices(), slug=slug)


def office_procedure_qs(office, *, q: str = "", field_code: str = ""):
    """Procedures the office offers, as a queryset in no particular order (sort with
    `sort_procedures`); `q` ignores diacritics and case; `field_code` filters by field."""
    qs = Procedure.objects.filter(offices=office).select_related("field")
    for word in fold(q).split():
        qs = qs.filter(search_text__contains=word)
    if field_code:
        qs = qs.filter(field__code=field_code)
    return qs


def office_procedures(office, *, q: str = "", field_code: str = "") -> list[Procedure]:
    """Procedures the office offers matching `q`, best match first then in Vietnamese alphabetical
    order (text.rank_procedures: the one ranking of every search box and the API)."""
    return rank_procedures(office_procedure_qs(office, field_code=field_code), q)


def absolute(path: str) -> str:
    """An absolute URL on this site (SITE_URL), for QR codes."""
    return f"{settings.SITE_URL}{path}"


def public_url(office, procedure) -> str:
    """The absolute URL of a procedure's public page (what its QR code encodes)."""
    return absolute(reverse("models_catalog:public_procedure", args=[office.slug, procedure.code]))


def office_fields(office):
    return sorted(Field.objects.filter(procedures__offices=office).distinct(), key=lambda f: vi_key(f.name))


def office_procedure(office, code: str) -> Procedure:
    """One procedure the office offers, with its documents; Http404 otherwise."""
    return get_object_or_404(
        Procedure.objects.filter(offices=office).select_related("field").prefetch_related("documents"),
        code=code,
    )


def office_models(office, day: dt.date) -> list[ReformModel]:
    """The office's active models whose dates include `day` (any weekday)."""
    return list(
        ReformModel.objects.filter(office=office, is_active=True, valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .select_related("office")
        .prefetch_related("procedures")
        .order_by("kind", "name")
    )


def models_for_procedure(office, procedure, day: dt.date) -> list[ReformModel]:
    """The office's models covering `procedure` whose dates include `day` (any weekday)."""
    return [m for m in office_models(office, day) if m.covers(procedure)]


def weekly_hours(office) -> list[tuple[str, str]]:
    """('Thứ Hai', '07:30–11:30, 13:30–17:00') for each day the counter opens (from the calendar)."""
    return [
        (Weekday(day).label, ", ".join(f"{hhmm(s)}–{hhmm(e)}" for s, e in sessions))
        for day, sessions in calendar.weekly_opening_hours(office)
    ]


def offering_offices(procedure_ids) -> dict[int, set[int]]:
    """{procedure id: ids of the offices offering it}, in one query (for access.procedure_refusal)."""
    through = Procedure.offices.through
    offices: dict[int, set[int]] = {}
    for procedure_id, office_id in through.objects.filter(procedure_id__in=procedure_ids).values_list(
        "procedure_id", "office_id"
    ):
        offices.setdefault(procedure_id, set()).add(office_id)
    return offices
